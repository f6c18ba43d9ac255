"""The ``quoteattr`` command: ``extract`` quotes from files, ``evaluate`` against gold.

Exit codes: 0 when every input was read, 1 when some input was unreadable (it is named
on stderr and skipped, or with ``--strict`` stops the run), 2 for usage errors.
"""
from __future__ import annotations

import collections
import contextlib
import itertools
import json
import sys
import warnings
from enum import Enum
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import typer
from tqdm import tqdm

from . import __version__, io, model
from .api import extract_many
from .errors import QuoteattrError, QuoteattrWarning
from .evaluate import as_prediction_docs, check_gold_docs, evaluate as score, load_jsonl
from .lexicon import CUE_CLASSES, check_cue_classes
from .records import Quote

# how Python shows other libraries' warnings, kept for use inside catch_warnings
_default_showwarning = warnings.showwarning

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Find quoted and reported speech in English text and attribute it.")


class Format(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"
    html = "html"


class Genre(str, Enum):
    auto = "auto"
    news = "news"
    fiction = "fiction"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"quoteattr {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_show_version,
                                       is_eager=True, help="Print the version and exit.")
          ) -> None:
    """Find quoted and reported speech in English text and attribute it to speakers."""


def _cue_classes(value: Optional[str]) -> Optional[Tuple[str, ...]]:
    if value is None:
        return None
    try:
        return check_cue_classes(c.strip() for c in value.split(",") if c.strip())
    except QuoteattrError as err:
        raise typer.BadParameter(f"{err} Example: --cue-classes speech,writing,cognition")


def _load_model(name: Optional[str]) -> Any:
    """The pipeline named by --model, or None to let quoteattr load its default."""
    if name is None:
        return None
    try:
        return model.load(name)
    except QuoteattrError as err:
        raise typer.BadParameter(str(err), param_hint="'--model'")


def _error(message: str) -> None:
    typer.echo(f"quoteattr: {message}", err=True)


def _progress(items: Iterable, *, quiet: bool, total: Optional[int] = None) -> Iterator:
    """``items`` with a tqdm bar on stderr, shown only for 2+ items on a terminal."""
    items = iter(items)
    head = list(itertools.islice(items, 2))
    show = len(head) > 1 and not quiet and sys.stderr.isatty()
    bar = tqdm(itertools.chain(head, items), total=total, unit="doc", file=sys.stderr,
               disable=not show, dynamic_ncols=True)
    yield from bar


def _extract_docs(docs: Iterable[io.Document], on_warning=None, **options: Any
                  ) -> Iterator[Tuple[io.Document, List[Quote]]]:
    """Pair every document with its quotes, extracting in batches. quoteattr's warnings
    go to ``on_warning(doc, message)`` (default: one line on stderr naming the
    document)."""
    pending: collections.deque = collections.deque()
    on_warning = on_warning or _warn_line

    def texts() -> Iterator[str]:
        for doc in docs:
            pending.append(doc)
            yield doc.text

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", QuoteattrWarning)
        for quotes in extract_many(texts(), **options):
            doc = pending.popleft()
            for w in caught:
                if issubclass(w.category, QuoteattrWarning):
                    on_warning(doc, str(w.message))
                else:
                    _default_showwarning(w.message, w.category, w.filename, w.lineno)
            caught.clear()
            yield doc, quotes


def _warn_line(doc: io.Document, message: str) -> None:
    _error(f"warning: {doc.doc_id}: {message}")


class _WarningSummary:
    """Counts warnings by code, for one summary line per code at the end of a run."""

    def __init__(self) -> None:
        self.docs: Dict[str, set] = collections.defaultdict(set)
        self.first: Dict[str, str] = {}

    def __call__(self, doc: io.Document, message: str) -> None:
        code = message.split(":", 1)[0]
        self.docs[code].add(doc.doc_id)
        self.first.setdefault(code, f"{doc.doc_id}: {message}")

    def report(self, n_docs: int) -> None:
        for code, ids in sorted(self.docs.items()):
            _error(f"warning: {code} in {len(ids)} of {n_docs} documents; the first: "
                   f"{self.first[code]}")


@contextlib.contextmanager
def _output(path: Optional[Path]):
    if path is None:
        yield sys.stdout
        return
    try:
        stream = open(path, "w", encoding="utf-8", newline="")
    except OSError as err:
        raise typer.BadParameter(f"cannot write {path}: {err.strerror or err}",
                                 param_hint="'--output'")
    with stream:
        yield stream


