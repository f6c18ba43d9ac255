"""Reported speech: indirect and mixed quotations read off the dependency parse.

For every cue in a paragraph, the reported content is the clause the cue governs:

* a clausal complement, with or without "that" ("Lavrov stressed that progress …",
  "He said the talks would resume");
* the same clause before the cue ("The talks will resume, officials said.");
* the clause around a parenthetical cue ("The talks, he said, would resume");
* an object and infinitive after verbs of urging and asking ("urged Pyongyang to
  resume talks");
* the clause an "according to X" phrase hangs on;
* a "that" clause on a cue noun ("her claim that …", "the announcement that …").

A content clause that contains quotation marks is a mixed quotation; one that is
exactly a quotation in marks was already handled as direct speech.

Content boundaries: the complementizer "that" is kept, as PolNeAR's annotators keep it;
punctuation at either end and a leading conjunction are left out.
"""
from __future__ import annotations

import bisect
import functools
from typing import Dict, List, Optional, Sequence, Tuple

from .candidates import Para
from .cues import CueMatch
from .mentions import is_nounish, tag_of
from .lexicon import string_ids
from .sieves import (GROUP_WORDS, NOT_SPEAKERS, SUBJ_DEPS, Attribution, mention, addressee_head,
                     modality, speaker_head)

_OBJECT_INF_CUES = frozenset({"urge", "ask", "call on", "warn", "encourage", "tell", "order",
                              "advise", "implore", "beg", "instruct", "challenge", "invite",
                              "press", "exhort", "remind", "caution"})
_EMPTY_OBJECTS = frozenset({"it", "this", "that", "so", "nothing", "something", "anything",
                            "everything", "much", "little", "more", "less", "what", "which",
                            "them", "him", "her", "me", "us", "you", "one", "lot", "thing",
                            "things", "word", "words", "yes", "no"})
_PREP_CUES = frozenset({"talk", "speak", "comment", "complain", "warn", "refer", "respond",
                        "reply", "argue", "testify", "write", "tweet", "post", "boast", "brag",
                        "joke", "speculate", "inquire", "ask", "push for", "call for", "rail",
                        "lash out", "hit out", "weigh in", "advocate", "insist", "elaborate"})
_WH_COMPLEMENT = frozenset({"when", "whether", "why", "how", "where", "what", "who", "if"})
_OBJECT_PREPS = frozenset({"for", "over", "as", "about", "of"})
_TOPIC_PREPS = frozenset({"of", "on", "about"})
_CONTENT_PREPS = frozenset({"about", "for", "of", "against", "over"})
_PREP_BY_CUE = {"comment": "on", "weigh in": "on", "elaborate": "on", "insist": "on",
                "refer": "to", "respond": "to", "reply": "to"}
_TAIL_TRIM = frozenset({",", ";", ":", "-", "\u2014", ".", "--"})
_LEAD_TRIM = frozenset({"and", "but", "or", ",", ":", ";", "\u2014", "--", "-"})
_MIN_CONTENT_TOKENS = 3
# a cue that already attributes a quotation in marks reports its whole clause as a mixed
# quotation only with this many words of its own ("said that "…" against the media")
_MIN_OWN_WORDS = 2
_BE_FORMS = frozenset({"is", "was", "are", "were", "be", "been", "'s"})
_VERBISH = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
_NOUNS = frozenset({"NN", "NNS", "NNP", "NNPS", "CD"})

_SIEVE_NAMES = {"verb": "reported_clause", "prep": "according_to", "noun": "reported_noun"}

Region = Tuple[int, int]  # token range [a, b)


def _subtree_range(tok) -> Region:
    return tok.left_edge.i, tok.right_edge.i + 1


def _trim(p: Para, a: int, b: int) -> Region:
    doc = p.doc
    while a < b and (doc[a].is_punct and doc[a].text not in "\"'\u201c\u2018" or doc[a].is_space
                     or doc[a].lower_ in _LEAD_TRIM and doc[a].dep_ in ("mark", "cc", "punct")):
        a += 1
    while b > a and (doc[b - 1].is_space or doc[b - 1].is_punct and doc[b - 1].text in _TAIL_TRIM):
        b -= 1
    return a, b


def _minus(outer: Region, holes: Sequence[Region]) -> List[Region]:
    parts = [outer]
    for ha, hb in holes:
        nxt = []
        for a, b in parts:
            if hb <= a or ha >= b:
                nxt.append((a, b))
                continue
            if a < ha:
                nxt.append((a, ha))
            if hb < b:
                nxt.append((hb, b))
        parts = nxt
    return parts


