"""quoteattr.evaluate on hand-made gold and predictions (tests/data/eval_*.jsonl).

The texts are our own. The expected figures were worked out by hand:

news-a (mention level): 5 gold pieces (a4 "ambitious" has no speaker); 4 predicted
  parts match a1 (exact after trimming the period), a2 (exact after trimming the
  marks), a3 (partial: 18/21 characters) and a5 (exact); 1 part is spurious. Speaker
  right only for a1 ("Lena Hart" overlaps "Mayor Lena Hart"); a2 and a3 point at
  "reporters", a5 has no span. Cue right for a1, a2, a3, not a5.
tale-b (entity level): 8 scored pieces (b9 "..." trims to nothing), all matched
  exactly; 2 extra predicted parts ('"..."' empty after trimming, one with offsets
  outside the text). b6's gold label UNSURE resolves to no character. Names:
  b1 "Mr. Smith" exact, right; b2 "Jane" short form, right; b3 "Reed" exact,
  two characters (c3, c5), only c3 speaks, right; b4 "she" unknown, wrong; b5
  "Smith" short form, ambiguous (John and Jane Smith both speak), wrong; b7 "Mr."
  unknown, wrong; b8 "poor Captain Reed's" contains "captain reed", c3 speaks, right.
farm-c: 3 gold pieces with speaker and cue, no prediction line.
One prediction line for an unknown id, and news-a split over two lines.
"""
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from quoteattr.cli import app
from quoteattr.evaluate import (CharacterTable, EvaluationInputError, Report,
                                as_prediction_docs, evaluate, load_jsonl, match_pieces,
                                name_key, trim)

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
REFEREE = ROOT.parent / "shared" / "eval" / "score.py"
needs_referee = pytest.mark.skipif(
    not REFEREE.exists(),
    reason=f"the referee scorer {REFEREE} is not here (it lives next to the project "
           f"checkout, ../shared/eval, and only on the project's own machines)")


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(load_jsonl(DATA / "eval_gold.jsonl"), load_jsonl(DATA / "eval_pred.jsonl"))


# ---------------------------------------------------------------------------
# The hand-computed figures
# ---------------------------------------------------------------------------
def test_counts(report):
    assert report.counts == {
        "docs": 3, "docs_without_pred": 1, "gold_pieces": 16, "gold_pieces_skipped_empty": 1,
        "pred_parts": 15, "pred_parts_invalid_offsets": 1, "pred_parts_empty_after_trim": 1,
        "gold_with_speaker": 14, "gold_speaker_unresolved": 1,
        "matched_without_gold_speaker": 1, "gold_with_cue": 7, "speaker_level_mention": 7,
        "speaker_level_entity": 7, "pred_docs": 3, "pred_docs_not_in_gold": 1,
        "pred_duplicate_ids": 1}


def test_detection(report):
    d = report.to_dict()["detection"]
    # exact: 11 of 15 predicted, 11 of 16 gold; F1 = 2*11/(15+16)
    assert d["exact"] == {"P": 0.7333, "R": 0.6875, "F1": 0.7097, "tp": 11, "n_pred": 15,
                          "n_gold": 16}
    # partial adds a3: F1 = 24/31
    assert d["partial"] == {"P": 0.8, "R": 0.75, "F1": 0.7742, "tp": 12, "n_pred": 15,
                            "n_gold": 16}
    assert report.detection_partial.f1 == pytest.approx(24 / 31)


def test_speaker_and_attribution(report):
    d = report.to_dict()
    assert (report.speaker_correct, report.speaker_matched) == (5, 11)
    assert d["speaker"]["accuracy"] == 0.4545
    assert d["speaker"]["pred_without_span_mention_level"] == 1
    assert d["speaker"]["name_rules_entity_level"] == {
        "exact": 1, "short_form": 1, "exact+speaking": 1, "unknown": 2,
        "short_form_ambiguous": 1, "contains+speaking": 1}
    # P = 5/15, R = 5/14, F1 = 10/29
    assert d["attribution"] == {"P": 0.3333, "R": 0.3571, "F1": 0.3448, "tp": 5, "n_pred": 15,
                                "n_gold": 14}
    # the part matched to b6 (no resolvable speaker) leaves P's denominator
    assert d["attribution_excl_speakerless"] == {"P": 0.3571, "R": 0.3571, "F1": 0.3571,
                                                 "tp": 5, "n_pred": 14, "n_gold": 14}


