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
from .mentions import (ONE_OF_TWO, PROPN_TAGS, Mention, is_nounish, is_pair_anaphor, make_mention,
                       tag_of)

SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# quantifiers that stand for a group of people as a subject ("many of whom say", "each
# saying")
GROUP_WORDS = frozenset({"those", "some", "many", "several", "others", "both", "most", "each",
                         "all", "few"})
# capitalised words before a colon that label text rather than name a speaker
NOT_SPEAKERS = frozenset({"note", "update", "updated", "editor", "editors", "watch", "read",
                          "photo", "photos", "video", "related", "source", "sources", "credit",
                          "abstract", "summary", "correction", "disclosure", "advertisement",
                          "q", "a", "question", "answer", "warning", "breaking", "exclusive",
                          "live", "full", "transcript", "text", "subscribe", "share", "via",
                          "image", "images", "caption", "also", "more", "opinion", "analysis",
                          "chapter", "book", "part", "volume", "p.s", "ps", "n.b",
                          "editorial", "sponsored", "podcast", "listen", "explainer",
                          "factbox", "timeline", "chart", "map", "graphic", "recap",
                          "preview", "contents", "index", "tags", "topics", "background"})
# "is determined to warn …" climbs through the adjective to the subject of "is"
CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "ccomp", "prep", "pobj", "acomp"})
_ADDRESSEE_PREPS = frozenset({"to", "at"})
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
_FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD"})
_IMPLYING = frozenset({"say", "express", "ask", "answer", "reply", "tell", "declare", "cry"})
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


def mention(p: Para, head: int, lo: int, hi: int, cue: Optional[CueMatch] = None) -> Mention:
    """The speaker Mention for the noun phrase headed by token ``head`` inside the
    frame ``[lo, hi)`` (for custom sieves)."""
    cue_lo, cue_hi = (cue.i, cue.j) if cue is not None else (-1, -1)

    def blocked(i: int) -> bool:
        return p.blocked(i) or cue_lo <= i <= cue_hi

    return make_mention(p.doc, head, lo, hi, p.offset, p.text, p.index, p.lex, blocked)


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)  # a dash the parser took for a subject has none