def _stray_that_clause(v):
    """A that-clause the parser hung on a noun after the cue ("tweeted in the small
    hours that the mayor was a disgrace"): a relative clause opened by a "that"
    which is not its subject is the cue's complement."""
    for c in v.rights:
        if c.dep_ not in ("prep", "npadvmod", "dobj", "dative"):
            continue
        nouns = [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" else [c]
        if c.dep_ in ("dobj", "dative"):  # "told a meeting of leaders that …"
            nouns += [g for prep in c.children if prep.dep_ == "prep"
                      for g in prep.children if g.dep_ == "pobj"]
        for n in nouns:
            for r in n.rights:
                first = r.left_edge
                if r.dep_ in ("relcl", "acl") and first.lower_ == "that" \
                        and first.dep_ not in ("nsubj", "nsubjpass", "dobj") \
                        and any(g.dep_ in ("nsubj", "nsubjpass") for g in r.children):
                    return r
    return None


def _without_aside(p: Para, a: int, b: int) -> Region:
    """The content without what follows a semicolon, and without a closing aside set
    off by a comma: a non-restrictive relative clause (", who …", ", which …"), the
    reporter's words, not the source's."""
    doc = p.doc
    for k in range(a + 2, b - 1):
        if doc[k].text == ";" and p.qtok[k - p.lo] < 0:
            b = k  # "said the timing was not intentional; they only learned …"
            break
    for k in range(a + 1, b - 1):
        t = doc[k]
        if doc[k - 1].text != "," or t.lower_ not in ("who", "which"):
            continue
        # the clause the relative word opens: its head's, or one it is nested in
        # ("which he said were at his side")
        clause = next((h for h in t.ancestors if h.dep_ == "relcl"), None)
        if clause is not None and clause.left_edge.i == k and clause.right_edge.i + 1 >= b - 1:
            return a, k - 1
    for k in range(a + 2, b - 1):
        t = doc[k]
        # "…in partnership with the league, the regional trade alliance that …": a closing
        # appositive glosses a name for the reader
        if t.dep_ == "appos" and t.left_edge.i > a + 1 and doc[t.left_edge.i - 1].text == "," \
                and t.right_edge.i + 1 >= b - 1 and t.head.i < t.left_edge.i \
                and not any(u >= 0 for u in p.qtok[t.left_edge.i - p.lo:b - p.lo]):
            return a, t.left_edge.i - 1  # (one in quotation marks is the source's words)
    return a, b


def _before_participle(p: Para, a: int, b: int) -> Tuple[Region, Optional[int]]:
    """The content without a closing participle clause (", implicitly putting his name
    on the line"), which the reporter adds. Also returns the participle."""
    doc = p.doc
    for k in range(a + 2, b - 1):
        if doc[k - 1].text != "," or p.qtok[k - p.lo] >= 0:
            continue
        v = doc[k + 1] if doc[k].tag_ in ("RB", "RBR", "RBS") and k + 1 < b else doc[k]
        if v.tag_ == "VBG" and v.dep_ == "advcl" and v.left_edge.i >= k \
                and v.right_edge.i + 1 >= b - 1:
            return _trim(p, a, k - 1), v.i
    return (a, b), None


def _before_next_report(p: Para, cue: CueMatch, a: int, b: int
                        ) -> Tuple[Region, Optional[int]]:
    """The content up to a second speech verb joined to it by "and": 'tweeted that
    she was "a con" and encouraged Americans to …' reports twice. Also returns that
    verb."""
    doc = p.doc
    for k in range(a + 2, b):
        other = p.cue_at(k)
        if other is None or other.pos != "verb" or other.i == cue.i or doc[k].dep_ != "conj" \
                or other.entry.cls not in p.classes:
            continue
        w = doc[k]
        if w.head.i != cue.i and (w.tag_ != doc[cue.i].tag_ or w.tag_ == w.head.tag_) \
                and not _urging_after_copula(w, other):
            continue  # 'said she supports a $12 wage but supports cities that …': her words
        cut = doc[k].left_edge.i
        if cut <= a + 1 or not any(doc[i].dep_ == "cc" for i in range(max(a, cut - 2), cut)):
            continue
        while cut > a and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct):
            cut -= 1
        return _trim(p, a, cut), k
    return (a, b), None


def _urging_after_copula(w, other: CueMatch) -> bool:
    """'said it was "opposed" to the test and warned Pyongyang to …': a verb of urging
    with an object and an infinitive, joined to a copula clause, is the source's act."""
    return other.lemma in _OBJECT_INF_CUES and w.head.lower_ in _BE_FORMS and all(
        any(c.dep_ == dep for c in w.children) for dep in ("dobj", "xcomp"))


def _with_adjacent_preps(p: Para, v, b: int) -> int:
    """The end of a name or object extended over the cue's prepositional phrases that
    follow it straight away ('likened them to a "snake" in a song about …'), but not over
    a date or the speech event itself ('in a speech to …')."""
    for c in v.children:
        if c.dep_ == "prep" and c.left_edge.i == b and not any(
                t.ent_type_ in ("DATE", "TIME") for t in c.subtree) and not any(
                g.dep_ == "pobj" and (m := p.cue_at(g.i)) is not None and m.pos == "noun"
                for g in c.children):
            b = c.right_edge.i + 1
    return b


def _with_including(v, b: int) -> int:
    """The end of what the cue is about extended over the examples it gives ("railed
    against dark money, including the committee …")."""
    doc = v.doc
    for c in v.rights:
        if c.dep_ == "prep" and c.lower_ == "including" and c.i == b + 1 and doc[b].text == ",":
            b = c.right_edge.i + 1
    return b


def _no_report(p: Para, i: int) -> bool:
    """Is token ``i`` no cue of reported speech ("continues", "went on")?"""
    other = p.cue_at(i)
    return other is None or "direct_only" in other.entry.frame


def _opens_with_that(clause) -> bool:
    return any(g.dep_ == "mark" and g.lower_ == "that"
               and all(t.is_punct for t in clause.doc[clause.left_edge.i:g.i])
               for g in clause.children)


def _that_clause(noun):
    """The "that" clause a cue noun governs ("the claim that …"), or None."""
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp", "appos") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            return c
    return None


