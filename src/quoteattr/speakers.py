"""Speakers beyond the sentence: a heuristic coreference over the whole document.

Runs after every paragraph has been attributed locally. It walks the document once,
in text order, over two kinds of event: mentions of people in the narration, and
quotations. Mentions build the entities (names clustered by their tokens and
honorifics, titles, gender) and their salience; quotations get their speaker
resolved. For each quotation the first rule that applies decides:

* ``name``: the speaker mention is a name; it joins its entity;
* ``title``: a title or role ("the minister", "the General") names the entity that
  was introduced with it;
* ``kin``: "his wife", "her mother": the possessor's relative, by shared surname;
  a possessed thing that speaks ("his advice concluded") is its owner, found as
  "he" or "she" would be;
* ``pronoun_local``: he/she resolves to a compatible person named earlier in the
  same paragraph;
* ``pronoun_turn``: ...or to the person whose turn it is in the conversation;
* ``pronoun_recent``: ...or to the most recent compatible person;
* ``narrator``: "I said" in a first-person text is the narrator;
* for quotations with no speaker mention: ``floating`` (news: a paragraph-opening
  quotation continues the speaker of the paragraph before) and ``turn`` (fiction:
  conversations alternate between the last two speakers; a vocative names the
  addressee, who is not the speaker; the one it calls, if already talking, answers:
  ``reply``). When the exchange reaches a turn whose
  speaker a cue gives, the cue-less turns before it are read back: between X and
  Z != X an odd number of paragraphs apart, they alternate between X and Z.

Every look-back runs over a bounded window, so time is linear in the document.
A coreference component of the user's own can be plugged in: see ``coref_spans``.
"""
from __future__ import annotations

from collections import deque
from typing import Container, Deque, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from attrs import define, evolve, field

from .lexicon import CueLexicon, Lexicons
from .mentions import ONE_OF_TWO, PAIR_WORDS, Mention

NARRATOR_NAME = "the narrator"
HISTORY = 40  # mentions kept for pronoun resolution
# the role of a mention kept in the history: not a subject (0, falsy), the subject of a
# clause inside another, or the subject of its sentence's main clause
EMBEDDED, MAIN = 1, 2
RECENT_ENTITIES = 64  # people kept for title, kin and companion look-ups
TURN_GAP = 2  # paragraphs of narration that may separate two turns of one conversation
_NOBLE = frozenset({"sir", "lady", "lord", "dame"})
_MARRIED = frozenset({"mrs", "mme", "madame", "frau", "senora", "señora", "signora"})
_UNMARRIED = frozenset({"miss", "mlle", "mademoiselle", "fraulein", "fräulein", "senorita",
                        "señorita", "signorina"})
_NOT_NAME_LEAD = frozenset({"o", "oh", "ah", "dear", "my", "poor", "good", "yes", "no", "well",
                            "i", "and", "but", "said", "why", "which", "what", "how", "where",
                            "when", "whom", "whose", "then", "now"})
_NOT_NAMES = frozenset({"chapter", "volume", "book", "part", "section", "letter", "page", "god",
                        "heaven", "heavens", "lord", "christ", "jesus", "nay", "yes", "no",
                        "aye", "ay", "alas", "hush", "pray", "indeed", "mamma", "mama",
                        "papa", "ma'am", "madam", "sir", "gawd", "gad", "golly", "lawd",
                        "lordy", "mistah", "marse", "massa", "missus",
                        # personified abstractions a novel capitalises ("Nature had …")
                        "nature", "fate", "providence", "fortune", "destiny", "death",
                        "etiquette", "society", "science", "truth", "justice", "liberty"})
_ABSTRACT_ENDINGS = ("ment", "ness", "tion", "sion", "ity", "ance", "ence", "ism", "ship")
_TOO_GENERIC = frozenset({"man", "woman", "girl", "boy", "lady", "gentleman", "child", "youth",
                          "fellow", "person", "creature", "lad", "lass", "baby", "kid", "one",
                          "other", "friend", "people"})
_RANKS = frozenset({"first", "second", "third", "fourth", "other", "elder", "younger"})
_COMPANIONS = frozenset({"friend", "companion", "partner", "comrade"})
_PARENTS = frozenset({"father", "mother", "papa", "mamma", "mama"})
_POSSESSIVE_SEX = {"his": "m", "her": "f"}
_SIBLINGS = frozenset({"sister", "brother"})
_KIN_SAME_NAME = {"wife": ("f", "mrs"), "husband": ("m", "mr"), "father": ("m", "mr"),
                  "mother": ("f", "mrs"), "papa": ("m", "mr"), "mamma": ("f", "mrs"),
                  "mama": ("f", "mrs"), "son": ("m", None), "daughter": ("f", None),
                  "brother": ("m", None), "sister": ("f", None), "lady": ("f", "mrs")}


@define(eq=False)
class Entity:
    id: int
    tokens: List[str]  # lower-case name tokens, honorific excluded
    display: List[str]  # the same tokens as written
    honorific: Optional[str] = None
    honorific_display: Optional[str] = None
    gender: str = "-"
    titles: Set[str] = field(factory=set)
    last_para: int = -1
    mentions: List[Mention] = field(factory=list)
    votes: Dict[str, int] = field(factory=lambda: {"m": 0, "f": 0})
    alias_of: Optional["Entity"] = None  # set when merged into another entity
    count: int = 0  # mentions linked so far
    short_forms: Dict[str, int] = field(factory=dict)  # one-word mentions: "Elizabeth"
    places: int = 0  # mentions as a place: "to Meryton", "at Longbourn"

    def find(self) -> "Entity":
        e = self
        while e.alias_of is not None:
            e = e.alias_of
        return e

    @property
    def name(self) -> str:
        """The fullest personal name, with the honorific only in front of a lone
        surname ("Mr. Bennet", "Mr. van der Luyden")."""
        if self.honorific_display and _surname_start(self.display) == 0:
            return " ".join([self.honorific_display] + self.display)  # "Mr. van der Luyden"
        return " ".join(self.display)

    @property
    def last_mention(self) -> Optional[Mention]:
        return self.mentions[-1] if self.mentions else None

    def sex(self) -> str:
        if self.gender in ("m", "f"):
            return self.gender
        m, f = self.votes["m"], self.votes["f"]
        if m >= 2 * f + 1:
            return "m"
        if f >= 2 * m + 1:
            return "f"
        return "-"


def _surname_start(display: List[str]) -> int:
    """Where the surname begins, its particles included ("van der Luyden")."""
    k = len(display) - 1
    while k > 0 and display[k - 1].islower():
        k -= 1
    return k


def _given_names(display: List[str]) -> List[str]:
    """The names before the surname ("Catherine" of "Catherine de Bourgh")."""
    return list(display[:_surname_start(display)])


def _fiction_case(name: str) -> str:
    """A name written in capitals (a letter's signature, "WILLIAM COLLINS") in the
    case of a name."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 and "." not in w
                    and not set(w) <= set("IVXLC") else w  # "Henry VIII" stays
                    for w in name.split())


def _headline_verb(word: str) -> bool:
    """A capitalised speech verb a title-case headline runs into a name: "Says",
    "Tells", "Said"."""
    low = word.lower()
    return word[:1].isupper() and (low.endswith("s") or low == "said") and any(
        e.pos == "verb" and e.cls != "cognition" for e in CueLexicon.default().verb_entries(low))


def _compatible_gender(a: str, b: str) -> bool:
    return a not in ("m", "f") or b not in ("m", "f") or a == b


def _compatible_honorific(a: Optional[str], b: Optional[str]) -> bool:
    if a is None or b is None or a == b:
        return True
    return not (a in _MARRIED and b in _UNMARRIED or a in _UNMARRIED and b in _MARRIED)


class Entities:
    """Name clustering: "Russian Foreign Minister Sergey Lavrov", "Lavrov", "Mr. Lavrov"
    and "Sergey" become one entity."""

    def __init__(self, lex: Lexicons, fiction: bool = False):
        self.lex = lex
        self.fiction = fiction
        self.all: List[Entity] = []
        self.by_token: Dict[str, List[Entity]] = {}
        self._familiar: Dict[str, List[str]] = {}  # "elizabeth": ["lizzy", "eliza", …]
        for d, full in lex.diminutives.items():
            self._familiar.setdefault(full, []).append(d)
        self.narrator: Optional[Entity] = None
        self.on_merge = None  # callback(keep, gone)
        # the people met most recently, newest last: every look-back scans only these
        self.recent: Deque[Entity] = deque(maxlen=RECENT_ENTITIES)
        self._parsed: Dict[str, Tuple[Optional[str], Optional[str], List[str], List[str]]] = {}

    def _parse(self, name: str) -> Tuple[Optional[str], Optional[str], List[str], List[str]]:
        """``(honorific, as written, name words lower-cased, as written)`` of a name."""
        got = self._parsed.get(name)
        if got is None:
            got = self._parsed[name] = self._parse_new(name)
        hon, hon_disp, toks, disp = got
        return hon, hon_disp, list(toks), list(disp)

    def _parse_new(self, name: str) -> Tuple[Optional[str], Optional[str], List[str], List[str]]:
        words = name.replace("\u2019s", "").replace("'s", "").split("--")[0].split()
        while len(words) > 1 and words[0].lower().strip(",.") in _NOT_NAME_LEAD:
            words.pop(0)
        if len(words) == 1 and words[0].lower().endswith(_ABSTRACT_ENDINGS) \
                and words[0].lower() not in self.lex.first_names:
            return None, None, [], []  # "Astonishment", "Curiosity": not people
        hon = hon_disp = None
        while len(words) > 1 and words[0].lower().rstrip(".") in self.lex.honorifics:
            w = words.pop(0)
            if hon is None and self.lex.honorifics[w.lower().rstrip(".")][1] != "modifier":
                hon, hon_disp = w.lower().rstrip("."), w
        if any(w.lower().strip(".,") in _NOT_NAMES for w in words):
            return None, None, [], []  # "Good Lord", "Heavens"; but "Sir William" is a name
        words = [w for w in words if any(ch.isalpha() for ch in w)]
        while len(words) > 1 and self.lex.honorifics.get(
                words[-1].lower().strip(".,"), ("", ""))[1] == "suffix":
            words.pop()  # "Thomas Gradgrind, Esquire"
        while len(words) > 1 and (_headline_verb(words[-1]) or words[0][:1].isupper()
                                  and words[-1][:1].islower()):
            words.pop()  # "Obama Says" in a title-case headline; "George moves" misread
        if hon is None and len(words) == 1 and words[0].lower().rstrip(".") in self.lex.honorifics:
            return None, None, [], []  # "Madam", "Sir": a form of address, not a name
        return hon, hon_disp, [w.lower().strip(".,") for w in words], words

    def link(self, m: Mention, para: int, known_only: bool = False) -> Optional[Entity]:
        """The entity a name mention refers to (created if new, unless ``known_only``)."""
        if not m.name:
            return None
        hon, hon_disp, toks, disp = self._parse(m.name)
        if not toks:
            return None
        gender = m.gender
        if self.fiction and len(toks) == 1 \
                and not any(toks[0] in e.tokens for e in self.by_token.get(toks[0], ())):
            full = self.lex.diminutives.get(toks[0])  # "Lizzy": the one Elizabeth met so far
            if full is not None and len({e.find().id for e in self.by_token.get(full, ())}) == 1:
                toks = [full]
        best, best_key = None, None
        seen: Set[int] = set()
        partial: List[Entity] = []
        for t in (toks[-1], toks[0]):
            for e in self.by_token.get(t, ()):
                if e.id in seen:
                    continue
                seen.add(e.id)
                key = self._match(e, hon, toks, gender)
                if key is not None and key[0] == 1:
                    partial.append(e)
                if key is not None and (best_key is None or key > best_key):
                    best, best_key = e, key
        son = self._father_and_son(partial, toks) if best is not None and len(partial) > 1 \
            else None
        if son is not None:
            best = son
        elif best is not None and best_key[0] == 1 and len(partial) > 1:
            # "Charlotte Lucas" joins "Charlotte" and "Miss Lucas" into one person
            for other in partial:
                if other is not best and not (set(other.tokens) & set(best.tokens)) \
                        and _compatible_gender(other.sex(), best.sex()) \
                        and _compatible_honorific(other.honorific, best.honorific):
                    self._absorb(best, other)
        if best is None:
            if known_only:
                return None
            best = Entity(len(self.all), toks, disp, hon, hon_disp, gender)
            self.all.append(best)
            for t in toks:
                self.by_token.setdefault(t, []).append(best)
        else:
            self._update(best, hon, hon_disp, toks, disp, gender)
        if m.title:
            best.titles.add(m.title)
        if self.fiction and best.tokens:
            self._absorb_familiar(best)
        best.last_para = para
        best.count += 1
        if best in self.recent:
            self.recent.remove(best)
        self.recent.append(best)
        if len(toks) == 1:
            best.short_forms[toks[0]] = best.short_forms.get(toks[0], 0) + 1
        best.mentions.append(m)
        if len(best.mentions) > 8:
            del best.mentions[:-8]
        return best

    def _absorb_familiar(self, e: Entity) -> None:
        """A familiar form met before the full name ("Lizzy" before "Elizabeth Bennet")
        is the one person with that first name and a family name, unless a titled one
        ("Lady Catherine" is no "Kitty")."""
        full = e.tokens[0]
        if len(e.tokens) < 2 or e.titles & _NOBLE \
                or len({x.find().id for x in self.by_token.get(full, ())}) != 1:
            return
        for d in self._familiar.get(full, ()):
            for other in list(self.by_token.get(d, ())):
                if other is not e and other.alias_of is None and other.tokens == [d] \
                        and other.honorific is None and _compatible_gender(other.sex(), e.sex()):
                    self._absorb(e, other)

    def _father_and_son(self, partial: List[Entity], toks: List[str]) -> Optional[Entity]:
        """In a novel, a man the narration calls by his first name ("George") and a
        "Mr. Emerson" both well established are two men of one family: "Mr. George
        Emerson" is the first, and does not make them one. Returns him, if so. (Women
        are called both ways: "Charlotte", "Miss Lucas".)"""
        if not self.fiction or len(toks) < 2:
            return None
        mister = any(e.honorific == "mr" and e.tokens == toks[-1:] and e.count >= 3
                     for e in partial)
        given = [e for e in partial if e.honorific is None and e.tokens == toks[:1]
                 and e.count >= 3 and e.sex() != "f"]
        return given[0] if mister and given else None

    def _absorb(self, keep: Entity, gone: Entity) -> None:
        gone.alias_of = keep
        if gone in self.recent:
            self.recent.remove(gone)
        for t in gone.tokens:
            lst = self.by_token.get(t, [])
            if gone in lst:
                lst.remove(gone)
            if keep not in lst:
                lst.append(keep)
        if keep.honorific is None and gone.honorific is not None:
            keep.honorific, keep.honorific_display = gone.honorific, gone.honorific_display
        if keep.gender == "-":
            keep.gender = gone.gender
        keep.titles |= gone.titles
        keep.mentions = (gone.mentions + keep.mentions)[-8:]
        keep.last_para = max(keep.last_para, gone.last_para)
        keep.count += gone.count
        keep.places += gone.places
        for t, n in gone.short_forms.items():
            keep.short_forms[t] = keep.short_forms.get(t, 0) + n
        for k in ("m", "f"):
            keep.votes[k] += gone.votes[k]
        if self.on_merge is not None:
            self.on_merge(keep, gone)

    def _match(self, e: Entity, hon: Optional[str], toks: List[str], gender: str
               ) -> Optional[Tuple[int, int, int, int, int]]:
        if not _compatible_gender(e.sex(), gender) or not _compatible_honorific(e.honorific, hon):
            return None
        if hon and e.honorific and hon != e.honorific:
            g1 = self.lex.honorifics.get(hon, ("-", ""))[0]
            g2 = self.lex.honorifics.get(e.honorific, ("-", ""))[0]
            if not _compatible_gender(g1, g2):
                return None  # "Mrs. Mingott" is not "Mr. Mingott"
            if self.fiction and "f" in (g1, g2) and g1 != g2:
                return None  # in a novel "Captain Morstan" is not "Miss Morstan"
        if hon and e.honorific is None and e.gender in ("m", "f"):
            hg = self.lex.honorifics.get(hon, ("-", ""))[0]
            if not _compatible_gender(e.gender, hg):
                return None
        # in fiction a bare surname is a man's: "said Hall" is not Mrs. Hall
        if self.fiction and hon is None and len(toks) == 1 and toks[0] == e.tokens[-1] \
                and self.lex.honorifics.get(e.honorific or "", ("-", ""))[0] == "f":
            return None
        mine, theirs = set(toks), set(e.tokens)
        if mine == theirs and not (hon is None and e.honorific is not None):
            rank = 3
        elif mine == theirs:
            rank = 2  # "Archer" is "Mr. Archer" only as much as "Newland Archer"
        elif mine <= theirs:
            # a lone surname with a different honorific from a named person's is a
            # relative ("Mrs. Bennet" is not "Mr. Bennet"), and so is an honorific and
            # surname when the surname is a family's ("Mrs. Bennet" is not Elizabeth)
            if hon and e.honorific and hon != e.honorific:
                return None
            if hon and e.honorific is None and len(self.by_token.get(toks[-1], ())) > 1:
                return None
            rank = 2
        elif theirs <= mine:
            if hon and e.honorific and hon != e.honorific:
                return None
            if e.honorific and len(e.tokens) == 1 and len(self.by_token.get(e.tokens[0], ())) > 1:
                return None  # "Elizabeth Bennet" is not the "Mrs. Bennet" of a family
            rank = 1
        else:
            return None
        # a bare surname in fiction is a man's ("said Bingley" is Mr. Bingley)
        male = int(hon is None and len(toks) == 1 and e.sex() == "m" and toks[0] == e.tokens[-1])
        # a short form goes to whoever the text has called by it before
        used = min(e.short_forms.get(toks[0], 0), 50) if len(toks) == 1 else 0
        return rank, male, used, min(e.count, 50), e.last_para

    def _update(self, e: Entity, hon, hon_disp, toks, disp, gender) -> None:
        if len(toks) > len(e.tokens) and set(e.tokens) <= set(toks):
            for t in toks:
                if t not in e.tokens:
                    self.by_token.setdefault(t, []).append(e)
            e.tokens, e.display = toks, disp
        if e.honorific is None and hon is not None:
            e.honorific, e.honorific_display = hon, hon_disp
        if e.gender == "-" and gender in ("m", "f"):
            e.gender = gender
        if e.gender == "-" and hon:
            hg = self.lex.honorifics.get(hon, ("-", ""))[0]
            if hg in ("m", "f"):
                e.gender = hg

    def canonical(self, e: Entity, news: bool = False) -> str:
        """The name to report: the fullest personal name without titles ("Sergey
        Lavrov"). In fiction, a surname several people share (a family's) gives way to
        the name the text tells them apart by: the given name if the text uses it alone
        ("Elizabeth", "Sir William"), else the honorific and surname ("Mr. Collins")."""
        if news:
            if len(e.display) == 1 and e.honorific \
                    and self.lex.honorifics.get(e.honorific, ("-", ""))[1] == "title":
                return e.display[0]  # "Mayor Okafor" is Okafor: a role is not a name
            return e.name
        if len(e.tokens) >= 2 and e is not self.narrator and self._has_family(e):
            given = _given_names(e.display)
            if given and e.short_forms.get(e.tokens[0]):
                if e.honorific in _NOBLE:
                    given.insert(0, e.honorific_display)
                return _fiction_case(" ".join(given))
            if e.honorific_display:
                surname = " ".join(e.display[_surname_start(e.display):])
                return _fiction_case(f"{e.honorific_display} {surname}")
        if len(e.display) == 1 and not e.honorific_display:
            ranks = [t for t in e.titles
                     if self.lex.honorifics.get(t, ("-", ""))[1] == "title"]
            if len(ranks) == 1:  # "Colonel Fitzwilliam", known by rank and surname
                return _fiction_case(f"{ranks[0].capitalize()} {e.display[0]}")
            if e.tokens[0] in self.lex.person_nouns and e.mentions \
                    and any(m.text[:4].lower() == "the " for m in e.mentions):
                # a character the text calls by a role, "the Footman" (not a surname
                # such as "Porter" that happens to be one)
                return "the " + e.display[0]
        return _fiction_case(e.name)

    def _has_family(self, e: Entity) -> bool:
        return any(o is not e and o.tokens and o.tokens[-1] == e.tokens[-1] and o.mentions
                   for o in self.by_token.get(e.tokens[-1], ()))

    def description_key(self, m: Mention) -> Optional[str]:
        """The key a definite description is known by ("the vicar", "the first
        policeman"), or None for one too common to stand for one person."""
        if not m.text.lower().startswith("the ") or m.head in _TOO_GENERIC or m.number == "pl":
            return None
        words = m.text.lower().split()
        rank = next((w for w in words[1:-1] if w in _RANKS), None)
        return f"the {rank} {m.head}" if rank else "the " + m.head  # "the first policeman"

    def described(self, m: Mention, para: int) -> Optional[Entity]:
        """A person known only by a definite description ("the stranger", "the
        vicar"): one entity per description, named by it, so that pronouns can find
        them. Plain "the man", "the girl" are too common to stand for one person."""
        key = self.description_key(m)
        if key is None:
            return None
        found = self.by_token.get(key)
        e = found[-1] if found else None
        if e is None:
            e = Entity(len(self.all), [key], [key], None, None, m.gender)
            self.all.append(e)
            self.by_token[key] = [e]
        e.last_para = para
        e.count += 1
        if e in self.recent:
            self.recent.remove(e)
        self.recent.append(e)
        return e

    def by_title(self, title: str, gender: str, para: int, window: int) -> Optional[Entity]:
        best = None
        for e in self.recent:
            if title in e.titles and _compatible_gender(e.sex(), gender) \
                    and para - e.last_para <= window:
                if best is None or e.last_para > best.last_para:
                    best = e
        return best

    def relative(self, of: Entity, noun: str, para: int) -> Optional[Entity]:
        """``his wife`` → the woman sharing the possessor's surname, and so on. A wife
        or husband not met yet is created from the possessor's name ("said his lady"
        after "Mr. Bennet" is Mrs. Bennet)."""
        if noun in _COMPANIONS:
            return self._other_recent(of, para)
        if noun not in _KIN_SAME_NAME or not of.tokens:
            return None
        gender, hon = _KIN_SAME_NAME[noun]
        if noun in _PARENTS and len(of.tokens) > 1:
            # "her father" of Elizabeth Bennet is the Mr. Bennet the story knows
            family = [e for e in self.kin(of, noun) if e.honorific == hon and len(e.mentions) >= 3]
            if family:
                return max(family, key=lambda e: len(e.mentions))
        if noun in _PARENTS or (of.honorific is None and len(of.tokens) == 1 and hon is not None):
            return self.by_honorific(hon, para, exclude=of)  # "her mother"
        surname = of.tokens[-1]
        best = None
        for e in self.kin(of, noun):
            if best is None or (e.honorific == hon) > (best.honorific == hon) \
                    or e.last_para > best.last_para:
                best = e
        if best is None and noun in ("wife", "husband", "lady") and of.honorific in ("mr", "mrs"):
            disp = of.display[-1]
            hon_disp = {"mrs": "Mrs.", "mr": "Mr."}[hon]
            best = Entity(len(self.all), [surname], [disp], hon, hon_disp, gender)
            self.all.append(best)
            self.recent.append(best)
            self.by_token.setdefault(surname, []).append(best)
        return best

    def kin(self, of: Entity, noun: str) -> List[Entity]:
        """The people who share the surname of ``of`` and could be their ``noun``."""
        gender, hon = _KIN_SAME_NAME[noun]
        surname = of.tokens[-1]
        return [e for e in self.by_token.get(surname, ())
                if e is not of and e.tokens[-1] == surname and _compatible_gender(e.sex(), gender)
                and not (hon and e.honorific not in (hon, None))]

    def _other_recent(self, of: Entity, para: int) -> Optional[Entity]:
        """``his friend``: the person last met other than the possessor."""
        best = None
        for e in self.recent:
            if e is not of and e.alias_of is None and e.mentions and para - e.last_para <= 3 \
                    and e is not self.narrator:
                if best is None or e.last_para > best.last_para:
                    best = e
        return best

    def by_honorific(self, hon: str, para: int, exclude: Optional[Entity]) -> Optional[Entity]:
        best = None
        for e in self.recent:
            if e.honorific == hon and e is not exclude and para - e.last_para <= 40 \
                    and e.mentions:
                if best is None or len(e.mentions) > len(best.mentions) \
                        or (len(e.mentions) == len(best.mentions) and e.last_para > best.last_para):
                    best = e
        return best


class Coref:
    """Clusters supplied by a real coreference component, used before any heuristic:
    a speaker mention inside a cluster is the person the cluster's fullest name names."""

    def __init__(self, clusters: Sequence[Sequence[Tuple[int, int, str]]], entities: Entities):
        self.entities = entities
        self.spans: List[Tuple[int, int, int]] = sorted(
            (s, e, k) for k, cl in enumerate(clusters) for s, e, _ in cl)
        self.starts = [s for s, _, _ in self.spans]
        self.names = [self._best_name(cl) for cl in clusters]
        self.linked: Dict[int, Entity] = {}

    @staticmethod
    def _best_name(cluster: Sequence[Tuple[int, int, str]]) -> Optional[str]:
        names = [t for _, _, t in cluster
                 if any(w[:1].isupper() for w in t.split()[1:] or t.split())
                 and t.lower() not in ("i", "he", "she", "it", "they", "we", "you")]
        return max(names, key=lambda t: (len(t.split()), len(t))) if names else None

    def entity_of(self, m: Mention, para: int) -> Optional[Entity]:
        import bisect

        k = bisect.bisect_right(self.starts, m.start) - 1
        while k >= 0 and self.spans[k][1] > m.start - 200:
            s, e, cl = self.spans[k]
            if s < m.end and m.start < e:
                if cl not in self.linked and self.names[cl]:
                    name = Mention(s, e, self.names[cl], "name", "", name=self.names[cl])
                    ent = self.entities.link(name, para)
                    if ent is not None:
                        self.linked[cl] = ent
                return self.linked.get(cl)
            k -= 1
        return None


@define(eq=False)
class ParaInfo:
    index: int
    start: int
    end: int
    narration: List[Mention] = field(factory=list)
    vocatives: List[Mention] = field(factory=list)
    silent: Optional[int] = None  # sieves.silence: "He made no answer."


@define(eq=False)
class Turn:
    para: int
    entity: Entity
    addressees: List[Entity]
    explicit: bool = False  # given by a cue (a name or a pronoun), not by the alternation


class Resolver:
    def __init__(self, state, lex: Lexicons):
        self.state = state
        self.genre = state.genre
        self.entities = Entities(lex, fiction=state.genre == "fiction")
        self.history: Deque[Tuple[int, Entity, int]] = deque(maxlen=HISTORY)  # para, who, role
        self.named: Deque[Tuple[int, int, Entity]] = deque(maxlen=8)  # para, start, who
        self.turns: Deque[Turn] = deque(maxlen=4)
        self.first_person = _first_person(state)
        self.entities.on_merge = self._merged
        self.quote_paras = {q.para for q in state.quotes}
        self.coref = Coref(state.coref, self.entities) if state.coref else None

    def _merged(self, keep: Entity, gone: Entity) -> None:
        self.history = deque(((p, keep if e is gone else e, s) for p, e, s in self.history),
                             maxlen=HISTORY)
        for t in self.turns:
            if t.entity is gone:
                t.entity = keep
            t.addressees = [keep if a is gone else a for a in t.addressees]

    # --- events ----------------------------------------------------------------------
    def mention(self, m: Mention, para: int) -> Mention:
        """A mention in the narration: names join their entity; a subject pronoun is
        resolved to the most salient compatible person, who stays salient. Returns the
        mention as understood (in a novel, a known person the recogniser took for an
        organisation or place is that person)."""
        if m.kind == "group" and self.genre == "fiction" and m.name \
                and len(m.name.split()) == 1 \
                and self.entities.by_token.get(m.name.lower().strip(".,")):
            m = evolve(m, kind="name")
        if m.kind == "name":
            e = self.entities.link(m, para)
            if e is not None and m.place:
                e.places += 1
            if e is not None and self.genre == "fiction" and e.places >= 2 \
                    and 2 * e.places >= e.count and e.honorific is None and e.sex() == "-":
                e = None  # a place ("Meryton") the recogniser took for a person
            if e is not None and not _family_plural(m):
                self.history.append((para, e, _role(m)))
                self.named.append((para, m.start, e))
        elif m.kind == "pronoun" and m.person == 3 and m.gender in ("m", "f") and self.history:
            p, e, subj = self.history[-1]
            if p == para and subj and e.sex() == "-":
                e.votes[m.gender] += 1
            e = self._recent(m.gender, para, (), exclude=None, subjects=True)
            if e is not None:
                self.history.append((para, e, _role(m)))  # a narration pronoun is a subject
        elif m.kind == "nominal" and (m.title or m.head in PAIR_WORDS):
            if m.head in PAIR_WORDS:
                e = self.of_pair(m, para)
            else:
                e = self.entities.by_title(m.title, m.gender, para, window=20) \
                    or self.entities.described(m, para)
            if e is not None:
                self.history.append((para, e, _role(m)))
        return m

    def of_pair(self, m: Mention, para: int) -> Optional[Entity]:
        """``the former`` / ``the latter``: the first / second of the last two people
        named in this paragraph before it ("Elizabeth …, and Jane …; the former said")."""
        people: List[Entity] = []
        for p, start, e in self.named:
            if p == para and start < m.start:
                e = e.find()
                if e in people:
                    people.remove(e)
                people.append(e)
        if len(people) < 2:
            return None
        return people[-2] if m.head == "former" else people[-1]

    def addressed(self, v: Mention, para: int) -> Optional[Entity]:
        """The person a vocative names. A name the recogniser did not take for a person
        ("my dear Lydia" as an organisation) must be one the text already knows. A name
        two people share ("Emerson", "Miss Bennet") is the one of them taking part in the
        conversation, if only one is."""
        toks = self.entities._parse(v.name)[2] if v.name else []
        if len(toks) == 1:
            shared = {e.find() for e in self.entities.by_token.get(toks[0], ())
                      if _compatible_gender(e.find().sex(), v.gender)}
            if len(shared) > 1:
                talking = [e for e in shared if any(t.entity.find() is e for t in self.turns)]
                if len(talking) == 1:
                    return talking[0]
        return self.entities.link(v, para, known_only=v.label != "PERSON")

    def _addressed_ids(self, q, para: int) -> Set[int]:
        """The ids of the people quotation ``q`` (or None) addresses by name."""
        return {id(e) for e in (self.addressed(v, para) for v in getattr(q, "vocatives", ()))
                if e is not None}

    def calls(self, q, e: Entity, para: int) -> bool:
        """Does quotation ``q`` call ``e`` by name?"""
        e = e.find()
        return any(a is not None and a.find() is e
                   for a in (self.addressed(v, para) for v in q.vocatives))

    def personal(self, m: Mention) -> bool:
        """Is ``m`` a person's name? In a novel a one-word name the recogniser took for
        a place or a group is a person ("Charlotte")."""
        return m.kind == "name" or (m.kind == "group" and self.genre == "fiction"
                                    and bool(m.name) and len(m.name.split()) == 1)

    def resolve_mention(self, m: Mention, q, para: int, local: Sequence[Mention]
                        ) -> Tuple[Optional[Entity], str]:
        """The entity behind a speaker mention, and the rule that found it."""
        if self.coref is not None:
            e = self.coref.entity_of(m, para)
            if e is not None:
                return e, "coref"
        if m.kind == "relative":
            if m.antecedent is None:
                return None, "unresolved"
            e, rule = self.resolve_mention(m.antecedent, q, para, local)
            return e, ("relative" if rule == "name" else rule)
        if self.personal(m):
            return self.entities.link(m, para), "name"
        if m.kind == "group":
            return None, "group"
        if m.kind == "pronoun":
            if m.person == 1 and m.number == "sg":
                if self.first_person:
                    return self.narrator(), "narrator"
                return None, "first_person"
            if m.person == 3 and m.number == "sg" and m.gender in ("m", "f"):
                return self.pronoun(m.gender, para, local, q)
            if self.genre == "fiction" and m.head == "it":
                # a speaking "it" is a creature or a voice: someone of no known sex
                return self.pronoun("-", para, local, q)
            return None, "unresolved"
        # nominal
        if m.head in PAIR_WORDS:
            e = self.of_pair(m, para)
            if e is not None:
                return e, "pair"
        if self.genre == "fiction" and m.head in ONE_OF_TWO and m.text.lower() == "the " + m.head \
                and q is not None:
            e = self.expected_speaker(q, para)  # "replied the other": whose turn it is
            if e is not None:
                return e, "other_party"
        if m.possessor in ("my", "our") and self.first_person and self.genre == "fiction" \
                and (m.title or m.head in _COMPANIONS):
            e = self._narrators_companion(m, para, q)  # "said my companion"
            if e is not None:
                return e, "description"
        if m.possessor in ("his", "her") and not m.title and m.head not in _COMPANIONS \
                and m.head not in _KIN_SAME_NAME and m.head not in self.entities.lex.person_nouns \
                and self.genre == "fiction":
            # "said his countenance", "was her next remark": the owner speaks
            return self.pronoun(_POSSESSIVE_SEX[m.possessor], para, local, q)
        if m.possessor in ("their", "our") and m.head in _PARENTS and self.genre == "fiction":
            e = self.entities.by_honorific(_KIN_SAME_NAME[m.head][1], para, exclude=None)
            if e is not None:
                return e, "kin"  # "said their father": the Mr. of the house
        if m.possessor and (m.title or m.head in _COMPANIONS):
            owner = self._possessor(m.possessor, para, local, q)
            if owner is not None:
                rel = self.entities.relative(owner, m.head, para)
                if rel is not None and m.head in _SIBLINGS and q is not None:
                    rel = self._sibling_in_turn(owner, rel, m.head, para, q)
                if rel is not None:
                    return rel, "kin"
                if m.head in _PARENTS and owner.honorific == _KIN_SAME_NAME[m.head][1]:
                    # "her mother" with no other mother about: the salient Mrs. is the
                    # mother, and "her" is a daughter not yet met by name
                    return owner, "kin"
        if m.title:
            e = self.entities.by_title(m.title, m.gender, para, window=50)
            if e is not None:
                return e, "title"
            noun = self.entities.lex.person_nouns.get(m.title)
            if noun is not None and noun.kind == "generic" and m.gender in ("m", "f"):
                for lm in reversed(local):  # "Girl number twenty … the girl panted"
                    e = self.entities.link(lm, para) if lm.kind == "name" else None
                    if e is not None and e.sex() == m.gender:
                        return e, "description"
            if self.genre == "fiction" and m.gender in ("m", "f") and m.number != "pl" \
                    and not m.possessor and not _RANKS.intersection(m.text.lower().split()) \
                    and not self.entities.by_token.get(self.entities.description_key(m) or ""):
                # a description not met before, of the one man (woman) in the conversation
                # ("the second policeman" is someone new)
                e = self._only_talker(m.gender, para, q)
                if e is not None:
                    return e, "description"
            e = self.entities.described(m, para)
            if e is not None:
                return e, "description"
            if self.genre == "fiction" and m.gender in ("m", "f") and m.number != "pl" \
                    and m.text.lower().split()[-1] == m.head:
                # "the old lady", "the young man": too common to name one person, so
                # read like "she" or "he"
                owner = self._possessor(m.possessor, para, local, q) if m.possessor else None
                e, _ = self.pronoun(m.gender, para, local, q, not_of=owner)
                if e is not None:
                    return e, "description"
        return None, "unresolved"

    def _sibling_in_turn(self, owner: Entity, rel: Entity, noun: str, para: int, q) -> Entity:
        """Of several sisters (or brothers), "said her sister" is the one whose turn it is
        to speak, if she can be one of the family: she shares a name with them, or is
        known by a first name alone ("Lizzy")."""
        if len(self.entities.kin(owner, noun)) < 2:
            return rel
        turn = self.expected_speaker(q, para)
        if turn is None or turn is owner or turn is rel \
                or not _compatible_gender(turn.sex(), _KIN_SAME_NAME[noun][0]):
            return rel
        family = set(owner.tokens[1:] + rel.tokens)
        if family.intersection(turn.tokens) or turn.honorific is None and len(turn.tokens) == 1:
            return turn
        return rel

    def _only_talker(self, gender: str, para: int, q) -> Optional[Entity]:
        """The one person of that sex taking part in the conversation going on, if
        there is exactly one ('"Quite right," said the clergyman' when the clergyman is
        the only man talking)."""
        vocs = self._addressed_ids(q, para)
        talkers = {t.entity.find() for t in self.conversation(para)}
        found = [e for e in talkers if e.sex() == gender and id(e) not in vocs
                 and e is not self.entities.narrator]
        return found[0] if len(found) == 1 else None

    def _narrators_companion(self, m: Mention, para: int, q) -> Optional[Entity]:
        """The one a first-person narrator calls "my companion" or "our visitor": the
        other party of the conversation going on, if of a matching sex."""
        narrator = self.entities.narrator
        vocs = self._addressed_ids(q, para)
        candidates = [self.expected_speaker(q, para)]
        candidates += [t.entity for t in reversed(self.conversation(para))]
        for e in candidates:
            if e is not None and e is not narrator and id(e) not in vocs \
                    and _compatible_gender(e.sex(), m.gender):
                return e
        return None

    def _possessor(self, word: str, para: int, local: Sequence[Mention], q=None
                   ) -> Optional[Entity]:
        """His or her: the one of that sex the quotation addresses ("My dear Mr.
        Bennet," said his lady; "…, Caroline," cried her brother), or failing that the
        most salient person of that sex."""
        gender = _POSSESSIVE_SEX.get(word)
        if gender is None:
            return None
        for v in getattr(q, "vocatives", ()):
            cand = self.addressed(v, para)
            if cand is not None and cand.sex() == gender:
                return cand
        return self._recent(gender, para, local, exclude=None)

    def pronoun(self, gender: str, para: int, local: Sequence[Mention], q,
                not_of: Optional[Entity] = None) -> Tuple[Optional[Entity], str]:
        """The person "he" or "she" stands for; ``not_of`` is someone it cannot be (the
        "her" of "her aunt")."""
        # whoever the quotation addresses by name is not its speaker ("Come, Darcy," said he)
        barred = self._addressed_ids(q, para)
        if not_of is not None:
            barred.add(id(not_of))
        att = getattr(q, "attribution", None)
        if att is not None and att.addressee is not None and self.personal(att.addressee):
            addressee = self.entities.link(att.addressee, para)  # "said she to Charlotte"
            if addressee is not None:
                barred.add(id(addressee))
        if self.entities.narrator is not None:
            barred.add(id(self.entities.narrator))  # "he" is never the one telling "I"
        # in a novel, whoever acts in a main clause of this paragraph first, not someone a
        # clause reports on ("Lady Ashby observed that Miss Lowe seemed tired; … she added")
        e = self._acting_here(para, gender, barred, MAIN) if self.genre == "fiction" else None
        if e is None:
            e = self._named_subject(local, para, barred, gender)
        if e is None:
            e = self._acting_here(para, gender, barred, EMBEDDED)  # "She looked up. "Yes," she said."
        if e is not None:
            return e, "pronoun_local"
        e = self._named_subject(local, para, barred, "-")  # then a name of unknown gender
        if e is not None:
            return e, "pronoun_local"
        if self.genre == "fiction" and para - 1 not in self.quote_paras:
            beat = []
            for p, e, subj in reversed(self.history):  # a narration paragraph just before
                if p < para - 1:
                    break
                if p == para - 1 and subj and e.sex() == gender and id(e) not in barred:
                    beat.append((e, subj))
            # whoever acts in a main clause, not someone a clause reports on ("She felt
            # that nothing could make Alice change her mind.")
            beat = [e for e, role in beat if role == MAIN] or [e for e, _ in beat]
            if beat:  # of two people acting just before, the one whose turn it is
                expected = self.expected_speaker(q, para) if len(set(map(id, beat))) > 1 else None
                e = expected if expected in beat else beat[0]
                return self._prefer_named(e, gender, para, barred), "pronoun_beat"
            e = self._named_in(para - 1, gender, None, barred)  # no one of that sex acting:
            if e is not None:  # whoever of that sex it names ('Tom ran to tell Lydia.')
                return e, "pronoun_beat"
        if self.genre == "news":
            # in news, "he said" goes on with the person last quoted, else the last subject
            if self.turns and para - self.turns[-1].para <= 3 \
                    and self.turns[-1].entity.sex() == gender:
                return self.turns[-1].entity, "pronoun_speaker"
            e = self._recent(gender, para, local, exclude=None, subjects=True)
            return (e, "pronoun_recent") if e is not None else (None, "unresolved")
        expected = self.expected_speaker(q, para)
        if expected is not None and expected.sex() == gender and id(expected) not in barred:
            return expected, "pronoun_turn"
        last = self.turns[-1].entity if self.turns else None
        if last is not None and 0 < para - self.turns[-1].para <= TURN_GAP \
                and last.sex() == gender and id(last) not in barred:
            return last, "pronoun_last"
        e = self._recent(gender, para, local, exclude=None, barred=barred)
        return (e, "pronoun_recent") if e is not None else (None, "unresolved")

    def _acting_here(self, para: int, gender: str, barred: Container[int], role: int
                     ) -> Optional[Entity]:
        """The latest person of that sex who is a subject in paragraph ``para``, in a
        clause of ``role`` or above (``MAIN``: a main clause only)."""
        for p, e, subj in reversed(self.history):
            if p != para:
                break
            if subj >= role and e.sex() == gender and id(e) not in barred:
                return e
        return None

    def _named_subject(self, local: Sequence[Mention], para: int, barred: Container[int],
                       sex: str) -> Optional[Entity]:
        """The latest person named as a subject in this paragraph, of that sex."""
        for m in reversed(local):
            if m.kind == "name" and m.subject:
                e = self.entities.link(m, para)
                if e is not None and id(e) not in barred and e.sex() == sex:
                    return e
        return None

    def _prefer_named(self, e: Entity, gender: str, para: int,
                      barred: Container[int] = ()) -> Entity:
        """``e``, unless it is known only by a description and a named person of that
        sex has come up after it in this paragraph or the one before: "The maid came
        in. … Perhaps he had misunderstood Madame Olenska -- perhaps she had not …" is
        Madame Olenska, not the maid."""
        if not _described(e):
            return e
        for p, h, _ in reversed(self.history):
            if h is e or para - p > 1:
                return e
            if h.sex() == gender and not _described(h) and h is not self.entities.narrator:
                return h if id(h) not in barred else e
        return e

    def _recent(self, gender: str, para: int, local, exclude: Optional[Entity],
                subjects: bool = False, barred: Container[int] = ()) -> Optional[Entity]:
        if subjects:
            fiction = self.genre == "fiction"
            acting = {p for p, e, subj in self.history
                      if subj and e.sex() == gender} if fiction else set()
            # paragraphs where someone of that sex is the subject of a main clause: there,
            # a subject inside a reported clause is not the one acting
            leading = {p for p, e, subj in self.history if subj == MAIN and e.sex() == gender
                       and e is not exclude and id(e) not in barred} if fiction else set()
            current = para
            for p, e, subj in reversed(self.history):
                if para - p > 12:
                    break
                if fiction and p != current:
                    # in a novel, paragraph by paragraph back: its subjects, then, if no one
                    # of that sex acts in the paragraph before it, whoever of that sex it
                    # names in any role: 'It would not give Lydia that embarrassment. …
                    # She longed …'
                    if current - 1 not in acting:
                        named = self._named_in(current, gender, exclude, barred)
                        if named is not None:
                            return named
                    current = p
                if subj == EMBEDDED and p != para and p in leading:
                    continue
                if subj and e is not exclude and e.sex() == gender and id(e) not in barred:
                    return self._prefer_named(e, gender, para, barred)
        for p, e, _ in reversed(self.history):
            if para - p > 12:
                break
            if e is not exclude and e is not self.entities.narrator and e.sex() == gender \
                    and id(e) not in barred:
                return e
        for p, e, _ in reversed(self.history):
            if para - p > 12:
                break
            if e is not exclude and e is not self.entities.narrator \
                    and _compatible_gender(e.sex(), gender) and id(e) not in barred:
                return e
        return None

    def _named_in(self, para: int, gender: str, exclude: Optional[Entity],
                  barred: Container[int]) -> Optional[Entity]:
        """The latest person of that sex, other than the narrator, mentioned in
        paragraph ``para``."""
        for p, e, _ in reversed(self.history):
            if p > para:
                continue
            if p < para:
                break
            if e is not exclude and e is not self.entities.narrator and e.sex() == gender \
                    and id(e) not in barred:
                return e
        return None

    def narrator(self) -> Entity:
        if self.entities.narrator is None:
            e = Entity(len(self.entities.all), [NARRATOR_NAME], [NARRATOR_NAME])
            self.entities.all.append(e)
            self.entities.narrator = e
        return self.entities.narrator

    def conversation(self, para: int) -> List[Turn]:
        """The turns of the conversation going on at ``para`` (oldest first). It ends
        at a gap of narration longer than ``TURN_GAP`` paragraphs."""
        conv: List[Turn] = []
        nxt = para
        for t in reversed(self.turns):
            if t.para >= nxt or nxt - t.para > TURN_GAP:
                break
            conv.append(t)
            nxt = t.para
        conv.reverse()
        return conv

    def silence(self, info: ParaInfo) -> None:
        """A paragraph saying someone kept silent, right after a turn, is the turn of the
        one addressed, who passes it: the one left unanswered speaks next."""
        para = info.index
        last = self.turns[-1] if self.turns else None
        if last is None or para - last.para != 1:
            return
        waiting = self.expected_speaker(None, para)
        m = next((m for m in info.narration if m.start == info.silent), None)
        if m is not None and m.kind == "name":
            e = self.entities.link(m, para, known_only=True)
        elif m is not None and m.kind == "pronoun":
            e = waiting if waiting is not None and _compatible_gender(waiting.sex(), m.gender) \
                else None
        else:
            e = waiting
        if e is None or e is last.entity:
            return
        self.turns.append(Turn(para, e, [last.entity]))
        self.history.append((para, e, MAIN))

    def _in_view(self, x: Entity, para: int) -> Optional[Entity]:
        """The person other than ``x`` the narration has as a subject in paragraph
        ``para`` or the two before it: whom a conversation that opens there is with."""
        for p, h, subj in reversed(self.history):
            if p > para:
                continue
            if para - p > TURN_GAP:
                break
            if subj and h is not x and (h is not self.entities.narrator or self.first_person):
                return h
        return None

    def resumed_speaker(self, q, para: int) -> Optional[Entity]:
        """After narration that none of the other talkers acts in, the last speaker
        goes on ('"…," said Stephen.' ¶ 'The clock struck eight.' ¶ '"…"'), unless they
        spoke to someone (by name or in the tag), who answers, or this quotation calls
        them by name."""
        conv = self.conversation(para)
        if not conv or para - conv[-1].para == 1:
            return None
        last = conv[-1]
        if id(last.entity) in self._addressed_ids(q, para) \
                or any(a is not last.entity for a in last.addressees):
            return None
        others = {id(t.entity) for t in conv if t.entity is not last.entity}
        for p, h, subj in reversed(self.history):
            if p <= last.para:
                break
            if subj and p < para and id(h) in others:
                return None
        return last.entity

    def expected_speaker(self, q, para: int) -> Optional[Entity]:
        """Whose turn it is. Conversations alternate: counted from the last turn whose
        speaker a cue gave (by name or by pronoun), odd turns go to the other party (the
        one that speaker addressed, or the one who spoke before), even turns back to
        them."""
        conv = self.conversation(para)
        if not conv:
            return None
        vocs = [self.addressed(v, para) for v in getattr(q, "vocatives", ())]
        last = conv[-1]
        reply = next((a for a in last.addressees if a is not last.entity and a not in vocs), None)
        if reply is not None:
            return reply  # '"…, Jane?"' is answered by Jane
        e = max((k for k, t in enumerate(conv) if t.explicit), default=-1)
        anchor = conv[e] if e >= 0 else conv[-1]
        x = anchor.entity
        y = next((a for a in anchor.addressees if a is not x), None)
        if y is None:
            before = list(self.turns)[:-len(conv)] + conv[:max(e, 0)] if e >= 0 else conv[:-1]
            if before and before[-1].entity is not x and anchor.para - before[-1].para == 1:
                y = before[-1].entity  # the one the anchor's speaker was answering
            else:
                y = self._in_view(x, anchor.para)
            if y is None:
                y = next((t.entity for t in reversed(before) if t.entity is not x and t.explicit
                          and anchor.para - t.para <= 12), None) \
                    or next((t.entity for t in reversed(before) if t.entity is not x), None)
        if y is None:
            y = next((a for t in reversed(conv) if t.entity is x for a in t.addressees
                      if a is not x), None)
        if y is None:
            y = next((h for p, h, _ in reversed(self.history)
                      if h is not x and para - p <= TURN_GAP + 1
                      and (h is not self.entities.narrator or self.first_person)), None)
        n = len(conv) - (e if e >= 0 else len(conv) - 1)
        guess, other = (y, x) if n % 2 == 1 else (x, y)
        if guess is None or guess in vocs:
            return other if other is not None and other not in vocs else None
        return guess


def _family_plural(m: Mention) -> bool:
    """An honorific on a plural name ("the Miss Carters") names several people, whom no
    "he" or "she" stands for. A bare surname the tagger reads as plural ("Sanders") may
    be one person."""
    return m.number == "pl" and m.title is not None


def _role(m: Mention) -> int:
    return (MAIN if m.main else EMBEDDED) if m.subject else 0


def _described(e: Entity) -> bool:
    """Is the person known only by a description ("the maid")?"""
    return bool(e.tokens) and e.tokens[0].startswith("the ")


def _first_person(state) -> bool:
    """Is the narration in the first person? (I/we subjects outside quotations.)"""
    first = third = 0
    for info in state.paras:
        for m in info.narration:
            if m.kind == "pronoun":
                if m.person == 1 and m.number == "sg":
                    first += 1
                elif m.person == 3:
                    third += 1
    return first >= 5 and first >= 0.25 * third


def _events(state) -> Iterable[Tuple[int, int, int, object]]:
    """Narration mentions, quotations and silences (``ParaInfo.silent``) in text order:
    ``(pos, order, para, item)``."""
    events = []
    for info in state.paras:
        for m in info.narration:
            events.append((m.start, 1, info.index, m))
    for k, q in enumerate(state.quotes):
        events.append((q.parts[0][0], 0, q.para, q))
    for info in state.paras:
        if info.silent is not None:
            events.append((info.end, 2, info.index, info))
    events.sort(key=lambda e: (e[0], e[1]))
    return events


def resolve(state, lex: Optional[Lexicons] = None) -> None:
    """Resolve the speaker of every quotation in ``state.quotes`` (in place)."""
    lex = lex or Lexicons.default()
    r = Resolver(state, lex)
    local: Deque[Mention] = deque(maxlen=HISTORY)  # this paragraph's latest mentions
    local_para = -1
    last_attributed = None  # (para, Local) of the last quotation with a speaker
    prev_quote = None
    infos = {info.index: info for info in state.paras}
    for pos, order, para, item in _events(state):
        if para != local_para:
            local, local_para = deque(maxlen=HISTORY), para
        if order == 1:
            local.append(r.mention(item, para))
            continue
        if order == 2:
            r.silence(item)
            continue
        q = item
        info = infos.get(para)
        q.vocatives = info.vocatives if info else []
        if q.vocatives and prev_quote is not None and r.genre == "fiction":
            q.vocatives = [v for v in q.vocatives if not _echo(r.state.text, v, q, prev_quote)]
        prev_quote = q
        att = q.attribution
        entity, rule = None, ""
        source = q.source
        if source is not None and source.entity is not None:
            entity, rule = source.entity.find(), "name"
        elif att is not None and att.speaker is not None:
            entity, rule = r.resolve_mention(att.speaker, q, para, local)
            if entity is not None and att.sieve in _FROM_NARRATION and r.genre == "fiction" \
                    and r.calls(q, entity, para):
                # 'Elizabeth sat down.' / '"Lizzy, you must not …"': the one called is
                # not the speaker
                entity, rule, att = _unattributed(r, q, para, last_attributed, local)
                q.attribution = att
        elif att is None:
            entity, rule, att = _unattributed(r, q, para, last_attributed, local)
            q.attribution = att
        if att is None:
            continue
        if entity is not None:
            q.entity = entity
            if att.speaker is not None and att.speaker.kind == "name":
                local.append(att.speaker)
            if rule not in ("name", "group", att.sieve):
                att = evolve(att, sieve=f"{att.sieve}>{rule}",
                             confidence=round(att.confidence * _RULE_CONFIDENCE.get(rule, 0.8), 4))
            q.attribution = att
            vocs = [r.addressed(v, para) for v in q.vocatives]
            q.addressed = [e for e in vocs if e is not None]
            addressees = [e for e in vocs if e is not None and e is not entity]
            if att.addressee is not None and r.personal(att.addressee):
                a = r.entities.link(att.addressee, para)
                if a is not None:
                    addressees.insert(0, a)
            elif att.addressee is not None and r.genre == "fiction" \
                    and att.addressee.kind in ("nominal", "pronoun"):
                # "he asked the vicar", "she said to him": whom the next turn goes to
                a, _ = r.resolve_mention(att.addressee, None, para, local)
                if a is not None and a is not entity:
                    addressees.insert(0, a)
            if rule == "kin" and r.genre == "fiction" and att.speaker is not None \
                    and att.speaker.possessor in ("his", "her"):
                owner = _kin_owner(r, att.speaker.possessor, entity, para, local, q)
                if owner is not None and owner not in addressees:
                    addressees.append(owner)  # "said her father": to her
            if not r.turns or r.turns[-1].para != para:
                r.turns.append(Turn(para, entity, addressees, rule in _EXPLICIT))
            r.history.append((para, entity, MAIN))
        elif att.speaker is not None and att.speaker.kind == "group":
            q.speaker_name = att.speaker.name
        last_attributed = (para, q)
    _settle_turns(r, state.quotes)
    _name_narrator(r, state.quotes)
    for q in state.quotes:
        if q.entity is None and q.attribution is not None:
            q.entity = _person_behind_group(r.entities, q.attribution.speaker)
        if q.entity is not None:
            q.entity = q.entity.find()
            q.speaker_name = r.entities.canonical(q.entity, news=r.genre == "news")


def _kin_owner(r: Resolver, word: str, speaker: Entity, para: int, local, q) -> Optional[Entity]:
    """The "her" of "said her father", other than the speaker: whom the speaker talks to."""
    owner = r._possessor(word, para, local, q)
    if owner is speaker:
        owner = r._recent(_POSSESSIVE_SEX[word], para, local, exclude=speaker)
    return owner


def _echo(text: str, v: Mention, q, prev) -> bool:
    """Is the name a quotation asks about one the quotation before it spoke of ('…
    something that Mr. Beebe said.' / '"Mr. Beebe?" said his mother'), not a call?"""
    a, b = q.parts[0]
    if text[a:b].strip(" ?!.,\u2014-") != v.text:
        return False
    return any(v.text in text[pa:pb] for pa, pb in prev.parts)


_FREE = frozenset({"turn", "resumed", "salient", "reply"})
# sieves that take the speaker from the narration paragraph before a quotation
_INTRO = frozenset({"intro_beat", "intro_cue"})
# ... or from the narration around it, not from its tag
_FROM_NARRATION = _INTRO | {"beat_before"}


def _free(sieve: str) -> bool:
    """May the read-back re-assign a quotation this sieve attributed? Turns and guesses
    may, and so may what the narration paragraph before it suggested."""
    return sieve in _FREE or sieve.split(">")[0] in _INTRO


def _settle_turns(r: Resolver, quotes) -> None:
    """Read an exchange back from its end. Between two turns whose speakers a cue gave,
    X and then Z != X, an odd number of paragraphs apart, the cue-less turns alternate
    between X and Z: the forward pass could only guess who X was talking to. Before the
    first such turn, the turns an even number of paragraphs back are Z's too; after a
    one-paragraph interruption, the others go to the speaker of the turn before it. What the
    narration paragraph before an exchange suggested (``intro_*``) is a guess like a
    turn: it is re-read, and is no anchor."""
    if r.genre != "fiction":
        return
    paras: List[Tuple[int, list]] = []
    for q in quotes:
        if q.attribution is None:
            continue
        if paras and paras[-1][0] == q.para:
            paras[-1][1].append(q)
        else:
            paras.append((q.para, [q]))
    anchor = None  # (index into paras, entity) of the last turn a cue gave
    start = 0  # where the exchange began
    for k, (para, qs) in enumerate(paras):
        if k and para - paras[k - 1][0] != 1:
            anchor, start = None, k  # narration between: a new exchange
        head = qs[0]
        if _free(head.attribution.sieve) or head.entity is None:
            continue
        z = head.entity.find()
        if anchor is not None and anchor[1] is not z and (k - anchor[0]) % 2 == 1:
            x = anchor[1]
            for j in range(anchor[0] + 1, k):
                _retarget(paras[j][1], x if (j - anchor[0]) % 2 == 0 else z)
        elif anchor is None:
            for j in range(k - 2, start - 1, -2):  # the turns before the first cue
                _retarget(paras[j][1], z)
            w = _resumed_with(paras, start)
            if w is not None and w is not z:  # and the others go to whom z was talking to
                for j in range(k - 1, start - 1, -2):
                    _retarget(paras[j][1], w)
        anchor = (k, z)


def _resumed_with(paras: List[Tuple[int, list]], start: int) -> Optional[Entity]:
    """When one paragraph of narration interrupts an exchange ('Mary looked out of the
    window.'), the speaker of the turn before it, who is still in the exchange."""
    if start == 0 or paras[start][0] - paras[start - 1][0] != 2:
        return None
    e = paras[start - 1][1][0].entity
    return e.find() if e is not None else None


def _retarget(qs, target: Entity) -> None:
    if any(e.find() is target for e in qs[0].addressed):
        return  # the one addressed is not the speaker
    for q in qs:
        if not _free(q.attribution.sieve) or q.entity is None or q.entity.find() is target \
                or q.attribution.sieve == "reply":
            continue
        start = q.parts[0][0]
        m = next((m for m in reversed(target.mentions) if m.start < start), target.last_mention)
        q.entity = target
        q.attribution = evolve(q.attribution, speaker=m)


def _person_behind_group(entities: Entities, m: Optional[Mention]) -> Optional[Entity]:
    """A lone surname the recogniser took for an organisation ("— Lavrov" in a headline)
    is the one person of the document with that surname, if there is one."""
    if m is None or m.kind != "group" or not m.name or len(m.name.split()) != 1:
        return None
    key = m.name.lower().strip(".,")
    people = {e.find() for e in entities.by_token.get(key, ()) if len(e.tokens) >= 2
              and e.tokens[-1] == key}
    return people.pop() if len(people) == 1 else None


def _name_narrator(r: Resolver, quotes) -> None:
    """Name the first-person narrator after the name the other speakers call them by:
    the vocative most often found in quotations next to the narrator's own."""
    narrator = r.entities.narrator
    if narrator is None:
        return
    counts: Dict[int, int] = {}
    by_id: Dict[int, Entity] = {}
    for i, q in enumerate(quotes):
        if q.entity is None or q.entity is narrator:
            continue
        near = [quotes[j] for j in (i - 1, i + 1) if 0 <= j < len(quotes)]
        if not any(n.entity is narrator and abs(n.para - q.para) <= 1 for n in near):
            continue
        for v in q.vocatives:
            e = r.addressed(v, q.para)
            if e is not None and e is not q.entity and e is not narrator:
                counts[e.id] = counts.get(e.id, 0) + 1
                by_id[e.id] = e
    if counts:
        best = max(counts, key=lambda k: counts[k])
        if counts[best] >= 2:
            e = by_id[best]
            narrator.display, narrator.tokens = list(e.display), list(e.tokens)
            narrator.honorific, narrator.honorific_display = e.honorific, e.honorific_display


_EXPLICIT = frozenset({"coref", "name", "relative", "title", "kin", "narrator", "pronoun_local",
                       "pronoun_beat", "pronoun_turn", "pronoun_last", "pronoun_recent",
                       "description"})
_RULE_CONFIDENCE = {"coref": 0.9, "relative": 0.95, "pronoun_beat": 0.8,
                    "pronoun_speaker": 0.9, "pronoun_last": 0.7, "title": 0.85, "kin": 0.8,
                    "pronoun_local": 0.9, "pronoun_turn": 0.85, "pronoun_recent": 0.75,
                    "narrator": 0.9, "description": 0.7, "floating": 0.8, "turn": 0.6,
                    "other_party": 0.6, "pair": 0.8}


def _unattributed(r: Resolver, q, para: int, last_attributed, local):
    """Speaker of a quotation without any speaker mention of its own."""
    from .sieves import Attribution

    if r.genre == "news":
        if last_attributed is not None and q.paragraph_initial and para - last_attributed[0] == 1:
            prev = last_attributed[1]
            att = evolve(prev.attribution, sieve="floating",
                         confidence=min(0.8, prev.attribution.confidence))
            return getattr(prev, "entity", None), "floating", att
        return None, "", None
    vocs = {id(r.addressed(v, para)) for v in q.vocatives}
    resumed = r.resumed_speaker(q, para)
    if resumed is not None:
        return resumed, "resumed", Attribution("resumed", 0.55, None, -1, resumed.last_mention)
    expected = r.expected_speaker(q, para)
    if expected is not None and id(expected) not in vocs:
        m = expected.last_mention
        last = r.turns[-1] if r.turns else None
        if last is not None and para - last.para == 1 and last.para in r.quote_paras \
                and expected is not last.entity and expected in last.addressees \
                and any(t.entity is expected for t in r.turns):
            # the answer of someone already talking whom the turn before called by name
            # or in its tag: the read-back keeps it
            return expected, "reply", Attribution("reply", 0.65, None, -1, m)
        return expected, "turn", Attribution("turn", 0.6, None, -1, m)
    for p, e, subj in reversed(r.history):  # no conversation: the person in view
        if para - p > TURN_GAP:
            break
        if subj and id(e) not in vocs and e is not r.entities.narrator:
            return e, "salient", Attribution("salient", 0.4, None, -1, e.last_mention)
    return None, "", None