def speaker_head(p: Para, cue: CueMatch, lo: int, hi: int) -> Optional[int]:
    """The token heading the speaker of ``cue`` within the frame ``[lo, hi)``."""
    doc = p.doc
    v = doc[cue.i]
    h = v
    distant = None  # a parsed subject far after the cue: kept only as a last resort
    dateline = _dateline_end(p)
    if v.tag_ == "VBN" and not any(c.dep_ in SUBJ_DEPS for c in v.children):
        # "when thus accosted by Miss Pym", "Asked by a reporter whether …": a passive
        # participle without a subject of its own is spoken by its agent, not by the
        # subject of the clause it hangs on
        agent = _agent(p, v, lo, hi)
        if agent is not None and not p.blocked(agent):
            return agent
    for _ in range(4):
        for c in _subjects(h, dateline):
            if lo <= c.i < hi and not p.blocked(c.i) and (
                    is_nounish(c) or c.tag_ in ("DT", "CD", "WP") or c.lower_ in GROUP_WORDS
                    or is_pair_anaphor(c)) \
                    and c.ent_type_ not in ("DATE", "TIME") and _has_word(c.text):
                if h is v and c.i > cue.j + 4:
                    distant = c.i
                    continue
                if h is v and c.dep_ == "nsubjpass":
                    return _agent(p, v, lo, hi)  # "it was said by X"; "it was said": nobody
                return c.i
        if h.dep_ == "acl" and lo <= h.head.i < hi and is_nounish(h.head) \
                and not p.blocked(h.head.i):
            issuer = _issuer(p, h.head, lo, hi)
            return issuer if issuer is not None else h.head.i  # "the Mouse, …, called out"
        if not _climbs(h, v) or h.head.i == h.i or not (lo <= h.head.i < hi) \
                or p.blocked(h.head.i):
            break
        h = h.head
    if v.dep_ == "relcl" and is_nounish(v.head) and lo <= v.head.i < hi \
            and not p.blocked(v.head.i) and not any(c.tag_ == "MD" for c in v.children):
        # "papers that would back up her claims" only describes what would be said
        rel = next((c for c in v.children if c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP")
                    and lo <= c.i < cue.i), None)
        if rel is not None:
            return rel.i  # "a letter from his doctor that says …": the source is "that"
    if any(c.dep_ in SUBJ_DEPS and lo <= c.i < cue.i and not p.blocked(c.i) for c in v.children):
        return distant  # "evidence that would back up his statements": its subject is "that"
    # inverted or loosely parsed: the noun phrase right after the cue ("said Lavrov")
    k = cue.j + 1
    limit = min(hi, cue.j + 7)
    while k < limit:
        tok = doc[k]
        if p.blocked(k) or tok.text in ("\u2014", "--", ";", "(") or tok.tag_ in _VERB_TAGS:
            break
        if tok.tag_ == "IN":
            break  # "said to her", "said on Fox News": a prepositional phrase, not the speaker
        if tok.dep_ in SUBJ_DEPS and cue.j < tok.head.i < hi and not p.blocked(tok.head.i) \
                and tok.head.tag_ in _FINITE_TAGS:
            break  # "… and said it was another step": the subject of what was said
        if (is_nounish(tok) or _capitalised_word(tok) or _one_of_two(p, k)) \
                and tok.ent_type_ not in _NOT_SPEAKER_ENTS:
            return _np_head(p, k, lo, hi)
        k += 1
    # the noun phrase right before it ("Lavrov said", "May exclaimed", parsed loosely)
    k = cue.i - 1
    while k >= lo and k >= cue.i - 4:
        tok = doc[k]
        if p.blocked(k):
            break
        if (is_nounish(tok) or _capitalised_word(tok, modal_ok=True)) \
                and tok.dep_ not in ("pobj", "dobj"):
            return _np_head(p, k, lo, hi)
        if not (tok.is_punct or tok.tag_ in ("RB", "MD") or tok.dep_ in ("aux", "neg", "advmod")):
            break
        k -= 1
    return distant


def _climbs(h, v) -> bool:
    """Does the speaker search go on from ``h`` (the cue ``v`` or a word above it) to
    its head? Through ``CLIMB_DEPS``, an unlabelled link to a verb ("He was writing, and
    … coolly replied"), and a noun object the cue hangs on ("she seized the opportunity
    of saying")."""
    return h.dep_ in CLIMB_DEPS or h.dep_ == "dep" and h.head.tag_ in _VERB_TAGS \
        or h.dep_ == "dobj" and h is not v and h.tag_ in ("NN", "NNS")


def _one_of_two(p: Para, k: int) -> bool:
    """``replied the other``, ``said the latter``: one of two people, by an adjective."""
    return p.doc[k].lower_ in ONE_OF_TWO and k > p.lo and p.doc[k - 1].lower_ == "the" \
        and (k + 1 >= p.hi or not is_nounish(p.doc[k + 1]))


_DATELINE_DASHES = frozenset({"\u2014", "\u2013", "--"})
_DATELINE_DEPS = SUBJ_DEPS | {"npadvmod"}


def _subjects(h, dateline: int):
    """The subjects of ``h``; a dateline parsed as one ("WASHINGTON -- President Obama,
    …, said") gives way to the name set after it."""
    for c in h.children:
        if c.i < dateline and c.dep_ in _DATELINE_DEPS:
            c = next((a for a in c.children if a.dep_ == "appos" and a.i > dateline), None)
            if c is not None:
                yield c
        elif c.dep_ in SUBJ_DEPS:
            yield c


def _dateline_end(p: Para) -> int:
    """The dash after a dateline opening the paragraph ("WASHINGTON (AP) --"): its
    capitalised place name is parsed as a subject. -1 if there is none."""
    depth = 0
    for k in range(p.lo, min(p.hi, p.lo + 10)):
        t = p.doc[k]
        if t.text in _DATELINE_DASHES:
            return k if k > p.lo else -1
        depth += t.text == "(" or -(t.text == ")")
        if depth == 0 and t.is_alpha and not t.is_upper:
            return -1
    return -1


