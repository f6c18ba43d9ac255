"""Hand-written adversarial inputs: quoteattr answers correctly or fails clearly.

These check correctness, never wall-clock time: benchmarks/adversarial.py times the
same kinds of input. Where work must grow linearly, it is measured by counting the
lines of quoteattr's source that run (``sys.settrace``), which is deterministic.
"""
import json
import os
import pickle
import subprocess
import sys
import warnings

import pytest
import spacy
from spacy.tokens import DocBin

import quoteattr
from quoteattr import QuoteattrError, QuoteattrWarning, marks, model

ALL_MARKS = ['"', "'", "`", "``", "''", "\u201c", "\u201d", "\u2018", "\u2019", "\u201e",
             "\u201a", "\u201f", "\u00ab", "\u00bb", "\u2039", "\u203a"]
NEWS = ('"We will strive to do everything possible," Lavrov said. He recalled that talks '
        'had stalled.\n\n"Never," she said, "not once."')


def quiet_extract(text_or_doc, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QuoteattrWarning)
        return quoteattr.extract(text_or_doc, **kw)


def assert_offsets_match(text, quotes):
    for q in quotes:
        for x in list(q.parts) + [q.speaker, q.addressee, q.cue]:
            if x is not None:
                assert 0 <= x.start <= x.end <= len(text)
                assert text[x.start:x.end] == x.text


def summary(quotes):
    """(kind, text, speaker text, cue text) of each quote: easy to compare and read."""
    return [(q.kind, q.text, q.speaker.text if q.speaker else None,
             q.cue.text if q.cue else None) for q in quotes]


@pytest.fixture(scope="module")
def full_nlp():
    """The full default pipeline with the quoteattr component at the end."""
    nlp = spacy.load(model.default_model_name())
    nlp.add_pipe("quoteattr")
    return nlp


# --- degenerate texts ------------------------------------------------------------------

@pytest.mark.model
@pytest.mark.parametrize("text", ["", " ", " \t\n\r\n \u00a0\u3000 ", "\n" * 1000])
def test_empty_or_blank_text_gives_nothing(text):
    assert quiet_extract(text) == []


@pytest.mark.model
@pytest.mark.parametrize("mark", ALL_MARKS)
def test_a_single_mark(mark):
    for text in (mark, f"a {mark} b", f"He said {mark}"):
        assert_offsets_match(text, quiet_extract(text))


@pytest.mark.model
@pytest.mark.parametrize("text", [
    '"' * 101,
    "\u201c\u201d" * 50,
    "''" * 33 + "'",
    "``''" * 20,
    "".join(ALL_MARKS),
    "".join(reversed(ALL_MARKS)),
    " ".join(ALL_MARKS * 3),
    "\n\n".join(ALL_MARKS),
    "\u00ab" * 40 + "\u00bb" * 40,
    "\u201c" * 3 + "\u201d" * 3,
])
def test_text_of_only_marks(text):
    assert_offsets_match(text, quiet_extract(text))


# --- odd characters --------------------------------------------------------------------

@pytest.mark.model
@pytest.mark.parametrize("text", [
    "\x00" * 50,
    "\x00\"\x00\"\x00",
    "".join(chr(c) for c in range(32)) + '"quoted text here," he said.',
])
def test_nul_and_control_characters_only(text):
    assert_offsets_match(text, quiet_extract(text))


@pytest.mark.model
@pytest.mark.parametrize("inside, expected", [
    ("Hello\x00 there,", "Hello\x00 there,"),
    ("Hello\x07 there,", "Hello\x07 there,"),
    ("I love it \U0001F600,", "I love it \U0001F600,"),
    ("\u0642\u0627\u0644 \u0627\u0644\u0633\u0644\u0627\u0645,",
     "\u0642\u0627\u0644 \u0627\u0644\u0633\u0644\u0627\u0645,"),
    ("\u05e9\u05dc\u05d5\u05dd \u05e2\u05dc\u05d9\u05db\u05dd,",
     "\u05e9\u05dc\u05d5\u05dd \u05e2\u05dc\u05d9\u05db\u05dd,"),
    ("Cafe\u0301 au lait,", "Cafe\u0301 au lait,"),
    ("Hello\tthere,", "Hello\tthere,"),
    ("We\u200b agree,", "We\u200b agree,"),
])
def test_odd_characters_inside_a_quote_keep_offsets(inside, expected):
    text = f'"{inside}" he said.'
    quotes = quiet_extract(text)
    assert summary(quotes) == [("direct", expected, "he", "said")]
    assert_offsets_match(text, quotes)


