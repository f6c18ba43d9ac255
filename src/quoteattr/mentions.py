"""Mentions of people and organisations: noun-phrase bounds, names and features."""
from __future__ import annotations

from typing import Callable, List, Optional, Tuple

from attrs import define

from .lexicon import Lexicons

NOUNISH_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "PRP"})
PROPN_TAGS = frozenset({"NNP", "NNPS"})
_CLAUSAL = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "conj", "cc"})
_NAME_ENTS = frozenset({"PERSON"})
_GROUP_ENTS = frozenset({"ORG", "NORP", "GPE", "FAC"})


@define(slots=True)
class Mention:
    """A mention of a (possible) speaker, in text offsets, with what we know of it."""

    start: int
    end: int
    text: str
    kind: str  # "name", "pronoun", "nominal", "group"
    head: str  # lower-case head word ("lavrov", "he", "minister")
    name: Optional[str] = None  # the personal name it carries, titles stripped
    gender: str = "-"  # m, f or -
    number: str = "sg"  # sg, pl or -
    person: int = 3
    label: str = ""  # NER label of the head, if any
    para: int = -1
    possessor: Optional[str] = None  # "his" in "his wife"
    title: Optional[str] = None  # the role or title word it carries ("minister")
    subject: bool = False  # subject of its clause


def tag_of(tok) -> str:
    return tok.tag_ or {"PROPN": "NNP", "NOUN": "NN", "PRON": "PRP"}.get(tok.pos_, "")


def is_nounish(tok) -> bool:
    return tag_of(tok) in NOUNISH_TAGS


def np_bounds(doc, head: int, lo: int, hi: int, blocked: Callable[[int], bool]
              ) -> Tuple[int, int]:
    """Token range ``[a, b)`` of the noun phrase headed by ``head``, kept inside
    ``[lo, hi)``, clear of blocked tokens (quotes, the cue) and of clauses on its right."""
    tok = doc[head]
    a, b = tok.left_edge.i, tok.right_edge.i + 1
    for child in tok.rights:
        if child.dep_ in _CLAUSAL:
            b = min(b, child.left_edge.i)
    a, b = min(max(a, lo), head), max(min(b, hi), head + 1)
    for k in range(head - 1, a - 1, -1):
        if blocked(k):
            a = k + 1
            break
    for k in range(head + 1, b):
        if blocked(k):
            b = k
            break
    while a < head and (doc[a].is_punct or doc[a].is_space):
        a += 1
    while b - 1 > head and (doc[b - 1].is_punct or doc[b - 1].is_space
                            or doc[b - 1].dep_ in ("cc", "prep", "case") and b - 1 > head):
        b -= 1
    return a, b


def _entity_bounds(doc, i: int) -> Tuple[int, int]:
    a = i
    while a > 0 and doc[a].ent_iob_ == "I":
        a -= 1
    b = i + 1
    while b < len(doc) and doc[b].ent_iob_ == "I":
        b += 1
    return a, b


def looks_like_name(tok) -> bool:
    """A capitalised word inside a sentence that the tagger did not call a proper noun
    ("said Fearenside", tagged as an adverb)."""
    return tok.is_alpha and tok.text[:1].isupper() and not tok.is_sent_start \
        and tag_of(tok) not in ("PRP", "PRP$", "DT", "IN", "CC", "WDT", "WP", "MD", "UH") \
        and not tok.is_stop


def _strip_word(tok) -> str:
    return tok.lower_.rstrip(".")