def _governor(noun):
    """The word an object hangs on, through its preposition if it has one."""
    return noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head


def _issuer(p: Para, noun, lo: int, hi: int) -> Optional[int]:
    """Who put out the statement, report or speech that a participle hangs on: "Gowdy
    released a statement saying …", "Clinton made comments during a speech attacking …"."""
    match = p.cue_at(noun.i)
    if match is None or match.pos != "noun" or noun.dep_ not in ("dobj", "pobj"):
        return None
    v = _governor(noun)
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and v.dep_ in ("dobj", "pobj") \
            and is_nounish(v):  # "unleashed a series of tweets criticizing …"
        v = _governor(v)
    for c in v.children:
        if c.dep_ == "nsubj" and lo <= c.i < hi and not p.blocked(c.i) and is_nounish(c):
            return c.i
    return None


def _agent(p: Para, v, lo: int, hi: int) -> Optional[int]:
    for c in v.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj" and lo <= g.i < hi and is_nounish(g):
                    return g.i
    return None


def _capitalised_word(tok, modal_ok: bool = False) -> bool:
    """A capitalised word the tagger did not take for a noun ("said Fearenside", "May
    exclaimed" with May read as a modal)."""
    return tok.is_alpha and tok.text[:1].isupper() and not tok.is_sent_start \
        and tok.tag_ not in ("PRP$", "DT", "IN", "CC", "WDT", "WP") \
        and (modal_ok or tok.tag_ != "MD")


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


def implied(p: Para, cue_token: int) -> bool:
    """Is the cue a look or a gesture rather than speech? "as much as to say", "her eyes
    said", "a look that plainly said" (the nouns are ``data/gestures.tsv``)."""
    v = p.doc[cue_token]
    cue = p.cue_at(cue_token)
    if cue is None or cue.lemma not in _IMPLYING or any(c.dep_ == "dobj" for c in v.children):
        return False  # "a face looked out", "his countenance expressed great acuteness"
    for c in v.children:
        if c.dep_ in SUBJ_DEPS:
            noun = v.head if c.tag_ == "WDT" and v.dep_ == "relcl" else c
            if noun.lower_ in p.lex.gestures:
                return True
    k = cue_token - 1
    while k > p.lo and p.doc[k].tag_ == "RB":
        k -= 1
    if k < p.lo or p.doc[k].lower_ != "to":
        return False
    before = " ".join(p.doc[j].lower_ for j in range(max(p.lo, k - 3), k))
    return before.endswith(("as if", "as though", "as much as"))


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
    speaker = mention(p, sh, lo, hi, cue) if sh is not None else None
    ah = addressee_head(p, cue, lo, hi)
    addressee = mention(p, ah, lo, hi, cue) if ah is not None and ah != sh else None
    neg, hyp = modality(p, cue)
    return Attribution(sieve, confidence, _cue_span(p, cue), cue.i, speaker, addressee, neg, hyp)


# --- the sieves -----------------------------------------------------------------------

_CLAUSE_OPENERS = frozenset({"when", "because", "while", "if", "after", "before", "since",
                            "although", "though", "until", "unless", "who", "which", "whom",
                            "whose", "where", "whereas", "whether", "what", "but"})
_DASHES = frozenset({"\u2015", "\u2014", "\u2013", "--", "-"})
_ASIDE_MARKS = frozenset({"as", "while", "when"})
_NOT_SPEAKER_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY",
                               "QUANTITY"})
_DASH_CHARS = frozenset("\u2015\u2014\u2013-")