def _around_according(p: Para, cue: CueMatch) -> List[Region]:
    """The clause an "according to X" phrase stands by, from the punctuation when the
    parse went astray: after "According to X," or before ", according to X"."""
    lo, hi = p.sentence(cue.i)
    doc = p.doc
    if cue.i == lo or all(doc[i].is_punct or doc[i].is_space for i in range(lo, cue.i)):
        comma = next((i for i in range(cue.j + 1, hi) if doc[i].text == ","), None)
        return [(comma + 1, hi)] if comma is not None else []
    if doc[cue.i - 1].text == ",":
        return [(lo, cue.i - 1)]
    return []


def content_regions(p: Para, cue: CueMatch) -> List[Region]:
    """Token ranges of the content the cue reports (empty if it reports none)."""
    doc = p.doc
    v = doc[cue.i]
    if cue.pos == "prep":  # according to X, <clause>
        head = v.head
        if head.i == v.i:  # parsed as the root: read the sentence around it
            return _around_according(p, cue)
        if head.i < p.lo or head.i >= p.hi:
            return []
        return _minus(_subtree_range(head), [_subtree_range(v)])
    if cue.pos == "noun":
        clause = _that_clause(v)
        if clause is not None:
            return [_subtree_range(clause)]
        if "topic" in cue.entry.frame:  # "her criticism of the plan", "his remarks on it"
            for c in v.rights:
                if c.dep_ == "prep" and c.lower_ in _TOPIC_PREPS:
                    pobj = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                    if pobj:
                        return [_subtree_range(pobj[0])]
        return []
    comps = [c for c in v.children if c.dep_ == "ccomp" or (
        c.dep_ == "advcl" and c.i > v.i and any(
            g.dep_ in ("advmod", "mark") and g.i == c.left_edge.i and (
                g.lower_ in _WH_COMPLEMENT
                or g.lower_ == "that" and any(h.dep_ == "nsubj" for h in c.children))
            for g in c.children))]  # "have not said when they would vote"
    if not comps and v.dep_ == "xcomp" and v.head.i < v.i and _no_report(p, v.head.i):
        # "continues to insist, in an interview, that he …": the parse hung the "that"
        # clause on the verb the cue depends on
        comps = [c for c in v.head.children if c.i > v.i and c.dep_ in ("ccomp", "advcl")
                 and _opens_with_that(c) and any(g.dep_ in SUBJ_DEPS for g in c.children)]
    if "naming" in cue.entry.frame and any(c.dep_ in ("oprd", "acomp") for c in v.children):
        # 'called Lisbon a "bright spot in a decade when …"': the "when" clause
        # belongs to the name, not to the verb
        comps = [c for c in comps if c.dep_ == "ccomp"]
    after = [c for c in comps if c.i > v.i and c.left_edge.i > v.i]
    if after and len(after) < len(comps) and any(
            c.dep_ == "nsubj" and c.i < v.i for c in v.children):
        comps = after  # "Writing for a panel that agreed Pence won, Barabak noted that …"
    if comps:
        a = min(c.left_edge.i for c in comps)
        b = max(c.right_edge.i for c in comps) + 1
        if v.tag_ in ("VBD", "VBZ", "VBP"):
            # 'said she wanted to speak "…" and let them know …': a bare infinitive the
            # parse joined to the cue goes on the reported clause
            for c in v.rights:
                if c.dep_ == "conj" and c.tag_ == "VB" and b <= c.left_edge.i <= b + 2 \
                        and not any(g.dep_ in SUBJ_DEPS for g in c.children):
                    b = c.right_edge.i + 1
        if a < cue.i and doc[a].tag_ in _WH_TAGS and all(c.i > cue.j for c in comps):
            # "which he said were at his side": the relative word stays with the clause
            # it opens, and the content starts after the cue
            return [(cue.j + 1, b)]
        if a <= cue.i < b:
            return _minus((a, b), [(cue.i, cue.j + 1)])
        return [(a, b)]
    stray = _stray_that_clause(v)
    if stray is not None:
        return [_subtree_range(stray)]
    if v.dep_ == "parataxis" and v.head.i != v.i:
        return _minus(_subtree_range(v.head), [_subtree_range(v)])
    top = v
    while top.dep_ == "xcomp" and top.head.i < top.i:
        top = top.head
    root = top.head
    if top.dep_ == "ccomp" and root.i > v.i and any(
            c.dep_ == "mark" and c.lower_ == "that" and v.i < c.i < root.i for c in root.children):
        # "continues to claim, most recently on Sunday, that he …": the parse made the
        # "that" clause the root and the cue's clause a complement inside it; read it
        # back only when the cue's clause opens the sentence
        a, b = _subtree_range(root)
        return [(top.right_edge.i + 1, b)] if top.left_edge.i == a else []
    if _as_aside(v) and not any(
            c.dep_ in ("dobj", "xcomp") and c.i > cue.j or c.dep_ == "prep" and c.i > v.i
            and c.lower_ in _CONTENT_PREPS for c in v.children):
        # "As many experts have pointed out, Trump is free to disclose his returns",
        # "As the mayor put it, …" (the "it" is the cue's own)
        return _minus(_subtree_range(v.head), [_subtree_range(v)])
    objs = [c for c in v.children if c.dep_ in ("dobj", "dative")]
    xcomps = [c for c in v.children if c.i > v.i and (c.dep_ == "xcomp" or (
        # 'tells his supporters to "go and vote"': a quotation mark makes the parser
        # read the infinitive as an adverbial clause
        c.dep_ == "advcl" and cue.lemma in _OBJECT_INF_CUES and objs
        and any(g.dep_ == "aux" and g.lower_ == "to" and g.i == c.left_edge.i
                for g in c.children)))]
    if xcomps:  # "vowed to fight on", "urged Pyongyang to resume talks"
        if cue.lemma in _OBJECT_INF_CUES:
            a = min([o.left_edge.i for o in objs] + [xcomps[0].left_edge.i])
        else:
            a = xcomps[0].left_edge.i
        return [(a, xcomps[-1].right_edge.i + 1)]
    if "naming" in cue.entry.frame:  # "called him a liar", "described it as a hoax"
        # the content is what is named and what it is called: "him a liar"
        named = [o.left_edge.i for o in objs if o.i > v.i]
        if len(named) >= 2:  # "branded North Korea an outlaw nation": two objects
            return [(named[0], max(o.right_edge.i for o in objs) + 1)]
        names = [c for c in v.children if c.dep_ in ("oprd", "acomp") and c.i > v.i]
        if names:  # "called Oz a quack, fake and charlatan", "called him a master at …"
            b = _with_adjacent_preps(p, v, max(c.right_edge.i for c in names) + 1)
            return [(min(named + [names[0].left_edge.i]), b)]
        for c in v.children:
            if c.dep_ == "prep" and c.i > v.i and (c.lower_ == "as" or c.lower_ == "to" and named):
                pobj = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                if pobj:
                    a, b = _subtree_range(pobj[0])
                    b = _with_adjacent_preps(p, v, b)
                    return [(min(named), b) if named else (a, b)]
        for c in v.children:
            if c.dep_ == "prep" and c.i > v.i and c.lower_ in ("for", "on"):
                return [(c.i + 1, c.right_edge.i + 1)]
        after = [o for o in objs if o.i > v.i]
        if len(after) == 1 and any(p.in_quote(i) for i in range(*_subtree_range(after[0]))):
            # 'called the use of executive orders "quite dangerous"': the parse hung the
            # name on the object
            return [_subtree_range(after[0])]
        return []
    takes_addressee = "addressee" in cue.entry.frame
    if "object" not in cue.entry.frame:
        objs = []
    for o in objs:  # "criticized the plan", "attacked Clinton for her vote"
        if o.i < v.i or o.lower_ in _EMPTY_OBJECTS or (takes_addressee and _personal(o)):
            continue
        a, b = _subtree_range(o)
        for c in v.children:
            if c.dep_ == "prep" and c.i >= b and c.lower_ in _OBJECT_PREPS:
                b = c.right_edge.i + 1
            elif (c.dep_ == "dobj" or c.dep_ == "conj" and c.tag_ in _NOUNS) \
                    and c.i >= b and c.left_edge.i > b \
                    and doc[c.left_edge.i - 1].dep_ == "cc":
                b = c.right_edge.i + 1  # 'condemned the test as "reckless" and a "threat"'
        return [(a, _with_adjacent_preps(p, v, b))]  # "described crass behavior by Trump"
    if not objs and cue.lemma not in _PREP_CUES and "object" not in cue.entry.frame:
        return []
    for c in v.children:  # "called for calm", "spoke about the economy"
        if c.dep_ == "prep" and c.i > v.i and (c.lower_ in _CONTENT_PREPS
                                                or _PREP_BY_CUE.get(cue.lemma) == c.lower_):
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp") and g.lower_ not in _EMPTY_OBJECTS:
                    a, b = _subtree_range(g)
                    return [(a, _with_including(v, b))]
    return []


