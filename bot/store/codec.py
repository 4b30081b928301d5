"""What both backends store and how they read it back: the Session's pydantic JSON, nothing else.

A ``SessionCodec`` knows one schema version (this release's, ``SCHEMA_VERSION``): it writes
that version, migrates older documents on read (``migrations.py``) and refuses newer ones with
``NewerSession`` without touching them (a newer release wrote them during a rolling upgrade).

``stored_rev`` is the revision rule of the compare-and-set, written once in Python (the memory
backend) and once in Lua (``redis.py``); the two must agree: a missing value, a value that is
not a JSON object, one without a usable schema version or one without a numeric ``rev`` counts
as revision 0 (a session the store would discard); a document of a newer schema version is not
to be overwritten (``NEWER``).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Final

from pydantic import ValidationError

from bot.logs import hashed
from bot.store.migrations import NewerSession, migrate
from dialogs.session import SCHEMA_VERSION, Session

log = logging.getLogger("bot.store")

NEWER: Final = -1
"""``stored_rev`` of a document a newer release wrote: never compare-and-set over it."""


class SessionCodec:
    """Session JSON of schema version ``version`` (this release's unless a test says else)."""

    def __init__(self, version: int = SCHEMA_VERSION) -> None:
        self.version = version

    def encode(self, session: Session, *, expected_rev: int) -> tuple[Session, str]:
        """The session as it will be stored (``rev = expected_rev + 1``) and its JSON."""
        if isinstance(expected_rev, bool) or not isinstance(expected_rev, int) or expected_rev < 0:
            raise ValueError(f"expected_rev must be an int >= 0, not {expected_rev!r}")
        if session.schema_version != self.version:
            raise ValueError(
                f"cannot store a session of schema version {session.schema_version} "
                f"(this release writes {self.version})"
            )
        stored = session.model_copy(update={"rev": expected_rev + 1})
        return stored, stored.model_dump_json()

    def decode(self, raw: str | bytes, *, key: str) -> Session | None:
        """The stored session (migrated when older), or None (logged without its content) when
        it must be discarded. ``NewerSession`` when a newer release wrote it: leave it be."""
        doc = _document(raw)
        if doc is None:
            _discard(key, "not a JSON object")
            return None
        try:
            doc = migrate(doc, to=self.version)
        except NewerSession:
            raise
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            _discard(key, f"cannot migrate: {type(exc).__name__}")
            return None
        try:
            return Session.model_validate(doc)
        except ValidationError as exc:
            kinds = sorted({str(error["type"]) for error in exc.errors(include_input=False)})
            _discard(key, f"{exc.error_count()} validation error(s): {', '.join(kinds)}")
            return None

    def stored_rev(self, raw: str | bytes | None) -> int | float:
        """The revision a compare-and-set compares with (mirrors the Lua script in
        ``redis.py``): ``NEWER`` for a document of a newer schema version."""
        doc = None if raw is None else _document(raw)
        if doc is None:
            return 0
        version, rev = doc.get("schema_version"), doc.get("rev")
        if not isinstance(version, int | float) or isinstance(version, bool) or version < 1:
            return 0
        if version > self.version:
            return NEWER
        if not _is_number(rev):
            return 0
        assert isinstance(rev, int | float)
        return rev


CODEC = SessionCodec()
"""This release's codec."""


def encode(session: Session, *, expected_rev: int) -> tuple[Session, str]:
    return CODEC.encode(session, expected_rev=expected_rev)


def decode(raw: str | bytes, *, key: str) -> Session | None:
    return CODEC.decode(raw, key=key)


def stored_rev(raw: str | bytes | None) -> int | float:
    return CODEC.stored_rev(raw)


def _document(raw: str | bytes) -> dict[str, Any] | None:
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return doc if isinstance(doc, dict) else None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _discard(key: str, reason: str) -> None:
    log.warning(
        "discarding stored session: %s", reason, extra={"conversation": hashed(key)}
    )


def check_ttl(ttl: int) -> None:
    """Refuse a TTL Redis would refuse (``EX`` takes whole seconds >= 1)."""
    if isinstance(ttl, bool) or not isinstance(ttl, int) or ttl < 1:
        raise ValueError(f"a TTL must be an int >= 1 second, not {ttl!r}")
