"""Reading the command line's inputs and writing its output formats.

Inputs are plain-text files, directories of ``.txt`` files, JSONL files with a
``"text"`` field, or stdin. Texts are decoded as UTF-8 (a leading byte-order mark is
dropped) without translating line endings, so quote offsets are indices into exactly
the text that was read.
"""
from __future__ import annotations

import csv
import html
import json
import shutil
import sys
from pathlib import Path
from typing import IO, Any, Callable, Dict, Iterator, List, Optional, Sequence, Union

from attrs import frozen

from .records import Quote

STDIN = "-"
STDIN_NAME = "<stdin>"
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FORMATS = ("jsonl", "csv", "table", "html")


@frozen
class Document:
    """One text to extract from; ``doc_id`` is a path, a JSONL ``id`` or ``path:line``."""

    doc_id: Any
    text: str


@frozen
class Problem:
    """An input that could not be read, and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


Item = Union[Document, Problem]


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------
def read_documents(names: Sequence[str], *, jsonl: bool = False,
                   on_problem: Callable[[Problem], bool] = lambda p: True
                   ) -> Iterator[Document]:
    """Yield the documents of every input in order.

    ``on_problem`` is called for each unreadable input; reading stops when it returns
    False. ``jsonl`` reads stdin and named files as JSONL whatever their suffix.
    """
    for name in names:
        for item in _read_name(name, jsonl):
            if isinstance(item, Document):
                yield item
            elif not on_problem(item):
                return


def _read_name(name: str, jsonl: bool) -> Iterator[Item]:
    if name == STDIN:
        yield from _read_stdin(jsonl)
        return
    path = Path(name)
    if path.is_dir():
        files = text_files(path)
        if not files:
            yield Problem(name, "directory has no .txt files (only .txt files are read "
                                "from directories; name JSONL files explicitly)")
        for file in files:
            yield from _read_text_file(file)
    elif not path.exists():
        yield Problem(name, "no such file or directory")
    elif jsonl or path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl_file(path)
    else:
        yield from _read_text_file(path)


def text_files(directory: Path) -> List[Path]:
    """The ``.txt`` files under ``directory``, recursively, in sorted order."""
    return sorted(p for p in directory.rglob("*")
                  if p.suffix.lower() in TEXT_SUFFIXES and p.is_file())


def _decode(data: bytes, where: str) -> Union[str, Problem]:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return Problem(where, f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset "
                              f"{err.start}); convert it to UTF-8 first, e.g. with "
                              f"`iconv -f latin1 -t utf-8`")


def _read_text_file(path: Path) -> Iterator[Item]:
    try:
        data = path.read_bytes()
    except OSError as err:
        yield Problem(str(path), f"cannot read ({err.strerror or err})")
        return
    text = _decode(data, str(path))
    yield Document(str(path), text) if isinstance(text, str) else text


def _read_stdin(jsonl: bool) -> Iterator[Item]:
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    text = _decode(data, STDIN_NAME)
    if isinstance(text, Problem):
        yield text
    elif jsonl or looks_like_jsonl(text):
        yield from _parse_jsonl_lines(STDIN_NAME, text.splitlines())
    else:
        yield Document(STDIN_NAME, text)


def _read_jsonl_file(path: Path) -> Iterator[Item]:
    try:
        with open(path, "rb") as fh:
            for number, raw in enumerate(fh, 1):
                line = _decode(raw, f"{path}:{number}")
                if isinstance(line, Problem):
                    yield line
                else:
                    yield from _parse_jsonl_line(str(path), number, line)
    except OSError as err:
        yield Problem(str(path), f"cannot read ({err.strerror or err})")


def _parse_jsonl_lines(name: str, lines: Sequence[str]) -> Iterator[Item]:
    for number, line in enumerate(lines, 1):
        yield from _parse_jsonl_line(name, number, line)


def _parse_jsonl_line(name: str, number: int, line: str) -> Iterator[Item]:
    if not line.strip():
        return
    where = f"{name}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        yield Problem(where, f"not valid JSON ({err.msg}, column {err.colno})")
        return
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        yield Problem(where, 'expected a JSON object with a "text" string field')
        return
    doc_id = record.get("id")
    yield Document(where if doc_id is None else doc_id, record["text"])


def looks_like_jsonl(text: str) -> bool:
    """True if the first non-blank line is a JSON object with a "text" string."""
    for line in text.splitlines():
        if line.strip():
            if not line.lstrip().startswith("{"):
                return False
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                return False
            return isinstance(record, dict) and isinstance(record.get("text"), str)
    return False


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------
def record(doc: Document, quote: Quote) -> Dict[str, Any]:
    """The JSONL output record: ``doc_id`` plus ``Quote.to_dict()``."""
    return {"doc_id": doc.doc_id, **quote.to_dict()}


class JsonlWriter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, doc: Document, quotes: Sequence[Quote]) -> None:
        for quote in quotes:
            self.stream.write(json.dumps(record(doc, quote), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.stream.flush()


CSV_COLUMNS = ("doc_id", "quote", "part", "kind", "start", "end", "text", "speaker",
               "speaker_start", "speaker_end", "speaker_name", "cue", "cue_lemma",
               "addressee", "sieve", "confidence")


class CsvWriter:
    """One row per quote part; ``quote`` and ``part`` are 0-based indices."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.writer = csv.writer(stream, lineterminator="\n")
        self.writer.writerow(CSV_COLUMNS)

    def write(self, doc: Document, quotes: Sequence[Quote]) -> None:
        for qi, q in enumerate(quotes):
            for pi, part in enumerate(q.parts):
                self.writer.writerow([
                    doc.doc_id, qi, pi, q.kind, part.start, part.end, part.text,
                    q.speaker.text if q.speaker else "",
                    q.speaker.start if q.speaker else "",
                    q.speaker.end if q.speaker else "",
                    q.speaker_name or "",
                    q.cue.text if q.cue else "",
                    q.cue.lemma if q.cue else "",
                    q.addressee.text if q.addressee else "",
                    q.sieve, f"{q.confidence:.2f}"])

    def close(self) -> None:
        self.stream.flush()


