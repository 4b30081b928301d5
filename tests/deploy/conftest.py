"""Fixtures for the chart tests: the helm backend, a copy of the chart, a renderer, the app."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helm_support import CHART, Backend, Rendered, helm_backend

from tests.support.apps import connector, make_slack, make_teams, slack_api, teams_options

# The whole app on the platform stand-ins (the alert rules are checked against its /metrics),
# re-exported so that pytest registers the fixtures for this suite.
__all__ = ["connector", "make_slack", "make_teams", "slack_api", "teams_options"]


@pytest.fixture(scope="module")
def backend() -> Backend:
    return helm_backend()


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    """A plain copy of the chart (the helm binary's values file is written beside it)."""
    copy = tmp_path / "engagement-advisor"
    shutil.copytree(CHART, copy)
    return copy


@pytest.fixture
def render(backend: Backend, chart: Path) -> Callable[[dict[str, Any]], Rendered]:
    def _render(values: dict[str, Any]) -> Rendered:
        return backend.render(chart, values)[0]

    return _render