CUE_HELP = f"Comma-separated cue classes from {', '.join(CUE_CLASSES)} (default speech,writing)."


@app.command()
def extract(
    files: List[str] = typer.Argument(..., metavar="FILE", help=".txt files, directories of .txt files, JSONL "
                                           "files with a \"text\" field, or - for stdin."),
    fmt: Format = typer.Option(Format.jsonl, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", dir_okay=False,
                                          help="Write here instead of stdout."),
    n_process: int = typer.Option(1, "--n-process", min=1, help="Worker processes."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, help="Texts per spaCy batch."),
    model_name: Optional[str] = typer.Option(None, "--model",
                                             help="spaCy pipeline package name or path."),
    cue_classes: Optional[str] = typer.Option(None, "--cue-classes", callback=_cue_classes,
                                              help=CUE_HELP),
    genre: Genre = typer.Option(Genre.auto, "--genre", help="Text genre."),
    jsonl: bool = typer.Option(False, "--jsonl",
                               help="Read stdin and named files as JSONL whatever they look like."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first unreadable input."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Extract the quotations of texts: JSONL, CSV, a table or an HTML page."""
    nlp = _load_model(model_name)
    problems: List[io.Problem] = []

    def on_problem(problem: io.Problem) -> bool:
        problems.append(problem)
        _error(f"error: {problem}" + ("" if strict else " (skipped)"))
        return not strict

    docs = io.read_documents(files, jsonl=jsonl, on_problem=on_problem)
    with _output(output) as stream:
        writer = io.make_writer(fmt.value, stream, nlp=nlp)
        results = _extract_docs(docs, nlp=nlp, batch_size=batch_size, n_process=n_process,
                                cue_classes=cue_classes, genre=genre.value)
        try:
            for doc, quotes in _progress(results, quiet=quiet):
                writer.write(doc, quotes)
        except QuoteattrError as err:
            _error(f"error: {err}")
            raise typer.Exit(1)
        writer.close()
    if problems:
        _error("stopped at the first unreadable input (--strict)" if strict else
               f"{len(problems)} input(s) could not be read and were skipped")
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, metavar="GOLD",
                                help="Gold JSONL (see docs/evaluation.md)."),
    pred: Optional[Path] = typer.Option(None, "--pred", exists=True, dir_okay=False,
                                        help="Prediction JSONL (or `quoteattr extract` "
                                             "output); by default quoteattr is run on the "
                                             "gold texts."),
    as_json: bool = typer.Option(False, "--json", help="Print every figure as JSON."),
    min_jaccard: float = typer.Option(0.5, "--min-jaccard", min=0.0, max=1.0,
                                      help="Partial-match threshold."),
    cue_classes: Optional[str] = typer.Option(None, "--cue-classes", callback=_cue_classes,
                                              help=CUE_HELP),
    limit: Optional[int] = typer.Option(None, "--limit", min=1,
                                        help="Only the first N gold documents."),
    model_name: Optional[str] = typer.Option(None, "--model",
                                             help="spaCy pipeline package name or path."),
    genre: Genre = typer.Option(Genre.auto, "--genre", help="Text genre."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Score predictions (or quoteattr itself) against gold annotations."""
    try:
        gold_docs = list(itertools.islice(load_jsonl(gold), limit))
        check_gold_docs(gold_docs)
        if pred is not None:
            pred_docs: Sequence[dict] = as_prediction_docs(load_jsonl(pred))
        else:
            nlp = _load_model(model_name)
            pred_docs = _predict(gold_docs, nlp=nlp, cue_classes=cue_classes,
                                 genre=genre.value, quiet=quiet)
        report = score(gold_docs, pred_docs, min_jaccard=min_jaccard)
    except QuoteattrError as err:
        _error(f"error: {err}")
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(report.format_table())


def _predict(gold_docs: Sequence[dict], *, quiet: bool, **options: Any) -> List[dict]:
    docs = [io.Document(g.get("id"), g.get("text") or "") for g in gold_docs]
    summary = _WarningSummary()
    results = _progress(_extract_docs(docs, on_warning=summary, **options), quiet=quiet,
                        total=len(docs))
    out = [{"id": doc.doc_id, "quotes": [q.to_dict() for q in quotes]}
           for doc, quotes in results]
    summary.report(len(docs))
    return out


def main() -> None:
    app(prog_name="quoteattr")
