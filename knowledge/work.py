"""Operation counts for text processing, so a bound on work can be checked without a clock.

Each stage that touches user text (typo repair, tokenising, retrieval, inference) reports what
it did with :func:`count` under a name of its own ("spelling.cells", "inference.matches", ...).
Nothing is recorded unless a caller asked for it with :func:`counting`; then every count made
in that context (a context variable, so ``asyncio.to_thread`` carries it into a worker thread)
adds to one ``Counter``. Tests assert on those totals (see tests/abuse/test_text_bounds.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_CURRENT: ContextVar[Counter[str] | None] = ContextVar("advisor_work", default=None)


def count(kind: str, n: int = 1) -> None:
    """Add ``n`` operations of ``kind`` to the counter of the enclosing :func:`counting`."""
    counter = _CURRENT.get()
    if counter is not None:
        counter[kind] += n


def recording() -> bool:
    """Whether some caller is counting (lets a stage skip computing a count nobody reads)."""
    return _CURRENT.get() is not None


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Count the work done inside the ``with`` block; yields the (live) counter."""
    counter: Counter[str] = Counter()
    token = _CURRENT.set(counter)
    try:
        yield counter
    finally:
        _CURRENT.reset(token)


__all__ = ["count", "counting", "recording"]
