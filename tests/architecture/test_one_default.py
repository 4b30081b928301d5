"""Every tunable has one default, in ``bot.settings.Settings``, and the product takes it from there.

Checked statically over ``bot/``, ``dialogs/`` and ``knowledge/`` (``bot/settings.py`` aside):
no parameter or field named after a tunable has a default of its own, and no distinctive
default of a tunable (the key prefix, the TTLs, the body cap, the port) is written again as a
literal. A module that needs one is handed the settings object (or the value read from it).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "bot" / "settings.py"
PRODUCT = ("bot", "dialogs", "knowledge")

TUNABLE_NAMES = {
    "ttl_seconds": "advisor_session_ttl_seconds",
    "event_ttl": "advisor_event_ttl_seconds",
    "prefix": "advisor_redis_prefix",
    "grace": "advisor_drain_timeout_seconds",
    "drain_timeout": "advisor_drain_timeout_seconds",
    "wait_timeout_ms": "advisor_redis_wait_timeout_ms",
    "days": "advisor_feedback_ttl_days",
    "question_days": "advisor_feedback_question_ttl_days",
    "keep_questions": "advisor_feedback_keep_questions",
    "max_body_bytes": "advisor_max_body_bytes",
    "client_max_size": "advisor_max_body_bytes",
    "level": "advisor_log_level",
    "fmt": "advisor_log_format",
}
"""Parameter and field names that carry a tunable, and the setting each comes from."""

DISTINCTIVE = [
    "advisor_session_ttl_seconds",
    "advisor_event_ttl_seconds",
    "advisor_max_body_bytes",
    "advisor_redis_prefix",
    "advisor_port",
]
"""Settings whose default value is distinctive enough that any other occurrence is a copy."""


def _modules() -> list[Path]:
    found = [p for pkg in PRODUCT for p in sorted((ROOT / pkg).rglob("*.py")) if p != SETTINGS]
    assert len(found) > 50, "the check reads the product's modules"
    return found


def _defaults(tree: ast.AST) -> Iterator[tuple[int, str, ast.expr]]:
    """(line, name, default) of every parameter with a default and every class-level field."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            positional = [*args.posonlyargs, *args.args]
            for arg, default in zip(positional[len(positional) - len(args.defaults):],
                                    args.defaults, strict=True):
                yield node.lineno, arg.arg, default
            for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
                if kw_default is not None:
                    yield node.lineno, arg.arg, kw_default
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and (
                    item.value is not None
                ):
                    yield item.lineno, item.target.id, item.value


def _folded(node: ast.AST) -> object:
    """The value of a literal or of arithmetic on literals (``7 * 24 * 3600``); else None."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Add | ast.Pow):
        left, right = _folded(node.left), _folded(node.right)
        if isinstance(left, int | float) and isinstance(right, int | float):
            if isinstance(node.op, ast.Mult):
                return left * right
            return left + right if isinstance(node.op, ast.Add) else left**right
    return None


def _literals(tree: ast.AST) -> Iterator[tuple[int, object]]:
    """Every literal value outside docstrings, arithmetic folded (its parts are not listed)."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    parts: set[int] = set()
    for node in ast.walk(tree):
        if id(node) in parts or id(node) in docstrings:
            continue
        value = _folded(node)
        if value is not None:
            parts.update(id(child) for child in ast.walk(node))
            yield getattr(node, "lineno", 0), value


def test_no_parameter_or_field_named_after_a_tunable_has_a_default() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name}={ast.unparse(default)} "
        f"(the default of {TUNABLE_NAMES[name]} is in Settings)"
        for path in _modules()
        for line, name, default in _defaults(ast.parse(path.read_text(encoding="utf-8")))
        if name in TUNABLE_NAMES
        and not (isinstance(default, ast.Constant) and default.value is None)
    ]
    assert offenders == []


@pytest.mark.parametrize("setting", DISTINCTIVE)
def test_a_distinctive_default_is_written_once(setting: str) -> None:
    default = Settings.model_fields[setting].default
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}"
        for path in _modules()
        for line, value in _literals(ast.parse(path.read_text(encoding="utf-8")))
        if type(value) is type(default) and value == default
    ]
    assert offenders == [], f"the default of {setting} is in Settings"


def test_every_named_tunable_is_a_setting() -> None:
    assert set(TUNABLE_NAMES.values()) <= set(Settings.model_fields)
    assert set(DISTINCTIVE) <= set(Settings.model_fields)