def test_cue(report):
    assert report.to_dict()["cue"] == {"accuracy": 0.75, "correct": 3,
                                       "matched_with_gold_cue": 4, "gold_with_cue": 7}


def test_cue_by_gold_type_adds_up(report):
    d = report.to_dict()
    by_type = d["cue_by_gold_type"]
    assert sum(g["correct"] for g in by_type.values()) == d["cue"]["correct"]
    assert sum(g["matched_with_gold_cue"] for g in by_type.values()) == \
        d["cue"]["matched_with_gold_cue"]
    assert "cue acc." in report.format_table()


def test_by_gold_type_and_pred_kind(report):
    d = report.to_dict()
    assert d["by_gold_type"] == {
        "direct": {"n_gold": 15, "R_exact": 0.6667, "R_partial": 0.7333, "tp_exact": 10,
                   "tp_partial": 11, "n_gold_with_speaker": 13, "speaker_accuracy": 0.4,
                   "attribution_R": 0.3077},
        "indirect": {"n_gold": 1, "R_exact": 1.0, "R_partial": 1.0, "tp_exact": 1,
                     "tp_partial": 1, "n_gold_with_speaker": 1, "speaker_accuracy": 1.0,
                     "attribution_R": 1.0}}
    assert d["by_pred_kind"] == {
        "direct": {"n_pred": 13, "P_exact": 0.7692, "P_partial": 0.8462, "tp_exact": 10,
                   "tp_partial": 11, "F1_exact_vs_gold_type": 0.7143,
                   "F1_partial_vs_gold_type": 0.7857},
        "indirect": {"n_pred": 2, "P_exact": 0.5, "P_partial": 0.5, "tp_exact": 1,
                     "tp_partial": 1, "F1_exact_vs_gold_type": 0.6667,
                     "F1_partial_vs_gold_type": 0.6667}}


def test_by_pdnc_type(report):
    d = report.to_dict()["by_pdnc_type"]
    assert list(d) == ["Explicit", "Anaphoric", "Implicit"]
    assert (d["Explicit"]["n_gold"], d["Explicit"]["speaker_correct"],
            d["Explicit"]["speaker_accuracy"]) == (6, 4, 0.6667)
    assert d["Anaphoric"]["speaker_accuracy"] == 0.0
    assert d["Implicit"]["speaker_accuracy"] is None  # b6's label is unresolvable


def test_table_mentions_every_block(report):
    table = report.format_table()
    for needle in ("detection exact", "detection partial", "attribution (e2e)",
                   "speaker accuracy", "cue accuracy", "recall by gold type",
                   "precision by predicted kind", "by PDNC type", "0.774"):
        assert needle in table


def test_no_predictions_at_all():
    gold = load_jsonl(DATA / "eval_gold.jsonl")
    r = evaluate(gold, [])
    assert r.detection_partial.to_dict()["P"] == 0.0
    assert r.detection_partial.recall == 0.0
    assert r.speaker_accuracy is None and r.cue_accuracy is None
    assert r.counts["docs_without_pred"] == 3


def test_gold_fed_back_scores_one():
    gold = load_jsonl(DATA / "eval_gold.jsonl")
    # predicted names are looked up by name, not by character id
    name_of = {"c3": "Captain Reed"}
    pred = [{"id": g["id"], "quotes": [
        {"kind": q["type"], "parts": [{"start": q["start"], "end": q["end"]}],
         "speaker": ({"start": q["speaker_spans"][0][0], "end": q["speaker_spans"][0][1]}
                     if q["speaker_spans"] else None),
         "speaker_name": name_of.get(q["speaker"], q["speaker"]),
         "cue": ({"start": q["cue_spans"][0][0], "end": q["cue_spans"][0][1]}
                 if q["cue_spans"] else None)} for q in g["quotes"]]} for g in gold]
    r = evaluate(gold, pred)
    assert r.detection_exact.recall == 1.0
    assert r.speaker_accuracy == 1.0 and r.cue_accuracy == 1.0
    # b9 ("...") comes back as a part that trims to nothing: a false positive
    assert r.detection_exact.precision == pytest.approx(16 / 17)


