"""The typed records quoteattr returns: frozen attrs classes with plain int offsets.

Offsets are Python ``str`` indices (code points) into the original text, end-exclusive,
so ``text[span.start:span.end] == span.text`` always holds.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

import attrs
from attrs import field, frozen

KINDS = ("direct", "indirect", "mixed")


def _check_offsets(instance: Any, attribute: Any, value: int) -> None:
    if type(value) is not int or value < 0:
        raise ValueError(f"{type(instance).__name__}.{attribute.name} must be a non-negative int, "
                         f"got {value!r}")


@frozen
class Span:
    """A piece of the text: ``text[start:end] == self.text``."""

    start: int = field(validator=_check_offsets)
    end: int = field(validator=_check_offsets)
    text: str = field(validator=attrs.validators.instance_of(str))

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"Span.end ({self.end}) is before Span.start ({self.start})")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"Span.text has {len(self.text)} characters but the offsets "
                             f"{self.start}:{self.end} cover {self.end - self.start}")

    @classmethod
    def from_text(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])

    def to_dict(self) -> Dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "Span":
        return cls(int(d["start"]), int(d["end"]), d["text"])


@frozen
class Cue:
    """The speech cue: the words that signal the report, with the lexicon lemma."""

    start: int = field(validator=_check_offsets)
    end: int = field(validator=_check_offsets)
    text: str = field(validator=attrs.validators.instance_of(str))
    lemma: str = field(validator=attrs.validators.instance_of(str))

    def __attrs_post_init__(self) -> None:
        if self.end < self.start or len(self.text) != self.end - self.start:
            raise ValueError(f"Cue offsets {self.start}:{self.end} do not match its text "
                             f"{self.text!r}")

    @classmethod
    def from_text(cls, text: str, start: int, end: int, lemma: str) -> "Cue":
        return cls(start, end, text[start:end], lemma)

    def to_dict(self) -> Dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "lemma": self.lemma}

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "Cue":
        return cls(int(d["start"]), int(d["end"]), d["text"], d["lemma"])


def _check_parts(instance: Any, attribute: Any, value: Tuple[Span, ...]) -> None:
    if not value:
        raise ValueError("Quote.parts must hold at least one Span")
    prev_end = -1
    for p in value:
        if not isinstance(p, Span):
            raise TypeError(f"Quote.parts must hold Span objects, got {type(p).__name__}")
        if p.start < prev_end:
            raise ValueError("Quote.parts must be ordered and must not overlap")
        prev_end = p.end


def _check_confidence(instance: Any, attribute: Any, value: float) -> None:
    if not (0.0 <= value <= 1.0):
        raise ValueError(f"Quote.confidence must be in [0, 1], got {value!r}")


def _opt(cls: type) -> Any:
    return attrs.validators.optional(attrs.validators.instance_of(cls))


@frozen
class Quote:
    """One quotation (direct, indirect or mixed) with its attribution.

    ``parts`` are the content pieces without quotation marks: ``"We agree," he said,
    "on this."`` is one quote with two parts. ``sieve`` names the rule that attributed
    it; when a later rule resolved the speaker (a pronoun, say), the names are joined
    with ``>`` ("cue_after>pronoun").
    """

    kind: str = field(validator=attrs.validators.in_(KINDS))
    parts: Tuple[Span, ...] = field(converter=tuple, validator=_check_parts)
    speaker: Optional[Span] = field(default=None, validator=_opt(Span))
    speaker_name: Optional[str] = field(default=None, validator=_opt(str))
    cue: Optional[Cue] = field(default=None, validator=_opt(Cue))
    addressee: Optional[Span] = field(default=None, validator=_opt(Span))
    sieve: str = field(default="none", validator=attrs.validators.instance_of(str))
    confidence: float = field(default=0.0, converter=float, validator=_check_confidence)
    negated: bool = field(default=False, kw_only=True)
    hypothetical: bool = field(default=False, kw_only=True)

    @property
    def start(self) -> int:
        return self.parts[0].start

    @property
    def end(self) -> int:
        return self.parts[-1].end

    @property
    def text(self) -> str:
        """The content pieces joined with " … "."""
        return " … ".join(p.text for p in self.parts)

    def to_dict(self, *, flags: bool = False) -> Dict[str, Any]:
        """The documented JSON shape (docs/schema.md).

        With ``flags=True`` the keys ``negated`` and ``hypothetical`` are added.
        """
        d = {
            "kind": self.kind,
            "parts": [p.to_dict() for p in self.parts],
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "speaker_name": self.speaker_name,
            "cue": self.cue.to_dict() if self.cue else None,
            "addressee": self.addressee.to_dict() if self.addressee else None,
            "sieve": self.sieve,
            "confidence": round(self.confidence, 4),
        }
        if flags:
            d["negated"] = self.negated
            d["hypothetical"] = self.hypothetical
        return d

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "Quote":
        return cls(
            kind=d["kind"],
            parts=tuple(Span.from_dict(p) for p in d["parts"]),
            speaker=Span.from_dict(d["speaker"]) if d.get("speaker") else None,
            speaker_name=d.get("speaker_name"),
            cue=Cue.from_dict(d["cue"]) if d.get("cue") else None,
            addressee=Span.from_dict(d["addressee"]) if d.get("addressee") else None,
            sieve=d.get("sieve", "none"),
            confidence=d.get("confidence", 0.0),
            negated=bool(d.get("negated", False)),
            hypothetical=bool(d.get("hypothetical", False)),
        )
