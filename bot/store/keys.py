"""The Redis key scheme: ``{prefix}:{<session key>}`` and ``{prefix}:event:{<event key>}``.

The braces are a Redis Cluster hash tag: every key of one conversation hashes to one slot. Keys
are built from platform ids only (never message text). Characters that would break the hash tag
or a log line (``{``, ``}``, whitespace, control characters, and ``%`` itself) are
percent-escaped, so the mapping stays one-to-one; a key longer than ``MAX_KEY_CHARS`` after
escaping keeps its readable head (platform and tenant come first) and ends in a SHA-256 digest.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.store.base import InvalidKey

MAX_KEY_CHARS = 512
"""The longest escaped session or event key kept verbatim."""

_HEAD_CHARS = MAX_KEY_CHARS - 65  # head + "~" + 64 hex digits == MAX_KEY_CHARS
_UNSAFE = re.compile(r"[%{}\s\x00-\x1f\x7f\ud800-\udfff]")
_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9:._-]{0,99}")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFF:
        return f"%{code:02X}"
    if code <= 0xFFFF:
        return f"%u{code:04X}"
    return f"%U{code:08X}"


def escape(key: str) -> str:
    """``key`` made safe inside a hash tag: escaped, and capped at ``MAX_KEY_CHARS``."""
    if not key:
        raise InvalidKey("empty key")
    escaped = _UNSAFE.sub(_escape_char, key)
    if len(escaped) <= MAX_KEY_CHARS:
        return escaped
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{escaped[:_HEAD_CHARS]}~{digest}"


@dataclass(frozen=True, slots=True)
class KeyScheme:
    """Names the Redis keys of one deployment (``prefix``) or one test run."""

    prefix: str = "advisor:v1"

    def __post_init__(self) -> None:
        if not _PREFIX.fullmatch(self.prefix):
            raise ValueError(
                f"invalid key prefix {self.prefix!r}: letters, digits and ':._-', at most 100"
            )

    def session(self, key: str) -> str:
        """The Redis key of a conversation, e.g. ``advisor:v1:{slack:T1:C1:1700000000.0001}``."""
        return f"{self.prefix}:{{{escape(key)}}}"

    def event(self, event_key: str) -> str:
        """The Redis key of an idempotency claim, e.g. ``advisor:v1:event:{slack:T1:Ev1}``."""
        return f"{self.prefix}:event:{{{escape(event_key)}}}"

    @property
    def pattern(self) -> str:
        """A ``SCAN MATCH`` pattern for every key of this scheme (the prefix has no glob chars)."""
        return f"{self.prefix}:*"
