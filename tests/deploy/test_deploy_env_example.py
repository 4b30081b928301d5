""".env.example: every setting, a comment for each, and values that are safe to copy."""

from __future__ import annotations

import re

import pytest
from deploy_support import REPO_ROOT

from bot.settings import Settings, load_settings
from tests.conftest import ENV_VARS

ENV_EXAMPLE = REPO_ROOT / ".env.example"
REQUIRED = frozenset(ENV_VARS)
"""Every variable the settings read (the ones the test fixtures clear from the environment)."""
SECRETS = {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "MICROSOFT_APP_PASSWORD"}
ASSIGNMENT = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")


def _entries() -> list[tuple[str, str, str]]:
    """(name, value, the comment line just above it)."""
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    entries = []
    for index, line in enumerate(lines):
        match = ASSIGNMENT.match(line)
        if match:
            above = lines[index - 1] if index else ""
            entries.append((match.group(1), match.group(2), above))
        else:
            assert not line.strip() or line.startswith("# "), f"stray line: {line!r}"
    return entries


def test_every_variable_is_listed_once() -> None:
    names = [name for name, _, _ in _entries()]
    assert len(names) == len(set(names))
    assert set(names) >= REQUIRED


def test_matches_the_settings_object() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    listed = {name for name, _, _ in _entries()}
    assert not fields - listed, f"settings missing from .env.example: {sorted(fields - listed)}"
    assert not listed - fields, f".env.example lists unknown settings: {sorted(listed - fields)}"


def test_each_variable_has_a_comment() -> None:
    for name, _, above in _entries():
        assert above.startswith("# ") and len(above) > 10, f"{name} lacks a comment line"


def test_no_secret_values() -> None:
    for name, value, _ in _entries():
        if name in SECRETS:
            assert value == "", f"{name} must be empty in the example"
        assert not re.search(r"xox[abpr]-\d|xapp-\d", value), f"{name} looks like a real token"


def test_copied_example_loads_as_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value, _ in _entries():
        monkeypatch.setenv(name, value)
    settings = load_settings(_env_file=None)
    assert settings.redis_url is None
    assert not settings.slack_enabled
    assert settings.teams_mode == "local"
    assert settings.advisor_port == 3978
    assert settings.advisor_session_ttl_seconds == 604800
