"""Shared checks for the inference tests."""

from __future__ import annotations

from typing import Any

from dialogs.inference import infer
from dialogs.scoring import evaluate


def wrong_inferences(item: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    """Factors inferred from ``item["text"]`` with an answer other than the labelled one."""
    got = infer(item["text"])
    return {
        f: (got[f].value, got[f].evidence, want)
        for f, want in item["expected"].items()
        if f in got and got[f].value != want
    }


def owners(text: str) -> dict[str, str]:
    """The two ownership readings inferred from ``text`` (decision authority, accountability)."""
    got = infer(text)
    return {f: got[f].value for f in ("decision_owner", "accountability") if f in got}


def model_of(text: str) -> str:
    """The model a one-shot answer to ``text`` recommends."""
    return evaluate({f: i.value for f, i in infer(text).items()}).model