_TAG_LEFT = frozenset({"NNP", "NNPS", "NN", "NNS", "PRP", "DT", "JJ", "POS", "CD", "HYPH",
                       "-LRB-", "-RRB-", "NFP"})
_TAG_RIGHT = frozenset({"IN", "DT", "NN", "NNS", "NNP", "NNPS", "JJ", "CD", "PRP$", "POS", "RB", "RBR"})
_TAG_MAX = 8
_OBJECT_DEPS = frozenset({"dobj", "dative", "oprd", "attr", "ccomp", "xcomp"})


def _comma_tag(p: Para, cue: CueMatch) -> Optional[Tuple[List[Region], int, Region]]:
    """'Too often, Mr. Clarke said, the debate is …': a speech tag set off by commas
    inside the sentence it reports. Returns the content (the sentence on both sides of
    the tag), the speaker (the noun phrase before the cue) and the tag's own tokens;
    None if the cue is not such a tag."""
    doc = p.doc
    if cue.pos != "verb":
        return None
    s, e = p.sentence(cue.i)
    k = cue.i - 1
    while k > s and doc[k].text != "," and cue.i - k <= _TAG_MAX and doc[k].tag_ in _TAG_LEFT:
        k -= 1
    if k <= s or k == cue.i - 1 or doc[k].text != ",":
        return None
    c1 = k
    k = cue.j + 1
    while k < e and doc[k].text != "," and k - cue.j <= _TAG_MAX and doc[k].tag_ in _TAG_RIGHT:
        k += 1
    if k >= e or doc[k].text != "," or any(p.qtok[i - p.lo] >= 0 for i in range(c1, k + 1)):
        return None
    if any(doc[i].head.i == cue.i and doc[i].dep_ in _OBJECT_DEPS
           or not c1 < doc[i].head.i < k for i in range(cue.j + 1, k)):
        return None  # "Mr. Schultz likened RT to the BBC, which …": the cue has its own object
    if cue.lemma in _PREP_CUES and any(
            doc[i].head.i == cue.i and doc[i].dep_ == "prep" and (
                doc[i].lower_ in _CONTENT_PREPS or _PREP_BY_CUE.get(cue.lemma) == doc[i].lower_)
            for i in range(cue.j + 1, k)):
        return None  # "…, Senator Hale railed against big donors, including …": what it is about
    head = next((i for i in range(cue.i - 1, c1, -1) if is_nounish(doc[i])), None)
    right = _trim(p, k + 1, e)
    if head is None or not any(doc[i].tag_ in _VERBISH for i in range(*right)) \
            or any(c.entry.cls in p.classes for c in p.cues_in(s, c1)):
        return None  # "X said …, he said, …": a report inside another
    u = p.qtok[right[0] - p.lo]
    if u >= 0 and p.units[u].b >= right[1] - 1:
        return None  # 'Asked about it, Adelson said, "They have got to win."': direct speech
    if c1 - 2 >= s and doc[c1 - 1].tag_ in _WH_TAGS and doc[c1 - 2].text == ",":
        s = c1 - 1  # "the stadium, which, Tompkins said, is …": the relative clause only
    for i in range(s + 1, c1 - 1):
        if doc[i].text == "," and doc[i + 1].dep_ == "cc":
            s = i + 2  # "China resisted, but the air had become so bad, Mr. Obama noted, that"
    if doc[s].tag_ == "IN" and not any(doc[i].tag_ in _VERBISH for i in range(s, c1)):
        return [right], head, (c1 + 1, k)  # "On the show on Tuesday, Christie said, …"
    return [(s, c1), right], head, (c1 + 1, k)


def _as_aside(v) -> bool:
    """"As Lavrov put it, …", "As experts have noted, …": a cue in an "as" clause."""
    return v.dep_ == "advcl" and v.head.i != v.i and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in v.children)


def _personal(tok) -> bool:
    return tag_of(tok) in ("PRP", "NNP", "NNPS") or tok.ent_type_ in ("PERSON", "ORG", "NORP") \
        or tok.lower_ in ("reporters", "journalists", "supporters", "audience", "crowd")


def _substantial(p: Para, regions: List[Region]) -> bool:
    """Content worth reporting: a clause, or a noun phrase with a noun in it."""
    verbs, nouns, empty = _content_ids()
    cols = p.cols
    rows = [row for a, b in regions
            for row in zip(cols.tag[a - p.lo:b - p.lo], cols.lower[a - p.lo:b - p.lo])]
    if any(tag in verbs for tag, _ in rows):
        return len(rows) >= _MIN_CONTENT_TOKENS
    if all(p.doc[i].ent_type_ in ("DATE", "TIME") for a, b in regions for i in range(a, b)):
        return False  # "called Friday": when, not what
    return any(tag in nouns and low not in empty for tag, low in rows)


@functools.lru_cache(maxsize=1)
def _content_ids():
    return string_ids(_VERBISH), string_ids(_NOUNS), string_ids(_EMPTY_OBJECTS)


def _own_words(p: Para, regions: List[Region]) -> int:
    """Words of the content outside quotation marks (not counting "that")."""
    return sum(1 for a, b in regions for i in range(a, b)
               if p.qtok[i - p.lo] < 0 and not (p.doc[i].is_punct or p.doc[i].is_space)
               and p.doc[i].lower_ != "that")


def _frame_for_speaker(p: Para, cue: CueMatch, parts: List[Region]) -> Region:
    """The part of the cue's sentence outside the content, on the cue's side."""
    lo, hi = p.sentence(cue.i)
    v = p.doc[cue.i]
    # "Citing a new poll, Reyes said …", "After saying that …, she left": the
    # participle's speaker is its clause's subject, after the content
    governor = v.head.head if v.dep_ == "pcomp" and v.head.dep_ == "prep" else v.head
    participle = v.tag_ == "VBG" and v.dep_ in ("advcl", "pcomp") and v.i < governor.i \
        and not any(c.dep_ in SUBJ_DEPS for c in v.children)
    for a, b in parts:
        if b <= cue.i:
            lo = max(lo, b)
        elif a > cue.j and not participle:
            hi = min(hi, a)
    return lo, hi


