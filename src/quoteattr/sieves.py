"""Attribution sieves for quotations in marks: ordered, named rules over one paragraph.

Each sieve looks at one quotation (a ``Unit``) and either returns an ``Attribution``
(the cue, the speaker mention, the addressee) or passes. The first sieve that fires
wins. ``DIRECT_SIEVES`` lists them in order; the order is the precedence.
"""
from __future__ import annotations

from typing import Callable, List, Optional, Sequence, Tuple

from attrs import define

from .candidates import Para
from .cues import CueMatch
from .mentions import Mention, is_nounish, make_mention, tag_of

SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "ccomp", "prep", "pobj"})
_ADDRESSEE_PREPS = frozenset({"to", "at"})
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
_NEGATIONS = frozenset({"not", "n't", "never", "no"})
_HYPOTHETICAL = frozenset({"would", "could", "might", "may", "should", "will", "shall",
                           "wo", "ca"})


@define(slots=True)
class Attribution:
    sieve: str
    confidence: float
    cue: Optional[Tuple[int, int, str]] = None  # text start, end, lemma
    cue_token: int = -1  # doc index of the cue head word (paragraph-local use only)
    speaker: Optional[Mention] = None
    addressee: Optional[Mention] = None
    negated: bool = False
    hypothetical: bool = False


def _cue_span(p: Para, cue: CueMatch) -> Tuple[int, int, str]:
    return p.char_start(cue.i), p.char_end(cue.j), cue.lemma


def _np_head(p: Para, k: int, lo: int, hi: int) -> int:
    """Climb from a noun token to the head of its noun phrase (inside the frame)."""
    doc = p.doc
    for _ in range(4):
        tok = doc[k]
        h = tok.head
        if h.i == k or not (lo <= h.i < hi) or p.blocked(h.i):
            break
        if tok.dep_ in ("compound", "flat", "nmod", "amod", "det", "poss", "nummod",
                        "punct") and is_nounish(h):
            k = h.i
            continue
        break
    return k


def _mention(p: Para, head: int, lo: int, hi: int, cue: Optional[CueMatch] = None) -> Mention:
    cue_lo, cue_hi = (cue.i, cue.j) if cue is not None else (-1, -1)

    def blocked(i: int) -> bool:
        return p.blocked(i) or cue_lo <= i <= cue_hi

    return make_mention(p.doc, head, lo, hi, p.offset, p.text, p.index, p.lex, blocked)


def speaker_head(p: Para, cue: CueMatch, lo: int, hi: int) -> Optional[int]:
    """The token heading the speaker of ``cue`` within the frame ``[lo, hi)``."""
    doc = p.doc
    v = doc[cue.i]
    h = v
    for _ in range(4):
        for c in h.children:
            if c.dep_ in SUBJ_DEPS and lo <= c.i < hi and not p.blocked(c.i) and (
                    is_nounish(c) or c.tag_ in ("DT", "CD", "WP")):
                return c.i
        if h.dep_ not in CLIMB_DEPS or h.head.i == h.i or not (lo <= h.head.i < hi) \
                or p.blocked(h.head.i):
            break
        h = h.head
    # inverted or loosely parsed: the noun phrase right after the cue ("said Lavrov")
    k = cue.j + 1
    limit = min(hi, cue.j + 7)
    while k < limit:
        tok = doc[k]
        if p.blocked(k) or tok.text in ("\u2014", "--", ";", "(") or tok.tag_ in _VERB_TAGS:
            break
        if tok.lower_ in _ADDRESSEE_PREPS and tok.dep_ == "prep":
            break  # "said to her": what follows is the addressee
        if is_nounish(tok):
            return _np_head(p, k, lo, hi)
        k += 1
    # the noun phrase right before it ("Lavrov said", parsed loosely)
    k = cue.i - 1
    while k >= lo and k >= cue.i - 4:
        tok = doc[k]
        if p.blocked(k):
            break
        if is_nounish(tok) and tok.dep_ not in ("pobj", "dobj"):
            return _np_head(p, k, lo, hi)
        if not (tok.is_punct or tok.tag_ in ("RB", "MD") or tok.dep_ in ("aux", "neg", "advmod")):
            break
        k -= 1
    return None


def addressee_head(p: Para, cue: CueMatch, lo: int, hi: int) -> Optional[int]:
    v = p.doc[cue.i]
    takes_object = "addressee" in cue.entry.frame
    for c in v.children:
        if not (lo <= c.i < hi) or p.blocked(c.i):
            continue
        if c.dep_ == "dative" or (takes_object and c.dep_ == "dobj"):
            if is_nounish(c):
                return c.i
        if c.dep_ == "prep" and c.lower_ in _ADDRESSEE_PREPS:
            for g in c.children:
                if g.dep_ == "pobj" and is_nounish(g) and not p.blocked(g.i):
                    return g.i
    return None


def modality(p: Para, cue: CueMatch) -> Tuple[bool, bool]:
    """(negated, hypothetical) for the cue verb: "did not say", "would say"."""
    v = p.doc[cue.i]
    neg = hyp = False
    for c in v.children:
        if c.dep_ == "neg" or c.lower_ in _NEGATIONS and c.dep_ in ("advmod", "det"):
            neg = True
        if c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL:
            hyp = True
    return neg, hyp


