"""Quotation-mark scanning: a pure string-to-spans step, no model needed.

``scan(text)`` finds every quotation delimited by marks: straight and typographic
double quotes, single quotes (told apart from apostrophes), guillemets in French and
German order, German low-high quotes and the ``\u0060\u0060…''`` convention. It
handles nesting and quotes that run over several paragraphs, and never raises on
stray or unbalanced marks: an unclosed double quote is closed at its paragraph end,
an unclosed single quote is dropped, and each case is counted in ``problems``.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

import regex
from attrs import define, frozen

from .paragraphs import paragraphs as find_paragraphs

DQ, SQ, GUIL, SGUIL = "double", "single", "guillemet", "single-guillemet"
OPEN, CLOSE, EITHER = "open", "close", "either"

# mark text -> (family, role)
_MARKS: Dict[str, Tuple[str, str]] = {
    '"': (DQ, EITHER),
    "\u201c": (DQ, OPEN),  # “
    "\u201d": (DQ, CLOSE),  # ”
    "\u201e": (DQ, OPEN),  # „
    "\u201f": (DQ, OPEN),  # ‟
    "``": (DQ, OPEN),
    "''": (DQ, EITHER),
    "\u00ab": (GUIL, OPEN),  # «
    "\u00bb": (GUIL, CLOSE),  # »
    "\u2039": (SGUIL, OPEN),  # ‹
    "\u203a": (SGUIL, CLOSE),  # ›
    "\u2018": (SQ, OPEN),  # ‘
    "\u2019": (SQ, CLOSE),  # ’
    "\u201a": (SQ, OPEN),  # ‚
    "'": (SQ, EITHER),
    "`": (SQ, OPEN),
}
_MARK_RE = regex.compile(r"``|''|[\"'`\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2018\u2019\u201a]")
_APOSTROPHE_CHARS = frozenset("'\u2019")
_MARK_CHARS = frozenset("\"'`\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2018\u2019\u201a")
# characters that count as "space" on the left of an opening mark / right of a closing one
_OPEN_LEFT = frozenset("([{<\u2014\u2013-/:") | _MARK_CHARS
_CLOSE_RIGHT = frozenset(".,;:!?)]}>\u2026\u2014\u2013-/") | _MARK_CHARS
# words that start with an apostrophe (elision), never an opening quote
_ELISIONS = frozenset("""tis twas twere twould twill twixt em cause cos coz til till bout
    round im er ere ow ave e is ad alf n nuff cept gainst spect fraid mongst kay
    sup scuse member""".split())
# openers whose closing mark is a character that usually opens („…“, ‚…‘, »…«, ›…‹)
_REVERSED_OPENERS = frozenset("\u201e\u201a\u00bb\u203a")
_STRONG_CLOSE_LEFT = frozenset(",.!?;:\u2026\u2014\u2013-")
_LOOKAHEAD_MARKS = 24
_TYPO_MAX_WORDS = 6  # a double quotation closed by a single mark is a short one
MAX_DEPTH = 12  # open quotations inside one another
_LOOKAHEAD_CHARS = 400


@frozen
class MarkedQuote:
    """One quotation found by its marks.

    ``start``/``end`` delimit the content (marks excluded, surrounding whitespace
    trimmed); ``open``/``close`` are the offsets of the marks themselves (``close`` is
    -1 when the quote was closed at the end of its paragraph). Quotes that continue
    over paragraphs share a ``chain`` number; ``depth`` is 0 for top-level quotes.
    """

    start: int
    end: int
    open: int
    open_len: int
    close: int
    close_len: int
    family: str
    depth: int
    chain: int
    paragraph: int


@frozen
class ScanResult:
    quotes: Tuple[MarkedQuote, ...]
    paragraphs: Tuple[Tuple[int, int], ...]
    problems: Tuple[int, ...]  # offsets of stray or unbalanced marks

    def top_level(self) -> List[MarkedQuote]:
        return [q for q in self.quotes if q.depth == 0]


@define
class _Open:
    family: str
    pos: int
    length: int
    char: str
    chain: int
    parent: int  # index in emitted list of the enclosing quote, -1 at top level
    slot: int  # index reserved in the emitted list


class _Stack(list):
    """The open quotations of a paragraph, innermost last, with per-family look-ups in
    constant time (a page of stray openers must not make every mark scan the stack)."""

    def __init__(self) -> None:
        super().__init__()
        self.by_family: Dict[str, List[_Open]] = {}

    def push(self, o: "_Open") -> None:
        self.append(o)
        self.by_family.setdefault(o.family, []).append(o)

    def pop(self) -> "_Open":  # type: ignore[override]
        o = super().pop()
        self.by_family[o.family].pop()
        return o

    def has(self, family: str) -> bool:
        return bool(self.by_family.get(family))

    def has_below_top(self, family: str) -> bool:
        n = len(self.by_family.get(family, ()))
        return n > 1 or (n == 1 and self[-1].family != family)

    def innermost(self, family: str) -> "_Open":
        return self.by_family[family][-1]


def _is_space(ch: Optional[str]) -> bool:
    return ch is None or ch.isspace()


def _context(text: str, i: int, n: int) -> Tuple[bool, bool, Optional[str], Optional[str]]:
    left = text[i - 1] if i > 0 else None
    right = text[i + n] if i + n < len(text) else None
    left_open = _is_space(left) or left in _OPEN_LEFT
    right_close = _is_space(right) or right in _CLOSE_RIGHT
    return left_open, right_close, left, right


def _word_after(text: str, i: int) -> str:
    m = regex.match(r"[^\W\d_]{1,8}", text[i:i + 9])
    return m.group(0).lower() if m else ""


class _Scanner:
    def __init__(self, text: str):
        self.text = text
        # per reserved slot: [start, end, open, olen, close, clen, family, chain, para] or None
        self.emitted: List[Optional[list]] = []
        self.parent_of: List[int] = []
        self.problems: List[int] = []
        self.next_chain = 0

    def reserve(self, parent: int) -> int:
        self.emitted.append(None)
        self.parent_of.append(parent)
        return len(self.emitted) - 1

    def emit(self, o: _Open, close: int, close_len: int, end_at: int, para: int) -> None:
        s, e = o.pos + o.length, end_at
        self.emitted[o.slot] = [s, e, o.pos, o.length, close, close_len, o.family, o.chain, para]

    def marks_in(self, start: int, end: int) -> List[Tuple[int, str]]:
        return [(m.start(), m.group()) for m in _MARK_RE.finditer(self.text, start, end)]

    def paragraph(self, p_index: int, start: int, end: int, carry: Optional[_Open],
                  next_start: Optional[int]) -> Optional[_Open]:
        """Scan one paragraph; return the top-level quote that continues past its end."""
        text = self.text
        marks = self.marks_in(start, end)
        stack = _Stack()
        for k, (pos, mk) in enumerate(marks):
            family, role = _MARKS[mk]
            n = len(mk)
            left_open, right_close, left, right = _context(text, pos, n)
            opening_ctx = left_open and not right_close
            closing_ctx = right_close and not left_open
            if mk in _APOSTROPHE_CHARS:
                if self._apostrophe(pos, left, right, stack, marks, k, end):
                    continue
            top = stack[-1] if stack else None
            can_close = role != OPEN or (top is not None and top.family == family
                                         and top.char in _REVERSED_OPENERS and not opening_ctx)
            if role == EITHER and opening_ctx and not (top and top.family == family):
                can_close = False
            if role == CLOSE and opening_ctx and not stack.has(family):
                can_close = False  # a closer used as an opener (»Text«, ”Swedish”)
            if can_close and top is not None and top.family == family:
                if role == EITHER and family == SQ and not closing_ctx and left_open:
                    pass  # ' with space on both sides: not a closer
                elif mk == '"' and opening_ctx and self._nested_same(marks, k, mk):
                    pass  # "I tried to say "How doth …," but …": opens a nested quotation
                else:
                    stack.pop()
                    self.emit(top, pos, n, pos, p_index)
                    continue
            if can_close and stack.has_below_top(family) and (
                    family != SQ or closing_ctx):
                while stack and stack[-1].family != family:
                    dropped = stack.pop()
                    self.problems.append(dropped.pos)
                o = stack.pop()
                self.emit(o, pos, n, pos, p_index)
                continue
            can_open = role == OPEN or (role == EITHER and not closing_ctx) or (
                role == CLOSE and opening_ctx)
            if family == SQ and role != OPEN and not opening_ctx:
                can_open = False
            if can_open and len(stack) >= MAX_DEPTH:
                self.problems.append(pos)  # nesting this deep is not prose
                continue
            if can_open:
                parent = stack[-1].slot if stack else -1
                chain = -1
                if carry is not None and not stack and pos == start and carry.family == family:
                    chain = carry.chain
                    carry = None
                if chain < 0:
                    chain = self.next_chain
                    self.next_chain += 1
                stack.push(_Open(family, pos, n, mk, chain, parent, self.reserve(parent)))
                continue
            if mk in _APOSTROPHE_CHARS:
                continue  # a trailing apostrophe (the Bennets', goin')
            self.problems.append(pos)
        if not stack:
            return None
        # the quote at the bottom may continue into the next paragraph
        bottom = stack[0]
        continues = False
        if next_start is not None and bottom.family in (DQ, GUIL, SQ):
            nxt = _MARK_RE.match(text, next_start)
            if nxt is not None:
                fam, role = _MARKS[nxt.group()]
                l_open, r_close, _, _ = _context(text, next_start, len(nxt.group()))
                continues = fam == bottom.family and role != CLOSE and not (r_close and not l_open)
        for o in reversed(stack[1:]):
            self.problems.append(o.pos)  # unclosed nested quote: dropped
        if continues:
            self.emit(bottom, -1, 0, end, p_index)
            return bottom
        if bottom.family == SQ:
            self.problems.append(bottom.pos)  # unclosed single quote: dropped
            return None
        typo = self._typo_closer(bottom, marks, end) if len(stack) == 1 else -1
        if typo >= 0:
            self.emit(bottom, typo, 1, typo, p_index)
            return None
        self.problems.append(bottom.pos)
        self.emit(bottom, -1, 0, end, p_index)
        return None

    def _nested_same(self, marks: Sequence[Tuple[int, str]], k: int, mk: str) -> bool:
        """Does the straight mark at ``marks[k]``, placed as an opener while a quotation in
        the same marks is open, open a nested one? Yes if two closers follow before the
        next opener: the nested quotation's and the outer one's."""
        closers = 0
        for pos, m in marks[k + 1:k + 1 + _LOOKAHEAD_MARKS]:
            if m != mk:
                continue
            left_open, right_close, _, _ = _context(self.text, pos, len(m))
            if left_open or not right_close:
                return False
            closers += 1
            if closers == 2:
                return True
        return False

    def _typo_closer(self, o: _Open, marks: Sequence[Tuple[int, str]], end: int) -> int:
        """A double quotation closed by a single mark, a misprint ('as "an eminently
        practical' father'): the ' right after a few words is its closer, if no other
        mark follows in the paragraph. Returns its offset, or -1."""
        if o.family != DQ:
            return -1
        text = self.text
        after = [(pos, mk) for pos, mk in marks if pos > o.pos
                 and not (text[pos - 1].isalnum() and pos + 1 < end and text[pos + 1].isalnum())]
        if len(after) != 1 or after[0][1] != "'":
            return -1
        pos = after[0][0]
        words = self.text[o.pos + o.length:pos].split()
        left, right = self.text[pos - 1], self.text[pos + 1] if pos + 1 < end else " "
        last = words[-1].lower() if words else ""
        if not 1 <= len(words) <= _TYPO_MAX_WORDS or not left.isalpha() or left in "sS" \
                or len(last) < 5 or last.endswith("in'") or not (right.isspace() or right in _CLOSE_RIGHT):
            return -1  # "the Bennets' house", "goin' home", "an' den": apostrophes
        return pos

    def _apostrophe(self, pos: int, left: Optional[str], right: Optional[str],
                    stack: "_Stack", marks: Sequence[Tuple[int, str]], k: int,
                    para_end: int) -> bool:
        """Is this ' or ’ an apostrophe rather than a quotation mark?"""
        l_word = left is not None and left.isalnum()
        r_word = right is not None and right.isalnum()
        if l_word and r_word:
            return True  # don't, O'Brien
        if not l_word and right is not None and right.isdigit():
            return True  # '90s
        if not l_word and r_word and _word_after(self.text, pos + 1) in _ELISIONS:
            return True  # 'tis, 'em
        if l_word and not r_word:
            sq_open = stack.has(SQ)
            if not sq_open:
                return True  # the Bennets', goin'
            # inside an open single quote: a plural possessive "the Bennets' house" is an
            # apostrophe if a better closer of the same style follows in the paragraph
            opener = stack.innermost(SQ).char
            closer = "'" if opener == "'" else "\u2019"
            if self.text[pos] != closer:
                return True  # ’ inside a '…' quotation (or the reverse): an apostrophe
            if left in "sS" and right == " " and self._lowercase_follows(pos + 2):
                limit = min(len(marks), k + 1 + _LOOKAHEAD_MARKS)
                for j in range(k + 1, limit):
                    p2, m2 = marks[j]
                    if p2 - pos > _LOOKAHEAD_CHARS or p2 >= para_end:
                        break
                    if m2 == closer and self._strong_closer(p2):
                        return True
                    l_open, r_close, _, _ = _context(self.text, p2, len(m2))
                    if l_open and not r_close:
                        break  # a new quotation opens first
        return False

    def _strong_closer(self, i: int) -> bool:
        """A ' or ’ that can only be a closing mark: after punctuation, or before it."""
        text = self.text
        left = text[i - 1] if i > 0 else None
        right = text[i + 1] if i + 1 < len(text) else None
        if left is None or left.isspace():
            return False
        if left in _STRONG_CLOSE_LEFT:
            return right is None or right.isspace() or right in _CLOSE_RIGHT
        return left.isalnum() and (right is None or right in "\n.,;:!?)" )

    def _lowercase_follows(self, i: int) -> bool:
        return i < len(self.text) and self.text[i].islower()


