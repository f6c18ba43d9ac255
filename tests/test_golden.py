"""Golden cases: texts we wrote, with the quotes they must (and must not) give.

``golden/quotes.jsonl`` holds positives, ``golden/negatives.jsonl`` texts that must give
nothing; see ``golden/README.md`` for the fields.
"""
import json

import pytest

import quoteattr
from conftest import GOLDEN, load_cases

pytestmark = pytest.mark.model


def _check(quote, want):
    text = quote.parts[0].text
    if "parts" in want:
        assert [p.text for p in quote.parts] == want["parts"], text
    if "kind" in want:
        assert quote.kind == want["kind"], text
    if "speaker" in want:
        assert (quote.speaker.text if quote.speaker else None) == want["speaker"], text
    if "speaker_name" in want:
        assert quote.speaker_name == want["speaker_name"], text
    if "cue" in want:
        assert (quote.cue.lemma if quote.cue else None) == want["cue"], text
    if "addressee" in want:
        assert (quote.addressee.text if quote.addressee else None) == want["addressee"], text
    if "sieve" in want:
        assert quote.sieve == want["sieve"], text
    for flag in ("negated", "hypothetical"):
        if flag in want:
            assert getattr(quote, flag) is want[flag], text


@pytest.mark.parametrize("case", load_cases("quotes.jsonl"))
def test_golden_quotes(case):
    text = case["text"]
    quotes = quoteattr.extract(text, genre=case.get("genre", "auto"),
                               cue_classes=case.get("cue_classes"))
    for q in quotes:
        for part in q.parts:
            assert text[part.start:part.end] == part.text
    assert [q.parts[0].text for q in quotes] == [w["content"] for w in case["expect"]]
    for quote, want in zip(quotes, case["expect"]):
        _check(quote, want)


@pytest.mark.parametrize("case", load_cases("negatives.jsonl"))
def test_golden_negatives(case):
    assert quoteattr.extract(case["text"], genre="news") == []


def test_golden_files_are_well_formed():
    allowed = {"id", "text", "expect", "genre", "xfail", "cue_classes"}
    fields = {"content", "parts", "kind", "speaker", "speaker_name", "cue", "addressee", "sieve",
              "negated", "hypothetical"}
    for name in ("quotes.jsonl", "negatives.jsonl", "marks.jsonl"):
        ids = set()
        for line in (GOLDEN / name).read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            assert case["id"] not in ids, case["id"]
            ids.add(case["id"])
            if name == "quotes.jsonl":
                assert set(case) <= allowed, set(case) - allowed
                for want in case["expect"]:
                    assert set(want) <= fields, set(want) - fields
                    assert want["content"] in case["text"]


@pytest.fixture(scope="module")
def full_pipeline():
    import spacy
    from quoteattr.model import default_model_name
    return spacy.load(default_model_name())


def test_golden_quotes_same_with_the_full_pipeline(full_pipeline):
    """quoteattr loads the model without the lemmatizer and attribute_ruler; a user's
    full pipeline must give the same records (no rule may read ``pos_`` or ``lemma_``
    where only they set it)."""
    lines = (GOLDEN / "quotes.jsonl").read_text(encoding="utf-8").splitlines()
    for case in map(json.loads, filter(str.strip, lines)):
        kw = dict(genre=case.get("genre", "auto"), cue_classes=case.get("cue_classes"))
        ours = [q.to_dict() for q in quoteattr.extract(case["text"], **kw)]
        theirs = [q.to_dict() for q in quoteattr.extract(case["text"], nlp=full_pipeline, **kw)]
        assert ours == theirs, case["id"]