def _fit(value: str, width: int, *, keep_end: bool = False) -> str:
    """``value`` on one line, cut with "…" to ``width`` characters, padded."""
    value = " ".join(value.split())
    if len(value) > width:
        value = "…" + value[-(width - 1):] if keep_end else value[:width - 1] + "…"
    return value.ljust(width)


class TableWriter:
    """A fixed-width table for reading in a terminal."""

    COLUMNS = (("DOC", 16), ("KIND", 8), ("SPEAKER", 18), ("CUE", 12), ("SIEVE", 16),
               ("CONF", 4))
    MIN_QUOTE_WIDTH = 20

    def __init__(self, stream: IO[str], width: Optional[int] = None) -> None:
        self.stream = stream
        total = width or shutil.get_terminal_size((120, 24)).columns
        fixed = sum(w + 2 for _, w in self.COLUMNS)
        self.quote_width = max(self.MIN_QUOTE_WIDTH, total - fixed)
        self.rows = 0
        self._line([name for name, _ in self.COLUMNS] + ["QUOTE"])
        self.stream.write("-" * (fixed + self.quote_width) + "\n")

    def _line(self, cells: Sequence[str]) -> None:
        widths = [w for _, w in self.COLUMNS] + [self.quote_width]
        out = [_fit(c, w, keep_end=(i == 0)) for i, (c, w) in enumerate(zip(cells, widths))]
        self.stream.write("  ".join(out).rstrip() + "\n")

    def write(self, doc: Document, quotes: Sequence[Quote]) -> None:
        for q in quotes:
            speaker = q.speaker_name or (q.speaker.text if q.speaker else "-")
            self._line([str(doc.doc_id), q.kind, speaker, q.cue.lemma if q.cue else "-",
                        q.sieve, f"{q.confidence:.2f}", q.text])
            self.rows += 1

    def close(self) -> None:
        self.stream.write(f"({self.rows} quote{'' if self.rows == 1 else 's'})\n")
        self.stream.flush()


