"""Shared checks for the inference tests."""

from __future__ import annotations

from typing import Any

from dialogs.inference import infer


def wrong_inferences(item: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    """Factors inferred from ``item["text"]`` with an answer other than the labelled one."""
    got = infer(item["text"])
    return {
        f: (got[f].value, got[f].evidence, want)
        for f, want in item["expected"].items()
        if f in got and got[f].value != want
    }
