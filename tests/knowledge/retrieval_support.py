"""Shared pieces of the retrieval round tests: one knowledge base, the data folder, look-ups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from knowledge import load_default

KB = load_default()
DATA = Path(__file__).resolve().parents[1] / "data"


def ids(query: str) -> list[str]:
    """The passage ids ``query`` gets, best first (empty: the polite fallback)."""
    return [h.passage.id for h in KB.search(query)]


def load_batch(name: str) -> list[Any]:
    """A labelled batch from ``tests/data`` (a plain list, or a mapping with ``items``)."""
    data: Any = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    items: list[Any] = data["items"] if isinstance(data, dict) else data
    return items