@pytest.mark.model
@pytest.mark.parametrize("prefix", ["\ufeff", "\u200f", "\x00", "Intro text.\u200b"])
def test_invisible_character_before_a_quote(prefix):
    text = prefix + '"Hello there," he said.'
    quotes = quiet_extract(text)
    assert summary(quotes) == [("direct", "Hello there,", "he", "said")]
    assert_offsets_match(text, quotes)


@pytest.mark.model
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r\n\r\n", "\n\n", "\r", "\u2028", "\x85"])
def test_line_breaks_between_paragraphs(newline):
    text = f'"Hello there," he said.{newline}"Bye now," she said.'
    quotes = quiet_extract(text)
    assert summary(quotes) == [("direct", "Hello there,", "he", "said"),
                               ("direct", "Bye now,", "she", "said")]
    assert_offsets_match(text, quotes)


@pytest.mark.model
def test_lone_surrogate_is_handled_or_rejected_clearly():
    text = '"\ud800 hi there," he said.'
    try:
        quotes = quiet_extract(text)
    except QuoteattrError:
        return  # a clear, coded error is an acceptable answer
    assert_offsets_match(text, quotes)


# --- long tokens and unbalanced marks ---------------------------------------------------

@pytest.mark.model
def test_20k_character_token_without_spaces():
    assert quiet_extract("a" * 20_000) == []
    text = '"' + "a" * 20_000 + '," she said.'
    assert summary(quiet_extract(text)) == [("direct", "a" * 20_000 + ",", "she", "said")]


@pytest.mark.model
def test_long_run_without_spaces_warns_w006_and_keeps_offsets():
    text = 'Intro. "' + "ab-" * 2000 + '," she said.'
    with pytest.warns(QuoteattrWarning, match="W006"):
        quotes = quoteattr.extract(text)
    assert_offsets_match(text, quotes)
    assert [(q.parts[0].text, q.speaker.text) for q in quotes] == [("ab-" * 2000 + ",", "she")]


@pytest.mark.model
def test_paragraph_longer_than_the_parsers_limit_is_cut(recwarn):
    nlp = spacy.load(model.default_model_name(), exclude=list(model.UNUSED_COMPONENTS))
    nlp.max_length = 2000
    filler = "The talks went on for hours. " * 100
    text = filler + '"We will win," Lavrov said. ' + filler
    quotes = quoteattr.extract(text, nlp=nlp)
    assert any("W003" in str(w.message) for w in recwarn.list)
    assert summary(quotes) == [("direct", "We will win,", "Lavrov", "said")]
    assert_offsets_match(text, quotes)


@pytest.mark.model
def test_text_longer_than_max_length_gives_the_same_quotes_as_in_one_piece():
    scene = ('Mr. Holloway came into the room with his niece Clara.\n\n'
             '"Is the coach ready?" asked Clara.\n\n"Not yet," he said.\n\n'
             '"Then we shall wait."\n\n"As you like, my dear."\n\n')
    text = scene * 40  # about 7,000 characters
    small = spacy.load(model.default_model_name(), exclude=list(model.UNUSED_COMPONENTS))
    small.max_length = 1000
    big = spacy.load(model.default_model_name(), exclude=list(model.UNUSED_COMPONENTS))
    big.max_length = 100_000
    in_chunks = quiet_extract(text, nlp=small)
    assert [q.to_dict() for q in in_chunks] == [q.to_dict() for q in quiet_extract(text, nlp=big)]
    assert len(in_chunks) == 4 * 40
    assert {q.speaker_name for q in in_chunks} == {"Clara", "Mr. Holloway"}
    assert_offsets_match(text, in_chunks)


@pytest.mark.model
@pytest.mark.parametrize("text", ['"We will win, he said.', 'He said: \u201cWe will win.',
                                  'She said \u00abno and left.', '"One" "two" "three'])
def test_unbalanced_marks_warn_w001_and_do_not_raise(text):
    with pytest.warns(QuoteattrWarning, match="W001"):
        quotes = quoteattr.extract(text)
    assert_offsets_match(text, quotes)


# --- wrong input types and pipelines ---------------------------------------------------

@pytest.mark.parametrize("bad", [b"bytes", bytearray(b"x"), 42, 3.5, None, ["a list"],
                                 {"text": "a dict"}, object()])
def test_non_str_input_raises_type_error_naming_the_expected_types(bad):
    with pytest.raises(TypeError, match=r"str.*Doc"):
        quoteattr.extract(bad)