def _after_cue(p: Para, k: int) -> Optional[Tuple[Attribution, bool]]:
    """The first cue after the quotation that has a speaker, and whether it reads as
    the quotation's own speech tag (strong) or as the next sentence (weak)."""
    lo, hi = p.after_frame(k)
    if lo >= hi:
        return None
    unit = p.units[k]
    inline = unit.inline
    if p.text[unit.end - 1] in ".!?" and (inline or unit.a > p.lo and not (p.doc[unit.a - 1].is_punct
                                                                  or p.doc[unit.a - 1].is_space)) \
            and not _tag_verb_first(p, lo, hi):
        return None  # 'branded it an "outlaw nation." Russia insisted': the next sentence
    owned = _owned_reply(p, lo, hi)
    if owned is not None:
        return owned, True
    for cue in p.cues_in(lo, hi):
        if cue.pos == "noun":
            continue
        if any(p.doc[i].lower_ in _CLAUSE_OPENERS
               or (p.doc[i].lower_ == "that" and p.doc[i].dep_ == "mark")
               for i in range(lo, cue.i)):
            return None  # "…," when Clinton blasted him / "…" and that he had seen: a new clause
        if p.doc[cue.i].tag_ == "VBG" and all(p.doc[i].is_punct for i in range(lo, cue.i)):
            return None  # '"…," adding that …': the quotation's tag came before it
        if inline and not _adjacent_tag(p, lo, cue):
            return None
        subjects = [c.i for c in p.doc[cue.i].children if c.dep_ in SUBJ_DEPS]
        if inline and subjects and all(unit.a <= i < unit.b for i in subjects):
            return None  # 'the "sharing model" reflects a better way': the quotation is the subject
        att = attribute_cue(p, cue, lo, hi, "cue_after", 0.95)
        if att.speaker is not None:
            return att, _tag_like(p, k, lo, cue)
    return None


_BE_FORMS = frozenset({"was", "were"})
_OWNER_TAGS = frozenset({"PRP$", "NNP", "NNPS", "POS", "JJ", "RB", "DT"})


def _owned_reply(p: Para, lo: int, hi: int) -> Optional[Attribution]:
    """``"Not at all," was her answer`` / ``was Mr. Hale's cool reply``: a speech noun
    right after the quotation, whose owner is the speaker."""
    words = [i for i in range(lo, min(hi, lo + 8)) if not (p.doc[i].is_punct or p.doc[i].is_space)]
    if len(words) < 3 or p.doc[words[0]].lower_ not in _BE_FORMS:
        return None
    for i in words[1:6]:
        cue = p.cue_at(i)
        if cue is not None and cue.pos == "noun":
            owner = next((c.i for c in p.doc[i].children if c.dep_ == "poss" and lo <= c.i < i), None)
            if owner is None:
                return None
            speaker = mention(p, owner, lo, hi, cue)
            return Attribution("cue_after", 0.9, _cue_span(p, cue), cue.i, speaker)
        if tag_of(p.doc[i]) not in _OWNER_TAGS:
            return None
    return None


def _tag_verb_first(p: Para, lo: int, hi: int) -> bool:
    """``And "Fact!" repeated Gradgrind``: a lower-case speech verb right after the mark,
    its subject after it."""
    k = next((i for i in range(lo, hi) if not (p.doc[i].is_punct or p.doc[i].is_space)), -1)
    return k >= 0 and p.doc[k].text[:1].islower() and p.cue_at(k) is not None \
        and any(c.dep_ in SUBJ_DEPS and c.i > k for c in p.doc[k].children)


def _adjacent_tag(p: Para, lo: int, cue: CueMatch) -> bool:
    """``…," says Paul`` / ``…," Trump said``: the cue right after the quotation, with
    at most a short subject before it."""
    words = [i for i in range(lo, cue.i) if not (p.doc[i].is_punct or p.doc[i].is_space)]
    return len(words) <= 3 and all(is_nounish(p.doc[i]) or p.doc[i].tag_ == "DT" for i in words)


def _tag_like(p: Para, k: int, lo: int, cue: CueMatch) -> bool:
    if p.text[p.units[k].end - 1] not in ".!?":
        return True  # '"…," he said' / '"…" he said'
    words = [i for i in range(lo, cue.i) if not (p.doc[i].is_punct or p.doc[i].is_space)]
    if not words:
        return True  # '"…!" said Alice'
    first = p.doc[words[0]]
    return first.text[:1].islower() or len(words) <= 4


def cue_after(p: Para, k: int) -> Optional[Attribution]:
    """``"…," Lavrov said`` / ``"…," said Lavrov`` / ``"…," he said, "…"``."""
    found = _after_cue(p, k)
    return found[0] if found is not None and found[1] else None


