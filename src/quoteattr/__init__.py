"""quoteattr: find quoted and reported speech in English text and attribute it."""
from __future__ import annotations

from . import component  # noqa: F401  (registers the "quoteattr" factory)
from .api import extract, extract_many
from .errors import QuoteattrError, QuoteattrWarning
from .html import render_html
from .lexicon import CueLexicon
from .pipeline import Config
from .records import Cue, Quote, Span

__version__ = "0.1.0"

__all__ = [
    "Config",
    "Cue",
    "CueLexicon",
    "Quote",
    "QuoteattrError",
    "QuoteattrWarning",
    "Span",
    "__version__",
    "extract",
    "extract_many",
    "render_html",
]
