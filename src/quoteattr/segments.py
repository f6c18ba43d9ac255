"""Paragraph segments: the unit every later stage works on.

A ``Segment`` is a run of tokens of one paragraph together with the offset that maps
token offsets back into the original text. From a user's ``Doc`` the segments are
spans of that Doc (offset 0). From a text, quoteattr parses each paragraph as its own
small Doc, which keeps memory flat on whole novels, lets long texts be processed in
pieces with exactly the same result, and lets paragraphs that cannot hold a quote skip
the parser.
"""
from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from itertools import compress
from typing import Callable, Container, FrozenSet, Iterator, List, Sequence, Tuple

import numpy
import regex
from attrs import define
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, IDX, LENGTH, LOWER, ORTH, SPACY, TAG

from .errors import Warnings, warn
from .lexicon import abbreviations

# Where to cut a paragraph that is longer than the parser's limit, best first.
_CUTS = (regex.compile(r"\n"), regex.compile(r"(?<=[.!?])\s+"), regex.compile(r"\s+"))


@define(slots=True)
class Segment:
    """Tokens ``doc[lo:hi]`` of paragraph ``para``; text offset = ``offset + token.idx``."""

    doc: object  # spacy.tokens.Doc, or None when the paragraph was not parsed
    lo: int
    hi: int
    offset: int
    para: int
    start: int  # character range of the segment in the original text
    end: int

    @property
    def parsed(self) -> bool:
        return self.doc is not None


# The token attributes read in bulk (``Columns``) instead of token by token.
COLS = (LOWER, TAG, DEP, ENT_IOB, ENT_TYPE, IDX, LENGTH)


@define(slots=True)
class Columns:
    """Token attributes of a run of tokens as plain lists of spaCy ids and ints, one
    entry per token: read once per Doc, sliced per paragraph."""

    lower: List[int]
    tag: List[int]
    dep: List[int]
    iob: List[int]
    ent: List[int]
    idx: List[int]  # character offset in the Doc
    length: List[int]

    def slice(self, lo: int, hi: int) -> "Columns":
        return Columns(self.lower[lo:hi], self.tag[lo:hi], self.dep[lo:hi], self.iob[lo:hi],
                       self.ent[lo:hi], self.idx[lo:hi], self.length[lo:hi])


def positions(values: Sequence[int], wanted: Container[int]) -> List[int]:
    """Indices of ``values`` (a token-array column as a list) that are in ``wanted``;
    the scan runs in C, which matters on every token of every paragraph."""
    return list(compress(range(len(values)), map(wanted.__contains__, values)))


def token_columns(doc) -> Columns:
    """The ``Columns`` of every token of ``doc``."""
    return Columns(*doc.to_array(list(COLS)).reshape(len(doc), len(COLS)).T.tolist())


_WRAPS = {ord("\n"): " ", ord("\r"): " "}
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
# spaCy's tokenizer takes time quadratic in the length of a run without spaces
RUN_LIMIT = 1000
RUN_CHUNK = 100
_LONG_RUN = regex.compile(r"\S{%d,}" % (RUN_LIMIT + 1))


def for_pipe(nlp, text: str):
    """``text`` as ``nlp.pipe`` should take it: a Doc whose honorific abbreviations
    ("Mlle.", "Capt.", ``data/abbreviations.tsv``) are one token each, as the tokenizer
    already keeps "Mr." and "Dr.", if it has any, else the text itself. The tokenizer
    would split "Mlle. Blanche" into "Mlle" "." "Blanche" and end a sentence inside the
    name; the merge is done here so that no pipeline, yours or ours, is changed."""
    if _abbreviation_pattern().search(text) is None:
        return text
    doc = nlp.make_doc(text)
    heads = _abbreviation_heads()
    merge = [k for k in range(len(doc) - 1)
             if doc[k].text in heads and doc[k + 1].text == "."
             and doc[k + 1].idx == doc[k].idx + len(doc[k])]
    if merge:
        with doc.retokenize() as retokenizer:
            for k in merge:
                retokenizer.merge(doc[k:k + 2])
    return doc


@functools.lru_cache(maxsize=1)
def _abbreviation_heads() -> FrozenSet[str]:
    forms = [a.rstrip(".") for a in abbreviations()]
    return frozenset(forms + [f.upper() for f in forms])


@functools.lru_cache(maxsize=1)
def _abbreviation_pattern() -> "regex.Pattern[str]":
    heads = sorted(map(regex.escape, _abbreviation_heads()), key=len, reverse=True)
    alternatives = "|".join(heads)
    return regex.compile(rf"(?<![\w.])(?:{alternatives})\.")


