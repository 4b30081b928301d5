"""The Redis key scheme: every key of one conversation starts with its session key.

* ``{prefix}:{<session key>}``: the session (JSON);
* ``{prefix}:{<session key>}:event:<digest>``: the claim of one platform event, named by a
  SHA-256 digest of the event's key (``platform:tenant:event id``);
* ``{prefix}:{<session key>}:claims``: the index of those claims (a sorted set of digests by
  expiry), so ``forget`` finds and deletes every one of them.

The braces are a Redis Cluster hash tag: every key of one conversation hashes to one slot, so
claim-and-load, compare-and-set and forget are single-slot scripts. Keys are built from
platform ids only (never message text). Characters that would break the hash tag
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


def check_prefix(prefix: str) -> str:
    """``prefix`` if it can start every key of a deployment; ``ValueError`` otherwise. The one
    rule for ``ADVISOR_REDIS_PREFIX`` (``Settings``) and for every store built in code."""
    if not isinstance(prefix, str) or not _PREFIX.fullmatch(prefix):
        raise ValueError(
            f"invalid key prefix {prefix!r}: a letter or digit, then letters, digits and "
            "':._-', at most 100 in all"
        )
    return prefix


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
    """Names the Redis keys of one deployment (``prefix``, ``ADVISOR_REDIS_PREFIX``; its
    default is in ``Settings``) or one test run."""

    prefix: str

    def __post_init__(self) -> None:
        check_prefix(self.prefix)

    def session(self, key: str) -> str:
        """The Redis key of a conversation, e.g. ``advisor:v1:{slack:T1:C1:1700000000.0001}``."""
        return f"{self.prefix}:{{{escape(key)}}}"

    def claim(self, key: str, event_key: str) -> str:
        """The Redis key of an event's claim, under its conversation's hash tag."""
        return f"{self.claim_base(key)}{self.claim_member(event_key)}"

    def claim_base(self, key: str) -> str:
        """What every claim key of conversation ``key`` starts with (the digest follows)."""
        return f"{self.session(key)}:event:"

    @staticmethod
    def claim_member(event_key: str) -> str:
        """The digest that names an event's claim (and is its member in the claims index)."""
        if not event_key:
            raise InvalidKey("empty event key")
        return hashlib.sha256(event_key.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def claims(self, key: str) -> str:
        """The index of conversation ``key``'s claims."""
        return f"{self.session(key)}:claims"

    def legacy_event(self, event_key: str) -> str:
        """The claim key of releases before the conversation hash tag (``{prefix}:event:{...}``),
        still read on standalone Redis so a redelivery during a rolling upgrade is recognised."""
        return f"{self.prefix}:event:{{{escape(event_key)}}}"

    @property
    def pattern(self) -> str:
        """A ``SCAN MATCH`` pattern for every key of this scheme (the prefix has no glob chars)."""
        return f"{self.prefix}:*"
