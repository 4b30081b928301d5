"""docs/operations.md: covers what operators need, and its example values fit the chart."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
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
        "Metrics",
        "Alerts",
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
        if "groups" in example:
            continue  # a Prometheus rule file (test_alert_rules_pass_promtool)
        jsonschema.validate(_merge(defaults, example), schema)


def test_alert_rules_pass_promtool(tmp_path: Path) -> None:
    """The guide's alert rules are a valid Prometheus rule file (``promtool check rules``)."""
    promtool = shutil.which("promtool")
    assert promtool, "promtool is missing: apt-get install prometheus (.ci/run does)"
    rules = [
        b for b in re.findall(r"```yaml\n(.*?)```", _text(), re.S) if "groups" in yaml.safe_load(b)
    ]
    assert len(rules) == 1, "one rule file in the guide"
    names = {r["alert"] for g in yaml.safe_load(rules[0])["groups"] for r in g["rules"]}
    assert {
        "AdvisorRepliesUndelivered",
        "AdvisorPlatformAuthFailing",
        "AdvisorWebhookRequestsRejected",
        "AdvisorRedisErrors",
        "AdvisorNotReady",
        "AdvisorDown",
    } == names, "the chart's alerts (test_helm_prometheus_rule.py checks them against it)"
    path = tmp_path / "rules.yaml"
    path.write_text(rules[0], encoding="utf-8")
    check = subprocess.run(
        [promtool, "check", "rules", str(path)], capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0, check.stdout + check.stderr


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
