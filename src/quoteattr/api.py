"""The one-call API: ``extract`` and ``extract_many``."""
from __future__ import annotations

from typing import Iterable, Iterator, List, Optional, Sequence, Union

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


def _config(cue_classes: Optional[Sequence[str]], genre: str, reported: Optional[bool]
            ) -> Config:
    kw = {"genre": genre, "reported": reported}
    if cue_classes is not None:
        kw["cue_classes"] = tuple(cue_classes)
    return Config(**kw)


def extract(text_or_doc: Union[str, "Doc"], *, nlp=None,  # noqa: F821
            cue_classes: Optional[Sequence[str]] = None, genre: str = "auto",
            reported: Optional[bool] = None) -> List[Quote]:
    """Find and attribute the quotations in a text or a parsed spaCy ``Doc``.

    ``cue_classes`` picks the cue classes that count (default speech and writing; add
    "cognition" for believe/think/expect). ``genre`` is "auto", "news" or "fiction";
    ``reported`` turns indirect and mixed speech on or off (default: on unless the
    text is fiction).

    >>> [q.speaker_name for q in extract('"We will strive," Lavrov said.')]
    ['Lavrov']
    """
    config = _config(cue_classes, genre, reported)
    if isinstance(text_or_doc, str):
        if not text_or_doc.strip():
            return []
        nlp = nlp if nlp is not None else model.load()
        model.check_pipeline(nlp)
        return pipeline.extract_text(nlp, text_or_doc, config)
    if _is_doc(text_or_doc):
        doc = text_or_doc
        if len(doc) and not doc.has_annotation("DEP"):
            raise PipelineError(Errors.E005)
        return pipeline.extract_doc(doc, config)
    raise InputTypeError(Errors.E001.format(got=type(text_or_doc).__name__))


def extract_many(texts: Iterable[Union[str, "Doc"]], *, nlp=None, batch_size: int = 64,  # noqa: F821
                 n_process: int = 1, cue_classes: Optional[Sequence[str]] = None,
                 genre: str = "auto", reported: Optional[bool] = None
                 ) -> Iterator[List[Quote]]:
    """Yield, for every text (or Doc) in ``texts``, its list of quotations, in order."""
    if isinstance(texts, (str, bytes)) or _is_doc(texts):
        raise InputTypeError(Errors.E002.format(got=type(texts).__name__))
    for t in texts:
        yield extract(t, nlp=nlp, cue_classes=cue_classes, genre=genre, reported=reported)
