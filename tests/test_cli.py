"""The ``quoteattr`` command line and its I/O helpers, on texts written for these tests."""
import csv
import io as stdio
import json
import re

import pytest
from typer.testing import CliRunner

import quoteattr
from quoteattr import __version__
from quoteattr import io as qio
from quoteattr.cli import app
from quoteattr.records import Cue, Quote, Span

LIBRARY = '"The library will open on Monday," Priya Natarajan said.\n'
BUDGET = "Council member Tom Baird said the budget was too tight.\n"
COACH = '"We are ready," the coach told reporters. "The team has trained all winter."\n'


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"})


def plain(text: str) -> str:
    """Output without the boxes rich draws around errors, on one line."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def records(stdout: str):
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture
def corpus(tmp_path):
    """A directory of .txt files, nested, plus a file that is not .txt."""
    root = tmp_path / "corpus"
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text(LIBRARY, encoding="utf-8")
    (root / "b" / "c.txt").write_text(BUDGET, encoding="utf-8")
    (root / "notes.md").write_text(COACH, encoding="utf-8")
    return root


def latin1_file(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes('"Caf\xe9 au lait," she said.'.encode("latin-1"))
    return path


# ---------------------------------------------------------------------------
# Without the model
# ---------------------------------------------------------------------------
def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"quoteattr {__version__}"


def test_no_arguments_shows_help(runner):
    result = runner.invoke(app, [])
    assert "extract" in result.output and "evaluate" in result.output


def test_bad_cue_class_is_a_usage_error(runner, tmp_path):
    (tmp_path / "t.txt").write_text(LIBRARY, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "t.txt"),
                                 "--cue-classes", "speech,gossip"])
    assert result.exit_code == 2
    message = plain(result.stderr)
    assert "--cue-classes" in message and "gossip" in message
    assert "speech" in message and "cognition" in message  # says what is allowed


def test_bad_format_is_a_usage_error(runner, tmp_path):
    (tmp_path / "t.txt").write_text(LIBRARY, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "t.txt"), "--format", "xml"])
    assert result.exit_code == 2


def test_unreadable_inputs_are_named(runner, tmp_path):
    bad = latin1_file(tmp_path)
    result = runner.invoke(app, ["extract", str(bad), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "latin1.txt: not valid UTF-8" in result.stderr
    assert "missing.txt: no such file or directory" in result.stderr
    assert "2 input(s) could not be read" in result.stderr


def test_strict_stops_at_the_first_bad_file(runner, tmp_path):
    bad = latin1_file(tmp_path)
    (tmp_path / "good.txt").write_text(LIBRARY, encoding="utf-8")
    result = runner.invoke(app, ["extract", "--strict", str(bad), str(tmp_path / "good.txt"),
                                 str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert result.stdout == ""  # good.txt was never read
    assert "latin1.txt" in result.stderr and "--strict" in result.stderr
    assert "missing.txt" not in result.stderr


def test_empty_file_is_fine(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "empty.txt")])
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_directory_without_txt_files(runner, tmp_path):
    (tmp_path / "notes.md").write_text(LIBRARY, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert "has no .txt files" in result.stderr


def test_bad_jsonl_lines_are_skipped_and_named(runner, tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "e", "text": ""}\nnot json\n{"id": 3}\n\n', encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert "docs.jsonl:2: not valid JSON" in result.stderr
    assert 'docs.jsonl:3: expected a JSON object with a "text" string field' in result.stderr


def test_output_to_an_impossible_path_is_a_usage_error(runner, tmp_path):
    (tmp_path / "t.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "t.txt"), "-o",
                                 str(tmp_path / "no" / "such" / "dir.jsonl")])
    assert result.exit_code == 2
    assert "cannot write" in plain(result.stderr)


# ---------------------------------------------------------------------------
# Reading (quoteattr.io)
# ---------------------------------------------------------------------------
def test_directories_are_read_recursively_in_order(corpus):
    docs = list(qio.read_documents([str(corpus)]))
    assert [d.doc_id for d in docs] == [str(corpus / "a.txt"), str(corpus / "b" / "c.txt")]


def test_offsets_survive_crlf_and_bom(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeffline one\r\nline two\r\n".encode("utf-8"))
    (doc,) = qio.read_documents([str(path)])
    assert doc.text == "line one\r\nline two\r\n"


def test_jsonl_ids_fall_back_to_path_and_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 42, "text": "a"}\n\n{"text": "b"}\n', encoding="utf-8")
    assert [d.doc_id for d in qio.read_documents([str(path)])] == [42, f"{path}:3"]


def test_jsonl_flag_reads_any_named_file_as_jsonl(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text('{"id": "x", "text": "a"}\n', encoding="utf-8")
    assert [d.doc_id for d in qio.read_documents([str(path)], jsonl=True)] == ["x"]
    assert [d.doc_id for d in qio.read_documents([str(path)])] == [str(path)]


@pytest.mark.parametrize("text, expected", [
    ('{"id": 1, "text": "hi"}\n{"id": 2, "text": "ho"}\n', True),
    ('\n  {"text": "hi"}\n', True),
    ('{"title": "hi"}\n', False),
    ("{not json}\n", False),
    ('"Hello," she said.\n', False),
    ("", False),
])
def test_looks_like_jsonl(text, expected):
    assert qio.looks_like_jsonl(text) is expected


# ---------------------------------------------------------------------------
# Writing (quoteattr.io), on hand-built quotes
# ---------------------------------------------------------------------------
def _quotes(text):
    start = text.index("The library")
    end = text.index(",\"") + 1
    name = text.index("Priya Natarajan")
    said = text.index("said")
    return [Quote(kind="direct", parts=(Span.from_text(text, start, end),),
                  speaker=Span.from_text(text, name, name + len("Priya Natarajan")),
                  speaker_name="Priya Natarajan",
                  cue=Cue.from_text(text, said, said + 4, "say"),
                  sieve="cue_after", confidence=0.95)]


def _write(fmt, docs):
    out = stdio.StringIO()
    writer = qio.make_writer(fmt, out)
    for doc in docs:
        writer.write(doc, _quotes(doc.text))
    writer.close()
    return out.getvalue()


def test_jsonl_record_is_to_dict_plus_doc_id():
    doc = qio.Document("lib.txt", LIBRARY)
    (rec,) = records(_write("jsonl", [doc]))
    assert rec.pop("doc_id") == "lib.txt"
    assert rec == _quotes(LIBRARY)[0].to_dict()
    assert Quote.from_dict(rec) == _quotes(LIBRARY)[0]


def test_csv_has_one_row_per_part():
    rows = list(csv.DictReader(stdio.StringIO(_write("csv", [qio.Document("lib.txt", LIBRARY)]))))
    assert tuple(rows[0]) == qio.CSV_COLUMNS
    assert rows[0]["text"] == "The library will open on Monday,"
    assert (rows[0]["speaker_name"], rows[0]["cue_lemma"], rows[0]["quote"]) == (
        "Priya Natarajan", "say", "0")


def test_table_is_fixed_width():
    out = qio.TableWriter(stdio.StringIO(), width=110)
    out.write(qio.Document("a/very/long/path/to/the/library/notes.txt", LIBRARY), _quotes(LIBRARY))
    out.close()
    lines = out.stream.getvalue().splitlines()
    assert lines[0].split()[:3] == ["DOC", "KIND", "SPEAKER"]
    assert "Priya Natarajan" in lines[2] and lines[2].startswith("…")
    assert all(len(line) <= 110 for line in lines)
    assert lines[-1] == "(1 quote)"


def test_html_fallback_is_a_full_page(monkeypatch):
    monkeypatch.setattr(qio, "html_renderer", lambda: None)
    page = _write("html", [qio.Document("lib.txt", LIBRARY + "<b>&</b>")])
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert '<mark class="direct"' in page and "&lt;b&gt;&amp;&lt;/b&gt;" in page


def test_html_uses_render_html_when_there(monkeypatch):
    calls = []

    def render_html(text, *, nlp=None, quotes=None):
        calls.append(quotes)
        return f"<!DOCTYPE html><html><body>{len(quotes)} quote(s)</body></html>"

    monkeypatch.setattr(quoteattr, "render_html", render_html, raising=False)
    assert qio.html_renderer() is render_html
    one = _write("html", [qio.Document("lib.txt", LIBRARY)])
    assert one == "<!DOCTYPE html><html><body>1 quote(s)</body></html>"
    two = _write("html", [qio.Document("a", LIBRARY), qio.Document("b", LIBRARY)])
    assert two.startswith("<!DOCTYPE html>") and two.count("<iframe") == 2
    assert len(calls) == 3


# ---------------------------------------------------------------------------
# With the model
# ---------------------------------------------------------------------------
@pytest.mark.model
def test_jsonl_output_matches_extract(runner, tmp_path):
    path = tmp_path / "lib.txt"
    path.write_text(LIBRARY, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    got = records(result.stdout)
    assert [r.pop("doc_id") for r in got] == [str(path)]
    assert got == [q.to_dict() for q in quoteattr.extract(LIBRARY)]
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


@pytest.mark.model
def test_formats(runner, tmp_path):
    path = tmp_path / "coach.txt"
    path.write_text(COACH, encoding="utf-8")
    table = runner.invoke(app, ["extract", str(path), "--format", "table"])
    assert table.exit_code == 0 and "the coach" in table.stdout and "tell" in table.stdout
    rows = list(csv.reader(stdio.StringIO(
        runner.invoke(app, ["extract", str(path), "-f", "csv"]).stdout)))
    assert tuple(rows[0]) == qio.CSV_COLUMNS and len(rows) == 3
    page = runner.invoke(app, ["extract", str(path), "-f", "html"]).stdout
    assert page.lstrip().lower().startswith("<!doctype html") and "</html>" in page
    assert "the coach" in page


@pytest.mark.model
def test_html_for_several_documents_is_one_page(runner, corpus):
    page = runner.invoke(app, ["extract", str(corpus), "-f", "html"]).stdout
    assert page.lower().count("<!doctype html") == 1
    assert "a.txt" in page and "c.txt" in page


@pytest.mark.model
def test_directory_and_output_file(runner, corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    got = records(out.read_text(encoding="utf-8"))
    assert [(r["doc_id"], r["speaker_name"]) for r in got] == [
        (str(corpus / "a.txt"), "Priya Natarajan"), (str(corpus / "b" / "c.txt"), "Tom Baird")]


@pytest.mark.model
def test_jsonl_input(runner, tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "lib", "text": LIBRARY}) + "\n"
                    + json.dumps({"text": BUDGET}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--batch-size", "1"])
    assert result.exit_code == 0, result.output
    assert [r["doc_id"] for r in records(result.stdout)] == ["lib", f"{path}:2"]


@pytest.mark.model
def test_stdin_as_one_document(runner):
    result = runner.invoke(app, ["extract", "-"], input=LIBRARY + BUDGET)
    assert result.exit_code == 0, result.output
    got = records(result.stdout)
    assert {r["doc_id"] for r in got} == {"<stdin>"}
    assert [r["speaker_name"] for r in got] == ["Priya Natarajan", "Tom Baird"]


@pytest.mark.model
@pytest.mark.parametrize("flag", [[], ["--jsonl"]])
def test_stdin_jsonl(runner, flag):
    lines = json.dumps({"id": 1, "text": LIBRARY}) + "\n" + json.dumps({"id": 2, "text": BUDGET})
    result = runner.invoke(app, ["extract", "-", *flag], input=lines)
    assert result.exit_code == 0, result.output
    assert [r["doc_id"] for r in records(result.stdout)] == [1, 2]


@pytest.mark.model
def test_bad_file_among_good_is_skipped(runner, corpus, tmp_path):
    bad = latin1_file(tmp_path)
    result = runner.invoke(app, ["extract", str(corpus / "a.txt"), str(bad),
                                 str(corpus / "b" / "c.txt")])
    assert result.exit_code == 1
    assert [r["speaker_name"] for r in records(result.stdout)] == ["Priya Natarajan", "Tom Baird"]
    assert str(bad) in result.stderr and "not valid UTF-8" in result.stderr


@pytest.mark.model
def test_strict_keeps_what_came_before(runner, corpus, tmp_path):
    bad = latin1_file(tmp_path)
    result = runner.invoke(app, ["extract", "--strict", str(corpus / "a.txt"), str(bad),
                                 str(corpus / "b" / "c.txt")])
    assert result.exit_code == 1
    assert [r["speaker_name"] for r in records(result.stdout)] == ["Priya Natarajan"]


@pytest.mark.model
def test_cue_classes_and_genre_are_passed_on(runner, tmp_path):
    path = tmp_path / "think.txt"
    path.write_text("Tom Baird believes the budget is too tight.\n", encoding="utf-8")
    plain_run = runner.invoke(app, ["extract", str(path)])
    with_cognition = runner.invoke(app, ["extract", str(path), "--genre", "news",
                                         "--cue-classes", "speech, writing,cognition"])
    assert plain_run.exit_code == with_cognition.exit_code == 0
    assert len(records(with_cognition.stdout)) > len(records(plain_run.stdout))


@pytest.mark.model
def test_warnings_are_one_plain_line_on_stderr(runner, tmp_path):
    (tmp_path / "open.txt").write_text('"One," he said. "Two\n', encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "open.txt"), "--format", "jsonl"])
    assert result.exit_code == 0
    assert f"quoteattr: warning: {tmp_path / 'open.txt'}: W001: 1 unbalanced quotation mark" \
        in result.stderr
    assert "cli.py" not in result.stderr
    assert len(records(result.stdout)) == 2


@pytest.mark.model
def test_evaluate_sums_up_warnings_by_code(runner, tmp_path):
    gold = tmp_path / "gold.jsonl"
    lines = [{"id": f"d{i}", "text": '"One," he said. "Two', "quotes": []} for i in range(3)]
    gold.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), "-q"])
    assert result.exit_code == 0
    assert "quoteattr: warning: W001 in 3 of 3 documents; the first: d0: W001" in result.stderr
    assert result.stderr.count("W001") == 2  # the summary line names the code twice
