"""Candidate detection: the quotations of one paragraph, mapped onto its tokens.

A ``Para`` holds a parsed paragraph segment, the top-level quotations found by the
mark scanner that fall inside it (``Unit``), which token belongs to which quotation,
and the cue words outside quotations. The sieves read it; nothing here decides who
spoke.
"""
from __future__ import annotations

import bisect
import functools
from typing import Container, List, Optional, Sequence, Tuple

import attrs
from attrs import define

from .cues import CueMatch, find_cues
from .lexicon import CUE_CLASSES, CueLexicon, Lexicons, string_ids
from .marks import MarkedQuote
from .segments import Columns, Segment, positions, token_columns

SENT_END = frozenset({".", "!", "?", "...", "\u2026", "?!", "!?", "!!", "??"})
NOT_AFTER_END = frozenset({",", ")", ";"})  # what follows an abbreviation's period


@functools.lru_cache(maxsize=1)
def _sent_end_ids():
    return string_ids(SENT_END)


@functools.lru_cache(maxsize=1)
def _not_after_end_ids():
    return string_ids(NOT_AFTER_END)


@define(slots=True, eq=False)
class Unit:
    """One top-level quotation piece (marks included in ``a``..``b``, token indices)."""

    mq: MarkedQuote
    a: int
    b: int
    start: int  # content, in text offsets
    end: int
    inline: bool = False  # a short quotation inside a sentence ("a “rant,” a series")
    attribution: Optional[object] = None  # sieves.Attribution
    group: int = -1  # units with the same group form one Quote


@define(slots=True, eq=False)
class Para:
    seg: Segment
    text: str
    doc: object
    lo: int
    hi: int
    offset: int
    qtok: List[int]  # per token (index - lo): the unit it lies in, or -1
    units: List[Unit]
    cues: List[CueMatch]
    lex: Lexicons
    lexicon: CueLexicon
    classes: Tuple[str, ...]
    cols: Columns  # of tokens lo..hi
    ends: List[int] = attrs.Factory(list)  # sentence-final tokens, in order
    cue_pos: List[int] = attrs.Factory(list)  # head token of each cue, in order
    next_block: List[int] = attrs.Factory(list)  # per unit: start of the next full quotation
    prev_block: List[int] = attrs.Factory(list)  # per unit: end of the previous one

    def __attrs_post_init__(self) -> None:
        ids, glue = _sent_end_ids(), _not_after_end_ids()
        lower = self.cols.lower
        # "(Vt.)," and "Inc.," are abbreviations, not sentence ends
        self.ends = [self.lo + k for k in positions(lower, ids)
                     if k + 1 == len(lower) or lower[k + 1] not in glue]
        self.cue_pos = [c.i for c in self.cues]
        n = len(self.units)
        self.next_block, self.prev_block = [self.hi] * n, [self.lo] * n
        nxt = self.hi
        for k in range(n - 1, -1, -1):
            self.next_block[k] = nxt
            if not self.units[k].inline:
                nxt = self.units[k].a
        prv = self.lo
        for k in range(n):
            self.prev_block[k] = prv
            if not self.units[k].inline:
                prv = self.units[k].b
    @property
    def index(self) -> int:
        return self.seg.para

    def blocked(self, i: int) -> bool:
        """Is token ``i`` inside a quotation (other than a short inline one)?"""
        u = self.qtok[i - self.lo]
        return u >= 0 and not self.units[u].inline

    def in_quote(self, i: int) -> bool:
        return self.qtok[i - self.lo] >= 0

    def char_start(self, i: int) -> int:
        return self.offset + self.doc[i].idx

    def char_end(self, i: int) -> int:
        t = self.doc[i]
        return self.offset + t.idx + len(t)

    def is_sent_end(self, i: int) -> bool:
        j = bisect.bisect_left(self.ends, i)
        return j < len(self.ends) and self.ends[j] == i

    def gap_after(self, k: int) -> Tuple[int, int]:
        """All tokens between unit ``k`` and the next quotation (or the paragraph end);
        short inline quotations do not end a gap."""
        return self.units[k].b, self.next_block[k]

    def gap_before(self, k: int) -> Tuple[int, int]:
        return self.prev_block[k], self.units[k].a

    def sent_end_in(self, a: int, b: int) -> int:
        """The first sentence-final token in ``[a, b)``, or -1."""
        j = bisect.bisect_left(self.ends, a)
        return self.ends[j] if j < len(self.ends) and self.ends[j] < b else -1

    def last_sent_end_in(self, a: int, b: int) -> int:
        j = bisect.bisect_left(self.ends, b) - 1
        return self.ends[j] if j >= 0 and self.ends[j] >= a else -1

    def after_frame(self, k: int) -> Tuple[int, int]:
        """Tokens after unit ``k`` up to the end of that sentence or the next quote."""
        a, b = self.gap_after(k)
        e = self.sent_end_in(a + 1, b)
        return (a, e) if e >= 0 else (a, b)

    def before_frame(self, k: int) -> Tuple[int, int]:
        """Tokens before unit ``k`` back to the start of that sentence or the last quote."""
        a, b = self.gap_before(k)
        e = self.last_sent_end_in(a, b)
        return (e + 1, b) if e >= 0 else (a, b)

    def sentence(self, i: int) -> Tuple[int, int]:
        """The sentence around token ``i``, by sentence-final punctuation."""
        e = self.last_sent_end_in(self.lo, i)
        nxt = self.sent_end_in(i, self.hi)
        return (e + 1 if e >= 0 else self.lo), (nxt + 1 if nxt >= 0 else self.hi)

    def cues_in(self, a: int, b: int) -> List[CueMatch]:
        return self.cues[bisect.bisect_left(self.cue_pos, a):bisect.bisect_left(self.cue_pos, b)]

    def cue_at(self, i: int) -> Optional[CueMatch]:
        """The cue whose head is token ``i``, if any."""
        k = bisect.bisect_left(self.cue_pos, i)
        return self.cues[k] if k < len(self.cues) and self.cue_pos[k] == i else None


