"""The one guard against a hung test: generous, so it never turns into a speed check.

Tests assert what happened (an error raised, a reply shown, attempts counted), never how long
it took; timing belongs in ``bench/``. A call whose own deadline is under test runs inside
``asyncio.timeout(HUNG_AFTER)`` only so that a broken deadline fails the test instead of
hanging the suite.
"""

from __future__ import annotations

HUNG_AFTER = 60.0
"""Seconds after which a test step is hung, not slow."""
