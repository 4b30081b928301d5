"""Fixtures: the shared app fixtures (Slack and Teams on their stand-ins)."""

from __future__ import annotations

from tests.support.apps import connector, make_slack, make_teams, slack_api, teams_options

__all__ = ["connector", "make_slack", "make_teams", "slack_api", "teams_options"]
