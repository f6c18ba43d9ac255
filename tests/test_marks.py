"""The quote-mark scanner: a pure string pass, no model."""
import pytest

from quoteattr.marks import scan
from conftest import load_cases


@pytest.mark.parametrize("case", load_cases("marks.jsonl"))
def test_marks_golden(case):
    text = case["text"]
    result = scan(text)
    found = [text[q.start:q.end] for q in result.top_level()]
    assert found == case["quotes"]
    assert len(result.problems) == case["problems"]


def test_offsets_exclude_marks_and_whitespace():
    text = '  " padded  "  '
    (q,) = scan(text).top_level()
    assert text[q.start:q.end] == "padded"
    assert text[q.open] == '"' and text[q.close] == '"'


def test_multi_paragraph_quote_shares_chain():
    text = '"First part.\n\n"Second part," she said.\n\n"Another quote."'
    qs = scan(text).top_level()
    assert [q.chain for q in qs][:2] == [qs[0].chain, qs[0].chain]
    assert qs[2].chain != qs[0].chain
    assert qs[0].close == -1  # runs to its paragraph end


def test_nested_depth():
    text = '"He said \'no\' to me," she said.'
    qs = scan(text).quotes
    assert [(text[q.start:q.end], q.depth) for q in qs] == [
        ("He said 'no' to me,", 0), ("no", 1)]


def test_rejects_non_str():
    with pytest.raises(TypeError, match="expects a str"):
        scan(b"bytes")


@pytest.mark.parametrize("text", ['"' * 10001, "\u201c\u201d" * 5000, "'" * 9999,
                                  "a'b " * 3000, "\u00ab" * 500 + "\u00bb" * 500])
def test_pathological_marks_never_raise(text):
    result = scan(text)
    for q in result.quotes:
        assert 0 <= q.start < q.end <= len(text)