@pytest.mark.parametrize("bad", ["a string", b"bytes"])
def test_extract_many_rejects_a_single_text(bad):
    with pytest.raises(TypeError, match="iterable"):
        list(quoteattr.extract_many(bad))


def test_extract_many_rejects_a_non_str_item():
    with pytest.raises(TypeError, match=r"str.*Doc"):
        list(quoteattr.extract_many([b"bytes"]))


def test_pipeline_without_parser_raises_a_clear_error():
    with pytest.raises(QuoteattrError, match="parser"):
        quoteattr.extract("He said hello.", nlp=spacy.blank("en"))


def test_component_without_parser_raises_a_clear_error():
    with pytest.raises(QuoteattrError, match="parser"):
        spacy.blank("en").add_pipe("quoteattr")


def test_unparsed_doc_raises_a_clear_error():
    doc = spacy.blank("en")('"Hello," he said.')
    with pytest.raises(QuoteattrError, match="parsed"):
        quoteattr.extract(doc)


@pytest.mark.model
def test_non_english_pipeline_warns_w002():
    source = spacy.load(model.default_model_name())
    german = spacy.blank("de")
    german.add_pipe("tok2vec", source=source)
    german.add_pipe("parser", source=source)
    text = '"Wir schaffen das," sagte Merkel.'
    with pytest.warns(QuoteattrWarning, match="W002"):
        quotes = quoteattr.extract(text, nlp=german)
    assert_offsets_match(text, quotes)


# --- serialisation ---------------------------------------------------------------------

@pytest.mark.model
def test_quotes_pickle():
    quotes = quiet_extract(NEWS)
    assert len(quotes) == 3
    assert pickle.loads(pickle.dumps(quotes)) == quotes


@pytest.mark.model
def test_doc_quotes_survive_docbin(full_nlp):
    doc = full_nlp(NEWS)
    assert doc._.quotes == quiet_extract(NEWS)
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    (restored,) = DocBin().from_bytes(data).get_docs(full_nlp.vocab)
    assert restored._.quotes == doc._.quotes
    assert [s.text for s in restored.spans["quoteattr"]] == [s.text for s in doc.spans["quoteattr"]]


@pytest.mark.model
def test_doc_quotes_survive_pickle(full_nlp):
    doc = full_nlp(NEWS)
    assert pickle.loads(pickle.dumps(doc))._.quotes == doc._.quotes


@pytest.mark.model
def test_pipeline_to_disk_and_back_gives_the_same_quotes(full_nlp, tmp_path):
    full_nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == full_nlp.pipe_names
    assert reloaded(NEWS)._.quotes == full_nlp(NEWS)._.quotes


@pytest.mark.model
def test_component_config_survives_to_disk(tmp_path):
    nlp = spacy.load(model.default_model_name())
    nlp.add_pipe("quoteattr", config={"cue_classes": ["speech", "writing", "cognition"]})
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    text = "The minister believes that the talks will fail."
    assert reloaded.get_pipe("quoteattr").cue_classes == nlp.get_pipe("quoteattr").cue_classes
    assert reloaded(text)._.quotes == nlp(text)._.quotes


# --- determinism across processes ------------------------------------------------------

_DUMP_QUOTES = """
import json, sys, warnings
import quoteattr
warnings.simplefilter("ignore")
texts = json.load(sys.stdin)
print(json.dumps([[q.to_dict(flags=True) for q in quoteattr.extract(t)] for t in texts]))
"""
CROSS_PROCESS_TEXTS = [
    NEWS,
    '"I shall go," said Elizabeth. "Mr. Darcy is proud," cried Jane.\n\n"He is," she said.',
    "Smith told reporters that the plan would work, and Jones said it would not.",
    '\u201cWe agree,\u201d the minister said. \u00abNon,\u00bb dit-il. \u201eJa\u201c, sagte er.',
]


def quotes_in_subprocess(texts, hash_seed):
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    out = subprocess.run([sys.executable, "-c", _DUMP_QUOTES], input=json.dumps(texts),
                         capture_output=True, text=True, env=env, check=True, timeout=300)
    return json.loads(out.stdout)


@pytest.mark.model
@pytest.mark.slow
def test_results_do_not_depend_on_the_hash_seed():
    first = quotes_in_subprocess(CROSS_PROCESS_TEXTS, 1)
    assert any(first)
    assert quotes_in_subprocess(CROSS_PROCESS_TEXTS, 2) == first