# ---------------------------------------------------------------------------
# Pieces and matching
# ---------------------------------------------------------------------------
def test_trim_strips_marks_punctuation_and_space():
    text = ' "`Well, then...´" '
    s, e = trim(text, 0, len(text))
    assert text[s:e] == "Well, then"
    assert trim("?!", 0, 2) == (2, 2)
    assert trim("abc", -5, 99) == (0, 3)


def test_matching_is_one_to_one_and_greedy():
    gold = [(0, 10), (10, 20)]
    # the wide prediction has J = 0.5 with both; the exact one wins gold 2 by higher J,
    # then the wide one takes gold 1
    assert match_pieces(gold, [(0, 20), (10, 20)]) == {1: 1, 0: 0}
    # below the threshold nothing matches
    assert match_pieces([(0, 10)], [(0, 21)]) == {}
    assert match_pieces([(0, 10)], [(0, 21)], min_jaccard=0.4) == {0: 0}
    # largest overlap first: the long prediction keeps the long gold piece
    assert match_pieces([(0, 8), (0, 20)], [(0, 16)]) == {1: 0}


def test_leftmost_breaks_ties():
    # two gold pieces, each with J = 0.5 against one prediction: the leftmost wins
    assert match_pieces([(0, 4), (4, 8)], [(2, 6)], min_jaccard=0.3) == {0: 0}


# ---------------------------------------------------------------------------
# Names (entity level)
# ---------------------------------------------------------------------------
@pytest.fixture
def cast() -> CharacterTable:
    table = CharacterTable([
        {"id": "js", "name": "Mr. John Smith", "aliases": ["John Smith", "Mr. Smith"]},
        {"id": "ja", "name": "Jane Smith", "aliases": ["Miss Smith"]},
        {"id": "ms", "name": "Mrs. Smith", "aliases": []},
        {"id": "q", "name": "The Queen of Spades", "aliases": ["the queen"]},
        {"id": "lv", "name": "The Lady She Was Visiting", "aliases": []},
    ])
    table.speaking = {0, 1, 3, 4}  # Mrs. Smith is never quoted
    return table


def test_name_key():
    assert name_key("Mr. Bennet") == name_key("Mr_Bennet") == "mr bennet"
    assert name_key("  O'Hara!  ") == "o hara"


@pytest.mark.parametrize("name, expected", [
    ("Mr. Smith", (0, "exact")),
    ("MR SMITH", (0, "exact")),
    ("poor Mr. Smith's dog", (0, "contains")),
    ("Jane", (1, "short_form")),
    ("Queen", (3, "short_form")),
    ("Queen of Spades", (3, "short_form")),
    # honorifics and function words alone find nothing
    ("Mr.", (None, "unknown")),
    ("Miss", (None, "unknown")),
    ("she", (None, "unknown")),
    ("the", (None, "unknown")),
    # a surname two speaking characters share is ambiguous ...
    ("Smith", (None, "short_form_ambiguous")),
    # ... and a never-quoted character is not a candidate for a short form
    ("Mrs.", (None, "unknown")),
    ("Visiting", (4, "short_form")),
    ("", (None, "empty")),
    ("...", (None, "empty")),
])
def test_lookup(cast, name, expected):
    assert cast.lookup(name) == expected


def test_speaking_filter_settles_duplicates():
    table = CharacterTable([{"id": "a", "name": "Reed", "aliases": ["Captain Reed"]},
                            {"id": "b", "name": "Captain Reed", "aliases": ["Reed"]}])
    table.speaking = {1}
    assert table.lookup("Reed") == (1, "exact+speaking")
    table.speaking = {0, 1}
    assert table.lookup("Reed") == (None, "ambiguous")
    table.speaking = set()
    assert table.lookup("Reed") == (None, "ambiguous")


