"""Fixtures of the abuse suite: the whole app on the stand-ins, one per test function.

Hypothesis runs many examples inside one test function, so the app, its store and the
stand-ins are built once per test and shared by its examples (hence the suppressed
``function_scoped_fixture`` health check in the tests); every example starts by clearing the
log capture and reads the state it compares before and after itself.
"""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, settings

from bot.store.memory import MemorySessionStore
from bot.teams.bot import TeamsOptions
from bot.teams.retry import RetryPolicy
from tests.slack.support import SlackDriver
from tests.support import defaults
from tests.support.apps import MakeSlack, MakeTeams, connector, make_slack, make_teams, slack_api
from tests.teams.support import Chat

ABUSE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=False,
)
"""Modest example counts keep the suite fast; CI finds new inputs over time."""

TEAMS_FAST = TeamsOptions(retry=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02),
                          reply_budget=10.0, send_timeout=5.0)
"""The abuse suite's Teams retry budget (two attempts); ``make_teams`` takes it from ``teams_options``."""

# The shared app fixtures, re-exported so that pytest registers them for this suite.
__all__ = ["connector", "make_slack", "make_teams", "slack_api"]


@pytest.fixture(autouse=True)
def _log_level(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)


@pytest.fixture
def teams_options() -> TeamsOptions:
    """``make_teams`` gives the app the abuse suite's retry budget."""
    return TEAMS_FAST


@pytest.fixture
def memory_store() -> MemorySessionStore:
    return defaults.memory_store()


@pytest.fixture
async def slack(make_slack: MakeSlack, memory_store: MemorySessionStore) -> SlackDriver:
    return await make_slack(memory_store)


@pytest.fixture
async def teams(make_teams: MakeTeams, memory_store: MemorySessionStore) -> Chat:
    return await make_teams(memory_store)
