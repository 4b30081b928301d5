"""docs/operations.md: covers what operators need, and its example values fit the chart."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest
import yaml
from deploy_support import REPO_ROOT, read_yaml_mapping

DOC = REPO_ROOT / "docs" / "operations.md"
CHART = REPO_ROOT / "deploy" / "helm" / "engagement-advisor"


def _text() -> str:
    return DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "heading",
    [
        "Sizing",
        "Scaling out",
        "Redis choices",
        "Backups",
        "Upgrades",
        "Secrets",
        "Probes",
        "Production checklist",
    ],
)
def test_sections(heading: str) -> None:
    assert re.search(rf"^## {re.escape(heading)}$", _text(), re.M), heading


@pytest.mark.parametrize(
    "fact",
    [
        "per pod (measured)",  # sizing numbers come from bench/load.py
        "at most 10 connections per app",
        "one connection at",
        "advisor:v1:{",
        "hash tag",
        "Sentinel",
        "Cluster",
        "7 days",
        "schema_version",
        "ADVISOR_REDIS_PREFIX",
        "/readyz",
        "/healthz",
        "existingSecret",
    ],
)
def test_mentions(fact: str) -> None:
    assert fact in _text()


def test_example_values_fit_the_chart_schema() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", _text(), re.S)
    assert blocks, "the guide shows an example values file"
    schema = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))
    defaults = read_yaml_mapping(CHART / "values.yaml")
    for block in blocks:
        example = yaml.safe_load(block)
        jsonschema.validate(_merge(defaults, example), schema)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