class HtmlWriter:
    """One self-contained HTML page for all documents.

    Uses quoteattr's ``render_html`` when the installed quoteattr has it, otherwise a
    minimal built-in rendering.
    """

    def __init__(self, stream: IO[str], nlp: Any = None) -> None:
        self.stream = stream
        self.nlp = nlp
        self.pieces: List[tuple] = []

    def write(self, doc: Document, quotes: Sequence[Quote]) -> None:
        render = html_renderer()
        if render is not None:
            body = render(doc.text, nlp=self.nlp, quotes=list(quotes))
        else:
            body = basic_html(doc.text, quotes)
        self.pieces.append((doc.doc_id, body))

    def close(self) -> None:
        if len(self.pieces) == 1 and _is_page(self.pieces[0][1]):
            self.stream.write(self.pieces[0][1])
        else:
            sections = [f"<section><h2>{html.escape(str(doc_id))}</h2>\n{_embed(body)}</section>"
                        for doc_id, body in self.pieces]
            self.stream.write(page("quoteattr", "\n".join(sections)))
        self.stream.flush()


def html_renderer() -> Optional[Callable[..., str]]:
    """``render_html(text, *, nlp=None, quotes=None)`` from quoteattr, if it has one."""
    import quoteattr

    render = getattr(quoteattr, "render_html", None)
    if render is None:
        try:
            from .html import render_html as render
        except ImportError:
            return None
    return render if callable(render) else None


def _is_page(markup: str) -> bool:
    head = markup.lstrip()[:200].lower()
    return head.startswith("<!doctype") or head.startswith("<html")


def _embed(markup: str) -> str:
    """A fragment as is; a whole page in an iframe, so pages can share one file."""
    if not _is_page(markup):
        return markup
    return (f'<iframe srcdoc="{html.escape(markup, quote=True)}" '
            'style="width:100%;height:60vh;border:1px solid #ccc"></iframe>')


_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.5; }
.text { white-space: pre-wrap; }
mark.direct { background: #cde8ff; } mark.indirect { background: #ffe9b3; }
mark.mixed { background: #dcf5d0; }
.speaker { border-bottom: 2px solid #c0392b; } .cue { border-bottom: 2px dotted #555; }
table { border-collapse: collapse; margin-top: 1em; font-size: 90%; }
td, th { border: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }
"""


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")


def basic_html(text: str, quotes: Sequence[Quote]) -> str:
    """The text with quote parts, speakers and cues marked, then a table of the quotes."""
    spans = []  # (start, end, tag, attributes); quote parts first so they win overlaps
    for q in quotes:
        title = html.escape(f"{q.kind}: {q.speaker_name or (q.speaker.text if q.speaker else '?')}"
                            f" ({q.sieve}, {q.confidence:.2f})", quote=True)
        spans += [(p.start, p.end, "mark", f'class="{q.kind}" title="{title}"') for p in q.parts]
    for q in quotes:
        if q.speaker:
            spans.append((q.speaker.start, q.speaker.end, "span", 'class="speaker"'))
        if q.cue:
            spans.append((q.cue.start, q.cue.end, "span", 'class="cue"'))
    kept: List[tuple] = []
    for span in spans:
        if span[1] > span[0] and all(span[1] <= k[0] or k[1] <= span[0] for k in kept):
            kept.append(span)
    out, pos = [], 0
    for start, end, tag, attrs in sorted(kept):
        out.append(html.escape(text[pos:start]))
        out.append(f"<{tag} {attrs}>{html.escape(text[start:end])}</{tag}>")
        pos = end
    out.append(html.escape(text[pos:]))
    rows = "".join(
        f"<tr><td>{i}</td><td>{q.kind}</td>"
        f"<td>{html.escape(q.speaker_name or (q.speaker.text if q.speaker else ''))}</td>"
        f"<td>{html.escape(q.cue.lemma if q.cue else '')}</td><td>{html.escape(q.sieve)}</td>"
        f"<td>{q.confidence:.2f}</td><td>{html.escape(q.text)}</td></tr>"
        for i, q in enumerate(quotes))
    table = ("<table><tr><th>#</th><th>kind</th><th>speaker</th><th>cue</th><th>sieve</th>"
             f"<th>conf.</th><th>quote</th></tr>{rows}</table>")
    return f'<div class="text">{"".join(out)}</div>\n{table}'


def make_writer(fmt: str, stream: IO[str], *, nlp: Any = None):
    """The writer for one of ``FORMATS``."""
    if fmt == "jsonl":
        return JsonlWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream)
    if fmt == "table":
        return TableWriter(stream)
    if fmt == "html":
        return HtmlWriter(stream, nlp=nlp)
    raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
