"""Paragraph segmentation: a pure string step.

Text whose lines are not hard-wrapped (news, web text: one paragraph per line) breaks
at every newline. Hard-wrapped text (Gutenberg novels) keeps its single newlines inside
paragraphs and breaks at blank lines; if it has no blank line at all, it breaks where a
line ends a sentence (or is a short first line, a headline) or the next line is
indented.
"""
from __future__ import annotations

from typing import Iterator, List, Tuple

import regex

_HSPACE = regex.compile(r"[^\S\n]")
_BLANK_LINE = regex.compile(r"\n[^\S\n]*\n")
_PARA_BREAK = regex.compile(r"[^\S\n]*\n(?:[^\S\n]*\n)+[^\S\n]*")
# a single newline that ends a paragraph: after a sentence end, before an indent, or
# after a short first line (a headline) when the next line starts like a sentence
_LINE_BREAK = regex.compile(
    r"(?<=[.!?:;\"\u201d\u2019\u00bb)\]\u2026])[^\S\n]*\n[^\S\n]*"
    r"|[^\S\n]*\n(?=[^\S\n]+\S)[^\S\n]*"
    r"|(?<=\A[^\n]{0,100})[^\S\n]*\n[^\S\n]*(?=[\p{Lu}\p{N}\"'\u201c\u2018\u00ab])")


# any newline, unless the line breaks mid-sentence ("such a\nfall")
_ANY_BREAK = regex.compile(r"(?<![\p{L},])[^\S\n]*\n\s*|[^\S\n]*\n\s*(?!\p{Ll})")
_WRAP_WIDTH = 80
_INDENTED_LINE = regex.compile(r"\n[^\S\n]{2,}\S")
SAMPLE_CHARS = 60_000  # how much of a text the layout and genre checks read


def looks_hard_wrapped(text: str) -> bool:
    """Do the lines inside paragraphs stop at a fixed width (as in Gutenberg texts)?

    Most paragraphs too long for one line must be wrapped: a news story with one
    wrapped editor's note at its foot is not a wrapped text."""
    inner = wrapped = 0
    long_paragraphs = broken = 0
    prev = None
    width = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if prev is not None and stripped:
            inner += 1
            wrapped += len(prev) <= _WRAP_WIDTH
        elif prev is None and stripped:
            width = 0
        if stripped:
            width += len(stripped)
            if width > _WRAP_WIDTH and (prev is None or width - len(stripped) <= _WRAP_WIDTH):
                long_paragraphs += 1
                broken += prev is not None
        prev = line.rstrip() if stripped else None
    return inner >= 3 and wrapped >= 0.8 * inner and broken >= 0.5 * long_paragraphs


def set_in(text: str, start: int, end: int) -> bool:
    """Is the paragraph ``text[start:end]`` set in from the prose, as verse or a letter
    is: its first line indented, or two or more of its inner lines? Only meaningful
    where prose is not laid out so (see ``indents_prose``)."""
    lead = text[text.rfind("\n", 0, start) + 1:start]
    return (len(lead) >= 2 and not lead.strip()) \
        or len(_INDENTED_LINE.findall(text, start, end)) >= 2


def indents_prose(text: str) -> bool:
    """Does the text indent its paragraphs as a rule, so that an indented paragraph
    is not set in?"""
    blocks = indented = 0
    for block in _BLANK_LINE.split(text[:SAMPLE_CHARS]):
        block = block.lstrip("\n")
        body = len(block) - len(block.lstrip())
        if body < len(block):
            blocks += 1
            indented += set_in(block, body, len(block))
    return indented > 0.5 * blocks


def _breaks(text: str, breaks: "regex.Pattern[str]") -> Iterator[Tuple[int, int]]:
    """``breaks.finditer(text)`` as spans, for patterns whose every match holds a
    newline after nothing but horizontal space: the search starts at the space before
    the next newline instead of trying every character on the way."""
    pos = 0
    while True:
        nl = text.find("\n", pos)
        if nl < 0:
            return
        ws = nl
        while ws > pos and _HSPACE.match(text, ws - 1):
            ws -= 1
        m = breaks.search(text, ws)
        if m is None:
            return
        yield m.span()
        pos = m.end()


def _split(text: str, breaks: "regex.Pattern[str]") -> List[Tuple[int, int]]:
    spans = []
    pos = 0
    for a, b in _breaks(text, breaks):
        spans.append((pos, a))
        pos = b
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def paragraphs(text: str) -> List[Tuple[int, int]]:
    """Return ``(start, end)`` of every paragraph, whitespace trimmed, in order.

    >>> t = 'One line\\nwrapped.\\n\\n"Two," she said.'
    >>> [t[s:e] for s, e in paragraphs(t)]
    ['One line\\nwrapped.', '"Two," she said.']
    """
    if "\n" not in text:
        return _split(text, _PARA_BREAK)
    if not looks_hard_wrapped(text):
        return _split(text, _ANY_BREAK)
    if _BLANK_LINE.search(text):
        return _split(text, _PARA_BREAK)
    return _split(text, _LINE_BREAK)
