"""Corpus scale with Dask (``pip install "quoteattr[dask]"``).

Both functions work partition by partition: each task loads the English pipeline with
``quoteattr.model.load`` (cached per process, so once per worker process) and runs
``quoteattr.extract_many`` over the partition's texts. Nothing is computed until you
call ``.compute()`` (or write the result out).

``extract_bag``: one output element per input element, same order and partitions: the
list of that text's quotes as ``Quote.to_dict()`` dicts. ``.flatten()`` gives one
record per quote.

``extract_dataframe``: one row per quote *part* (flat columns, exact offsets, nothing
lost); see ``QUOTE_PART_COLUMNS``. Group by the id column (or the index) and
``quote`` to get one row per quote.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence

from .errors import ConfigError, InputTypeError, QuoteattrError

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag
    import dask.dataframe
    import pandas

INSTALL_HINT = 'pip install "quoteattr[dask]"'

# Output columns of extract_dataframe and their pandas dtypes (nullable where a quote
# may have no speaker, cue or addressee).
QUOTE_PART_COLUMNS: Dict[str, str] = {
    "quote": "int64",        # 0-based number of the quote within its text
    "part": "int64",         # 0-based number of the part within its quote
    "kind": "string",        # direct | indirect | mixed
    "start": "int64",        # the part's offsets into the text; text[start:end] == text
    "end": "int64",
    "text": "string",
    "speaker_name": "string",
    "speaker": "string",     # the speaker mention as written
    "speaker_start": "Int64",
    "speaker_end": "Int64",
    "cue": "string",
    "cue_lemma": "string",
    "cue_start": "Int64",
    "cue_end": "Int64",
    "addressee": "string",
    "addressee_start": "Int64",
    "addressee_end": "Int64",
    "sieve": "string",
    "confidence": "float64",
}


class MissingDependencyError(QuoteattrError, ImportError):
    """An optional dependency is not installed."""


def require_dask(*modules: str) -> None:
    """Import the given dask modules, or raise ``MissingDependencyError`` with the fix."""
    import importlib

    for name in ("dask",) + modules:
        try:
            importlib.import_module(name)
        except ImportError as err:
            raise MissingDependencyError(
                f"quoteattr.dask needs {name!r}, which is not installed ({err}). "
                f"Install the extra: {INSTALL_HINT}") from err


def _options(model: Optional[str], cue_classes: Optional[Sequence[str]], genre: str,
             reported: Optional[bool], batch_size: int) -> Dict[str, Any]:
    """Check the options on the client, before any task runs; return the task kwargs."""
    from .api import _config

    if model is not None and not isinstance(model, str):
        raise InputTypeError(
            f"model must be the name or path of a spaCy pipeline (each worker loads it "
            f"once), got {type(model).__name__}. Save an in-memory pipeline with "
            f"nlp.to_disk(path) and pass the path.")
    if type(batch_size) is not int or batch_size < 1:
        raise ConfigError(f"batch_size must be a positive int, got {batch_size!r}")
    _config(cue_classes, genre, reported)
    return {"model": model, "batch_size": batch_size,
            "cue_classes": tuple(cue_classes) if cue_classes is not None else None,
            "genre": genre, "reported": reported}


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        type(value).__name__ in ("NAType", "NaTType"))


def _text_of(element: Any) -> str:
    """The text of a bag element (a str or a mapping with "text"); missing -> ""."""
    text = element.get("text") if isinstance(element, Mapping) else element
    if _is_missing(text):
        return ""
    if not isinstance(text, str):
        what = "its 'text'" if isinstance(element, Mapping) else "the element"
        raise InputTypeError(f"each element must be a str or a dict with a 'text' str; "
                             f"{what} is a {type(text).__name__}")
    return text


def extract_texts(texts: List[str], *, model: Optional[str], batch_size: int,
                  **extract_options: Any) -> List[List[Dict[str, Any]]]:
    """Quotes as ``to_dict()`` dicts for each text, loading the pipeline once per process."""
    from . import api
    from . import model as model_mod

    if not texts:  # don't load the pipeline for an empty partition
        return []
    nlp = model_mod.load(model)
    return [[q.to_dict() for q in quotes]
            for quotes in api.extract_many(texts, nlp=nlp, batch_size=batch_size,
                                           **extract_options)]


# --- bags ------------------------------------------------------------------------------------

def _bag_partition(elements: Iterable[Any], options: Dict[str, Any]
                   ) -> List[List[Dict[str, Any]]]:
    elements = list(elements)
    results = extract_texts([_text_of(e) for e in elements], **options)
    for element, quotes in zip(elements, results):
        if isinstance(element, Mapping) and "id" in element:
            for quote in quotes:
                quote["id"] = element["id"]
    return results


def extract_bag(bag: "dask.bag.Bag", *, model: Optional[str] = None,
                cue_classes: Optional[Sequence[str]] = None, genre: str = "auto",
                reported: Optional[bool] = None, batch_size: int = 64) -> "dask.bag.Bag":
    """Extract the quotes of every text in a Dask bag.

    Each element is a text, or a dict with a "text" and an optional "id" (other keys
    are ignored; a missing or None text counts as empty). The result has one element
    per input element, in the same order and partitions: the list of its quotes as
    ``Quote.to_dict()`` dicts, each with an "id" key when the input had one.
    ``result.flatten()`` is a bag of quote records.

    ``model`` is a spaCy pipeline name or path (default: ``quoteattr.model.load()``'s
    choice), loaded once per worker process. The other options are those of
    ``quoteattr.extract_many``.
    """
    require_dask("dask.bag")
    options = _options(model, cue_classes, genre, reported, batch_size)
    return bag.map_partitions(_bag_partition, options)


# --- data frames --------------------------------------------------------------------------

def _rows(quotes: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """One flat row per quote part (see ``QUOTE_PART_COLUMNS``)."""
    rows = []
    for n, quote in enumerate(quotes):
        speaker = quote["speaker"] or {}
        cue = quote["cue"] or {}
        addressee = quote["addressee"] or {}
        for i, part in enumerate(quote["parts"]):
            rows.append({
                "quote": n, "part": i, "kind": quote["kind"],
                "start": part["start"], "end": part["end"], "text": part["text"],
                "speaker_name": quote["speaker_name"], "speaker": speaker.get("text"),
                "speaker_start": speaker.get("start"), "speaker_end": speaker.get("end"),
                "cue": cue.get("text"), "cue_lemma": cue.get("lemma"),
                "cue_start": cue.get("start"), "cue_end": cue.get("end"),
                "addressee": addressee.get("text"), "addressee_start": addressee.get("start"),
                "addressee_end": addressee.get("end"),
                "sieve": quote["sieve"], "confidence": quote["confidence"],
            })
    return rows


def _frame(rows: List[Dict[str, Any]], index: List[Any], index_meta: "pandas.Index",
           dtypes: Dict[str, Any]) -> "pandas.DataFrame":
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(dtypes),
                         index=pd.Index(index, dtype=index_meta.dtype, name=index_meta.name))
    return frame.astype(dtypes)


def _dataframe_partition(part: "pandas.DataFrame", text_column: str, id_column: Optional[str],
                         dtypes: Dict[str, Any], options: Dict[str, Any]) -> "pandas.DataFrame":
    texts = [_text_of(t) for t in part[text_column].tolist()]
    rows: List[Dict[str, Any]] = []
    index: List[Any] = []
    ids = part[id_column].tolist() if id_column else None
    for pos, (label, quotes) in enumerate(zip(part.index, extract_texts(texts, **options))):
        for row in _rows(quotes):
            if ids is not None:
                row = {id_column: ids[pos], **row}
            rows.append(row)
            index.append(label)
    return _frame(rows, index, part.index[:0], dtypes)


def extract_dataframe(df: "dask.dataframe.DataFrame", *, text_column: str = "text",
                      id_column: Optional[str] = None, model: Optional[str] = None,
                      cue_classes: Optional[Sequence[str]] = None, genre: str = "auto",
                      reported: Optional[bool] = None, batch_size: int = 64
                      ) -> "dask.dataframe.DataFrame":
    """Extract the quotes of a Dask DataFrame's text column: one row per quote part.

    The rows keep the index of the row their text came from (so divisions stay valid
    and ``df.join(result)`` works); with ``id_column`` that column is copied in
    first. Columns and dtypes: ``QUOTE_PART_COLUMNS``. Texts without quotes give no
    rows; missing texts count as empty. A quote of several parts ("…," she said, "…")
    gives one row per part with the same ``quote`` number and repeated attribution.
    """
    require_dask("dask.dataframe")

    options = _options(model, cue_classes, genre, reported, batch_size)
    for name, column in (("text_column", text_column), ("id_column", id_column)):
        if column is not None and column not in df.columns:
            raise ConfigError(f"{name}={column!r} is not a column of the DataFrame "
                              f"(columns: {list(df.columns)})")
    if id_column in QUOTE_PART_COLUMNS:
        raise ConfigError(f"id_column={id_column!r} clashes with an output column; rename it "
                          f"first (output columns: {list(QUOTE_PART_COLUMNS)})")
    dtypes: Dict[str, Any] = dict(QUOTE_PART_COLUMNS)
    if id_column:
        dtypes = {id_column: df.dtypes[id_column], **dtypes}
    meta = _frame([], [], df._meta.index[:0], dtypes)
    return df.map_partitions(_dataframe_partition, text_column, id_column, dtypes, options,
                             meta=meta)


def quotes_from_rows(rows: "pandas.DataFrame") -> List[Dict[str, Any]]:
    """Rebuild ``Quote.to_dict()`` dicts from the rows of one text, in quote order."""
    quotes: List[Dict[str, Any]] = []
    for _, group in rows.sort_values(["quote", "part"]).groupby("quote", sort=True):
        first = group.iloc[0]
        quotes.append({
            "kind": first["kind"],
            "parts": [{"start": int(r.start), "end": int(r.end), "text": r.text}
                      for r in group.itertuples()],
            "speaker": _span(first, "speaker"),
            "speaker_name": None if _is_missing(first["speaker_name"]) else first["speaker_name"],
            "cue": _span(first, "cue", lemma=True),
            "addressee": _span(first, "addressee"),
            "sieve": first["sieve"],
            "confidence": float(first["confidence"]),
        })
    return quotes


def _span(row: Any, name: str, *, lemma: bool = False) -> Optional[Dict[str, Any]]:
    if _is_missing(row[name]):
        return None
    span = {"start": int(row[f"{name}_start"]), "end": int(row[f"{name}_end"]),
            "text": row[name]}
    if lemma:
        span["lemma"] = row[f"{name}_lemma"]
    return span


__all__ = ["MissingDependencyError", "QUOTE_PART_COLUMNS", "extract_bag", "extract_dataframe",
           "quotes_from_rows"]
