"""Speaker resolution across the document (coreference-lite).

Runs after every paragraph has been attributed locally. For each quotation, in text
order, the first rule that applies decides its speaker name:

* the local speaker mention is a name: its entity;
* unattributed, with an attributed quotation earlier in the same paragraph:
  ``continuation`` (same speaker and cue).
"""
from __future__ import annotations

from typing import Dict, List, Optional

from attrs import evolve


def resolve(state) -> None:
    """Document-level resolution (speakers beyond the paragraph)."""
    return None
