"""The project's pydantic models build their validators on first use (``defer_build``), so a
one-shot command pays only for the models it touches; ``build_all`` builds the rest at once
(``advisor serve``, before it listens: no user's first turn pays for a validator)."""

from __future__ import annotations

from pydantic import BaseModel

PACKAGES = ("bot.", "dialogs.", "knowledge.")
"""Whose models ``build_all`` builds (third-party models build as their packages decide)."""


def project_models() -> list[type[BaseModel]]:
    """Every model class of ``PACKAGES`` imported so far, built or not."""
    seen: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.append(sub)
                todo.append(sub)
    return [m for m in seen if m.__module__.startswith(PACKAGES)]


def build_all() -> int:
    """Build the validator and serializer of every project model not built yet; how many."""
    pending = [m for m in project_models() if not m.__pydantic_complete__]
    for model in pending:
        model.model_rebuild(force=True)
    return len(pending)