@pytest.mark.model
@pytest.mark.slow
def test_extract_many_n_process_2_matches_n_process_1():
    texts = CROSS_PROCESS_TEXTS * 3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QuoteattrWarning)
        one = list(quoteattr.extract_many(texts, n_process=1))
        two = list(quoteattr.extract_many(texts, n_process=2))
    assert two == one


# --- linear work: counted in lines run, not timed -----------------------------------

PACKAGE_DIR = os.path.dirname(quoteattr.__file__)


def lines_run(call, counted):
    """How many lines of the source files that ``counted(filename)`` accepts run during
    ``call()``: a deterministic measure of work, unlike time."""
    count = 0

    def count_lines(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return count_lines

    def trace_counted_frames(frame, event, arg):
        return count_lines if counted(frame.f_code.co_filename) else None

    previous = sys.gettrace()
    sys.settrace(trace_counted_frames)
    try:
        call()
    finally:
        sys.settrace(previous)
    return count


def in_scanner(filename):
    return filename == marks.__file__


def in_quoteattr(filename):
    return filename.startswith(PACKAGE_DIR)


def scanner_growth(make_text, n=300):
    """Scanner work on 4n units over work on n units: about 4 when it is linear."""
    small, large = make_text(n), make_text(4 * n)
    return (lines_run(lambda: marks.scan(large), in_scanner)
            / lines_run(lambda: marks.scan(small), in_scanner))


def logic_growth(make_text, n, factor):
    """Work of ``extract(doc)`` on Docs of factor*n units over n units (parsing not
    counted): about ``factor`` when quoteattr's own logic is linear."""
    nlp = model.load()
    quiet_extract(nlp(NEWS))  # lazy loading of lexicons is not part of the work
    small, large = nlp(make_text(n)), nlp(make_text(factor * n))
    return (lines_run(lambda: quiet_extract(large), in_quoteattr)
            / lines_run(lambda: quiet_extract(small), in_quoteattr))


MARK_PER_WORD = ['"w', 'w"', "\u201cw", "w\u201d", "\u2018w", "w\u2019", "\u00abw", "w\u00bb"]


@pytest.mark.parametrize("make_text", [
    pytest.param(lambda n: '"' * n, id="straight-doubles"),
    pytest.param(lambda n: "\u201c\u201d" * n, id="alternating-curly"),
    pytest.param(lambda n: "\u201c" * n + "\u201d" * n, id="deep-nesting-one-family"),
    pytest.param(lambda n: "Lorem,ipsum\"dolor'sit.amet-\u201cconsectetur\u201d" * n,
                 id="long-line-without-spaces"),
    pytest.param(lambda n: " ".join(MARK_PER_WORD[i % 8] for i in range(n)), id="mark-per-word"),
    pytest.param(lambda n: "a'b " * n, id="apostrophes"),
])
def test_scanner_work_grows_linearly(make_text):
    assert scanner_growth(make_text) < 8


@pytest.mark.parametrize("make_text", [
    pytest.param(lambda n: "\u2018" * n + "\u00bb" * n, id="single-openers-then-guillemet-closers"),
    pytest.param(lambda n: "\u00ab" * n + '"' * n, id="guillemet-openers-then-straight-doubles"),
])
def test_scanner_work_with_deep_stack_of_other_family(make_text):
    assert scanner_growth(make_text) < 8


def test_scanner_work_with_apostrophes_under_deep_stack():
    assert scanner_growth(lambda n: "\u201c" * n + "a\u2019 " * n) < 8


@pytest.mark.model
def test_logic_work_grows_linearly_with_paragraphs():
    growth = logic_growth(lambda n: "\n\n".join(['"No," he said.'] * n), n=60, factor=10)
    assert growth < 20


@pytest.mark.model
@pytest.mark.parametrize("make_text, n", [
    pytest.param(lambda n: " ".join(['"No," he said.'] * n), 60, id="direct-quotes"),
    pytest.param(lambda n: " ".join(f'the "thing{i}" and' for i in range(n)), 10,
                 id="inline-quotes-without-sentence-end"),
    pytest.param(lambda n: "Lorem,ipsum\"dolor'sit.amet-\u201cconsectetur\u201d;" * n, 30,
                 id="line-without-spaces"),
])
def test_logic_work_in_one_long_paragraph(make_text, n):
    assert logic_growth(make_text, n, factor=10) < 20


@pytest.mark.model
def test_the_one_line_example_of_the_readme_brief():
    quotes = quoteattr.extract('"We will strive," Lavrov said.')
    assert [(q.kind, q.text, q.speaker_name, q.cue.lemma) for q in quotes] == [
        ("direct", "We will strive,", "Lavrov", "say")]
