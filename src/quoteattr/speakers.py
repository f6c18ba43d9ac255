"""Speaker resolution across the document (coreference-lite)."""
from __future__ import annotations


def resolve(state) -> None:
    """Resolve speakers beyond the sentence. (Document-level resolution comes next.)"""
    return None