_BOUNDARY_BEFORE = frozenset(".!?:;,\u2014\u2013-()[]\"'\u201c\u201d\u2018\u2019\u00ab\u00bb")
INLINE_MAX_WORDS = 4


def sentence_initial(text: str, para_start: int, pos: int) -> bool:
    """Does the quotation opening at ``pos`` start its sentence (or follow a comma or
    colon, as speech does)?"""
    i = pos - 1
    while i >= para_start and text[i].isspace():
        i -= 1
    return i < para_start or text[i] in _BOUNDARY_BEFORE


_TITLE_SMALL_WORDS = frozenset({"of", "the", "a", "an", "and", "in", "on", "for", "to", "at",
                                "by", "or", "with"})


def looks_like_title(content: str) -> bool:
    """A short Title Case phrase without closing punctuation: "Harbour Futures", "The
    Times", "The Tribe of Benjamin" -- a title or a name, not speech."""
    words = content.split()
    if not 0 < len(words) <= 6 or content.rstrip()[-1:] in ".!?":
        return False
    caps = [w for w in words if w[:1].isalpha()]
    return bool(caps) and caps[0][:1].isupper() and all(
        w[:1].isupper() or w.lower().strip(",") in _TITLE_SMALL_WORDS for w in caps)


def _heading(text: str, seg: Segment, mq: MarkedQuote) -> bool:
    """A paragraph that is only a short quotation in Title Case ("'The Long Road Back.'")
    is a section heading, not speech."""
    if text[seg.start:mq.open].strip() or text[mq.close + mq.close_len:seg.end].strip():
        return False
    content = text[mq.start:mq.end].rstrip().rstrip(".!")
    return len(content.split()) >= 4 and "," not in content and looks_like_title(content)


def is_inline(text: str, para_start: int, mq: MarkedQuote) -> bool:
    """A short quotation in the middle of a sentence: a scare quote, a nickname, a
    title, or a quoted phrase (``called it a “rant,” a series``)."""
    if sentence_initial(text, para_start, mq.open):
        return False
    return len(text[mq.start:mq.end].split()) <= INLINE_MAX_WORDS


def build_para(seg: Segment, text: str, quotes: Sequence[MarkedQuote], lexicon: CueLexicon,
               classes: Container[str], lex: Lexicons, cols: Optional[Columns] = None
               ) -> Para:
    """Map the top-level ``quotes`` of this segment onto its tokens and find its cues.
    ``cols`` are the Doc's ``token_columns`` (read here if not given)."""
    doc, lo, hi, offset = seg.doc, seg.lo, seg.hi, seg.offset
    cols = (token_columns(doc) if cols is None else cols).slice(lo, hi)
    n = hi - lo
    qtok = [-1] * n
    units: List[Unit] = []
    starts, lengths = cols.idx, cols.length
    k = lo
    for mq in quotes:
        r_start = mq.open
        r_end = mq.close + mq.close_len if mq.close >= 0 else seg.end
        r_start, r_end = max(r_start, seg.start), min(r_end, seg.end)
        if r_end <= r_start:
            continue
        r_start, r_end = r_start - offset, r_end - offset  # in Doc offsets, like idx
        while k < hi and starts[k - lo] + lengths[k - lo] <= r_start:
            k += 1
        a = k
        while k < hi and starts[k - lo] < r_end:
            qtok[k - lo] = len(units)
            k += 1
        if k > a:
            start, end = max(mq.start, seg.start), min(mq.end, seg.end)
            if end > start and mq.close >= 0 and is_inline(text, seg.start, mq) \
                    and looks_like_title(text[start:end]):
                end = start  # a title in running text ("reads 'The Times'"): not a quotation
            elif end > start and mq.close >= 0 and _heading(text, seg, mq):
                end = start
            if end > start:
                units.append(Unit(mq, a, k, start, end, inline=is_inline(text, seg.start, mq)))
            else:
                for i in range(a, k):
                    qtok[i - lo] = -1
    # every class cues direct speech (a quotation in marks is speech or thought
    # whatever its verb); ``classes`` decides only what counts as reported speech
    cues = find_cues(doc, lo, hi, lexicon, CUE_CLASSES, qtok, cols.lower)
    return Para(seg, text, doc, lo, hi, offset, qtok, units, cues, lex, lexicon, tuple(classes),
                cols)
