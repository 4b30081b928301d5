"""Walking a JSON document (Slack blocks, Teams cards, recorded request bodies)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def json_dicts(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in ``node``, depth first, each before the objects it contains."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from json_dicts(value)
    elif isinstance(node, list):
        for item in node:
            yield from json_dicts(item)


def json_strings(node: Any) -> Iterator[str]:
    """Every string value in ``node`` (keys excluded), in document order."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from json_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from json_strings(item)