def cue_after_weak(p: Para, k: int) -> Optional[Attribution]:
    """``"…." Trump said it twice.``: a cue in the sentence after the quotation."""
    found = _after_cue(p, k)
    if found is None:
        return None
    att = found[0]
    att.sieve, att.confidence = "cue_after_weak", 0.6
    return att


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
    # "remarking as it went, "…"": a short "as"/"while" clause on the cue may intervene
    aside = set()
    for c in doc[cue.i].children:
        if c.dep_ == "advcl" and c.i > cue.j and c.right_edge.i - c.left_edge.i < 5 and any(
                g.dep_ == "mark" and g.lower_ in _ASIDE_MARKS for g in c.children):
            aside.update(range(c.left_edge.i, c.right_edge.i + 1))
    between = [i for i in range(cue.j + 1, hi)
               if not (doc[i].is_punct or doc[i].is_space) and i not in aside]
    # a participle used as an adjective ("with a good-humoured smile") is no verb here
    if len(between) > 10 or any(tag_of(doc[i]) in _VERB_TAGS and doc[i].dep_ != "amod" for i in between):
        return None
    last = hi - 1
    if not (doc[last].text in (":", ",") or doc[last].text in _DASHES
            or doc[last].lower_ in ("that", "as") or last == cue.j or not between
            or _run_in_aside(p, k, between)):
        return None
    if last == cue.j and _infinitive_object(p, k):
        return None  # 'will continue "to connect the islands"': no speech
    att = attribute_cue(p, cue, lo, hi, "cue_before", 0.93)
    return att if att.speaker is not None else None


def _infinitive_object(p: Para, k: int) -> bool:
    """Is quotation ``k`` an infinitive ("would continue "to break barriers"")?"""
    u = p.units[k]
    words = [i for i in range(u.a, min(u.b, u.a + 4))
             if not (p.doc[i].is_punct or p.doc[i].is_space)][:2]
    return len(words) == 2 and p.doc[words[0]].lower_ == "to" and p.doc[words[1]].tag_ == "VB"


_ASIDE_TAGS = frozenset({"IN", "PRP", "RB", "NNS"})


def _run_in_aside(p: Para, k: int, between: List[int]) -> bool:
    """``saying to herself "This is Bill,"``, ``repeated at intervals "What would he
    say?"``: a short phrase between the cue and a quoted sentence run straight in."""
    content = p.text[p.units[k].start:p.units[k].end]
    return len(between) <= 3 and content[:1].isupper() and p.doc[between[-1]].tag_ != "IN" \
        and all(p.doc[i].tag_ in _ASIDE_TAGS for i in between)  # not 'talking about "Collapse"'


def _bare_name(p: Para, words: List[int], lo: int, hi: int) -> Optional[Mention]:
    doc = p.doc
    if not words or len(words) > 6:
        return None
    if not all(tag_of(doc[i]) in ("NNP", "NNPS") or doc[i].ent_type_ == "PERSON"
               or doc[i].text == "." or (doc[i].is_title or doc[i].is_upper) and doc[i].is_alpha
               for i in words):  # "LAVROV:", which the tagger may read as a verb
        return None
    if any(doc[i].lower_ in NOT_SPEAKERS for i in words):
        return None
    head = words[-1]
    while doc[head].head.i != head and doc[head].head.i in words:
        head = doc[head].head.i
    m = mention(p, head, lo, hi)
    if m.kind == "nominal":  # capitalised and standing alone before a colon: a name
        m.kind, m.name = "name", m.text
    return m


def _clause_subject(p: Para, lo: int, hi: int) -> Optional[int]:
    """The subject of the main verb of the clause ``[lo, hi)``, if it is nounish."""
    doc = p.doc
    for i in range(lo, hi):
        tok = doc[i]
        if tok.dep_ in SUBJ_DEPS and not p.blocked(i) and (is_nounish(tok) or tok.tag_ == "DT"):
            h = tok.head
            if h.dep_ == "ROOT" or not (lo <= h.head.i < hi):
                return i
    for i in range(lo, hi):  # a misparse that made the subject's name the root
        tok = doc[i]
        if tok.dep_ == "ROOT" and tok.tag_ in PROPN_TAGS and not p.blocked(i):
            return i
    return None