def attribute_cue(p: Para, cue: CueMatch, lo: int, hi: int, sieve: str, confidence: float
                  ) -> Attribution:
    """The attribution a cue gives: its speaker and addressee inside ``[lo, hi)``."""
    sh = speaker_head(p, cue, lo, hi)
    speaker = _mention(p, sh, lo, hi, cue) if sh is not None else None
    ah = addressee_head(p, cue, lo, hi)
    addressee = _mention(p, ah, lo, hi, cue) if ah is not None and ah != sh else None
    neg, hyp = modality(p, cue)
    return Attribution(sieve, confidence, _cue_span(p, cue), cue.i, speaker, addressee, neg, hyp)


# --- the sieves -----------------------------------------------------------------------

def cue_after(p: Para, k: int) -> Optional[Attribution]:
    """``"…," Lavrov said`` / ``"…," said Lavrov`` / ``"…," he said, "…"``."""
    lo, hi = p.after_frame(k)
    if lo >= hi:
        return None
    for cue in p.cues_in(lo, hi):
        if cue.pos == "noun":
            continue
        att = attribute_cue(p, cue, lo, hi, "cue_after", 0.95)
        if att.speaker is not None:
            if _starts_new_sentence(p, k, lo, cue):
                att.confidence = 0.7
            return att
    return None


def _starts_new_sentence(p: Para, k: int, lo: int, cue: CueMatch) -> bool:
    """The quote ends a sentence and the text after it starts a new one with a capital
    that is not the speaker tag itself ("…!" said Alice is one sentence)."""
    content_end = p.text[p.units[k].end - 1]
    if content_end not in ".!?":
        return False
    i = lo
    while i < cue.i and p.doc[i].is_punct:
        i += 1
    return i < cue.i and p.doc[i].text[:1].isupper() and tag_of(p.doc[i]) not in (
        "NNP", "NNPS", "PRP")


def cue_before(p: Para, k: int) -> Optional[Attribution]:
    """``Lavrov said: "…"`` / ``He added, "…"`` / ``She told reporters "…"``."""
    lo, hi = p.before_frame(k)
    if lo >= hi:
        return None
    cues = [c for c in p.cues_in(lo, hi) if c.pos != "noun"]
    if not cues:
        return None
    cue = cues[-1]
    doc = p.doc
    between = [i for i in range(cue.j + 1, hi) if not doc[i].is_punct]
    if len(between) > 10 or any(tag_of(doc[i]) in _VERB_TAGS for i in between):
        return None
    last = hi - 1
    if not (doc[last].text in (":", ",", "\u2014", "--") or doc[last].lower_ == "that"
            or last == cue.j or not between):
        return None
    att = attribute_cue(p, cue, lo, hi, "cue_before", 0.93)
    return att if att.speaker is not None else None


def colon_name(p: Para, k: int) -> Optional[Attribution]:
    """``Lavrov: "We will …"``: a bare name and a colon before the quotation."""
    lo, hi = p.before_frame(k)
    doc = p.doc
    if hi - lo < 2 or doc[hi - 1].text != ":":
        return None
    words = [i for i in range(lo, hi - 1) if not doc[i].is_punct]
    if not words or len(words) > 5:
        return None
    if not all(tag_of(doc[i]) in ("NNP", "NNPS") or doc[i].ent_type_ == "PERSON" for i in words):
        return None
    head = words[-1]
    while doc[head].head.i != head and doc[head].head.i in words:
        head = doc[head].head.i
    speaker = _mention(p, head, lo, hi - 1)
    return Attribution("colon_name", 0.85, None, -1, speaker)


Sieve = Callable[[Para, int], Optional[Attribution]]
DIRECT_SIEVES: Sequence[Tuple[str, Sieve]] = (
    ("cue_after", cue_after),
    ("cue_before", cue_before),
    ("colon_name", colon_name),
)


def attribute_units(p: Para, sieves: Sequence[Tuple[str, Sieve]] = DIRECT_SIEVES) -> None:
    """Run the sieves on every quotation of the paragraph, then group interrupted
    quotations (``"We agree," he said, "on this."``) into one."""
    for k, unit in enumerate(p.units):
        for _, sieve in sieves:
            att = sieve(p, k)
            if att is not None:
                unit.attribution = att
                break
    group_units(p)


def _tag_only(p: Para, a: int, b: int, cue_token: int) -> bool:
    """Is the text between two quotations just the speech tag holding ``cue_token``?"""
    words = [i for i in range(a, b) if not p.doc[i].is_punct]
    return a <= cue_token < b and len(words) <= 12


def group_units(p: Para) -> None:
    units = p.units
    for k, u in enumerate(units):
        u.group = k
        if k == 0:
            continue
        prev = units[k - 1]
        pa: Optional[Attribution] = prev.attribution  # type: ignore[assignment]
        ua: Optional[Attribution] = u.attribution  # type: ignore[assignment]
        if pa is None or pa.cue_token < 0 or pa.sieve != "cue_after":
            continue
        a, b = p.gap_after(k - 1)
        if ua is None and _tag_only(p, a, b, pa.cue_token):
            u.group = prev.group
        elif ua is not None and ua.cue_token == pa.cue_token:
            u.group = prev.group


def units_by_group(p: Para) -> List[List[int]]:
    groups: List[List[int]] = []
    for k, u in enumerate(p.units):
        if groups and p.units[groups[-1][0]].group == u.group:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups
