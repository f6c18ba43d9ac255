"""The lexicons quoteattr reads: cue words, honorifics, first names, pronouns, person nouns.

They are tab-separated data files in ``quoteattr/data``; each loader validates the
columns and says which line is wrong. ``CueLexicon`` can also be built from a dict
(``from_dict``/``to_dict``) or a user's own TSV file (``from_tsv``).
"""
from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, Iterator, List, Optional, Set, Tuple, Union

from attrs import field, frozen

from .errors import Errors, LexiconError

CUE_CLASSES = ("speech", "writing", "cognition")
CUE_POS = ("verb", "noun", "prep")
CUE_FRAMES = ("addressee", "manner", "direct_only", "question", "naming", "object", "topic")
GENDERS = ("m", "f", "-", "u", "n")
DEFAULT_CUE_CLASSES = ("speech", "writing")


def _data_lines(name: str) -> Iterator[Tuple[int, List[str]]]:
    text = resources.files("quoteattr").joinpath("data", name).read_text(encoding="utf-8")
    yield from _tsv_lines(text)


def _tsv_lines(text: str) -> Iterator[Tuple[int, List[str]]]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        yield n, [c.strip() for c in line.split("\t")]


def _need(where: str, n: int, cols: List[str], count: int) -> None:
    if len(cols) != count:
        raise LexiconError(Errors.E007.format(
            where=f"{where} line {n}",
            problem=f"expected {count} tab-separated columns, got {len(cols)}: {cols!r}"))


@frozen
class CueEntry:
    """One cue: ``lemma`` ("point out"), its class, part of speech, the surface forms of
    its head word, and frame tags (addressee, manner, direct_only, question)."""

    lemma: str
    cls: str
    pos: str
    forms: Tuple[str, ...]
    frame: FrozenSet[str] = frozenset()

    @property
    def head(self) -> str:
        return self.lemma.split()[0]

    @property
    def particle(self) -> Optional[str]:
        words = self.lemma.split()
        return " ".join(words[1:]) if len(words) > 1 else None


_CUE_KEYS = frozenset({"lemma", "class", "pos", "forms", "frame"})


class CueLexicon:
    """Cue words, looked up by surface form of their head word."""

    def __init__(self, entries: Iterable[CueEntry]):
        self.entries: Dict[Tuple[str, str], CueEntry] = {}
        for e in entries:
            self._validate(e)
            self.entries[(e.lemma, e.pos)] = e
        self._verbs: Dict[str, List[CueEntry]] = {}
        self._nouns: Dict[str, CueEntry] = {}
        for e in self.entries.values():
            table = self._verbs if e.pos in ("verb", "prep") else None
            for form in e.forms:
                if table is not None:
                    table.setdefault(form, []).append(e)
                else:
                    self._nouns[form] = e
        for lst in self._verbs.values():  # phrasal entries first: "point out" before "point"
            lst.sort(key=lambda e: -len(e.lemma.split()))

    @staticmethod
    def _validate(e: CueEntry) -> None:
        where = f"cue {e.lemma!r}"
        if not e.lemma or e.lemma != e.lemma.strip():
            raise LexiconError(Errors.E007.format(where=where, problem="empty lemma"))
        if e.cls not in CUE_CLASSES:
            raise LexiconError(Errors.E007.format(
                where=where, problem=f"class must be one of {CUE_CLASSES}, got {e.cls!r}"))
        if e.pos not in CUE_POS:
            raise LexiconError(Errors.E007.format(
                where=where, problem=f"pos must be one of {CUE_POS}, got {e.pos!r}"))
        if not e.forms:
            raise LexiconError(Errors.E007.format(where=where, problem="no forms"))
        bad = set(e.frame) - set(CUE_FRAMES)
        if bad:
            raise LexiconError(Errors.E007.format(
                where=where, problem=f"unknown frame tag(s) {sorted(bad)}; allowed {CUE_FRAMES}"))

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, lemma: str) -> bool:
        return any((lemma, pos) in self.entries for pos in CUE_POS)

    def verb_entries(self, form: str) -> List[CueEntry]:
        """Entries whose head word has this lower-case surface form (verbs and preps)."""
        return self._verbs.get(form, [])

    def noun_entry(self, form: str) -> Optional[CueEntry]:
        return self._nouns.get(form)

    @functools.cached_property
    def all_forms(self) -> FrozenSet[str]:
        """Every lower-case surface form of every head word (for cheap pre-filtering)."""
        return frozenset(self._verbs) | frozenset(self._nouns)

    @functools.cached_property
    def form_ids(self):
        """``all_forms`` as spaCy string ids."""
        return string_ids(self.all_forms)

    # --- (de)serialisation -------------------------------------------------------
    @classmethod
    def from_tsv(cls, source: Union[str, Path], *, text: Optional[str] = None) -> "CueLexicon":
        """Read ``lemma<TAB>class<TAB>pos<TAB>forms<TAB>frame`` lines (see data/cues.tsv)."""
        where = str(source)
        if text is None:
            text = Path(source).read_text(encoding="utf-8")
        entries = []
        for n, cols in _tsv_lines(text):
            _need(where, n, cols, 5)
            lemma, cl, pos, forms, frame = cols
            entries.append(CueEntry(
                lemma=lemma.lower(), cls=cl, pos=pos,
                forms=tuple(f.lower() for f in forms.split("|") if f),
                frame=frozenset(t for t in frame.split(",") if t and t != "-")))
        return cls(entries)

    @classmethod
    def from_dict(cls, data: Dict[str, List[Dict[str, object]]]) -> "CueLexicon":
        """Build from ``{"cues": [{"lemma", "class", "pos", "forms", "frame"}]}``."""
        if not isinstance(data, dict) or set(data) != {"cues"}:
            got = sorted(data) if isinstance(data, dict) else type(data).__name__
            raise LexiconError(Errors.E007.format(
                where="CueLexicon.from_dict", problem=f"expected the key ['cues'], got {got}"))
        entries = []
        for i, d in enumerate(data["cues"]):
            keys = set(d)
            if not {"lemma", "class", "pos", "forms"} <= keys <= _CUE_KEYS:
                raise LexiconError(Errors.E007.format(
                    where=f"CueLexicon.from_dict cue #{i}",
                    problem=f"expected keys {sorted(_CUE_KEYS)} (frame optional), got {sorted(keys)}"))
            entries.append(CueEntry(lemma=str(d["lemma"]).lower(), cls=str(d["class"]),
                                    pos=str(d["pos"]),
                                    forms=tuple(str(f).lower() for f in d["forms"]),  # type: ignore[union-attr]
                                    frame=frozenset(d.get("frame") or ())))  # type: ignore[arg-type]
        return cls(entries)

    def to_dict(self) -> Dict[str, List[Dict[str, object]]]:
        return {"cues": [{"lemma": e.lemma, "class": e.cls, "pos": e.pos, "forms": list(e.forms),
                          "frame": sorted(e.frame)} for e in self.entries.values()]}

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "CueLexicon":
        text = resources.files("quoteattr").joinpath("data", "cues.tsv").read_text(encoding="utf-8")
        return cls.from_tsv("quoteattr/data/cues.tsv", text=text)


