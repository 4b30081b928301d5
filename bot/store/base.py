"""The session store protocol and its errors. Backends: ``memory.py`` and ``redis.py``."""

from __future__ import annotations

from typing import Protocol

from dialogs.session import Session


class StoreError(Exception):
    """Base class of the store's errors."""


class StoreUnavailable(StoreError):
    """The backing store cannot be reached in time; nothing was written.

    One caveat of every network store: when the deadline strikes after Redis applied a ``save``
    but before its reply arrived, the write did happen. The next ``load`` shows it (its ``rev``
    is one higher), so reload before applying a turn again.
    """


class Unconfirmed(StoreUnavailable):
    """A save was applied on the primary but not confirmed by the replicas ``WAIT`` asked for
    in time: it may be lost in a failover. Its claim must stay (the turn did happen)."""


class Conflict(StoreError):
    """A compare-and-set lost: the stored revision is not the one the turn loaded."""


class InvalidKey(StoreError, ValueError):
    """A session or event key that cannot be stored (empty); a programming error, not a fault."""


class SessionStore(Protocol):
    """Where conversations live between turns.

    ``key`` is a turn's ``session_id`` (``platform:tenant:conversation[:thread]``); backends
    namespace it themselves. Sessions carry a revision (``Session.rev``): ``save`` succeeds only
    when the stored revision still equals ``expected_rev`` (0 for a new session), and stores the
    session with ``rev = expected_rev + 1``.
    """

    async def load(self, key: str) -> Session | None:
        """The stored session (migrated when an older release wrote it), or None when absent,
        expired or unreadable. ``NewerSession`` when a newer release wrote it (left as is)."""
        ...

    async def save(self, key: str, session: Session, *, expected_rev: int) -> Session:
        """Compare-and-set; returns the stored session (new ``rev``). Raises ``Conflict``, or
        ``NewerSession`` (nothing written) over a session of a newer schema version."""
        ...

    async def delete(self, key: str) -> None:
        """Forget a conversation entirely: its session and every event claim under it."""
        ...

    async def claim(self, event_key: str, ttl: int, key: str) -> bool:
        """True the first time ``event_key`` is seen in conversation ``key`` within ``ttl``
        seconds, False after. (Claims live under their conversation, so ``delete`` ends them.)"""
        ...

    async def claim_and_load(
        self, event_key: str | None, ttl: int, key: str
    ) -> tuple[bool, Session | None]:
        """The start of a turn: ``claim(event_key, ttl)`` and ``load(key)`` in one round trip.

        Returns ``(True, session)`` when the claim is won (``session`` as ``load`` returns it:
        None when absent, expired or unreadable, the latter discarded; ``NewerSession``, with
        the claim given back, when a newer release wrote it) and ``(False, None)`` when the
        event was claimed before: a duplicate, whose session is not read. With ``event_key`` None there is nothing to claim: ``(True,
        load(key))``.

        Exactly once, as ``claim``: a call retried after its reply was lost still wins the claim
        its first attempt stored. When it raises ``StoreUnavailable`` the turn must not be
        applied; a claim the call is known to have won (the session read failed after it) is
        released again, best effort, so a redelivery is processed. A claim whose reply was lost
        for good stays, as one of ``claim`` would.
        """
        ...

    async def release(self, event_key: str, key: str) -> None:
        """Undo a claim whose turn could not be applied, so a redelivery is processed."""
        ...

    async def ping(self) -> None:
        """Raise ``StoreUnavailable`` unless the backend answers."""
        ...

    async def close(self) -> None:
        ...
