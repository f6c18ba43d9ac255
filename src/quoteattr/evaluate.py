"""Score predicted quotations against gold annotations.

The definitions (docs/evaluation.md) are those of the project's reference scorer:
pieces are trimmed of whitespace, punctuation and quote marks, matched one-to-one by
character Jaccard, and speakers are checked by span overlap (mention level) or by name
lookup in the document's character table (entity level). Stdlib and attrs only.
"""
from __future__ import annotations

import bisect
import collections
import json
import unicodedata
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Set, Tuple, Union

from attrs import field, frozen

from .errors import QuoteattrError

Offsets = Tuple[int, int]

GOLD_TYPES = ("direct", "indirect", "mixed")
PDNC_TYPES = ("Explicit", "Anaphoric", "Implicit")
# Trimmed from both ends of every piece, besides whitespace and Unicode P* characters
# (most quote marks are P*; the backtick and acute accent are not).
QUOTE_MARKS = frozenset("\"'`´‘’‚‛“”„‟«»‹›「」『』＂＇")
# Tokens that never name anyone on their own (short-form rule): titles ...
HONORIFICS = frozenset("""
    mr mrs miss ms dr sir lady lord madame monsieur mlle mme aunt uncle captain colonel
    mister missus madam mademoiselle messrs mmes rev prof herr frau signor signora
""".split())
# ... and function words: pronouns, determiners, prepositions, conjunctions, auxiliaries.
FUNCTION_WORDS = frozenset("""
    i me my mine myself we us our ours ourselves you your yours yourself yourselves
    he him his himself she her hers herself it its itself they them their theirs themselves
    one ones who whom whose which what that this these those
    a an the some any no every each all both either neither another other such
    of in on at by for with from to into onto upon about over under after before between
    through during without within against among around across behind beyond near off out
    up down
    and or but nor so yet as if than then when where while not
    is was be been are were
""".split())


class EvaluationInputError(QuoteattrError, ValueError):
    """A gold or prediction file that cannot be scored."""


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------
def load_jsonl(path: Union[str, Path]) -> List[Dict[str, Any]]:
    """The JSON objects of a JSONL file, one per non-blank line."""
    docs = []
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    doc = json.loads(line)
                except json.JSONDecodeError as err:
                    raise EvaluationInputError(f"{path}:{number}: not valid JSON ({err.msg}, "
                                               f"column {err.colno})") from None
                if not isinstance(doc, dict):
                    raise EvaluationInputError(f"{path}:{number}: expected a JSON object")
                docs.append(doc)
    except UnicodeDecodeError as err:
        raise EvaluationInputError(f"{path}: not valid UTF-8 ({err.reason} at byte "
                                   f"{err.start}); convert it to UTF-8 first") from None
    except OSError as err:
        raise EvaluationInputError(f"{path}: cannot read ({err.strerror or err})") from None
    return docs


def check_gold_docs(gold_docs: Iterable[Mapping[str, Any]]) -> None:
    """Raise ``EvaluationInputError`` unless every gold document has an id and a text."""
    for n, doc in enumerate(gold_docs, 1):
        if "id" not in doc or not isinstance(doc.get("text"), str):
            raise EvaluationInputError(
                f"gold document {n} needs an \"id\" and a \"text\" string; see "
                f"docs/evaluation.md for the gold format")


