"""Property tests: quoteattr never raises and keeps its offsets honest on any text.

The texts mix every quotation-mark style with apostrophes, line breaks (LF, CRLF,
blank lines), tabs, emoji, right-to-left scripts, control characters, combining marks
and very long tokens; ``st.text()`` adds fully random input.

The number of examples comes from ``QUOTEATTR_HYPOTHESIS_EXAMPLES`` (default 150 for
the tests that run the model; the model-free scanner tests run at least 2000). To run
100k examples per property:

    QUOTEATTR_HYPOTHESIS_EXAMPLES=100000 .venv/bin/python -m pytest tests/test_properties.py -q
"""
import functools
import os
import pickle
import warnings

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quoteattr
from quoteattr import model
from quoteattr.marks import scan
from quoteattr.paragraphs import paragraphs

MODEL_EXAMPLES = int(os.environ.get("QUOTEATTR_HYPOTHESIS_EXAMPLES", "150"))
SCAN_EXAMPLES = max(MODEL_EXAMPLES, 2000)


def examples(n):
    return settings(max_examples=n, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- the text strategy: weighted pieces ------------------------------------------------

ENGLISH_WORDS = st.sampled_from("""
    the a he she they it we I you Lavrov Mr. Smith Elizabeth Darcy minister officials
    said says told asked replied added according to claimed denied warned that whether
    was is will not never going home today yesterday war peace talks president police
    don't it's O'Brien rock'n'roll 'tis 'em goin' Bennets' '90s ma'am y'all
    """.split())
PUNCTUATION = st.sampled_from(list(".,;:!?()[]{}-/") + ["\u2014", "\u2013", "\u2026", "...", "--"])
MARKS = st.sampled_from(['"', "'", "`", "\u201c", "\u201d", "\u2018", "\u2019", "\u201e",
                         "\u201a", "\u201f", "\u00ab", "\u00bb", "\u2039", "\u203a", "''", "``"])
WHITESPACE = st.sampled_from([" ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r\n\r\n",
                              "\n \n", "\r", "\u00a0", "\u2028", "\u2029", "\u3000", "\x0b",
                              "\x0c", "\x85"])
EXOTIC = st.sampled_from([
    "\U0001F600", "\U0001F469\u200d\U0001F469\u200d\U0001F467", "\U0001F1FA\U0001F1F8",
    "\U0001F44D\U0001F3FD",  # emoji: plain, ZWJ family, flag, skin tone
    "\u0642\u0627\u0644", "\u0627\u0644\u0633\u0644\u0627\u0645",  # Arabic
    "\u05d0\u05de\u05e8", "\u05e9\u05dc\u05d5\u05dd",  # Hebrew
    "\u200f", "\u200e", "\u202e", "\u2067", "\u2069",  # direction marks and overrides
    "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x9f",  # NUL and other control characters
    "\u200b", "\ufeff", "\u00ad", "\u2060",  # zero-width characters
    "e\u0301", "\u0301", "n\u0303\u0303\u0303", "\u0915\u094d\u0937",  # combining
    "\ufffd", "\U000E0041", "\uf8ff", "\u0130", "\u00df", "\ufb01",  # odd cases
])
# spaCy's tokenizer is quadratic on runs of punctuation without spaces, so runs of
# marks stay short here; benchmarks/adversarial.py times the long ones.
LONG_WORD = st.builds(lambda ch, n: ch * n, st.sampled_from(["a", "x", "\u0627", "7"]),
                      st.integers(100, 5000))
PUNCTUATION_RUN = st.builds(lambda ch, n: ch * n,
                            st.sampled_from(["-", ".", "'", '"', "\u201c", "\u00bb", "_"]),
                            st.integers(10, 60))
LONG_TOKEN = st.one_of(LONG_WORD, PUNCTUATION_RUN)
RANDOM_CHUNK = st.text(max_size=8)
# whole attributed quotations and reports, so speakers and cues get exercised too
SPEAKERS = st.sampled_from(["he", "she", "they", "Lavrov", "Mr. Smith", "the minister",
                            "Elizabeth Bennet", "\u0410\u043d\u043d\u0430", "O'Brien"])
CUES = st.sampled_from(["said", "says", "told reporters", "asked", "added", "replied",
                        "whispered", "cried", "warned", "wrote"])
WORDS = st.lists(st.one_of(ENGLISH_WORDS, EXOTIC, MARKS), min_size=1, max_size=8).map(" ".join)
QUOTED_SPEECH = st.one_of(
    st.builds("{}{},{} {} {}. ".format, MARKS, WORDS, MARKS, SPEAKERS, CUES),
    st.builds("{} {}: {}{}{}\n".format, SPEAKERS, CUES, MARKS, WORDS, MARKS),
    st.builds("{0}{1},{2} {3} {4}, {0}{5}.{2}".format, MARKS, WORDS, MARKS, SPEAKERS, CUES,
              WORDS),
)
REPORTED_SPEECH = st.one_of(
    st.builds("{} {} that {}. ".format, SPEAKERS, CUES, WORDS),
    st.builds("According to {}, {}. ".format, SPEAKERS, WORDS),
)


def weighted(*pairs):
    """``one_of`` where a strategy of weight w is w times as likely as one of weight 1."""
    return st.one_of([strategy for weight, strategy in pairs for _ in range(weight)])


PIECE = weighted(
    (10, ENGLISH_WORDS),
    (3, QUOTED_SPEECH),
    (2, REPORTED_SPEECH),
    (6, WHITESPACE),
    (6, MARKS),
    (3, PUNCTUATION),
    (2, EXOTIC),
    (1, RANDOM_CHUNK),
    (1, LONG_TOKEN),
)
MIXED_TEXT = st.lists(PIECE, max_size=80).map("".join)
ANY_TEXT = st.one_of(MIXED_TEXT, st.text())
# for the cheap scanner: longer texts, heavier on marks
SCAN_PIECE = weighted((4, ENGLISH_WORDS), (4, MARKS), (3, WHITESPACE), (2, QUOTED_SPEECH),
                      (1, PUNCTUATION), (1, EXOTIC), (1, RANDOM_CHUNK))
SCAN_TEXT = st.one_of(st.lists(SCAN_PIECE, max_size=300).map("".join), st.text(),
                      st.text(alphabet="\"'`\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb"
                                       "\u2039\u203a \n.,a"))


# --- helpers ---------------------------------------------------------------------------

def quiet_extract(text_or_doc, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", quoteattr.QuoteattrWarning)
        return quoteattr.extract(text_or_doc, **kw)


def pieces_of(quote):
    """Every offset-carrying piece of a quote: parts, speaker, addressee, cue."""
    out = list(quote.parts)
    out += [x for x in (quote.speaker, quote.addressee, quote.cue) if x is not None]
    return out


def assert_offsets_match(text, quotes):
    for q in quotes:
        for x in pieces_of(q):
            assert 0 <= x.start <= x.end <= len(text), (q, x)
            assert text[x.start:x.end] == x.text, (q, x)


def assert_parts_ordered(quotes):
    for q in quotes:
        for a, b in zip(q.parts, q.parts[1:]):
            assert a.end <= b.start, q


# --- extract (needs the model) ---------------------------------------------------------

@pytest.mark.model
@examples(MODEL_EXAMPLES)
@given(ANY_TEXT)
def test_extract_never_raises_and_offsets_match(text):
    quotes = quiet_extract(text)
    assert all(isinstance(q, quoteattr.Quote) for q in quotes)
    assert_offsets_match(text, quotes)
    assert_parts_ordered(quotes)


@pytest.mark.model
@examples(MODEL_EXAMPLES)
@given(ANY_TEXT)
def test_extract_is_deterministic(text):
    assert quiet_extract(text) == quiet_extract(text)


@pytest.mark.model
@examples(MODEL_EXAMPLES)
@given(MIXED_TEXT)
def test_quotes_pickle(text):
    quotes = quiet_extract(text)
    assert pickle.loads(pickle.dumps(quotes)) == quotes
    assert [quoteattr.Quote.from_dict(q.to_dict(flags=True)) for q in quotes] == quotes


@pytest.mark.model
@examples(MODEL_EXAMPLES)
@given(ANY_TEXT)
def test_extract_on_parsed_doc_keeps_offsets(text):
    doc = model.load()(text)
    quotes = quiet_extract(doc)
    assert_offsets_match(text, quotes)
    assert_parts_ordered(quotes)


@pytest.mark.model
@examples(MODEL_EXAMPLES)
@given(MIXED_TEXT, st.sampled_from(["auto", "news", "fiction"]), st.sampled_from([None, True, False]),
       st.sampled_from([None, ["speech"], ["speech", "writing", "cognition"]]))
def test_extract_with_any_settings_keeps_offsets(text, genre, reported, cue_classes):
    quotes = quiet_extract(text, genre=genre, reported=reported, cue_classes=cue_classes)
    assert_offsets_match(text, quotes)
    assert_parts_ordered(quotes)


@functools.lru_cache(maxsize=None)
def component_pipeline():
    nlp = spacy.load(model.default_model_name())
    nlp.add_pipe("quoteattr")
    return nlp


@pytest.mark.model
@examples(MODEL_EXAMPLES)
@given(ANY_TEXT)
def test_component_keeps_offsets(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", quoteattr.QuoteattrWarning)
        doc = component_pipeline()(text)
    assert_offsets_match(text, doc._.quotes)
    assert_parts_ordered(doc._.quotes)
    for span in doc.spans["quoteattr"]:
        assert 0 <= span.start_char <= span.end_char <= len(text)


@pytest.mark.model
@examples(max(10, MODEL_EXAMPLES // 10))
@given(st.lists(MIXED_TEXT, max_size=5))
def test_extract_many_matches_extract(texts):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", quoteattr.QuoteattrWarning)
        many = list(quoteattr.extract_many(texts))
    assert many == [quiet_extract(t) for t in texts]


# --- the scanner (no model) ------------------------------------------------------------

MARK_STRINGS = {'"', "'", "`", "``", "''", "\u201c", "\u201d", "\u2018", "\u2019", "\u201e",
                "\u201a", "\u201f", "\u00ab", "\u00bb", "\u2039", "\u203a"}


def assert_marks_around_content(text, q):
    assert 0 <= q.open <= q.start <= q.end <= len(text), q
    assert q.open + q.open_len <= q.start, q  # content excludes its opening mark
    assert text[q.open:q.open + q.open_len] in MARK_STRINGS, q
    if q.close >= 0:
        assert q.end <= q.close and q.close + q.close_len <= len(text), q
        assert text[q.close:q.close + q.close_len] in MARK_STRINGS, q


def assert_in_paragraph(result, q):
    assert 0 <= q.paragraph < len(result.paragraphs), q
    p_start, p_end = result.paragraphs[q.paragraph]
    assert p_start <= q.open and q.end <= p_end, (q, (p_start, p_end))


@examples(SCAN_EXAMPLES)
@given(SCAN_TEXT)
def test_scan_never_raises_and_offsets_are_in_order(text):
    result = scan(text)
    for q in result.quotes:
        assert q.depth >= 0, q
        assert_marks_around_content(text, q)
        assert_in_paragraph(result, q)
    assert list(result.problems) == sorted(set(result.problems))
    assert all(0 <= p < len(text) for p in result.problems)


@examples(SCAN_EXAMPLES)
@given(SCAN_TEXT)
def test_scan_is_deterministic(text):
    assert scan(text) == scan(text)


@examples(SCAN_EXAMPLES)
@given(SCAN_TEXT)
def test_paragraphs_are_trimmed_ordered_and_disjoint(text):
    spans = paragraphs(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