def reported_quotes(p: Para, used_cues: Sequence[int]
                    ) -> List[Tuple[str, List[Tuple[int, int]], Attribution, List[int]]]:
    """Indirect and mixed quotations of the paragraph: ``(kind, char parts, attribution,
    units absorbed)``; ``used_cues`` are cue tokens already attributing direct quotes."""
    out = []
    taken = _Intervals()
    found = []
    heirs: Dict[int, int] = {}  # cue token -> the cue whose source it shares
    tag_speakers: Dict[int, Tuple[int, Region]] = {}  # cue -> speaker, frame of a comma tag
    for cue in p.cues:
        if "direct_only" in cue.entry.frame or cue.entry.cls not in p.classes:
            continue
        if _goes_without_saying(p.doc[cue.i]):
            continue
        tag = _comma_tag(p, cue)
        if tag is not None:
            tag_speakers[cue.i] = tag[1], tag[2]
        raw = tag[0] if tag is not None else content_regions(p, cue)
        regions = [r for r in (_trim(p, a, b) for a, b in raw) if r[1] > r[0]]
        regions = [(max(a, p.lo), min(b, p.hi)) for a, b in regions]
        if regions and cue.pos == "verb":
            regions[-1] = _without_aside(p, *regions[-1])
            regions[-1], nxt = _before_next_report(p, cue, *regions[-1])
            if nxt is not None and not any(c.dep_ in SUBJ_DEPS for c in p.doc[nxt].children):
                heirs[nxt] = cue.i  # "… and encouraged Americans to …": the same source
            regions[-1], nxt = _before_participle(p, *regions[-1])
            if nxt is not None:
                heirs[nxt] = cue.i  # "…, saying that …": the same source
        regions = [r for r in regions if r[1] > r[0]]
        if regions:
            found.append((cue, regions))
    # a report nested in another's content ("X had told police that …, the source
    # added") is part of the outer one: the widest content is taken first
    found.sort(key=lambda cr: -sum(b - a for a, b in cr[1]))
    by_cue = {c.i: (c, r) for c, r in found}
    for cue, regions in found:
        reused = cue.i in used_cues
        if any(taken.overlaps(a, b) for a, b in regions):
            continue  # nested inside (or around) content already reported
        if not _substantial(p, regions) and not (
                "naming" in cue.entry.frame and _units(p, regions)):
            continue  # 'called it "shameful"': what is named, and its name in marks
        a0 = regions[0][0]
        while a0 > p.lo and p.qtok[a0 - 1 - p.lo] >= 0 and p.doc[a0 - 1].text in _QUOTE_TOKENS \
                and p.units[p.qtok[a0 - 1 - p.lo]].b > a0:
            a0 -= 1  # the opening mark of a quotation that starts the content
        regions[0] = (a0, regions[0][1])
        units = _units(p, regions)
        if units and cue.pos == "verb":
            regions[-1] = _before_other_report(p, cue, regions[-1], units)
            regions = [r for r in regions if r[1] > r[0]]
            units = _units(p, regions)
        if not regions:
            continue
        if reused and (not units and not _tags_only_inline(p, cue.i)
                       or _own_words(p, regions) < _MIN_OWN_WORDS):
            continue  # the cue attributes a quotation in marks, and its clause is just that
        kind = "indirect"
        if units:
            if any(not p.units[u].inline and p.units[u].attribution is not None
                   and p.units[u].attribution.cue_token != cue.i
                   and not any(a < p.units[u].attribution.cue_token < b for a, b in regions)
                   for u in units):
                continue  # a direct quotation attributed on its own (by a tag outside
                # this clause: 'pledged to fix what it called "a danger"' is one quote)
            # a quotation closing the clause may end past it by its final punctuation
            # and mark: 'is "spiraling out of control."'
            end = regions[-1][1]
            sent_end = p.sentence(cue.i)[1]
            covered = all(p.units[u].a >= regions[0][0] and (
                p.units[u].b <= end or all(p.doc[i].is_punct for i in range(end, p.units[u].b))
                # the parse cut the quotation short ('called Lisbon a "bright spot in a
                # decade when …"'): it still ends the clause, within the sentence
                or cue.pos == "verb" and p.units[u].a > regions[-1][0]
                and all(p.doc[i].is_punct for i in range(sent_end, p.units[u].b))
                # or it opens inside a clause that runs to the sentence's end and goes on
                # past it: 'argued that the board "has lost its way. It no longer …"'
                or cue.pos == "verb" and regions[-1][0] < p.units[u].a < end
                and end >= sent_end - 1)
                for u in units)
            inside_one = len(units) == 1 and regions[0][0] >= p.units[units[0]].a \
                and regions[-1][1] <= p.units[units[0]].b
            if inside_one or not covered:
                continue
            kind = "mixed"
            last = max(p.units[u].b for u in units)
            if last < end and _reporters_tail(p, last, end):
                regions[-1] = (regions[-1][0], last)
                end = last
            if last > end:  # keep the closing mark with the words it closes
                regions[-1] = (regions[-1][0], last)
        if cue.i in heirs and heirs[cue.i] in by_cue:
            source, source_regions = by_cue[heirs[cue.i]]
            lo, hi = _frame_for_speaker(p, source, source_regions)
            sh = _speaker(p, source, lo, hi, source_regions)
        elif cue.i in tag_speakers:
            sh, (lo, hi) = tag_speakers[cue.i]
        else:
            lo, hi = _frame_for_speaker(p, cue, regions)
            sh = _speaker(p, cue, lo, hi, regions)
        if sh is None or not _can_speak(p.doc[sh]):
            continue
        speaker = mention(p, sh, lo, hi, cue)
        ah = addressee_head(p, cue, lo, hi)
        addressee = mention(p, ah, lo, hi, cue) if ah is not None and ah != sh else None
        neg, hyp = modality(p, cue)
        cue_span = (p.char_start(cue.i), p.char_end(cue.j), cue.lemma)
        att = Attribution(_SIEVE_NAMES[cue.pos], 0.8, cue_span, cue.i, speaker, addressee,
                          neg, hyp)
        parts = [(p.char_start(a), p.char_end(b - 1)) for a, b in regions]
        out.append((kind, parts, att, units))
        for a, b in regions:
            taken.add(a, b)
    out.sort(key=lambda rec: rec[1][0][0])  # back in text order
    return out