def test_resolve_gold_label(cast):
    assert cast.resolve_gold("Jane Smith") == 1      # name
    assert cast.resolve_gold("ms") == 2              # id
    assert cast.resolve_gold("Mr_Smith") == 0        # name key of an alias
    assert cast.resolve_gold("UNSURE") is None
    assert cast.resolve_gold(None) is None


def test_short_form_ignores_unquoted_namesakes():
    table = CharacterTable([{"id": "j", "name": "John Smith", "aliases": []},
                            {"id": "k", "name": "Jane Smith", "aliases": []}])
    table.speaking = {0}
    assert table.lookup("Smith") == (0, "short_form")


# ---------------------------------------------------------------------------
# Input errors and the command
# ---------------------------------------------------------------------------
def test_load_jsonl_names_the_bad_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": 1, "text": "", "quotes": []}\n\n{oops\n', encoding="utf-8")
    with pytest.raises(EvaluationInputError, match=r"gold\.jsonl:3: not valid JSON"):
        load_jsonl(path)


def test_gold_without_text_is_refused():
    with pytest.raises(EvaluationInputError, match="needs an \"id\" and a \"text\""):
        evaluate([{"id": 1, "quotes": []}], [])


def test_cli_evaluate_with_pred_json():
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["evaluate", str(DATA / "eval_gold.jsonl"), "--pred",
                                      str(DATA / "eval_pred.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["detection"]["partial"]["F1"] == 0.7742


def test_extract_records_are_grouped_into_documents():
    pred = load_jsonl(DATA / "eval_pred.jsonl")
    records = [{"doc_id": doc["id"], **q} for doc in pred for q in doc["quotes"]]
    grouped = as_prediction_docs(records)
    assert [d["id"] for d in grouped] == ["news-a", "tale-b", "not-in-gold"]
    assert [len(d["quotes"]) for d in grouped] == [4, 10, 1]
    gold = load_jsonl(DATA / "eval_gold.jsonl")
    r = evaluate(gold, grouped)
    assert r.detection_partial == evaluate(gold, pred).detection_partial
    assert r.counts["pred_duplicate_ids"] == 0
    assert as_prediction_docs(pred) == pred  # prediction lines pass through


def test_cli_evaluate_reads_extract_output(tmp_path):
    from typer.testing import CliRunner

    pred = load_jsonl(DATA / "eval_pred.jsonl")
    path = tmp_path / "quotes.jsonl"
    path.write_text("".join(json.dumps({"doc_id": d["id"], **q}) + "\n"
                            for d in pred for q in d["quotes"]), encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(DATA / "eval_gold.jsonl"), "--pred",
                                      str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["detection"]["partial"]["F1"] == 0.7742


def test_cli_evaluate_table_and_bad_gold(tmp_path):
    from typer.testing import CliRunner

    runner = CliRunner()
    result = runner.invoke(app, ["evaluate", str(DATA / "eval_gold.jsonl"), "--pred",
                                 str(DATA / "eval_pred.jsonl"), "--min-jaccard", "0.9"])
    assert result.exit_code == 0
    assert "detection partial" in result.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(bad), "--pred", str(DATA / "eval_pred.jsonl")])
    assert result.exit_code == 1
    assert "bad.jsonl:1" in result.stderr


@pytest.mark.model
def test_cli_evaluate_runs_quoteattr():
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["evaluate", str(DATA / "eval_gold.jsonl"), "--json",
                                      "--limit", "1"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["counts"]["docs"] == 1 and out["counts"]["docs_without_pred"] == 0


# ---------------------------------------------------------------------------
# Agreement with the referee
# ---------------------------------------------------------------------------
def _synthetic(seed: int):
    """Random gold and predictions over made-up text, to compare the two scorers."""
    rng = random.Random(seed)
    words = "alpha beta gamma delta echo fox golf hotel india juliet kilo lima".split()
    people = [{"id": f"p{i}", "name": n, "aliases": a} for i, (n, a) in enumerate([
        ("Mr. Alan Frost", ["Alan", "Mr. Frost"]), ("Ada Frost", ["Miss Frost"]),
        ("Captain Vale", ["Vale", "the captain"]), ("Vale", ["Captain Vale"])])]
    names = ["Alan", "Frost", "Mr.", "she", "Ada", "the captain", "Vale", "old Mr. Frost's",
             None, "Captain", "Ada Frost", "nobody"]
    gold, pred = [], []
    for d in range(6):
        text = " ".join(rng.choice(words) + rng.choice(["", ",", '"', ".", "?"])
                        for _ in range(150))
        quotes, pquotes = [], []
        for q in range(rng.randint(0, 10)):
            s = rng.randrange(0, len(text) - 40)
            e = s + rng.randint(1, 40)
            sp = rng.randrange(0, len(text) - 10)
            quotes.append({"start": s, "end": e, "type": rng.choice(["direct", "indirect", "mixed"]),
                           "speaker": rng.choice([None, "Ada Frost", "p0", "Captain Vale", "?"]),
                           "speaker_spans": rng.choice([[], [[sp, sp + 5]]]),
                           "cue_spans": rng.choice([[], [[sp + 6, sp + 9]]]),
                           "extra": rng.choice([{}, {"pdnc_type": rng.choice(["Explicit", ""])}])})
            if rng.random() < 0.8:
                ds, de = rng.randint(-4, 4), rng.randint(-6, 6)
                pquotes.append({"kind": rng.choice(["direct", "indirect", None]),
                                "parts": [{"start": s + ds, "end": e + de}],
                                "speaker": rng.choice([None, {"start": sp + 2, "end": sp + 7}]),
                                "speaker_name": rng.choice(names),
                                "cue": rng.choice([None, {"start": sp + 7, "end": sp + 8}])})
        doc = {"id": f"s{seed}-{d}", "text": text, "quotes": quotes}
        if d % 2:
            doc["meta"] = {"characters": people}
        gold.append(doc)
        if d != 5:
            pred.append({"id": doc["id"], "quotes": pquotes})
    return gold, pred


def _write(path: Path, docs) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def _referee(gold: Path, pred: Path, min_jaccard: float) -> dict:
    out = subprocess.run([sys.executable, str(REFEREE), str(gold), str(pred), "--json",
                          "--min-jaccard", str(min_jaccard)],
                         capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    del result["gold_file"], result["pred_file"]
    return result


@needs_referee
@pytest.mark.parametrize("min_jaccard", [0.5, 0.3, 0.9])
def test_agrees_with_referee_on_handmade_files(tmp_path, min_jaccard):
    gold = _write(tmp_path / "gold.jsonl", load_jsonl(DATA / "eval_gold.jsonl"))
    pred = _write(tmp_path / "pred.jsonl", load_jsonl(DATA / "eval_pred.jsonl"))
    mine = evaluate(load_jsonl(gold), load_jsonl(pred), min_jaccard=min_jaccard).to_dict()
    mine.pop("cue_by_gold_type")  # our one figure the referee does not print
    assert mine == _referee(gold, pred, min_jaccard)


@needs_referee
@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_referee_on_random_documents(tmp_path, seed):
    gold_docs, pred_docs = _synthetic(seed)
    gold = _write(tmp_path / "gold.jsonl", gold_docs)
    pred = _write(tmp_path / "pred.jsonl", pred_docs)
    mine = evaluate(gold_docs, pred_docs).to_dict()
    mine.pop("cue_by_gold_type")
    assert mine == _referee(gold, pred, 0.5)


@needs_referee
def test_word_lists_agree_with_referee():
    import importlib.util

    spec = importlib.util.spec_from_file_location("referee_score", REFEREE)
    referee = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(referee)
    from quoteattr.evaluate import FUNCTION_WORDS, HONORIFICS, QUOTE_MARKS

    assert HONORIFICS == referee.HONORIFICS
    assert FUNCTION_WORDS == referee.FUNCTION_WORDS
    assert QUOTE_MARKS == referee.QUOTE_MARKS