def name_tokens(doc, a: int, b: int, head: int, lex: Lexicons
                ) -> Tuple[Optional[Tuple[int, int]], Optional[str], str]:
    """The personal-name tokens inside ``[a, b)`` around ``head``: ``(range, title,
    label)``; range is None when the phrase carries no name."""
    tok = doc[head]
    label = tok.ent_type_
    if label in _NAME_ENTS or (label == "" and (tag_of(tok) in PROPN_TAGS or looks_like_name(tok))):
        if label:
            s, e = _entity_bounds(doc, head)
            s, e = max(s, a), min(e, b)
        else:
            s = e = head
            while s - 1 >= a and tag_of(doc[s - 1]) in PROPN_TAGS and not doc[s - 1].ent_type_:
                s -= 1
            e = head + 1
            while e < b and tag_of(doc[e]) in PROPN_TAGS and not doc[e].ent_type_:
                e += 1
        # titles before the name ("Foreign Minister", "Mr.") stay out of the core
        title = None
        honorific = None
        k = s
        while k < e - 1:
            w = _strip_word(doc[k])
            if w in lex.honorifics:
                kind = lex.honorifics[w][1]
                if kind == "modifier":
                    k += 1
                    continue
                honorific = k
                title = w
                k += 1
                continue
            if w in lex.person_nouns and lex.person_nouns[w].kind == "role":
                title = w
                k += 1
                continue
            break
        # an honorific just outside the entity: "Mr." tagged apart from "Bennet"
        if honorific is None and s - 1 >= a and _strip_word(doc[s - 1]) in lex.honorifics \
                and lex.honorifics[_strip_word(doc[s - 1])][1] != "modifier":
            honorific = s - 1
            title = title or _strip_word(doc[s - 1])
        core_s, core_e = k, e
        while core_e > core_s and (doc[core_e - 1].tag_ == "POS" or doc[core_e - 1].is_punct):
            core_e -= 1
        if core_e <= core_s:
            return None, title, label
        if core_e - core_s == 1 and honorific is not None and honorific < core_s:
            if lex.honorifics.get(_strip_word(doc[honorific]), ("-", ""))[1] == "honorific" \
                    or _strip_word(doc[core_s]) not in lex.first_names:
                core_s = honorific
        return (core_s, core_e), title, label
    return None, None, label


def gender_of(words: List[str], title: Optional[str], lex: Lexicons) -> str:
    if title:
        if title in lex.honorifics and lex.honorifics[title][0] in ("m", "f"):
            return lex.honorifics[title][0]
        if title in lex.person_nouns and lex.person_nouns[title].gender in ("m", "f"):
            return lex.person_nouns[title].gender
    for w in words:
        g = lex.honorifics.get(w)
        if g and g[0] in ("m", "f"):
            return g[0]
        fn = lex.first_names.get(w)
        if fn in ("m", "f"):
            return fn
        if fn is None and w not in lex.honorifics:
            break
    return "-"


def make_mention(doc, head: int, lo: int, hi: int, offset: int, text: str, para: int,
                 lex: Lexicons, blocked: Callable[[int], bool]) -> Mention:
    """A Mention for the noun phrase headed by token ``head``."""
    tok = doc[head]
    a, b = np_bounds(doc, head, lo, hi, blocked)
    start, end = offset + doc[a].idx, offset + doc[b - 1].idx + len(doc[b - 1])
    low = tok.lower_
    subject = tok.dep_ in ("nsubj", "nsubjpass")
    pron = lex.pronouns.get(low)
    if pron is not None and tag_of(tok) in ("PRP", "PRP$", "NN", "NNP", ""):
        return Mention(start, end, text[start:end], "pronoun", low, None, pron.gender,
                       pron.number, pron.person, "", para, subject=subject)
    rng, title, label = name_tokens(doc, a, b, head, lex)
    number = "pl" if tag_of(tok) in ("NNS", "NNPS") else "sg"
    if rng is not None:
        s, e = rng
        ns, ne = offset + doc[s].idx, offset + doc[e - 1].idx + len(doc[e - 1])
        name = text[ns:ne]
        words = [_strip_word(doc[k]) for k in range(s, e)]
        if title is None and s > a:
            w = _strip_word(doc[s - 1])
            if w in lex.person_nouns or w in lex.honorifics:
                title = w
        gender = gender_of(words, title, lex)
        return Mention(start, end, text[start:end], "name", low, name, gender, number, 3,
                       label, para, title=title, subject=subject)
    if label in _GROUP_ENTS or (label and label not in _NAME_ENTS):
        es, ee = _entity_bounds(doc, head)
        es, ee = max(es, a), min(ee, b)
        ns, ne = offset + doc[es].idx, offset + doc[ee - 1].idx + len(doc[ee - 1])
        return Mention(start, end, text[start:end], "group", low, text[ns:ne], "-", number, 3,
                       label, para, subject=subject)
    possessor = None
    for child in tok.lefts:
        if child.dep_ == "poss":
            possessor = child.lower_
    noun = lex.person_nouns.get(low) or lex.person_nouns.get(tok.lemma_.lower() if tok.lemma_ else low)
    gender = noun.gender if noun is not None and noun.gender in ("m", "f") else "-"
    return Mention(start, end, text[start:end], "nominal", low, None, gender, number, 3, label,
                   para, possessor=possessor, title=low if noun is not None else None,
                   subject=subject)


_VOCATIVE_BEFORE = frozenset({",", "\u201c", "\u2018", '"', "'", "dear", "oh", "o", "ah", "my",
                              "!", "?", ".", "--", "\u2014", ";", ":"})
_VOCATIVE_AFTER = frozenset({",", "!", "?", ".", "\u201d", "\u2019", '"', "'", "--", "\u2014",
                             ";", ":"})
_PARTICLES = frozenset({"van", "der", "von", "de", "du", "la", "le", "di", "da", "del", "den"})
_TRACKED_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})


def _name_runs(doc, lo: int, hi: int, lex: Lexicons):
    """Runs ``[a, b)`` of tokens forming a personal name: PERSON entities, and runs of
    proper nouns after an honorific that the recogniser missed."""
    i = lo
    while i < hi:
        tok = doc[i]
        if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B":
            b = i + 1
            while b < hi and doc[b].ent_iob_ == "I":
                b += 1
            a = i
            if a > lo and _strip_word(doc[a - 1]) in lex.honorifics:
                a -= 1
            yield a, b
            i = b
            continue
        w = _strip_word(tok)
        if tag_of(tok) in PROPN_TAGS and not tok.ent_type_ and tok.dep_ in ("nsubj", "nsubjpass") \
                and (i == lo or tag_of(doc[i - 1]) not in PROPN_TAGS):
            yield i, i + 1  # a proper noun as subject the recogniser missed ("the Dodo")
            i += 1
            continue
        if w in lex.honorifics and lex.honorifics[w][1] != "modifier" and i + 1 < hi \
                and (tag_of(doc[i + 1]) in PROPN_TAGS or doc[i + 1].lower_ in _PARTICLES) \
                and not doc[i + 1].ent_type_:
            b = i + 1
            while b < hi and (tag_of(doc[b]) in PROPN_TAGS and not doc[b].ent_type_
                              or doc[b].lower_ in _PARTICLES and b + 1 < hi):
                b += 1
            yield i, b
            i = b
            continue
        i += 1


def collect(doc, lo: int, hi: int, offset: int, text: str, para: int, lex: Lexicons,
            in_quote: Callable[[int], bool]) -> Tuple[List[Mention], List[Mention]]:
    """The mentions of people in one paragraph segment: ``(narration, vocatives)``.

    Narration mentions are names, titled or personal nouns and subject pronouns
    outside quotations, in text order; vocatives are names addressed inside
    quotations ("Oh, Lucy!", "my dear Mr. Bennet,")."""
    narration: List[Mention] = []
    vocatives: List[Mention] = []
    names = list(_name_runs(doc, lo, hi, lex))
    k = 0
    never = lambda i: False  # noqa: E731
    for i in range(lo, hi):
        if k < len(names) and names[k][0] == i:
            a, b = names[k]
            k += 1
            head = b - 1
            while doc[head].tag_ == "POS" and head > a:
                head -= 1
            m = make_mention(doc, head, a, b, offset, text, para, lex, never)
            if m.kind != "name":
                continue
            m.subject = any(doc[j].dep_ in ("nsubj", "nsubjpass") for j in range(a, b))
            if not in_quote(i):
                narration.append(m)
            elif a > lo and b < hi and doc[a - 1].lower_ in _VOCATIVE_BEFORE \
                    and doc[b].text in _VOCATIVE_AFTER:
                vocatives.append(m)
            continue
        if in_quote(i):
            continue
        tok = doc[i]
        dep = tok.dep_
        if dep not in ("nsubj", "nsubjpass"):
            continue
        low = tok.lower_
        if low in _TRACKED_PRONOUNS and tag_of(tok) == "PRP":
            m = make_mention(doc, i, i, i + 1, offset, text, para, lex, never)
            m.subject = True
            narration.append(m)
        elif tag_of(tok) in ("NN",) and low in lex.person_nouns:
            m = make_mention(doc, i, lo, hi, offset, text, para, lex, in_quote)
            m.subject = True
            narration.append(m)
    return narration, vocatives