def _reporters_tail(p: Para, k: int, b: int) -> bool:
    """Are the words after a closing quotation mark, to the content's end, the reporter's:
    a date ('as a "disgrace" Wednesday on the show') or a closing gloss ('"…" — a
    metaphor for …')?"""
    doc = p.doc
    t = doc[k]
    # a dash, not a spaced hyphen: in "''spear phishing'' - fake emails …" the words go on
    if t.text in ("\u2014", "--", "\u2013") and k + 1 < b:
        return any(h.dep_ == "appos" and h.left_edge.i == k + 1 and h.right_edge.i + 1 >= b - 1
                   for h in [doc[k + 1], *doc[k + 1].ancestors])
    return t.ent_type_ in ("DATE", "TIME") and t.dep_ in ("appos", "npadvmod")


def _tags_only_inline(p: Para, cue_token: int) -> bool:
    """Does the cue tag only quoted phrases run into the sentence ('Humphrey, who calls
    Trump a "sociopath," said he …'), leaving its own clause to report?"""
    return all(u.inline for u in p.units
               if u.attribution is not None and u.attribution.cue_token == cue_token)


def _goes_without_saying(v) -> bool:
    """The idiom "it goes without saying that …", which reports nobody's words."""
    prep = v.head
    return v.lower_ == "saying" and prep.lower_ == "without" and prep.head.lower_ in (
        "go", "goes", "went", "gone", "going")


def _units(p: Para, regions: List[Region]) -> List[int]:
    return sorted({p.qtok[i - p.lo] for a, b in regions for i in range(a, b)
                   if p.qtok[i - p.lo] >= 0})


def _before_other_report(p: Para, cue: CueMatch, region: Region, units: List[int]) -> Region:
    """The content up to a closing clause that reports a quotation in marks of its own:
    'told the audience that she believes …, saying that "race still matters"'."""
    a, b = region
    for u in units:
        att = p.units[u].attribution
        if p.units[u].inline or att is None or att.cue_token == cue.i:
            continue
        other = p.doc[att.cue_token]
        cut = other.left_edge.i
        if a < other.i < b and cut > a + 1 and p.units[u].a > cut \
                and (p.doc[cut - 1].is_punct and p.doc[cut - 1].text not in _QUOTE_TOKENS
                     or p.doc[cut - 1].dep_ == "cc"):
            while cut > a and (p.doc[cut - 1].is_punct or p.doc[cut - 1].dep_ == "cc"):
                cut -= 1
            return _trim(p, a, cut)
    return region


class _Intervals:
    """Disjoint token ranges, with overlap tests in logarithmic time."""

    def __init__(self) -> None:
        self.starts: List[int] = []
        self.ends: List[int] = []

    def overlaps(self, a: int, b: int) -> bool:
        j = bisect.bisect_left(self.starts, b) - 1
        return j >= 0 and self.ends[j] > a

    def add(self, a: int, b: int) -> None:
        j = bisect.bisect_left(self.starts, a)
        self.starts.insert(j, a)
        self.ends.insert(j, b)


_WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})


_MAKE_FORMS = frozenset({"make", "makes", "made", "making"})  # the parse leaves lemma_ empty
_SHARES = frozenset({"half", "third", "thirds", "quarter", "quarters", "fifth", "fifths",
                     "majority", "plurality", "minority"})


def _can_speak(tok) -> bool:
    """A source of reported speech is a noun, name or pronoun -- not "the latter", not a
    date ("since February 1988, when …")."""
    if tok.ent_type_ == "PERCENT" and tok.lower_ in ("percent", "%") and tok.dep_ == "nsubj":
        return True  # a poll's respondents: "73 percent said the same of Trump"
    if tok.lower_ in _SHARES and tok.dep_ == "nsubj":
        return True  # "about three-quarters support a ban", "a majority said …"
    if (tok.tag_ == "CD" or tok.ent_type_ in ("CARDINAL", "PERCENT")) and any(
            c.dep_ == "prep" and c.lower_ in ("of", "in") for c in tok.children):
        return True  # "one of the family's attorneys said …", "half of voters", "one in three"
    return (is_nounish(tok) or tok.tag_ in ("WP", "WDT")
            or tok.lower_ in GROUP_WORDS) and tok.ent_type_ not in (
        "DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL")


def _speaker(p: Para, cue: CueMatch, lo: int, hi: int, regions: List[Region]) -> Optional[int]:
    def inside(i: int) -> bool:
        return any(a <= i < b for a, b in regions)

    v = p.doc[cue.i]
    if cue.pos == "prep":  # according to X: X is the object of "to"
        for t in v.subtree:
            if t.dep_ == "pobj" and is_nounish(t):
                # "according to a speech Mrs. Clinton delivered": the one who delivered it
                author = next((g for c in t.children if c.dep_ in ("relcl", "acl") for g in c.children
                               if g.dep_ in SUBJ_DEPS and g.i < c.i and is_nounish(g)), None)
                return author.i if author is not None else t.i
        return None
    if cue.pos == "noun":
        for c in v.children:
            if c.dep_ == "poss" and is_nounish(c):
                return c.i
        made = v.dep_ == "dobj" and v.head.lower_ in _MAKE_FORMS  # "has made comments on …"
        if _that_clause(v) is None and not made:
            return None  # a topic ("criticism of X") is reported only with its owner
        h = v.head
        while h.dep_ in ("prep", "pobj", "dobj") and h.head.i != h.i:
            h = h.head
        for c in h.children:
            if c.dep_ in SUBJ_DEPS and is_nounish(c) and not inside(c.i):
                return c.i
        return None
    sh = speaker_head(p, cue, lo, hi)
    if sh is not None and inside(sh):
        return None
    if sh is not None and p.doc[sh].head.i == cue.i and p.doc[sh].dep_ in ("dobj", "dative"):
        return None  # what the cue is done to is not its source ('…,” denounced her record')
    return sh


