"""Finding cue words in a parsed paragraph: verbs (with particles), nouns, "according to"."""
from __future__ import annotations

from typing import Container, List, Optional, Sequence

from attrs import frozen

from .lexicon import CueEntry, CueLexicon
from .segments import positions

_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
_NOUN_TAGS = frozenset({"NN", "NNS"})
# tokens allowed between a verb and its particle: "pointed it out"
_PARTICLE_GAP = 2


@frozen
class CueMatch:
    """A cue in a Doc: token ``i`` is the head word, ``j`` the last word (inclusive)."""

    i: int
    j: int
    entry: CueEntry

    @property
    def lemma(self) -> str:
        return self.entry.lemma

    @property
    def pos(self) -> str:
        return self.entry.pos


def _is_verb(tok) -> bool:
    tag = tok.tag_
    if tag:
        return tag in _VERB_TAGS
    return tok.pos_ in ("VERB", "AUX")


def _is_noun(tok) -> bool:
    tag = tok.tag_
    if tag:
        return tag in _NOUN_TAGS
    return tok.pos_ == "NOUN"


def _particle_end(doc, i: int, hi: int, particle: str) -> Optional[int]:
    """The last token of ``particle`` right after the verb, or after a pronoun object
    ("pointed it out"); None if it is not there."""
    words = particle.split()
    for gap in range(_PARTICLE_GAP + 1):
        k = i + 1 + gap
        if k + len(words) > hi:
            return None
        if all(doc[k + n].lower_ == w for n, w in enumerate(words)):
            return k + len(words) - 1
        if doc[k].tag_ != "PRP":
            return None
    return None


def match_at(doc, i: int, hi: int, lexicon: CueLexicon, classes: Container[str]
             ) -> Optional[CueMatch]:
    """The cue whose head word is token ``i`` (None if it is not a cue)."""
    tok = doc[i]
    form = tok.lower_
    entries: Sequence[CueEntry] = lexicon.verb_entries(form)
    if entries:
        gapped = None  # "put it in" is "put it", not "put in" around an object
        for e in entries:
            if e.cls not in classes:
                continue
            if e.pos == "prep":
                end = _particle_end(doc, i, hi, e.particle or "")
                if end is not None:
                    return CueMatch(i, end, e)
                continue
            if not _is_verb(tok):
                continue
            if e.particle:
                end = _particle_end(doc, i, hi, e.particle)
                if end is not None and end - i == len(e.particle.split()):
                    return CueMatch(i, end, e)
                if end is not None and gapped is None:
                    gapped = CueMatch(i, end, e)
                continue
            return gapped or CueMatch(i, i, e)
        if gapped is not None:
            return gapped
    noun = lexicon.noun_entry(form)
    if noun is not None and noun.cls in classes and _is_noun(tok):
        return CueMatch(i, i, noun)
    return None


def find_cues(doc, lo: int, hi: int, lexicon: CueLexicon, classes: Container[str],
              quoted: Sequence[int], lower: Optional[Sequence[int]] = None) -> List[CueMatch]:
    """All cues in ``doc[lo:hi]`` whose head token is outside quotations (``quoted``,
    indexed from ``lo``, is >= 0 for a token inside one). ``lower`` (the LOWER ids of
    ``doc[lo:hi]``, see ``segments.Columns``) lets the candidates be picked in bulk."""
    if lower is not None:
        candidates = [lo + k for k in positions(lower, lexicon.form_ids)]
    else:
        forms = lexicon.all_forms
        candidates = [i for i in range(lo, hi) if doc[i].lower_ in forms]
    out = []
    for i in candidates:
        if quoted[i - lo] >= 0:
            continue
        m = match_at(doc, i, hi, lexicon, classes)
        if m is not None:
            out.append(m)
    return out