def _colon(p: Para, i: int) -> Tuple[int, int, str]:
    """The colon that introduces a quotation, as its cue."""
    return p.char_start(i), p.char_end(i), "colon"


def colon_subject(p: Para, k: int) -> Optional[Attribution]:
    """``The piece used her words as its headline: "…"``: no cue word, but a clause
    ending in a colon right before the quotation; its subject is the source."""
    if p.units[k].inline:
        return None
    lo, hi = p.before_frame(k)
    if hi - lo < 3 or p.doc[hi - 1].text != ":":
        return None
    head = _clause_subject(p, lo, hi - 1)
    if head is None:
        return None
    if p.doc[head].dep_ == "nsubjpass":  # "… is exemplified by this finding:"
        head = _agent(p, p.doc[head].head, lo, hi - 1) or head
    return Attribution("colon_subject", 0.7, _colon(p, hi - 1), -1, mention(p, head, lo, hi - 1))


def beat_before(p: Para, k: int) -> Optional[Attribution]:
    """``Lucy felt she had been selfish. "Charlotte, …"``: a quotation that opens a
    sentence right after a sentence about a person in the same paragraph."""
    unit = p.units[k]
    if unit.inline:
        return None
    lo, hi = p.before_frame(k)
    if any(not (p.doc[i].is_punct or p.doc[i].is_space) for i in range(lo, hi)):
        return None
    a, _ = p.gap_before(k)
    if a >= lo:
        return None
    # the sentence before the quotation
    s_hi = lo
    while s_hi > a and (p.doc[s_hi - 1].is_punct or p.doc[s_hi - 1].is_space):
        s_hi -= 1
    e = p.last_sent_end_in(a, s_hi)
    s_lo = e + 1 if e >= 0 else a
    for prev in p.units[max(0, k - 2):k]:
        att = prev.attribution
        if att is not None and s_lo <= att.cue_token < s_hi:  # type: ignore[attr-defined]
            return None  # the sentence is the previous quotation's tag: a continuation
    head = _clause_subject(p, s_lo, s_hi)
    if head is None:
        return None
    m = mention(p, head, s_lo, s_hi)
    if m.kind not in ("name", "pronoun", "nominal") or m.person == 1 and m.kind == "pronoun":
        return None
    if m.kind == "nominal" and m.title is None:
        return None
    if m.kind == "pronoun" and m.head in ("it", "they", "them"):
        return None
    # 'Cummings called him a master. "He showed …"': the quotation goes on with that act
    verb = p.cue_at(p.doc[head].head.i)
    if verb is not None and verb.pos == "verb" and verb.entry.cls != "cognition" \
            and not modality(p, verb)[0]:
        return Attribution("beat_before", 0.6, _cue_span(p, verb), -1, m)
    return Attribution("beat_before", 0.6, None, -1, m)


def colon_name(p: Para, k: int) -> Optional[Attribution]:
    """``Lavrov: "We will …"``: a bare name and a colon before the quotation."""
    if p.units[k].inline:
        return None
    lo, hi = p.before_frame(k)
    doc = p.doc
    if hi - lo < 2 or doc[hi - 1].text != ":":
        return None
    speaker = _bare_name(p, [i for i in range(lo, hi - 1) if not (doc[i].is_punct or doc[i].is_space)], lo, hi - 1)
    return Attribution("colon_name", 0.85, _colon(p, hi - 1), -1, speaker) if speaker else None


