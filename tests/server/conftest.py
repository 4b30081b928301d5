"""The whole app on the platform stand-ins, for the metrics and readiness tests."""

from __future__ import annotations

from tests.support.apps import connector, make_slack, make_teams, slack_api, teams_options

# The shared app fixtures, re-exported so that pytest registers them for this suite.
__all__ = ["connector", "make_slack", "make_teams", "slack_api", "teams_options"]
