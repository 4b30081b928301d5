"""One door to the store (issue 14.2): session state is read and written only by the turn
boundary, ``bot/turns.py``'s ``TurnRunner``, and by the store package itself.

Checked statically over every module of ``bot/``, ``dialogs/`` and ``knowledge/`` (so a lazy
import or a call inside a function counts):

* which modules import from ``bot.store`` (or take the app's ``STORE`` key), and what: an
  allow-list naming why each is there. A new module that imports ``SessionStore`` to read a
  session fails here before it can call anything;
* no call of a session operation (the ``SessionStore`` protocol's methods but ``ping`` and
  ``close``) on anything named like a store outside the boundary: ``runner.store.load(...)``,
  ``app[STORE].save(...)``, ``self._store.claim(...)``.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from bot.store.base import SessionStore

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "dialogs", "knowledge")
BOUNDARY = "bot/turns.py"
STORE_PACKAGE = "bot/store/"

# Who may import from bot.store (or bot.appkeys' STORE), the names they may take, and why.
ALLOWED_IMPORTS: dict[str, set[str]] = {
    BOUNDARY: {"Conflict", "SessionStore", "StoreUnavailable", "Unconfirmed", "KeyedLocks",
               "NewerSession"},
    # The wiring: builds the store, hands it to the TurnRunner, pings it for /readyz, closes it.
    "bot/server.py": {"SessionStore", "StoreUnavailable", "store_from_settings", "STORE"},
    "bot/appkeys.py": {"SessionStore"},
    # The terminal commands: open the store for a TurnRunner (chat) or for feedback (kb report).
    "bot/cli.py": {"StoreUnavailable", "open_store_from"},
    # Feedback lives beside the session store (its own keys, never the session's).
    "bot/feedback/factory.py": {"SessionStore"},
    # One validator for the key prefix and the URLs.
    "bot/settings.py": {"check_prefix", "RedisTarget", "RedisUrlError", "SentinelTarget",
                        "parse_host_ports", "parse_redis_url"},
}

NOT_SESSION_STATE = {"ping", "close"}


def session_operations() -> set[str]:
    """The protocol's methods that read or write session state (read from the protocol, so a
    new operation is covered without editing this test)."""
    names = {name for name, _ in inspect.getmembers(SessionStore, inspect.isfunction)
             if not name.startswith("_")}
    return names - NOT_SESSION_STATE


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            found.append((name, ast.parse(path.read_text(encoding="utf-8"), filename=name)))
    return found


def store_imports(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, name) of every name imported from ``bot.store`` (a module import counts as its
    own name) and of ``STORE`` from ``bot.appkeys``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names
                      if a.name == "bot.store" or a.name.startswith("bot.store.")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "bot.store" or node.module.startswith("bot.store."):
                found += [(node.lineno, a.name) for a in node.names]
            elif node.module == "bot.appkeys":
                found += [(node.lineno, a.name) for a in node.names if a.name == "STORE"]
    return found


def store_calls(tree: ast.Module, operations: set[str]) -> list[tuple[int, str]]:
    """(line, source) of every call ``<something store-like>.<operation>(...)``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in operations
                and "store" in ast.unparse(node.func.value).lower()):
            found.append((node.lineno, ast.unparse(node.func)))
    return found


def test_session_operations_are_the_protocols() -> None:
    assert session_operations() == {"load", "save", "delete", "claim", "claim_and_load",
                                    "release"}


def test_only_the_allowed_modules_import_the_store() -> None:
    offenders = [
        f"{name}:{line}: imports {imported} from the store"
        for name, tree in _modules()
        if not name.startswith(STORE_PACKAGE)
        for line, imported in store_imports(tree)
        if imported not in ALLOWED_IMPORTS.get(name, set())
    ]
    assert offenders == [], "session state goes through bot/turns.py's TurnRunner"


def test_no_session_operation_outside_the_turn_boundary() -> None:
    operations = session_operations()
    offenders = [
        f"{name}:{line}: {call}(...)"
        for name, tree in _modules()
        if name != BOUNDARY and not name.startswith(STORE_PACKAGE)
        for line, call in store_calls(tree, operations)
    ]
    assert offenders == [], "session state goes through bot/turns.py's TurnRunner"


def test_the_boundary_keeps_its_store_private() -> None:
    """Nobody reaches through the runner: it has no public ``store`` attribute to reach."""
    tree = dict(_modules())[BOUNDARY]
    public = [node.lineno for node in ast.walk(tree)
              if isinstance(node, ast.Attribute) and node.attr == "store"
              and isinstance(node.value, ast.Name) and node.value.id == "self"]
    assert public == []


def test_the_checks_see_a_direct_read() -> None:
    """The detectors, on the kinds of bypass this issue removed (the console's resume read,
    the Teams welcome's claim, a share that saves) and on one that is allowed."""
    sample = ast.parse(
        "from bot.store.base import SessionStore\n"
        "from bot.appkeys import STORE\n"
        "async def f(runner, app, store):\n"
        "    await runner.store.load('console:local:terminal-ana')\n"
        "    await app[STORE].claim('e', 60, 'k')\n"
        "    await store.save('k', s, expected_rev=0)\n"
        "    await app[STORE].ping()\n"
    )
    assert store_imports(sample) == [(1, "SessionStore"), (2, "STORE")]
    assert [line for line, _ in store_calls(sample, session_operations())] == [4, 5, 6]