@frozen
class PronounInfo:
    person: int
    number: str  # sg, pl or -
    gender: str  # m, f, n or -
    case: str


@frozen
class PersonNoun:
    gender: str
    kind: str  # role, kin, generic


@frozen
class Lexicons:
    """Everything but the cue lexicon: honorifics, names, pronouns, person nouns, gestures."""

    honorifics: Dict[str, Tuple[str, str]]  # form -> (gender, kind)
    first_names: Dict[str, str]  # name -> gender
    pronouns: Dict[str, PronounInfo]
    person_nouns: Dict[str, PersonNoun]
    gestures: FrozenSet[str] = frozenset()  # "her eyes said": implied, not spoken
    silence: Dict[str, FrozenSet[str]] = field(factory=dict)  # kind -> word forms: "made no answer"
    diminutives: Dict[str, str] = field(factory=dict)  # "lizzy" -> "elizabeth"

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "Lexicons":
        hon: Dict[str, Tuple[str, str]] = {}
        for n, cols in _data_lines("honorifics.tsv"):
            _need("honorifics.tsv", n, cols, 3)
            hon[cols[0]] = (cols[1], cols[2])
        names: Dict[str, str] = {}
        for n, cols in _data_lines("first_names.tsv"):
            _need("first_names.tsv", n, cols, 2)
            names[cols[0]] = cols[1]
        prons: Dict[str, PronounInfo] = {}
        for n, cols in _data_lines("pronouns.tsv"):
            _need("pronouns.tsv", n, cols, 5)
            prons[cols[0]] = PronounInfo(int(cols[1]), cols[2], cols[3], cols[4])
        nouns: Dict[str, PersonNoun] = {}
        for n, cols in _data_lines("person_nouns.tsv"):
            _need("person_nouns.tsv", n, cols, 3)
            nouns[cols[0]] = PersonNoun(cols[1], cols[2])
        gestures = frozenset(cols[0] for _, cols in _data_lines("gestures.tsv"))
        silence: Dict[str, Set[str]] = {}
        for n, cols in _data_lines("silence.tsv"):
            _need("silence.tsv", n, cols, 2)
            silence.setdefault(cols[0], set()).add(cols[1])
        diminutives: Dict[str, str] = {}
        for n, cols in _data_lines("diminutives.tsv"):
            _need("diminutives.tsv", n, cols, 2)
            diminutives[cols[0]] = cols[1]
        return cls(hon, names, prons, nouns, gestures,
                   {k: frozenset(v) for k, v in silence.items()}, diminutives)


GENRE_SIGNALS = ("fiction_tag", "fiction", "news")


@functools.lru_cache(maxsize=1)
def abbreviations() -> Tuple[str, ...]:
    """Honorific abbreviations with their full stop (``data/abbreviations.tsv``)."""
    return tuple(cols[0] for _, cols in _data_lines("abbreviations.tsv"))


@functools.lru_cache(maxsize=1)
def genre_words() -> Dict[str, FrozenSet[str]]:
    """The words ``genre.detect`` counts, by signal (``data/genre.tsv``)."""
    out: Dict[str, set] = {s: set() for s in GENRE_SIGNALS}
    for n, cols in _data_lines("genre.tsv"):
        _need("genre.tsv", n, cols, 2)
        if cols[1] not in out:
            raise LexiconError(Errors.E007.format(
                where=f"genre.tsv line {n}",
                problem=f"signal {cols[1]!r} is not one of {list(GENRE_SIGNALS)}"))
        out[cols[1]].add(cols[0])
    return {s: frozenset(w) for s, w in out.items()}


def string_ids(words: Iterable[str]) -> FrozenSet[int]:
    """spaCy's hash ids of ``words`` (what ``Doc.to_array`` holds for them)."""
    from spacy.strings import get_string_id

    return frozenset(get_string_id(w) for w in words)


def check_cue_classes(classes: Iterable[str]) -> Tuple[str, ...]:
    got = tuple(classes)
    bad = [c for c in got if c not in CUE_CLASSES]
    if bad or not got:
        raise LexiconError(Errors.E006.format(got=bad or got, expected=list(CUE_CLASSES)))
    return got
