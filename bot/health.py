"""Readiness: the store's state, with the cause of the last failure, logged once per change.

A failed probe is classified by the errors it chains (``NOAUTH``, ``WRONGPASS``, refused,
timeout, ...). The cause never carries the URL or a password: it is one of a few fixed words
plus the exception's class name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger("advisor.health")

_CAUSES = (
    ("NOAUTH", "NOAUTH"),  # Redis wants a password and none was sent
    ("authentication required", "NOAUTH"),  # redis-py's text for a NOAUTH reply
    ("called with the client already authenticated", "NOAUTH"),  # HELLO (RESP3) without AUTH
    ("WRONGPASS", "WRONGPASS"),
    ("invalid username-password", "WRONGPASS"),
    ("invalid password", "WRONGPASS"),
    ("NOPERM", "NOPERM"),  # the ACL user may not run the command
    ("connection refused", "refused"),
    ("name or service not known", "dns"),
    ("temporary failure in name resolution", "dns"),
    ("ssl", "tls"),
    ("certificate", "tls"),
    ("AuthenticationError", "auth"),
)


def cause_of(exc: BaseException) -> str:
    """One word for why a store call failed, from ``exc`` and the errors it chains."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 8:
        seen.append(current)
        current = current.__cause__ or current.__context__
    for err in seen:
        if isinstance(err, ConnectionRefusedError):
            return "refused"
        text = f"{type(err).__name__} {err}".lower()
        for needle, cause in _CAUSES:
            if needle.lower() in text:
                return cause
    if any(isinstance(err, TimeoutError) for err in seen) or "no answer within" in str(exc):
        return "timeout"
    return "error"


@dataclass
class StoreHealth:
    """The store's last known state; ``observe`` logs only when it changes."""

    state: str = "unknown"
    cause: str | None = None

    def observe(self, error: BaseException | None) -> None:
        if error is None:
            if self.state != "reachable":
                if self.state == "unreachable":
                    log.warning("session store reachable again")
                self.state, self.cause = "reachable", None
            return
        cause = cause_of(error)
        if (self.state, self.cause) != ("unreachable", cause):
            log.warning("session store unreachable (%s): %s", cause, type(error).__name__)
            self.state, self.cause = "unreachable", cause

    def body(self) -> dict[str, str]:
        out = {"state": self.state}
        if self.cause:
            out["cause"] = self.cause
        return out
