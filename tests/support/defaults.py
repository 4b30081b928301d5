"""The product's defaults for tests that build stores and turn runners by hand.

Every tunable has one default, in ``bot.settings.Settings``; stores, the turn boundary and
feedback have none of their own. Tests take them from here, never from the developer's
environment (``settings_of`` reads no ``.env``; the suite's autouse fixture clears the
variables), and name a value only where it matters to the test.
"""

from __future__ import annotations

from typing import Any

from bot.settings import Settings, load_settings
from bot.store.memory import MemorySessionStore

SESSION_TTL: int = Settings.model_fields["advisor_session_ttl_seconds"].default
PREFIX: str = Settings.model_fields["advisor_redis_prefix"].default


def settings_of(**values: Any) -> Settings:
    """Settings from explicit values only (no ``.env``); plain-text logs."""
    values.setdefault("advisor_log_format", "text")
    return load_settings(_env_file=None, **values)


def memory_store(**values: Any) -> MemorySessionStore:
    """An in-memory session store with the default TTL and prefix (``values`` override)."""
    values.setdefault("ttl_seconds", SESSION_TTL)
    values.setdefault("prefix", PREFIX)
    return MemorySessionStore(**values)
