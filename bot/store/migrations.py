"""Stored sessions of older schema versions, brought to the current one on load.

One small function per version step, ``MIGRATIONS[n]`` turning a version-``n`` document (the
parsed JSON, a dict) into a version ``n + 1`` one; ``migrate`` runs the chain. A step works on
plain JSON, never on the ``Session`` model, because the model is only ever the newest shape.
Each step is tested on documents captured from the release that wrote them
(``tests/data/sessions``). The revision (``rev``) is carried over unchanged, so the
compare-and-set of the turn that migrated the session still sees the revision it loaded.

A document of a *newer* version than this release knows is never touched: ``NewerSession``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dialogs.factors import FACTOR_IDS

Doc = dict[str, Any]


class NewerSession(Exception):
    """The stored session was written by a newer release (a rolling upgrade is under way)."""

    def __init__(self, version: int, known: int) -> None:
        super().__init__(f"session of schema version {version}; this release knows {known}")
        self.version = version


def v1_to_v2(doc: Doc) -> Doc:
    """Version 2 records which answers rest on a reading of free text (``unconfirmed``).

    Version 1 kept a reading in ``inferred`` until the user answered that factor, so every
    factor with a reading whose value is still the answer is unconfirmed.
    """
    answers = doc.get("answers") or {}
    inferred = doc.get("inferred") or {}
    unconfirmed = [
        f for f in FACTOR_IDS
        if isinstance(inferred.get(f), dict) and answers.get(f) == inferred[f].get("value")
    ]
    return {**doc, "unconfirmed": unconfirmed, "schema_version": 2}


MIGRATIONS: dict[int, Callable[[Doc], Doc]] = {1: v1_to_v2}
"""``MIGRATIONS[n]`` takes a version-``n`` document to version ``n + 1``."""


def migrate(doc: Doc, *, to: int) -> Doc:
    """``doc`` brought to version ``to`` by the chain; ``NewerSession`` if it is newer."""
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"no usable schema_version: {version!r}")
    if version > to:
        raise NewerSession(version, to)
    while version < to:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"no migration from schema version {version}")
        doc = step(doc)
        version += 1
        if doc.get("schema_version") != version:
            raise ValueError(f"migration from {version - 1} did not write version {version}")
    return doc