def dash_name(p: Para, k: int) -> Optional[Attribution]:
    """``"…" ― Jane Doe``: a dash and a bare name after the quotation."""
    unit = p.units[k]
    if unit.inline or unit.mq.close < 0:
        return None
    lo, hi = p.gap_after(k)
    text, doc = p.text, p.doc
    # the dash is read off the text: the tokenizer may glue it to the closing mark ("”―")
    j = unit.mq.close + unit.mq.close_len
    while j < len(text) and text[j] in " \t\u00a0":
        j += 1
    if j >= len(text) or text[j] not in _DASH_CHARS:
        return None
    dash_end = j + (2 if text.startswith("--", j) else 1)
    i = lo
    while i < hi and p.char_start(i) < dash_end:
        i += 1
    end = i
    while end < hi and not p.is_sent_end(end) and doc[end].text not in ("(", ",", ";"):
        end += 1
    words = [w for w in range(i, end) if not (doc[w].is_punct or doc[w].is_space)]
    speaker = _bare_name(p, words, i, end)
    if speaker is None:
        return None
    return Attribution("dash_name", 0.85, (j, dash_end, "dash"), -1, speaker)


def colon_intro(p: Para) -> Optional[Attribution]:
    """For a paragraph that ends with a colon (``The New York Times reports:``), the
    attribution it gives the quotation that opens the next paragraph."""
    hi = p.hi
    while hi > p.lo and (p.doc[hi - 1].is_space or p.doc[hi - 1].text != ":"):
        hi -= 1
    if hi <= p.lo:
        return None
    hi -= 1
    lo = hi
    while lo > p.lo and not p.is_sent_end(lo - 1) and not p.blocked(lo - 1):
        lo -= 1
    cues = p.cues_in(lo, hi)
    if cues:
        cue = cues[-1]
        att = attribute_cue(p, cue, lo, hi, "colon_intro", 0.85)
        if att.speaker is None:
            head = _clause_subject(p, lo, hi)
            att.speaker = mention(p, head, lo, hi, cue) if head is not None else None
        return att if att.speaker is not None else None
    head = _clause_subject(p, lo, hi)
    if head is None:
        return None
    return Attribution("colon_intro", 0.7, None, -1, mention(p, head, lo, hi))


def _last_sentence(p: Para) -> Tuple[int, int]:
    """The tokens of the paragraph's last sentence, without its final punctuation."""
    hi = p.hi
    while hi > p.lo and (p.doc[hi - 1].is_space or p.doc[hi - 1].is_punct):
        hi -= 1
    lo = hi
    while lo > p.lo and not p.is_sent_end(lo - 1):
        lo -= 1
    return lo, hi


def narration_intro(p: Para, fiction: bool = False) -> Optional[Attribution]:
    """For a paragraph of narration only, the attribution its last sentence gives a
    quotation opening the next paragraph: a speech cue with a speaker ("Mrs. Hurst
    began again."), or a person as the subject ("Mr. Darcy turned to her."). In a
    novel, a cue that reports what was said ("…, as she assured her that it was not
    the case.") introduces nothing: the next quotation is usually the answer."""
    lo, hi = _last_sentence(p)
    if hi - lo < 2:
        return None
    for cue in reversed(p.cues_in(lo, hi)):
        if cue.pos == "verb":
            if fiction and any(c.dep_ == "ccomp" and c.i > cue.i for c in p.doc[cue.i].children):
                return None
            att = attribute_cue(p, cue, lo, hi, "intro_cue", 0.75)
            if att.speaker is not None and _personlike(att.speaker):
                return att
    head = _clause_subject(p, lo, hi)
    if head is None:
        return None
    m = mention(p, head, lo, hi)
    if not _personlike(m):
        return None
    return Attribution("intro_beat", 0.55, None, -1, m)


