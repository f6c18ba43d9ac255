"""The spaCy component: ``nlp.add_pipe("quoteattr")`` after the parser.

Results are stored as plain data: ``doc.user_data["quoteattr"]`` holds one dict per
quotation (the ``Quote.to_dict`` shape, ints and strings only) and
``doc.spans[spans_key]`` holds one span per quote part, labelled with the speaker name,
for displaCy. ``doc._.quotes`` rebuilds ``Quote`` records from the stored data, so a
Doc keeps its quotes through ``DocBin`` and pickling.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Union

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path, registry

from . import model, pipeline
from .errors import Errors, PipelineError
from .lexicon import DEFAULT_CUE_CLASSES, CueLexicon, check_cue_classes
from .records import Quote

USER_DATA_KEY = "quoteattr"
DEFAULT_SPANS_KEY = "quoteattr"


@registry.misc("quoteattr.direct_sieves.v1")
def make_direct_sieves() -> List:
    """The default ordered sieves for quotations in marks (quoteattr.sieves.DIRECT_SIEVES)."""
    from .sieves import DIRECT_SIEVES

    return list(DIRECT_SIEVES)


@registry.misc("quoteattr.cue_lexicon.v1")
def make_cue_lexicon(path: Optional[str] = None) -> CueLexicon:
    """The packaged cue lexicon, or a user's TSV file of the same shape."""
    return CueLexicon.from_tsv(path) if path else CueLexicon.default()


def get_quotes(doc: Doc) -> List[Quote]:
    return [Quote.from_dict(d) for d in doc.user_data.get(USER_DATA_KEY, ())]


def register_extensions() -> None:
    if not Doc.has_extension("quotes"):
        Doc.set_extension("quotes", getter=get_quotes)


def store(doc: Doc, quotes: Sequence[Quote], spans_key: str) -> None:
    doc.user_data[USER_DATA_KEY] = [q.to_dict(flags=True) for q in quotes]
    spans = []
    for q in quotes:
        label = q.speaker_name or (q.speaker.text if q.speaker else "unattributed")
        for part in q.parts:
            span = doc.char_span(part.start, part.end, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    doc.spans[spans_key] = spans


class QuoteAttributor:
    """Finds and attributes quotations in parsed Docs."""

    def __init__(self, nlp: Language, name: str = "quoteattr", *,
                 cue_classes: Sequence[str] = DEFAULT_CUE_CLASSES,
                 cue_lexicon: Optional[CueLexicon] = None,
                 spans_key: str = DEFAULT_SPANS_KEY, genre: str = "auto",
                 sieves: Optional[Sequence] = None,
                 coref_prefix: Optional[str] = "coref_clusters"):
        self.name = name
        self.spans_key = spans_key
        self.cue_classes = check_cue_classes(cue_classes)
        self.lexicon = cue_lexicon if cue_lexicon is not None else CueLexicon.default()
        self.genre = genre
        self.sieves = sieves
        self.coref_prefix = coref_prefix
        self._check(nlp)
        register_extensions()

    def _check(self, nlp: Language) -> None:
        if not model.has_parser(nlp):
            raise PipelineError(Errors.E003.format(pipes=list(nlp.pipe_names)))

    @property
    def config(self) -> pipeline.Config:
        return pipeline.Config(cue_classes=self.cue_classes, lexicon=self.lexicon,
                               genre=self.genre, sieves=self.sieves,
                               coref_prefix=self.coref_prefix)

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            if len(doc) and not doc.has_annotation("DEP"):
                raise PipelineError(Errors.E009.format(pipes=[self.name]))
            self.set_annotations(doc, pipeline.extract_doc(doc, self.config))
            return doc
        except Exception as e:  # noqa: BLE001 - routed to spaCy's error handler
            error_handler(self.name, self, [doc], e)
            return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def set_annotations(self, doc: Doc, quotes: Sequence[Quote]) -> None:
        store(doc, quotes, self.spans_key)

    def get_error_handler(self) -> Callable[..., Any]:
        return getattr(self, "_error_handler", _raise_error)

    def set_error_handler(self, error_handler: Callable[..., Any]) -> None:
        self._error_handler = error_handler

    # --- serialisation: data only ------------------------------------------------------
    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        import srsly

        return srsly.msgpack_dumps(self._cfg())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = tuple()) -> "QuoteAttributor":
        import srsly

        self._load_cfg(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> None:
        import srsly

        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", {"cue_classes": list(self.cue_classes),
                                              "spans_key": self.spans_key, "genre": self.genre})
        srsly.write_jsonl(path / "cues.jsonl", self.lexicon.to_dict()["cues"])

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()
                  ) -> "QuoteAttributor":
        import srsly

        path = ensure_path(path)
        cfg = srsly.read_json(path / "cfg.json")
        cues = list(srsly.read_jsonl(path / "cues.jsonl"))
        self._load_cfg({**cfg, "cues": cues})
        return self

    def _cfg(self) -> Dict[str, Any]:
        return {"cue_classes": list(self.cue_classes), "spans_key": self.spans_key,
                "genre": self.genre, "cues": self.lexicon.to_dict()["cues"]}

    def _load_cfg(self, cfg: Dict[str, Any]) -> None:
        self.cue_classes = check_cue_classes(cfg["cue_classes"])
        self.spans_key = cfg["spans_key"]
        self.genre = cfg.get("genre", "auto")
        self.lexicon = CueLexicon.from_dict({"cues": cfg["cues"]})


def _raise_error(proc_name: str, proc: Any, docs: List[Doc], e: Exception) -> None:
    raise e


@Language.factory(
    "quoteattr",
    assigns=["doc._.quotes", "doc.spans"],
    requires=["token.dep", "token.head", "token.tag"],
    default_config={
        "cue_classes": list(DEFAULT_CUE_CLASSES),
        "cue_lexicon": {"@misc": "quoteattr.cue_lexicon.v1", "path": None},
        "spans_key": DEFAULT_SPANS_KEY,
        "genre": "auto",
        "sieves": {"@misc": "quoteattr.direct_sieves.v1"},
        "coref_prefix": "coref_clusters",
    },
)
def make_quoteattr(nlp: Language, name: str, cue_classes: List[str], cue_lexicon: CueLexicon,
                   spans_key: str, genre: str, sieves: List, coref_prefix: Optional[str]
                   ) -> QuoteAttributor:
    """Create the quoteattr component (see docs/component.md for the config)."""
    return QuoteAttributor(nlp, name, cue_classes=cue_classes, cue_lexicon=cue_lexicon,
                           spans_key=spans_key, genre=genre, sieves=sieves,
                           coref_prefix=coref_prefix)