def scan(text: str, paragraphs: Optional[Sequence[Tuple[int, int]]] = None) -> ScanResult:
    """Find every quotation delimited by quotation marks in ``text``.

    >>> r = scan('"We agree," he said, "on this."')
    >>> [(q.start, q.end) for q in r.top_level()]
    [(1, 10), (21, 29)]
    """
    if not isinstance(text, str):
        raise TypeError(f"scan() expects a str, got {type(text).__name__}")
    paras = list(paragraphs) if paragraphs is not None else find_paragraphs(text)
    sc = _Scanner(text)
    carry: Optional[_Open] = None
    for i, (s, e) in enumerate(paras):
        nxt = paras[i + 1][0] if i + 1 < len(paras) else None
        carry = sc.paragraph(i, s, e, carry, nxt)
    # Quotes whose enclosing quote was dropped move up a level.
    kept = sc.emitted
    depth: List[int] = [0] * len(kept)
    out: List[MarkedQuote] = []
    for idx, rec in enumerate(kept):
        if rec is None:
            continue
        s, e, op, olen, cl, clen, fam, chain, para = rec
        parent = sc.parent_of[idx]
        while parent >= 0 and kept[parent] is None:
            parent = sc.parent_of[parent]
        depth[idx] = depth[parent] + 1 if parent >= 0 else 0
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        out.append(MarkedQuote(s, e, op, olen, cl, clen, fam, depth[idx], chain, para))
    out.sort(key=lambda q: (q.start, q.depth))
    return ScanResult(tuple(out), tuple(paras), tuple(sorted(set(sc.problems))))
