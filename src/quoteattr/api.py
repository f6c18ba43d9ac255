"""The one-call API: ``extract`` and ``extract_many``."""
from __future__ import annotations

import multiprocessing
from itertools import groupby
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import model, pipeline
from .errors import Errors, InputTypeError, PipelineError
from .pipeline import Config
from .records import Quote


def _is_doc(obj) -> bool:
    try:
        from spacy.tokens import Doc
    except ImportError:  # pragma: no cover
        return False
    return isinstance(obj, Doc)


def _config(cue_classes: Optional[Sequence[str]], genre: str, reported: Optional[bool],
            config: Optional[Config] = None) -> Config:
    if config is not None:
        if not isinstance(config, Config):
            raise InputTypeError(Errors.E008.format(name="config", expected="a quoteattr.Config",
                                                    got=type(config).__name__))
        return config
    kw = {"genre": genre, "reported": reported}
    if cue_classes is not None:
        kw["cue_classes"] = tuple(cue_classes)
    return Config(**kw)


def _check_doc(doc) -> None:
    if len(doc) and not doc.has_annotation("DEP"):
        raise PipelineError(Errors.E005)


def extract(text_or_doc: Union[str, "Doc"], *, nlp=None,  # noqa: F821
            cue_classes: Optional[Sequence[str]] = None, genre: str = "auto",
            reported: Optional[bool] = None, config: Optional[Config] = None) -> List[Quote]:
    """Find and attribute the quotations in a text or a parsed spaCy ``Doc``.

    ``cue_classes`` picks the cue classes whose reported (indirect) speech counts
    (default speech and writing; add "cognition" for believe/think/expect). ``genre`` is
    "auto", "news" or "fiction"; ``reported`` turns indirect and mixed speech on or off
    (default: on unless the text is fiction). ``config`` (a ``quoteattr.Config``)
    replaces all of these, for custom lexicons and sieves.

    >>> [q.speaker_name for q in extract('"We will strive," Lavrov said.')]
    ['Lavrov']
    """
    config = _config(cue_classes, genre, reported, config)
    if isinstance(text_or_doc, str):
        if not text_or_doc.strip():
            return []
        nlp = nlp if nlp is not None else model.load()
        model.check_pipeline(nlp)
        return pipeline.extract_text(nlp, text_or_doc, config)
    if _is_doc(text_or_doc):
        _check_doc(text_or_doc)
        return pipeline.extract_doc(text_or_doc, config)
    raise InputTypeError(Errors.E001.format(got=type(text_or_doc).__name__))


def extract_many(texts: Iterable[Union[str, "Doc"]], *, nlp=None, batch_size: int = 64,  # noqa: F821
                 n_process: int = 1, cue_classes: Optional[Sequence[str]] = None,
                 genre: str = "auto", reported: Optional[bool] = None,
                 config: Optional[Config] = None) -> Iterator[List[Quote]]:
    """Yield, for every text (or parsed Doc) in ``texts``, its list of quotations, in
    order. Texts are parsed paragraph by paragraph, ``batch_size`` texts at a time
    through one ``nlp.pipe`` stream; ``n_process > 1`` spreads the texts over that many
    worker processes (each loads the pipeline once), with the same results."""
    if isinstance(texts, (str, bytes)) or _is_doc(texts):
        raise InputTypeError(Errors.E002.format(got=type(texts).__name__))
    if not isinstance(n_process, int) or n_process < 1:
        raise InputTypeError(Errors.E008.format(name="n_process", expected="an int >= 1",
                                                got=n_process))
    if not isinstance(batch_size, int) or batch_size < 1:
        raise InputTypeError(Errors.E008.format(name="batch_size", expected="an int >= 1",
                                                got=batch_size))
    config = _config(cue_classes, genre, reported, config)
    if nlp is None:
        nlp = model.load()
    model.check_pipeline(nlp)
    for is_doc, run in groupby(_typed(texts), key=lambda item: item[0]):
        items = [obj for _, obj in run]
        if is_doc:
            for doc in items:
                _check_doc(doc)
                yield pipeline.extract_doc(doc, config)
        elif n_process == 1:
            yield from pipeline.extract_texts(nlp, items, config, batch_size=batch_size)
        else:
            yield from _parallel(nlp, items, config, batch_size, n_process)


def _typed(texts: Iterable) -> Iterator[Tuple[bool, object]]:
    for obj in texts:
        if isinstance(obj, str):
            yield False, obj
        elif _is_doc(obj):
            yield True, obj
        else:
            raise InputTypeError(Errors.E001.format(got=type(obj).__name__))


# --- worker processes ------------------------------------------------------------------
_WORKER = {}


def _init_worker(nlp, config: Config, batch_size: int) -> None:
    _WORKER["nlp"] = nlp if nlp is not None else _WORKER.get("parent_nlp")
    _WORKER["config"] = config
    _WORKER["batch_size"] = batch_size


def _work(chunk: List[str]) -> List[List[Quote]]:
    return list(pipeline.extract_texts(_WORKER["nlp"], chunk, _WORKER["config"],
                                       batch_size=_WORKER["batch_size"]))


def _parallel(nlp, texts: List[str], config: Config, batch_size: int, n_process: int
              ) -> Iterator[List[Quote]]:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        ctx = multiprocessing.get_context("fork")
        _WORKER["parent_nlp"] = nlp  # inherited by the forked workers, not pickled
        initargs = (None, config, batch_size)
    else:  # pragma: no cover - spawn platforms pickle the pipeline once per worker
        ctx = multiprocessing.get_context("spawn")
        initargs = (nlp, config, batch_size)
    chunk = max(1, min(batch_size, -(-len(texts) // (n_process * 4))))
    chunks = [texts[i:i + chunk] for i in range(0, len(texts), chunk)]
    with ctx.Pool(n_process, initializer=_init_worker, initargs=initargs) as pool:
        for results in pool.imap(_work, chunks):
            yield from results