# --- whole-paragraph forms: transcripts and headlines -----------------------------------
_DASH_TOKENS = frozenset({"\u2014", "\u2013", "--", "-", "\u2015"})
_QUOTE_TOKENS = frozenset({'"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "``", "''"})


def _name_span(p: Para, a: int, b: int) -> bool:
    """Is ``doc[a:b]`` a bare name (1-4 capitalised words, not a label like "UPDATE")?"""
    words = [i for i in range(a, b) if not p.doc[i].is_punct and not p.doc[i].is_space]
    if not words or len(words) > 4 or len(words) != b - a - sum(
            1 for i in range(a, b) if p.doc[i].text in (".",)):
        return False
    if any(p.doc[i].lower_.rstrip(".") in NOT_SPEAKERS for i in words):
        return False
    return all(p.doc[i].text[:1].isupper() and (tag_of(p.doc[i]) in ("NNP", "NNPS")
               or p.doc[i].ent_type_ == "PERSON" or p.doc[i].is_upper) for i in words)


def _lone_source(p: Para, i: int) -> bool:
    """A title line led by one capitalised word the tagger did not take for a name
    ("Milbank: …", "Poll: …")."""
    tok = p.doc[i]
    return tok.is_alpha and tok.text[:1].isupper() and tok.lower_ not in NOT_SPEAKERS \
        and _headline(p)


def _headline(p: Para) -> bool:
    """A title line: short, first in the text or without a final full stop."""
    if p.index != 0 and p.text[p.seg.end - 1] in ".!?\"\u201d":
        return False
    if len(p.text[p.seg.start:p.seg.end].split()) > 25 or _only_space_after(p.text, p.seg.end):
        return False  # a text of one line is a sentence, not a headline
    return True


def _only_space_after(text: str, i: int) -> bool:
    while i < len(text) and text[i].isspace():
        i += 1
    return i == len(text)


def paragraph_forms(p: Para) -> List[Tuple[str, List[Tuple[int, int]], Attribution, List[int]]]:
    """``PENCE: We will …`` (a transcript line or headline) and, in a headline,
    ``… results — Lavrov`` and ``…, says Lavrov``: whole-paragraph attributions."""
    # a quotation in marks is attributed by the sieves, unless it comes later in a
    # "NAME: content" line ('Carson: Clinton 'Not Fit To Serve'')
    quoted = [u for u in p.units if u.mq.close >= 0 and not u.inline]
    doc = p.doc
    lo, hi = p.lo, p.hi
    while lo < hi and (doc[lo].is_space or doc[lo].text in _QUOTE_TOKENS):
        lo += 1
    while hi > lo and (doc[hi - 1].is_space or doc[hi - 1].is_punct):
        hi -= 1
    if hi - lo < 4:
        return []
    # NAME: content
    for c in range(lo + 1, min(hi, lo + 7)):
        if doc[c].text == ":":
            if (_name_span(p, lo, c) or c == lo + 1 and _lone_source(p, lo)) and hi - c > 3 \
                    and all(_words_between(p, c + 1, u.a) for u in quoted):
                return [_form(p, "colon_speaker", lo, c, None, (c + 1, hi))]
            break
    if quoted or not _headline(p):
        return []
    # content — NAME
    for d in range(hi - 1, max(lo, hi - 6), -1):
        if doc[d].text in _DASH_TOKENS:
            if _name_span(p, d + 1, hi) and d - lo >= 3:
                return [_form(p, "headline_dash", d + 1, hi, d, (lo, d))]
            break
    # content, says NAME / content, NAME says
    for c in range(hi - 1, max(lo, hi - 8), -1):
        if doc[c].text == ",":
            rest = [i for i in range(c + 1, hi)]
            says = [i for i in rest if doc[i].lower_ in ("says", "said", "say", "warns",
                                                          "claims", "tells", "insists")]
            if says and c - lo >= 3:
                k = says[0]
                name = (k + 1, hi) if k == c + 1 else (c + 1, k)
                if name[1] > name[0]:
                    return [_form(p, "headline_says", name[0], name[1], k, (lo, c))]
            break
    return []


def _words_between(p: Para, a: int, b: int) -> bool:
    return any(not (p.doc[i].is_punct or p.doc[i].is_space) for i in range(a, b))


def _form(p: Para, sieve: str, name_a: int, name_b: int, cue_tok: Optional[int],
          content: Region):
    head = name_b - 1
    while p.doc[head].is_punct and head > name_a:
        head -= 1
    speaker = mention(p, head, name_a, name_b)
    cue = None
    if cue_tok is not None:
        lemma = "dash" if p.doc[cue_tok].text in _DASH_TOKENS else "say"
        cue = (p.char_start(cue_tok), p.char_end(cue_tok), lemma)
    else:
        colon = name_b
        cue = (p.char_start(colon), p.char_end(colon), "colon")
    a, b = _trim(p, *content)
    units = sorted({p.qtok[i - p.lo] for i in range(a, b) if p.qtok[i - p.lo] >= 0})
    parts = [(p.char_start(a), p.char_end(b - 1))]
    # a stray mark opening the paragraph (transcripts) does not make the content a quote
    kind = "mixed" if any(p.units[u].mq.close >= 0 for u in units) else "indirect"
    return kind, parts, Attribution(sieve, 0.75, cue, cue_tok if cue_tok is not None else -1,
                                    speaker), units