def as_prediction_docs(lines: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """Prediction documents from prediction lines, ``quoteattr extract`` records, or both.

    A line with ``"quotes"`` is a prediction document already. A line with ``"doc_id"``
    and ``"parts"`` is one quote as ``quoteattr extract`` writes it; such quotes are
    grouped by ``doc_id`` into ``{"id", "quotes"}`` documents, in order of appearance.
    """
    docs: List[Dict[str, Any]] = []
    grouped: Dict[Any, Dict[str, Any]] = {}
    for line in lines:
        if "quotes" not in line and "doc_id" in line and "parts" in line:
            if line["doc_id"] not in grouped:
                grouped[line["doc_id"]] = {"id": line["doc_id"], "quotes": []}
                docs.append(grouped[line["doc_id"]])
            grouped[line["doc_id"]]["quotes"].append(dict(line))
        else:
            docs.append(dict(line))
    return docs


# ---------------------------------------------------------------------------
# Spans
# ---------------------------------------------------------------------------
def _trimmable(ch: str) -> bool:
    return ch.isspace() or ch in QUOTE_MARKS or unicodedata.category(ch).startswith("P")


def trim(text: str, start: int, end: int) -> Offsets:
    """``start, end`` clipped to the text and trimmed; ``start == end`` when nothing is left."""
    start, end = max(start, 0), min(end, len(text))
    while start < end and _trimmable(text[start]):
        start += 1
    while end > start and _trimmable(text[end - 1]):
        end -= 1
    return start, end


def _touch(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _offsets(obj: Any) -> Optional[Offsets]:
    """``(start, end)`` of a ``{"start", "end"}`` dict, or None if missing or empty."""
    try:
        start, end = int(obj["start"]), int(obj["end"])
    except (KeyError, TypeError, ValueError):
        return None
    return (start, end) if end > start else None


def match_pieces(gold: List[Offsets], pred: List[Offsets], min_jaccard: float = 0.5
                 ) -> Dict[int, int]:
    """One-to-one greedy matching: ``{gold index: pred index}``.

    Pairs that share characters and have Jaccard >= ``min_jaccard`` are taken in
    order of overlap (largest first), then Jaccard (highest first), then position
    (leftmost gold, then leftmost prediction, then list order). Empty spans never match.
    """
    by_start = sorted((g[0], gi) for gi, g in enumerate(gold) if g[1] > g[0])
    starts = [s for s, _ in by_start]
    longest = max((g[1] - g[0] for g in gold), default=0)
    pairs = []
    for pi, (ps, pe) in enumerate(pred):
        if pe <= ps:
            continue
        # gold pieces that can overlap start after ps - longest and before pe
        for _, gi in by_start[bisect.bisect_right(starts, ps - longest):
                              bisect.bisect_left(starts, pe)]:
            gs, ge = gold[gi]
            common = min(ge, pe) - max(gs, ps)
            if common <= 0:
                continue
            jac = common / ((ge - gs) + (pe - ps) - common)
            if jac >= min_jaccard:
                pairs.append((-common, -jac, gs, ps, gi, pi))
    pairs.sort()
    matched: Dict[int, int] = {}
    taken: Set[int] = set()
    for *_, gi, pi in pairs:
        if gi not in matched and pi not in taken:
            matched[gi] = pi
            taken.add(pi)
    return matched


# ---------------------------------------------------------------------------
# Character names (entity level)
# ---------------------------------------------------------------------------
def name_key(name: Optional[str]) -> str:
    """Lower case, every run of non-alphanumeric characters one space, trimmed."""
    return " ".join("".join(c if c.isalnum() else " " for c in (name or "").lower()).split())


def is_name_token(token: str) -> bool:
    return len(token) > 1 and token not in HONORIFICS and token not in FUNCTION_WORDS


def _contains_run(tokens: Tuple[str, ...], run: Tuple[str, ...]) -> bool:
    n = len(run)
    return any(tokens[i:i + n] == run for i in range(len(tokens) - n + 1))


class CharacterTable:
    """A document's ``meta.characters``, for resolving gold labels and predicted names."""

    def __init__(self, characters: Iterable[Mapping[str, Any]]) -> None:
        self.characters = list(characters)
        self.by_key: Dict[str, Set[int]] = collections.defaultdict(set)
        self.by_name: Dict[Any, int] = {}
        self.by_id: Dict[str, int] = {}
        self.own_key: List[str] = []
        self.token_runs: List[Set[Tuple[str, ...]]] = []
        for k, char in enumerate(self.characters):
            keys = {name_key(n) for n in [char.get("name") or ""] + list(char.get("aliases") or [])}
            keys.discard("")
            for key in keys:
                self.by_key[key].add(k)
            self.token_runs.append({tuple(key.split()) for key in keys})
            self.own_key.append(name_key(char.get("name")))
            if char.get("name") is not None:
                self.by_name.setdefault(char["name"], k)
            if char.get("id") is not None:
                self.by_id.setdefault(str(char["id"]), k)
        self.longest_key = max((len(key.split()) for key in self.by_key), default=0)
        self.speaking: Set[int] = set()  # characters that are the gold speaker of a quote

    def resolve_gold(self, label: Any) -> Optional[int]:
        """The character a gold speaker label names: by name, by id, then by name key
        (preferring, among several, the one whose own name has the key)."""
        if label is None:
            return None
        if label in self.by_name:
            return self.by_name[label]
        if str(label) in self.by_id:
            return self.by_id[str(label)]
        key = name_key(str(label))
        hits = self.by_key.get(key, set())
        if len(hits) > 1:
            hits = {k for k in hits if self.own_key[k] == key}
        return next(iter(hits)) if len(hits) == 1 else None

    def _whole_names_in(self, key: str) -> Set[int]:
        """Characters with a name or alias occurring in ``key`` as a whole-word run that
        is not inside a longer such occurrence."""
        tokens = key.split()
        found = [(i, j) for i in range(len(tokens))
                 for j in range(i + 1, min(len(tokens), i + self.longest_key) + 1)
                 if " ".join(tokens[i:j]) in self.by_key]
        outer = [(i, j) for i, j in found
                 if not any(a <= i and j <= b and (a, b) != (i, j) for a, b in found)]
        return set().union(*(self.by_key[" ".join(tokens[i:j])] for i, j in outer))

    def _short_form(self, key: str) -> Set[int]:
        """Speaking characters with a name or alias containing ``key`` as a whole-word run."""
        run = tuple(key.split())
        if not any(is_name_token(t) for t in run):
            return set()
        return {k for k in self.speaking if any(_contains_run(r, run) for r in self.token_runs[k])}

    def lookup(self, name: str) -> Tuple[Optional[int], str]:
        """The one character a predicted name designates (or None), and the rule used."""
        key = name_key(name)
        if not key:
            return None, "empty"
        found, rule = set(self.by_key.get(key, ())), "exact"
        if not found:
            found, rule = self._whole_names_in(key), "contains"
        if not found:
            short = self._short_form(key)
            if len(short) == 1:
                return next(iter(short)), "short_form"
            return None, "short_form_ambiguous" if short else "unknown"
        if len(found) > 1:
            quoted = found & self.speaking
            if len(quoted) == 1:
                return next(iter(quoted)), rule + "+speaking"
            found = quoted or found
        return (next(iter(found)), rule) if len(found) == 1 else (None, "ambiguous")


def predicted_name(quote: Mapping[str, Any], text: str) -> Optional[str]:
    """``speaker_name``, else the speaker mention's text (or the text at its offsets)."""
    if quote.get("speaker_name"):
        return quote["speaker_name"]
    speaker = quote.get("speaker")
    if not isinstance(speaker, dict):
        return None
    if speaker.get("text"):
        return speaker["text"]
    span = _offsets(speaker)
    return text[span[0]:span[1]] if span else None


# ---------------------------------------------------------------------------
# Scoring one document
# ---------------------------------------------------------------------------
@frozen
class _Piece:
    start: int
    end: int
    quote: Mapping[str, Any]
    label: str  # gold type or predicted kind, "none" when missing


def _gold_pieces(doc: Mapping[str, Any], tally: collections.Counter) -> List[_Piece]:
    pieces = []
    for q in doc.get("quotes") or []:
        start, end = trim(doc["text"], q["start"], q["end"])
        if start < end:
            pieces.append(_Piece(start, end, q, q.get("type") or "none"))
        else:
            tally["gold_pieces_skipped_empty"] += 1
    return pieces


def _pred_parts(doc: Optional[Mapping[str, Any]], text: str, tally: collections.Counter
                ) -> List[_Piece]:
    parts = []
    for q in (doc or {}).get("quotes") or []:
        q = q.to_dict() if hasattr(q, "to_dict") else q
        for p in q.get("parts") or []:
            try:
                start, end = int(p["start"]), int(p["end"])
            except (KeyError, TypeError, ValueError):
                start = end = -1
            if 0 <= start < end <= len(text):
                start, end = trim(text, start, end)
                tally["pred_parts_empty_after_trim"] += start == end
            else:
                tally["pred_parts_invalid_offsets"] += 1
                start = end = 0
            parts.append(_Piece(start, end, q, q.get("kind") or "none"))
    return parts


def _score_document(gold_doc: Mapping[str, Any], pred_doc: Optional[Mapping[str, Any]],
                    min_jaccard: float, tally: collections.Counter) -> None:
    text = gold_doc["text"]
    characters = (gold_doc.get("meta") or {}).get("characters")
    table = CharacterTable(characters) if characters else None
    gold = _gold_pieces(gold_doc, tally)
    parts = _pred_parts(pred_doc, text, tally)
    gold_char = [table.resolve_gold(g.quote.get("speaker")) if table else None for g in gold]
    if table:
        table.speaking = {k for k in gold_char if k is not None}

    tally["gold_pieces"] += len(gold)
    tally["pred_parts"] += len(parts)
    for p in parts:
        tally["pred", p.label] += 1
    pairs = match_pieces([(g.start, g.end) for g in gold], [(p.start, p.end) for p in parts],
                         min_jaccard)

    for gi, g in enumerate(gold):
        groups = [("type", g.label)]
        extra = g.quote.get("extra") or {}
        if "pdnc_type" in extra:
            groups.append(("pdnc", extra["pdnc_type"] or "none"))
        for group in groups:
            tally[group + ("gold",)] += 1
        pi = pairs.get(gi)
        part = parts[pi] if pi is not None else None
        if part is not None:
            exact = (part.start, part.end) == (g.start, g.end)
            tally["tp_partial"] += 1
            tally["tp_exact"] += exact
            tally["pred", part.label, "tp_partial"] += 1
            tally["pred", part.label, "tp_exact"] += exact
            for group in groups:
                tally[group + ("tp_partial",)] += 1
                tally[group + ("tp_exact",)] += exact

        if table:
            has_speaker = gold_char[gi] is not None
            tally["gold_speaker_unresolved"] += g.quote.get("speaker") is not None and not has_speaker
        else:
            has_speaker = bool(g.quote.get("speaker_spans"))
        if has_speaker:
            tally["gold_with_speaker"] += 1
            tally["speaker_level_" + ("entity" if table else "mention")] += 1
            for group in groups:
                tally[group + ("with_speaker",)] += 1
            if part is not None:
                correct = (_entity_correct(table, part.quote, text, gold_char[gi], tally) if table
                           else _mention_correct(part.quote, g.quote["speaker_spans"], tally))
                tally["spk_matched"] += 1
                tally["spk_correct"] += correct
                for group in groups:
                    tally[group + ("spk_matched",)] += 1
                    tally[group + ("spk_correct",)] += correct
        elif part is not None:
            tally["matched_without_gold_speaker"] += 1

        if g.quote.get("cue_spans"):
            tally["gold_with_cue"] += 1
            if part is not None:
                cue = _offsets(part.quote.get("cue"))
                tally["cue_matched"] += 1
                correct = cue is not None and any(
                    _touch(cue, tuple(c)) for c in g.quote["cue_spans"])
                tally["cue_correct"] += correct
                for group in groups:
                    tally[group + ("cue_matched",)] += 1
                    tally[group + ("cue_correct",)] += correct


def _entity_correct(table: CharacterTable, pred_quote: Mapping[str, Any], text: str,
                    gold_char: int, tally: collections.Counter) -> bool:
    name = predicted_name(pred_quote, text)
    if not name:
        tally["rule", "no_name"] += 1
        return False
    char, rule = table.lookup(name)
    tally["rule", rule] += 1
    return char is not None and char == gold_char


def _mention_correct(pred_quote: Mapping[str, Any], gold_spans: Iterable[Any],
                     tally: collections.Counter) -> bool:
    span = _offsets(pred_quote.get("speaker"))
    if span is None:
        tally["spk_no_span"] += 1
        return False
    return any(_touch(span, tuple(g)) for g in gold_spans)


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------
def _r4(x: Optional[float]) -> Optional[float]:
    return None if x is None else round(x, 4)


def _ratio(a: int, b: int) -> Optional[float]:
    return a / b if b else None


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@frozen
class PRF:
    """Precision, recall and F1 from a true-positive count and the two totals."""

    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def to_dict(self) -> Dict[str, Any]:
        return {"P": _r4(self.precision), "R": _r4(self.recall), "F1": _r4(self.f1),
                "tp": self.tp, "n_pred": self.n_pred, "n_gold": self.n_gold}


class _Accuracies:
    """Speaker and cue accuracy from the counts of a report or one of its groups."""

    speaker_correct: int
    speaker_matched: int
    cue_correct: int
    cue_matched: int

    @property
    def speaker_accuracy(self) -> Optional[float]:
        return _ratio(self.speaker_correct, self.speaker_matched)

    @property
    def cue_accuracy(self) -> Optional[float]:
        return _ratio(self.cue_correct, self.cue_matched)


@frozen
class GoldGroup(_Accuracies):
    """Figures over the gold pieces of one gold type (or PDNC type)."""

    n_gold: int
    tp_exact: int
    tp_partial: int
    n_with_speaker: int
    speaker_matched: int
    speaker_correct: int
    cue_matched: int = 0  # matched pieces with a gold cue
    cue_correct: int = 0

    def to_dict(self) -> Dict[str, Any]:
        return {"n_gold": self.n_gold, "R_exact": _r4(_ratio(self.tp_exact, self.n_gold)),
                "R_partial": _r4(_ratio(self.tp_partial, self.n_gold)),
                "tp_exact": self.tp_exact, "tp_partial": self.tp_partial,
                "n_gold_with_speaker": self.n_with_speaker,
                "speaker_matched": self.speaker_matched, "speaker_correct": self.speaker_correct,
                "speaker_accuracy": _r4(self.speaker_accuracy),
                "attribution_R": _r4(_ratio(self.speaker_correct, self.n_with_speaker))}


@frozen
class PredKind:
    """Figures over the predicted parts of one kind."""

    n_pred: int
    tp_exact: int
    tp_partial: int

    def to_dict(self, gold: Optional[GoldGroup] = None) -> Dict[str, Any]:
        d: Dict[str, Any] = {"n_pred": self.n_pred, "P_exact": _r4(self.tp_exact / self.n_pred),
                             "P_partial": _r4(self.tp_partial / self.n_pred),
                             "tp_exact": self.tp_exact, "tp_partial": self.tp_partial}
        if gold is not None:
            # F1 of this kind's precision and the same-named gold type's recall, from the
            # rounded figures as printed.
            for m in ("exact", "partial"):
                p, r = d["P_" + m], _r4(getattr(gold, "tp_" + m) / gold.n_gold)
                d[f"F1_{m}_vs_gold_type"] = round(_f1(p, r), 4) if p and r else 0.0
        return d


COUNT_KEYS = ("docs", "docs_without_pred", "gold_pieces", "gold_pieces_skipped_empty",
              "pred_parts", "pred_parts_invalid_offsets", "pred_parts_empty_after_trim",
              "gold_with_speaker", "gold_speaker_unresolved", "matched_without_gold_speaker",
              "gold_with_cue", "speaker_level_mention", "speaker_level_entity",
              "pred_docs", "pred_docs_not_in_gold", "pred_duplicate_ids")


@frozen
class Report(_Accuracies):
    """Every figure of one evaluation. ``to_dict()`` has the layout of the reference
    scorer's ``--json`` output; ``format_table()`` is for reading."""

    counts: Mapping[str, int]
    detection_exact: PRF
    detection_partial: PRF
    attribution: PRF
    attribution_excl_speakerless: PRF
    speaker_correct: int
    speaker_matched: int
    speaker_without_span: int
    name_rules: Mapping[str, int]
    cue_correct: int
    cue_matched: int
    by_gold_type: Mapping[str, GoldGroup]
    by_pred_kind: Mapping[str, PredKind]
    by_pdnc_type: Mapping[str, GoldGroup] = field(factory=dict)
    min_jaccard: float = 0.5

    def to_dict(self) -> Dict[str, Any]:
        def group(g: GoldGroup, pdnc: bool) -> Dict[str, Any]:
            d = g.to_dict()
            if not pdnc:
                del d["speaker_matched"], d["speaker_correct"]
            return d

        out: Dict[str, Any] = {
            "counts": dict(self.counts),
            "detection": {"exact": self.detection_exact.to_dict(),
                          "partial": self.detection_partial.to_dict()},
            "by_gold_type": {t: group(g, False) for t, g in self.by_gold_type.items()},
            "by_pred_kind": {k: p.to_dict(self.by_gold_type.get(k))
                             for k, p in self.by_pred_kind.items()},
            "speaker": {"accuracy": _r4(self.speaker_accuracy), "correct": self.speaker_correct,
                        "matched_with_gold_speaker": self.speaker_matched,
                        "pred_without_span_mention_level": self.speaker_without_span,
                        "name_rules_entity_level": dict(self.name_rules)},
            "attribution": self.attribution.to_dict(),
            "attribution_excl_speakerless": self.attribution_excl_speakerless.to_dict(),
            "cue": {"accuracy": _r4(self.cue_accuracy), "correct": self.cue_correct,
                    "matched_with_gold_cue": self.cue_matched,
                    "gold_with_cue": self.counts["gold_with_cue"]},
            # not in score.py's output: cue accuracy per gold type
            "cue_by_gold_type": {t: {"accuracy": _r4(g.cue_accuracy), "correct": g.cue_correct,
                                     "matched_with_gold_cue": g.cue_matched}
                                 for t, g in self.by_gold_type.items()},
            "min_jaccard": self.min_jaccard,
        }
        if self.by_pdnc_type:
            out["by_pdnc_type"] = {t: group(g, True) for t, g in self.by_pdnc_type.items()}
        return out

    def format_table(self) -> str:
        return _format_table(self)


def _ordered(labels: Iterable[str], preferred: Tuple[str, ...]) -> List[str]:
    labels = set(labels)
    return [x for x in preferred if x in labels] + sorted(labels - set(preferred))


def _report(t: collections.Counter, min_jaccard: float) -> Report:
    def groups(kind: str, preferred: Tuple[str, ...]) -> Dict[str, GoldGroup]:
        labels = [k[1] for k in t if isinstance(k, tuple) and k[0] == kind and k[-1] == "gold"]
        return {x: GoldGroup(*(t[kind, x, f] for f in ("gold", "tp_exact", "tp_partial",
                                                        "with_speaker", "spk_matched",
                                                        "spk_correct", "cue_matched",
                                                        "cue_correct")))
                for x in _ordered(labels, preferred)}

    kinds = sorted(k[1] for k in t if isinstance(k, tuple) and k[0] == "pred" and len(k) == 2)
    return Report(
        counts={k: t[k] for k in COUNT_KEYS},
        detection_exact=PRF(t["tp_exact"], t["pred_parts"], t["gold_pieces"]),
        detection_partial=PRF(t["tp_partial"], t["pred_parts"], t["gold_pieces"]),
        attribution=PRF(t["spk_correct"], t["pred_parts"], t["gold_with_speaker"]),
        attribution_excl_speakerless=PRF(
            t["spk_correct"], t["pred_parts"] - t["matched_without_gold_speaker"],
            t["gold_with_speaker"]),
        speaker_correct=t["spk_correct"], speaker_matched=t["spk_matched"],
        speaker_without_span=t["spk_no_span"],
        name_rules={k[1]: t[k] for k in sorted(k for k in t if isinstance(k, tuple)
                                               and k[0] == "rule")},
        cue_correct=t["cue_correct"], cue_matched=t["cue_matched"],
        by_gold_type=groups("type", GOLD_TYPES),
        by_pred_kind={k: PredKind(t["pred", k], t["pred", k, "tp_exact"],
                                  t["pred", k, "tp_partial"]) for k in kinds},
        by_pdnc_type=groups("pdnc", PDNC_TYPES),
        min_jaccard=min_jaccard,
    )


def evaluate(gold_docs: Iterable[Mapping[str, Any]], pred_docs: Iterable[Mapping[str, Any]],
             *, min_jaccard: float = 0.5) -> Report:
    """Score ``pred_docs`` against ``gold_docs`` (both: dicts as in docs/evaluation.md).

    Predictions are joined to gold documents by ``id``; prediction lines with an id not
    in the gold are ignored (counted), and repeated ids are merged.
    """
    gold_docs = list(gold_docs)
    check_gold_docs(gold_docs)
    preds: Dict[Any, Dict[str, Any]] = {}
    tally: collections.Counter = collections.Counter()
    for doc in pred_docs:
        quotes = list(doc.get("quotes") or [])
        if doc.get("id") in preds:
            tally["pred_duplicate_ids"] += 1
            preds[doc.get("id")]["quotes"] += quotes
        else:
            preds[doc.get("id")] = {"id": doc.get("id"), "quotes": quotes}
    for doc in gold_docs:
        tally["docs"] += 1
        tally["docs_without_pred"] += doc["id"] not in preds
        _score_document(doc, preds.get(doc["id"]), min_jaccard, tally)
    tally["pred_docs"] = len(preds)
    tally["pred_docs_not_in_gold"] = len(set(preds) - {doc["id"] for doc in gold_docs})
    return _report(tally, min_jaccard)


# ---------------------------------------------------------------------------
# Table
# ---------------------------------------------------------------------------
def _fmt(x: Optional[float]) -> str:
    # rounded to 4 places first, as in the JSON, so that the table shows what score.py does
    return "  -  " if x is None else f"{_r4(x):.3f}"


def _format_table(r: Report) -> str:
    c = r.counts
    lines = [
        f"documents {c['docs']} (without prediction {c['docs_without_pred']})   "
        f"gold pieces {c['gold_pieces']} (+{c['gold_pieces_skipped_empty']} empty, skipped)   "
        f"predicted parts {c['pred_parts']}   partial match: Jaccard >= {r.min_jaccard:g}",
        f"{'':24} {'P':>6} {'R':>6} {'F1':>6} {'TP':>7} {'pred':>7} {'gold':>7}",
    ]
    for name, m in (("detection exact", r.detection_exact),
                    ("detection partial", r.detection_partial),
                    ("attribution (e2e)", r.attribution),
                    ("  excl. speakerless", r.attribution_excl_speakerless)):
        lines.append(f"{name:24} {_fmt(m.precision):>6} {_fmt(m.recall):>6} {_fmt(m.f1):>6} "
                     f"{m.tp:>7} {m.n_pred:>7} {m.n_gold:>7}")
    levels = "/".join(x for x in ("mention", "entity") if c["speaker_level_" + x]) or "-"
    lines.append(f"speaker accuracy on matched  {_fmt(r.speaker_accuracy)}  "
                 f"({r.speaker_correct}/{r.speaker_matched}, {levels} level)"
                 + (f"; unresolvable gold labels {c['gold_speaker_unresolved']}"
                    if c["gold_speaker_unresolved"] else ""))
    if r.name_rules:
        lines.append("  name lookups: " + ", ".join(f"{k} {v}" for k, v in r.name_rules.items()))
    if c["gold_with_cue"]:
        lines.append(f"cue accuracy on matched      {_fmt(r.cue_accuracy)}  "
                     f"({r.cue_correct}/{r.cue_matched}; gold with cue {c['gold_with_cue']})")
    lines.append("recall by gold type:")
    for t, g in r.by_gold_type.items():
        lines.append(f"  {t:10} n={g.n_gold:<6} R_exact {_fmt(_ratio(g.tp_exact, g.n_gold))}  "
                     f"R_partial {_fmt(_ratio(g.tp_partial, g.n_gold))}  "
                     f"speaker acc. {_fmt(g.speaker_accuracy)}  "
                     f"cue acc. {_fmt(g.cue_accuracy)}")
    lines.append("precision by predicted kind:")
    for k, p in r.by_pred_kind.items():
        lines.append(f"  {k:10} n={p.n_pred:<6} P_exact {_fmt(p.tp_exact / p.n_pred)}  "
                     f"P_partial {_fmt(p.tp_partial / p.n_pred)}")
    if r.by_pdnc_type:
        lines.append("by PDNC type:")
        for t, g in r.by_pdnc_type.items():
            lines.append(f"  {t:10} n={g.n_gold:<6} R_exact {_fmt(_ratio(g.tp_exact, g.n_gold))}  "
                         f"R_partial {_fmt(_ratio(g.tp_partial, g.n_gold))}  "
                         f"speaker acc. {_fmt(g.speaker_accuracy)}  "
                         f"attribution R {_fmt(_ratio(g.speaker_correct, g.n_with_speaker))}")
    return "\n".join(line.rstrip() for line in lines)
