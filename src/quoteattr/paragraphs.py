"""Paragraph segmentation: a pure string step.

A paragraph ends at a blank line. Hard-wrapped text (Gutenberg novels) keeps its single
newlines inside paragraphs. Only a text with no blank line at all is split at single
newlines, and then only where a line ends a sentence (or is short, like a headline) or
the next line is indented.
"""
from __future__ import annotations

from typing import List, Tuple

import regex

_BLANK_LINE = regex.compile(r"\n[^\S\n]*\n")
_PARA_BREAK = regex.compile(r"[^\S\n]*\n(?:[^\S\n]*\n)+[^\S\n]*")
# a single newline that ends a paragraph: after a sentence end, before an indent, or
# after a short first line (a headline) when the next line starts like a sentence
_LINE_BREAK = regex.compile(
    r"(?<=[.!?:;\"\u201d\u2019\u00bb)\]\u2026])[^\S\n]*\n[^\S\n]*"
    r"|[^\S\n]*\n(?=[^\S\n]+\S)[^\S\n]*"
    r"|(?<=\A[^\n]{0,100})[^\S\n]*\n[^\S\n]*(?=[\p{Lu}\p{N}\"'\u201c\u2018\u00ab])")


def _split(text: str, breaks: "regex.Pattern[str]") -> List[Tuple[int, int]]:
    spans = []
    pos = 0
    for m in breaks.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
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
    if _BLANK_LINE.search(text) or "\n" not in text:
        return _split(text, _PARA_BREAK)
    return _split(text, _LINE_BREAK)
