"""What both backends store and how they read it back: the Session's pydantic JSON, nothing else.

``stored_rev`` is the revision rule of the compare-and-set, written once in Python (the memory
backend) and once in Lua (``redis.py``); the two must agree: a missing value, a value that is
not a JSON object, one of another schema version or one without a numeric ``rev`` counts as
revision 0 (a session the store would discard).
"""

from __future__ import annotations

import json
import logging

from pydantic import ValidationError

from bot.logs import hashed
from dialogs.session import SCHEMA_VERSION, Session

log = logging.getLogger("bot.store")

DEFAULT_TTL_SECONDS = 7 * 24 * 3600
"""Sessions live a week after their last write."""


def encode(session: Session, *, expected_rev: int) -> tuple[Session, str]:
    """The session as it will be stored (``rev = expected_rev + 1``) and its JSON."""
    if isinstance(expected_rev, bool) or not isinstance(expected_rev, int) or expected_rev < 0:
        raise ValueError(f"expected_rev must be an int >= 0, not {expected_rev!r}")
    if session.schema_version != SCHEMA_VERSION:
        raise ValueError(
            f"cannot store a session of schema version {session.schema_version} "
            f"(this release writes {SCHEMA_VERSION})"
        )
    stored = session.model_copy(update={"rev": expected_rev + 1})
    return stored, stored.model_dump_json()


def decode(raw: str | bytes, *, key: str) -> Session | None:
    """The stored session, or None (logged without its content) when it must be discarded."""
    try:
        session = Session.model_validate_json(raw)
    except ValidationError as exc:
        version = _schema_version(raw)
        if version is not None and version != SCHEMA_VERSION:
            _discard(key, f"schema version {version!r}, expected {SCHEMA_VERSION}")
        else:
            kinds = sorted({str(error["type"]) for error in exc.errors(include_input=False)})
            _discard(key, f"{exc.error_count()} validation error(s): {', '.join(kinds)}")
        return None
    if session.schema_version != SCHEMA_VERSION:
        _discard(key, f"schema version {session.schema_version}, expected {SCHEMA_VERSION}")
        return None
    return session


def stored_rev(raw: str | bytes | None) -> int | float:
    """The revision a compare-and-set compares with (mirrors the Lua script in ``redis.py``)."""
    if raw is None:
        return 0
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError):
        return 0
    if not isinstance(doc, dict):
        return 0
    version, rev = doc.get("schema_version"), doc.get("rev")
    if not _is_number(version) or version != SCHEMA_VERSION or not _is_number(rev):
        return 0
    assert isinstance(rev, int | float)
    return rev


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _schema_version(raw: str | bytes) -> object:
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return doc.get("schema_version") if isinstance(doc, dict) else None


def _discard(key: str, reason: str) -> None:
    log.warning(
        "discarding stored session: %s", reason, extra={"conversation": hashed(key)}
    )


def check_ttl(ttl: int) -> None:
    """Refuse a TTL Redis would refuse (``EX`` takes whole seconds >= 1)."""
    if isinstance(ttl, bool) or not isinstance(ttl, int) or ttl < 1:
        raise ValueError(f"a TTL must be an int >= 1 second, not {ttl!r}")