def parseable(text: str) -> str:
    """``text`` as the parser should see it, one character for one so that every offset
    stays the same: line breaks become spaces (quoteattr parses one paragraph at a
    time, so a line break in it is a hard wrap, and spaCy reads a newline token inside
    "Mrs.\nBennet" as a word of its own, which breaks the name and the parse), lone
    surrogates (which no encoder accepts) become U+FFFD, a typed dash "--" becomes an
    em dash and a space (spaCy splits "--" from neither the words nor the quotation
    marks around it), and a run of more than ``RUN_LIMIT`` characters without spaces
    gets a space every ``RUN_CHUNK`` characters (W006)."""
    text = text.translate(_WRAPS)
    if "--" in text:  # a typed dash glues words to quote marks: 'Jane.--"I'
        text = text.replace("--", "\u2014 ")
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if len(text) > RUN_LIMIT and max(map(len, text.split()), default=0) > RUN_LIMIT:
        chars = list(text)
        longest = 0
        for m in _LONG_RUN.finditer(text):
            longest = max(longest, m.end() - m.start())
            for k in range(m.start() + RUN_CHUNK, m.end(), RUN_CHUNK):
                chars[k] = " "
        warn(Warnings.W006.format(run=longest, chunk=RUN_CHUNK), stacklevel=5)
        text = "".join(chars)
    return text


def doc_text(doc) -> str:
    """``doc.text``, built from the token arrays rather than token objects (several
    times faster on long Docs)."""
    if not len(doc):
        return doc.text
    arr = doc.to_array([ORTH, SPACY]).reshape(len(doc), 2)
    # look each distinct word up once in the string store; word k is at 2k, word k
    # with its trailing space at 2k + 1
    uniq, which = numpy.unique(arr[:, 0], return_inverse=True)
    strings = doc.vocab.strings
    forms: List[str] = []
    for u in uniq.tolist():
        w = strings[u]
        forms += (w, w + " ")
    pick = which.reshape(-1) * 2 + (arr[:, 1] != 0)
    return "".join(map(forms.__getitem__, pick.tolist()))


def split_long(text: str, start: int, end: int, limit: int) -> List[Tuple[int, int]]:
    """Cut ``text[start:end]`` into pieces of at most ``limit`` characters, preferring
    line ends, then sentence ends, then any whitespace, and only then a hard cut."""
    out: List[Tuple[int, int]] = []
    pos = start
    while end - pos > limit:
        cut = -1
        for pattern in _CUTS:
            best = -1
            for m in pattern.finditer(text, pos + limit // 2, pos + limit):
                best = m.start()
            if best > pos:
                cut = best
                break
        if cut <= pos:
            cut = pos + limit
        out.append((pos, cut))
        pos = cut
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end:
        out.append((pos, end))
    return out


def text_pieces(text: str, paras: Sequence[Tuple[int, int]], limit: int
                ) -> Iterator[Tuple[int, int, int]]:
    """``(para_index, start, end)`` for every paragraph, long ones cut to ``limit``."""
    for i, (s, e) in enumerate(paras):
        if e - s <= limit:
            yield i, s, e
            continue
        warn(Warnings.W003.format(n=e - s, how="line or sentence ends"), stacklevel=4)
        for a, b in split_long(text, s, e, limit):
            yield i, a, b


def parse_text(nlp, text: str, paras: Sequence[Tuple[int, int]],
               needs_parse: Callable[[int, int], bool], *, batch_size: int = 64
               ) -> Iterator[Segment]:
    """Parse the paragraphs of ``text`` that ``needs_parse(start, end)`` selects, one
    small Doc each, and yield a Segment per paragraph piece in text order (unparsed
    pieces have ``doc=None``)."""
    limit = max(1000, int(getattr(nlp, "max_length", 1_000_000)) - 1)
    pieces = list(text_pieces(text, paras, limit))
    wanted = [(i, s, e) for i, s, e in pieces if needs_parse(s, e)]
    clean = parseable(text)
    docs = nlp.pipe((for_pipe(nlp, clean[s:e]) for _, s, e in wanted), batch_size=batch_size)
    k = 0
    for i, s, e in pieces:
        if k < len(wanted) and wanted[k][1] == s:
            doc = next(docs)
            k += 1
            yield Segment(doc, 0, len(doc), s, i, s, e)
        else:
            yield Segment(None, 0, 0, s, i, s, e)


def doc_segments(doc, paras: Sequence[Tuple[int, int]]) -> Iterator[Segment]:
    """Segments of an already parsed Doc, one per paragraph (offset 0)."""
    arr = doc.to_array([IDX, LENGTH]).reshape(len(doc), 2)
    starts, ends = arr[:, 0].tolist(), (arr[:, 0] + arr[:, 1]).tolist()
    k = 0
    for i, (s, e) in enumerate(paras):
        lo = bisect_right(ends, s, k)  # the first token ending after s
        k = bisect_left(starts, e, lo)  # the first token starting at or after e
        yield Segment(doc, lo, k, 0, i, s, e)
