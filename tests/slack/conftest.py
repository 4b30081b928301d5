"""Fixtures: the Slack Web API stand-in and the whole application wired to it."""

from __future__ import annotations

import pytest

from tests.slack.support import SlackDriver
from tests.support.apps import MakeSlack, make_slack, slack_api

# The shared app fixtures, re-exported so that pytest registers them for this suite.
__all__ = ["make_slack", "slack_api"]


@pytest.fixture
async def slack(make_slack: MakeSlack) -> SlackDriver:
    return await make_slack()