def silence(p: Para) -> Optional[int]:
    """Does the last sentence of a paragraph of narration say someone kept silent ("He
    made no answer.", "Miss Bartlett was silent.", "There was no reply.")? Returns the
    character offset of that person's mention, -1 if the sentence names no one, and
    None if it is not about silence. The words are ``data/silence.tsv``."""
    if p.text[p.seg.start:p.seg.end].rstrip()[-1:] in (",", ":", ";", "-", "—"):
        return None  # the paragraph runs on into the quotation: it introduces it
    lo, hi = _last_sentence(p)
    words = p.lex.silence
    doc = p.doc
    found = False
    for i in range(lo, hi):
        tok = doc[i]
        kids = {c.dep_: c.lower_ for c in tok.children}
        word, tag = tok.lower_, tok.tag_
        if tag.startswith("VB") and word in words.get("verb", ()):
            found = "neg" in kids or kids.get("dobj") == "nothing"
        elif tag.startswith("NN") and word in words.get("object", ()):
            found = tok.dep_ in ("dobj", "attr", "nsubj") and kids.get("det") == "no"
        elif tag == "JJ" and word in words.get("state", ()):
            found = tok.dep_ in ("acomp", "ROOT", "oprd")
        if found:
            break
    if not found or any(c.pos == "verb" and c.i != i and c.entry.cls != "cognition"
                        for c in p.cues_in(lo, hi)):
        return None  # "…, but he said nothing, and she continued,"
    head = _clause_subject(p, lo, hi)
    if head is None or doc[head].dep_ == "expl":
        return -1
    m = mention(p, head, lo, hi)
    return m.start if _personlike(m) else None


def _personlike(m: Mention) -> bool:
    if m.kind == "name":
        return m.label in ("PERSON", "")
    if m.kind == "pronoun":
        return m.person == 3 and m.number == "sg" and m.gender in ("m", "f")
    return m.kind == "nominal" and m.title is not None


Sieve = Callable[[Para, int], Optional[Attribution]]
DIRECT_SIEVES: Sequence[Tuple[str, Sieve]] = (
    ("cue_after", cue_after),
    ("cue_before", cue_before),
    ("dash_name", dash_name),
    ("colon_name", colon_name),
    ("colon_subject", colon_subject),
    ("cue_after_weak", cue_after_weak),
    ("beat_before", beat_before),
)


def attribute_units(p: Para, sieves: Sequence[Tuple[str, Sieve]] = DIRECT_SIEVES,
                    fiction: bool = False) -> None:
    """Run the sieves on every quotation of the paragraph, then group interrupted
    quotations (``"We agree," he said, "on this."``) into one. ``fiction`` also groups
    across a tag that ends in its speaker or ", and" (see ``group_units``)."""
    for k, unit in enumerate(p.units):
        for _, sieve in sieves:
            att = sieve(p, k)
            if att is not None:
                unit.attribution = att
                break
    group_units(p, fiction)


def _tag_only(p: Para, a: int, b: int, cue_token: int) -> bool:
    """Is the text between two quotations just the speech tag holding ``cue_token``?"""
    words = [i for i in range(a, b) if not (p.doc[i].is_punct or p.doc[i].is_space)]
    return a <= cue_token < b and len(words) <= 15


def group_units(p: Para, fiction: bool = False) -> None:
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
        # in a novel only the words between the two quotations count as the tag; news
        # reads on past a short inline quotation
        a, b = (prev.b, u.a) if fiction else p.gap_after(k - 1)
        if any(p.is_sent_end(i) for i in range(a, b)):
            continue  # '"…," he said. "…"' is two quotations; the second continues the first
        if b > a and not (p.doc[b - 1].is_punct or p.doc[b - 1].is_space) \
                and (prev.inline or not fiction or not _tag_end(p, pa, a, b)):
            continue  # 'he said, adding that "…"': the quotation runs into a clause
        if _tag_only(p, a, b, pa.cue_token) or (ua is not None and ua.cue_token == pa.cue_token):
            # '"…," replied Darcy, to whom this was addressed, "…"': one speech tag
            u.group = prev.group
            u.attribution = None


def _tag_end(p: Para, att: Attribution, a: int, b: int) -> bool:
    """Does the tag between two quotations end with its speaker (a comma left out:
    'said Fearenside "You'd better."') or with ", and" ('said the stranger, and
    "Shut that door."')?"""
    last = p.doc[b - 1]
    if last.lower_ == "and":
        return b - 2 >= a and p.doc[b - 2].text == ","
    m = att.speaker
    return m is not None and m.start <= p.char_start(b - 1) < m.end \
        and last.tag_ in ("NNP", "NNPS", "PRP")


def units_by_group(p: Para) -> List[List[int]]:
    groups: List[List[int]] = []
    for k, u in enumerate(p.units):
        if groups and p.units[groups[-1][0]].group == u.group:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups
