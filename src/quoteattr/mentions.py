"""Mentions of people and organisations: noun-phrase bounds, names and features."""
from __future__ import annotations

from typing import Callable, FrozenSet, Iterator, List, Optional, Set, Tuple

from attrs import define

from .lexicon import Lexicons, string_ids
from .segments import Columns, positions, token_columns

NOUNISH_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "PRP"})
PROPN_TAGS = frozenset({"NNP", "NNPS"})
_CLAUSAL = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "conj", "cc"})
_NAME_ENTS = frozenset({"PERSON"})
_GROUP_ENTS = frozenset({"ORG", "NORP", "GPE", "FAC"})
_QUANTITY_ENTS = frozenset({"CARDINAL", "PERCENT", "QUANTITY", "ORDINAL"})


@define(slots=True)
class Mention:
    """A mention of a (possible) speaker, in text offsets, with what we know of it."""

    start: int
    end: int
    text: str
    kind: str  # "name", "pronoun", "nominal", "group", "relative"
    head: str  # lower-case head word ("lavrov", "he", "minister")
    name: Optional[str] = None  # the personal name it carries, titles stripped
    gender: str = "-"  # m, f or -
    number: str = "sg"  # sg, pl or -
    person: int = 3
    label: str = ""  # NER label of the head, if any
    para: int = -1
    possessor: Optional[str] = None  # "his" in "his wife"
    antecedent: Optional["Mention"] = None  # what a relative "who" stands for
    title: Optional[str] = None  # the role or title word it carries ("minister")
    subject: bool = False  # subject of its clause
    main: bool = False  # subject of the sentence's main clause ("She felt that Jane …")
    place: bool = False  # a name after a preposition of place ("went to Meryton")


def _in_main_clause(tok) -> bool:
    """Is ``tok`` (a subject, or the owner of one) in the sentence's main clause?"""
    v = tok.head
    if tok.dep_ == "poss":
        v = v.head
    while v.dep_ in ("conj", "xcomp") and v.head.i != v.i:
        v = v.head
    return v.dep_ == "ROOT"


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
        if child.dep_ in _CLAUSAL or (child.dep_ == "prep" and tag_of(tok) in PROPN_TAGS) \
                or child.dep_ == "advmod" or child.dep_ == "prep" and child.lower_ == "to":
            # "Okafor in French" is Okafor; so is "Cecil stiffly", and "the old woman to
            # Stephen" is the old woman
            b = min(b, child.left_edge.i)
    for child in tok.rights:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON" and child.i >= b:
            b = child.right_edge.i + 1  # "The Mayor of Lindqvist Bay, Greta Lindqvist"
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
        if doc[b - 1].text == ")" and any(doc[k].text == "(" for k in range(a, b - 1)):
            break  # "Sen. Bernie Sanders (Vt.)" keeps its closing bracket
        b -= 1
    return a, b


_VOICE_NOUNS = frozenset({"voice", "voices", "tones"})


def _voice_owner(tok, lo: int, hi: int, blocked: Callable[[int], bool]) -> Optional[int]:
    """The person whose voice speaks: the owner in "Cecil's voice", the object of "of"
    in "the voice of old Mr. Emerson". None for "a voice", "his voice" (a pronoun owner
    is left to the caller) or any other noun."""
    if tok.lower_ not in _VOICE_NOUNS:
        return None
    for c in tok.children:
        if c.dep_ == "poss" and tag_of(c) in PROPN_TAGS and lo <= c.i < hi and not blocked(c.i):
            return c.i
        if c.dep_ == "prep" and c.lower_ == "of" and c.i > tok.i:
            for g in c.children:
                if g.dep_ == "pobj" and tag_of(g) in PROPN_TAGS and lo <= g.i < hi \
                        and not blocked(g.i):
                    return g.i
    return None


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


_PLACE_PREPS = frozenset({"to", "at", "in", "from", "near", "into", "towards", "toward",
                          "through"})


def _first_name_subject(tok, lex: Lexicons) -> bool:
    """A subject that is a capitalised first name the tagger took for a common noun
    ("Cecil wondered at himself" opening a paragraph)."""
    return tok.is_title and tok.lower_ in lex.first_names and tok.dep_ in ("nsubj", "nsubjpass")


def _strip_word(tok) -> str:
    return tok.lower_.rstrip(".")


def _appositions(tok):
    """Appositions to a noun, and to the end of its prepositional phrase, where the
    parser often hangs them ("his partner at Lenox, Lawrence Cummings")."""
    for child in tok.rights:
        if child.dep_ == "appos":
            yield child
        elif child.dep_ == "prep":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield from (g for g in obj.rights if g.dep_ == "appos")


def name_tokens(doc, a: int, b: int, head: int, lex: Lexicons
                ) -> Tuple[Optional[Tuple[int, int]], Optional[str], str]:
    """The personal-name tokens inside ``[a, b)`` around ``head``: ``(range, title,
    label)``; range is None when the phrase carries no name."""
    tok = doc[head]
    word = _strip_word(tok)
    share = tok.ent_type_ in _QUANTITY_ENTS  # "one of the family's attorneys, Justin Bamberg"
    if word in lex.honorifics or word in lex.person_nouns or share:
        for child in _appositions(tok):  # "the Mayor of Lindqvist Bay, Greta Lindqvist"
            if child.ent_type_ == "PERSON" and a <= child.i < b:
                rng, _, label = name_tokens(doc, a, b, child.i, lex)
                if rng is not None:
                    return rng, None if share else word, label
    label = tok.ent_type_
    if label and label not in _NAME_ENTS and tag_of(tok) in PROPN_TAGS and not tok.is_upper:
        s = _entity_bounds(doc, head)[0]
        before = _strip_word(doc[s - 1]) if s - 1 >= a else ""
        if before in lex.honorifics and lex.honorifics[before][1] != "modifier":
            label = "PERSON"  # "Miss Lydia Bennet", which the recogniser took for a group
    if label in _NAME_ENTS or (label == "" and (tag_of(tok) in PROPN_TAGS or looks_like_name(tok)
                                                or _first_name_subject(tok, lex))):
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
        while core_s < core_e and doc[core_s].tag_ == "DT":
            core_s += 1  # "the Berry Hamilton that laughed"
        if core_e <= core_s or not any(doc[k].text[:1].isupper() for k in range(core_s, core_e)):
            return None, title, label  # no capital, no name: "thenceforward"
        surname_only = all(doc[k].text[:1].islower() for k in range(core_s, core_e - 1))
        if surname_only and honorific is not None and honorific < core_s:  # "Mr. van der Luyden"
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
    low = tok.lower_
    if tag_of(tok) in ("WP", "WDT") and tok.head.dep_ == "relcl" and tok.head.head.i != head:
        # "an architect who said": the mention is "who", the person the noun it stands for
        start, end = offset + tok.idx, offset + tok.idx + len(tok)
        ante = tok.head.head
        antecedent = make_mention(doc, ante.i, min(lo, ante.left_edge.i), max(hi, ante.i + 1),
                                  offset, text, para, lex, blocked) if is_nounish(ante) else None
        return Mention(start, end, text[start:end], "relative", low, None,
                       antecedent.gender if antecedent else "-",
                       antecedent.number if antecedent else "-", 3, "", para,
                       subject=True, antecedent=antecedent)
    if low.endswith("ly") and tok.text.islower() and head - 1 >= lo \
            and doc[head - 1].dep_ == "compound" and tag_of(doc[head - 1]) in PROPN_TAGS:
        # "said Cecil stiffly", the adverb parsed as the head noun: the name speaks
        return make_mention(doc, head - 1, lo, head, offset, text, para, lex, blocked)
    owner = _voice_owner(tok, lo, hi, blocked)
    if owner is not None:  # "said Cecil's voice", "the voice of old Mr. Emerson"
        return make_mention(doc, owner, lo, hi, offset, text, para, lex, blocked)
    a, b = np_bounds(doc, head, lo, hi, blocked)
    start, end = offset + doc[a].idx, offset + doc[b - 1].idx + len(doc[b - 1])
    subject = tok.dep_ in ("nsubj", "nsubjpass")
    pron = lex.pronouns.get("i" if low == "i." else low)  # "said I." ends a sentence
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
        place = tok.dep_ == "pobj" and tok.head.lower_ in _PLACE_PREPS
        return Mention(start, end, text[start:end], "name", low, name, gender, number, 3,
                       label, para, title=title, subject=subject, place=place)
    if label in _GROUP_ENTS or (label and label not in _NAME_ENTS):
        es, ee = _entity_bounds(doc, head)
        es, ee = max(es, a), min(ee, b)
        ns, ne = offset + doc[es].idx, offset + doc[ee - 1].idx + len(doc[ee - 1])
        # "73 percent of voters", "one in three": a share of people, with no name
        name = None if label in _QUANTITY_ENTS else text[ns:ne]
        return Mention(start, end, text[start:end], "group", low, name, "-", number, 3,
                       label, para, subject=subject)
    possessor = None
    for child in tok.lefts:
        if child.dep_ == "poss":
            possessor = child.lower_
    noun = lex.person_nouns.get(low)  # not lemma_: quoteattr's own model has no lemmatizer
    gender = noun.gender if noun is not None and noun.gender in ("m", "f") else "-"
    return Mention(start, end, text[start:end], "nominal", low, None, gender, number, 3, label,
                   para, possessor=possessor, title=low if noun is not None else None,
                   subject=subject)


_VOCATIVE_BEFORE = frozenset({",", "\u201c", "\u2018", '"', "'", "dear", "oh", "o", "ah", "my",
                              "!", "?", ".", "--", "\u2014", ";", ":"})
_VOCATIVE_AFTER = frozenset({",", "!", "?", ".", "\u201d", "\u2019", '"', "'", "--", "\u2014",
                             ";", ":"})
# before a name the recogniser missed: words of address, not a quotation's first word
# ("Bingley." answering "What is his name?")
_ADDRESS_BEFORE = frozenset({",", "dear", "dearest", "oh", "o", "ah", "my"})
_PARTICLES = frozenset({"van", "der", "von", "de", "du", "la", "le", "di", "da", "del", "den"})
_TRACKED_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
PAIR_WORDS = frozenset({"former", "latter"})
ONE_OF_TWO = PAIR_WORDS | {"other"}  # "replied the other", "said the latter"


def is_pair_anaphor(tok) -> bool:
    """``the former`` / ``the latter`` standing for a person, as the subject of a clause."""
    return tok.lower_ in PAIR_WORDS and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "the" \
        and tok.dep_ in ("nsubj", "nsubjpass")


@define
class _Ids:
    """spaCy string ids of the words the mention scan looks for."""

    honorifics: object
    person_nouns: object
    pronouns: object
    person: int
    propn: FrozenSet[int]
    subj: FrozenSet[int]
    prp: int
    nn: int
    first_names: object


_IDS: dict = {}


def _ids(lex: Lexicons) -> _Ids:
    ids = _IDS.get(id(lex))
    if ids is None:
        from spacy.strings import get_string_id as sid

        hon = [h for h, (g, kind) in lex.honorifics.items() if kind != "modifier"]
        ids = _Ids(string_ids(hon + [h + "." for h in hon]), string_ids(lex.person_nouns),
                   string_ids(_TRACKED_PRONOUNS), sid("PERSON"),
                   string_ids(["NNP", "NNPS"]), string_ids(["nsubj", "nsubjpass"]),
                   sid("PRP"), sid("NN"), string_ids(lex.first_names))
        _IDS[id(lex)] = ids
    return ids


def _name_runs(doc, lo: int, hi: int, lex: Lexicons, cols, subjects: List[int]):
    """Runs ``[a, b)`` of tokens forming a personal name: PERSON entities, proper nouns
    as subjects the recogniser missed ("the Dodo"), and runs of proper nouns after an
    honorific ("Mr. Bennet"). ``cols`` are the segment's ``Columns``, ``subjects`` the
    indices (from ``lo``) of its subjects."""
    ids = _ids(lex)
    lower, tag, dep, iob, ent = cols.lower, cols.tag, cols.dep, cols.iob, cols.ent
    n = hi - lo
    starts = set(positions(ent, (ids.person,)))
    starts.update(positions(lower, ids.honorifics))
    starts.update(k for k in subjects if tag[k] in ids.propn)
    named_nouns = {k for k in subjects if tag[k] == ids.nn and ent[k] == 0
                   and lower[k] in ids.first_names and doc[lo + k].is_title}
    starts.update(named_nouns)
    end = 0
    for k in sorted(starts):
        if k < end:
            continue
        if iob[k] == 3 and ent[k] == ids.person:
            b = k + 1
            while b < n and iob[b] == 1:
                b += 1
            a = k - 1 if k > 0 and lower[k - 1] in ids.honorifics else k
            end = b
            yield lo + a, lo + b
        elif tag[k] in ids.propn and dep[k] in ids.subj and (
                ent[k] == 0 or iob[k] == 3 and (k + 1 == n or iob[k + 1] != 1)):
            # also a one-word subject the recogniser took for a group ("Lydia gaped"):
            # it stays a group mention unless the speaker resolver knows the person
            if k == 0 or tag[k - 1] not in ids.propn:
                end = k + 1
                yield lo + k, lo + k + 1
        elif k in named_nouns:  # "Cecil wondered", "Cecil" tagged a common noun
            end = k + 1
            yield lo + k, lo + k + 1
        elif lower[k] in ids.honorifics and k + 1 < n and ent[k + 1] != ids.person \
                and (tag[k + 1] in ids.propn or doc[lo + k + 1].lower_ in _PARTICLES) \
                and (ent[k + 1] == 0 or not doc[lo + k + 1].is_upper):
            # an honorific makes a person of what the recogniser missed or took for a
            # group ("Miss Lydia Bennet" as an organisation)
            b = k + 1
            while b < n and (tag[b] in ids.propn and ent[b] != ids.person
                             or doc[lo + b].lower_ in _PARTICLES and b + 1 < n):
                b += 1
            end = b
            yield lo + k, lo + b


def _word_before(doc, k: int, lo: int) -> Optional[int]:
    """The token before ``k`` (not before ``lo``), past whitespace tokens: a text with
    two spaces after its sentences ("Oh!  Jane!") has one between the words."""
    k -= 1
    while k >= lo and doc[k].is_space:
        k -= 1
    return k if k >= lo else None


def _word_after(doc, k: int, hi: int) -> Optional[int]:
    """The token at or after ``k`` (before ``hi``), past whitespace tokens."""
    while k < hi and doc[k].is_space:
        k += 1
    return k if k < hi else None


_ENDEARMENTS = frozenset({"my", "dear", "dearest", "own", "poor", "sweet", "good"})
_GOVERNING_TAGS = frozenset({"IN", "TO", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})


def _endearment_object(doc, k: int, lo: int) -> bool:
    """``thinking of my dear Wickham.``: a name after words of endearment that a
    preposition or a verb governs is spoken of, not spoken to."""
    if doc[k].lower_ not in _ENDEARMENTS:
        return False
    while k is not None and doc[k].lower_ in _ENDEARMENTS:
        k = _word_before(doc, k, lo)
    return k is not None and doc[k].tag_ in _GOVERNING_TAGS


def _vocative_runs(doc, lo: int, hi: int, tag, ids: _Ids, in_quote: Callable[[int], bool],
                   covered: Set[int]) -> Iterator[Tuple[int, int]]:
    """Proper-noun runs in vocative position inside quotations that the recogniser did
    not take for a person ("Oh! my dear Lydia," tagged an organisation)."""
    k = 0
    n = hi - lo
    while k < n:
        if tag[k] not in ids.propn or lo + k in covered or not in_quote(lo + k):
            k += 1
            continue
        b = k + 1
        while b < n and tag[b] in ids.propn:
            b += 1
        before, after = _word_before(doc, lo + k, lo), _word_after(doc, lo + b, lo + n)
        if before is not None and after is not None and tag[before - lo] not in ids.propn \
                and doc[before].lower_ in _ADDRESS_BEFORE \
                and doc[after].text in _VOCATIVE_AFTER:
            yield lo + k, lo + b
        k = b


def collect(doc, lo: int, hi: int, offset: int, text: str, para: int, lex: Lexicons,
            in_quote: Callable[[int], bool], cols: Optional[Columns] = None
            ) -> Tuple[List[Mention], List[Mention]]:
    """The mentions of people in one paragraph segment: ``(narration, vocatives)``.

    Narration mentions are names, titled or personal nouns and subject pronouns
    outside quotations, in text order; vocatives are names addressed inside
    quotations ("Oh, Lucy!", "my dear Mr. Bennet,"). ``cols`` are the segment's
    ``segments.Columns`` (read here if not given)."""
    if cols is None:
        cols = token_columns(doc).slice(lo, hi)
    ids = _ids(lex)
    lower, tag, dep = cols.lower, cols.tag, cols.dep
    subjects = positions(dep, ids.subj)
    narration: List[Mention] = []
    vocatives: List[Mention] = []
    never = lambda i: False  # noqa: E731
    found: List[Tuple[int, int, int]] = []  # (start, kind, end) kind 0 name, 1 pronoun, 2 noun
    for a, b in _name_runs(doc, lo, hi, lex, cols, subjects):
        found.append((a, 0, b))
    for k in subjects:
        if tag[k] == ids.prp and lower[k] in ids.pronouns:
            found.append((lo + k, 1, lo + k + 1))
        elif tag[k] == ids.nn and lower[k] in ids.person_nouns or is_pair_anaphor(doc[lo + k]):
            found.append((lo + k, 2, lo + k + 1))
    covered = {k for a, kind, b in found if kind == 0 for k in range(a, b)}
    found.extend((a, 0, b) for a, b in _vocative_runs(doc, lo, hi, tag, ids, in_quote, covered))
    found.sort()
    for i, kind, b in found:
        if kind == 0:
            a = i
            quoted = in_quote(i)
            before, after = _word_before(doc, a, lo), _word_after(doc, b, hi)
            if quoted and not (before is not None and after is not None
                               and doc[before].lower_ in _VOCATIVE_BEFORE
                               and doc[after].text in _VOCATIVE_AFTER
                               and not _endearment_object(doc, before, lo)):
                continue  # a name inside a quotation counts only as a vocative
            head = b - 1
            while doc[head].tag_ == "POS" and head > a:
                head -= 1
            m = make_mention(doc, head, a, b, offset, text, para, lex, never)
            # one word the recogniser took for a group may be a person it knows
            # ("Lydia gaped"): the speaker resolver decides
            if m.kind != "name" and not (m.kind == "group" and m.name and " " not in m.name):
                continue
            # a name that is the subject, or owns it ("Miss Welland's face grew rosy")
            m.subject = any(dep[k] in ids.subj for k in range(a - lo, b - lo)) \
                or doc[head].dep_ == "poss" and doc[head].head.dep_ in ("nsubj", "nsubjpass")
            m.main = m.subject and _in_main_clause(doc[head])
            (vocatives if quoted else narration).append(m)
        elif not in_quote(i):
            if kind == 1:
                m = make_mention(doc, i, i, i + 1, offset, text, para, lex, never)
            else:
                m = make_mention(doc, i, lo, hi, offset, text, para, lex, in_quote)
            m.subject = True
            m.main = _in_main_clause(doc[i])
            narration.append(m)
    return narration, vocatives
