"""Fixtures for the chart tests: the helm backend, a copy of the chart, and a renderer."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helm_support import CHART, Backend, Rendered, helm_backend


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
