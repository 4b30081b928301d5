"""The chart's PrometheusRule (templates/prometheusrule.yaml): the alerts of docs/operations.md.

kubernetes-validate has no schema for the Prometheus Operator's custom resources, so the rule is
checked here against the fields of its CRD (monitoring.coreos.com/v1 PrometheusRule, written out
below, strict like the API server's pruning), its groups go through ``promtool check rules`` and
``promtool test rules`` (tests/deploy/prometheus_rule_tests.yaml: each alert fires on the series
it is meant for, and only then), and every series selector in the rules matches series a live
``/metrics`` scrape of the app really has (Slack refusing the token, the Teams connector answering
401, an unsigned webhook, Redis unreachable). promtool is Debian's ``prometheus`` package, which
.ci/run installs: without it these tests fail, they never skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from deploy_support import REPO_ROOT, read_yaml_mapping
from helm_support import FULLNAME, NAMESPACE, PRODUCTION, RELEASE, Rendered
from prometheus_client.parser import text_string_to_metric_families

from bot.server import build_app
from bot.settings import Settings
from tests.slack.support import SlackDriver
from tests.standins.connector import ConnectorStandIn
from tests.standins.slack_api import SlackStandIn
from tests.support.apps import MakeSlack, MakeTeams

HERE = Path(__file__).parent
ON: dict[str, Any] = {"prometheusRule": {"enabled": True}}
ALERTS = {
    "AdvisorRepliesUndelivered",
    "AdvisorPlatformAuthFailing",
    "AdvisorWebhookRequestsRejected",
    "AdvisorRedisErrors",
    "AdvisorNotReady",
    "AdvisorDown",
}

_DURATION = {
    "type": "string",
    "pattern": r"^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$",
}
_STRINGS = {"type": "object", "additionalProperties": {"type": "string"}}
PROMETHEUS_RULE = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"const": "monitoring.coreos.com/v1"},
        "kind": {"const": "PrometheusRule"},
        "metadata": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}, "labels": _STRINGS},
        },
        "spec": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "groups": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name"],
                        "additionalProperties": False,
                        "properties": {
                            "name": {"type": "string", "minLength": 1},
                            "interval": _DURATION,
                            "labels": _STRINGS,
                            "limit": {"type": "integer"},
                            "partial_response_strategy": {"type": "string"},
                            "query_offset": _DURATION,
                            "rules": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["expr"],
                                    "additionalProperties": False,
                                    "oneOf": [{"required": ["alert"]}, {"required": ["record"]}],
                                    "properties": {
                                        "alert": {"type": "string"},
                                        "record": {"type": "string"},
                                        "expr": {"type": ["string", "integer"]},
                                        "for": _DURATION,
                                        "keep_firing_for": {**_DURATION, "minLength": 1},
                                        "labels": _STRINGS,
                                        "annotations": _STRINGS,
                                    },
                                },
                            },
                        },
                    },
                }
            },
        },
    },
}
"""The PrometheusRule CRD's fields (Prometheus Operator, monitoring.coreos.com/v1)."""


def _rule(rendered: Rendered) -> dict[str, Any]:
    (doc,) = rendered["prometheusrule.yaml"]
    return doc


def _rules(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r.get("alert") or r["record"]: r for g in doc["spec"]["groups"] for r in g["rules"]}


def _promtool() -> str:
    promtool = shutil.which("promtool")
    assert promtool, "promtool is missing: apt-get install prometheus (.ci/run does)"
    return promtool


def _write_rules(doc: dict[str, Any], folder: Path) -> Path:
    path = folder / "rules.yaml"
    path.write_text(yaml.safe_dump(doc["spec"], sort_keys=False), encoding="utf-8")
    return path


def _check_rule(doc: dict[str, Any]) -> None:
    jsonschema.validate(doc, PROMETHEUS_RULE)
    names = [g["name"] for g in doc["spec"]["groups"]]
    assert len(names) == len(set(names)), "group names are the CRD's list-map key"


def test_off_by_default(render: Callable[..., Rendered]) -> None:
    assert "prometheusrule.yaml" not in render({})


def test_rule_fits_the_crd(render: Callable[..., Rendered]) -> None:
    doc = _rule(render({"prometheusRule": {"enabled": True, "labels": {"release": "prom"}}}))
    _check_rule(doc)
    assert doc["metadata"]["name"] == FULLNAME
    assert doc["metadata"]["labels"]["release"] == "prom"
    assert doc["metadata"]["labels"]["app.kubernetes.io/instance"] == RELEASE
    rules = _rules(doc)
    assert set(rules) == ALERTS
    for name, rule in rules.items():
        assert rule["labels"]["severity"] in {"critical", "warning"}, name
        assert {"summary", "description"} <= set(rule["annotations"]), name
        assert "docs/operations.md, Alerts" in rule["annotations"]["description"], name


def test_crd_check_has_teeth(render: Callable[..., Rendered]) -> None:
    """A misspelt field, a bad duration and a non-string annotation are each caught."""
    doc = _rule(render(ON))
    rule = doc["spec"]["groups"][0]["rules"][0]
    for key, bad in (("expresion", "up"), ("for", "10 minutes"), ("annotations", {"n": 1})):
        saved = rule.get(key)
        rule[key] = bad
        with pytest.raises(jsonschema.ValidationError):
            _check_rule(doc)
        if saved is None:
            del rule[key]
        else:
            rule[key] = saved
    _check_rule(doc)


EXTRA = {
    "prometheusRule": {
        "enabled": True,
        "selector": 'job="kubernetes-pods",app_kubernetes_io_instance="advisor"',
        "alertLabels": {"team": "sales-tools", "severity": "ticket"},
        "disabled": ["AdvisorWebhookRequestsRejected"],
        "extraRules": [
            {
                "record": "advisor:replies_undelivered:rate5m",
                "expr": 'sum by (platform) (rate(advisor_replies_total{result!="delivered"}[5m]))',
            },
            {
                "alert": "AdvisorSlowTurns",
                "expr": "histogram_quantile(0.95, sum by (le) "
                "(rate(advisor_turn_seconds_bucket[5m]))) > 2",
                "for": "15m",
                "labels": {"severity": "warning"},
                "annotations": {"summary": "p95 turn latency above 2 s"},
            },
        ],
    }
}


@pytest.mark.parametrize(
    "values",
    [ON, read_yaml_mapping(PRODUCTION), EXTRA],
    ids=["enabled", "production", "selector-disabled-extra"],
)
def test_promtool_check_rules(
    render: Callable[..., Rendered], values: dict[str, Any], tmp_path: Path
) -> None:
    doc = _rule(render(values))
    _check_rule(doc)
    path = _write_rules(doc, tmp_path)
    check = subprocess.run(
        [_promtool(), "check", "rules", str(path)], capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"SUCCESS: {len(_rules(doc))} rules found" in check.stdout


def test_selector_disabled_alert_labels_and_extra_rules(render: Callable[..., Rendered]) -> None:
    rules = _rules(_rule(render(EXTRA)))
    assert set(rules) == ALERTS - {"AdvisorWebhookRequestsRejected"} | {
        "advisor:replies_undelivered:rate5m",
        "AdvisorSlowTurns",
    }
    selector = EXTRA["prometheusRule"]["selector"]
    for name in ALERTS - {"AdvisorWebhookRequestsRejected"}:
        assert f"{{{selector}" in rules[name]["expr"], name
        assert 'namespace="bots"' not in rules[name]["expr"], "the selector replaces the default"
        assert rules[name]["labels"] == {"severity": "ticket", "team": "sales-tools"}
    with pytest.raises(RuntimeError, match="disabled"):
        render({"prometheusRule": {"enabled": True, "disabled": ["AdvisorRepliesUndelivrd"]}})
    with pytest.raises(RuntimeError, match="extraRules"):
        render({"prometheusRule": {"enabled": True, "extraRules": [{"alert": "X", "exp": "1"}]}})


def test_promtool_unit_tests(render: Callable[..., Rendered], tmp_path: Path) -> None:
    """Each alert fires on the series it is for (labels, annotations, timing), and not on a
    brief blip, on traffic under its threshold or on another job's series."""
    _write_rules(_rule(render(ON)), tmp_path)
    tests = tmp_path / "prometheus_rule_tests.yaml"
    shutil.copyfile(HERE / "prometheus_rule_tests.yaml", tests)
    tested = {
        case["alertname"]
        for test in read_yaml_mapping(tests)["tests"]
        for case in test["alert_rule_test"]
        if case["exp_alerts"]
    }
    assert tested == ALERTS, "every alert is shown firing at least once"
    run = subprocess.run(
        [_promtool(), "test", "rules", str(tests)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "SUCCESS" in run.stdout


def test_operations_guide_shows_the_rules_as_rendered(render: Callable[..., Rendered]) -> None:
    """docs/operations.md, Alerts: its rule file is the template's, as rendered for release
    "advisor" in namespace "bots", less the annotations (the guide's table explains them)."""
    guide = (REPO_ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    alerts = guide.split("\n## Alerts\n", 1)[1].split("\n## ", 1)[0]
    (shown,) = [
        yaml.safe_load(block)
        for block in re.findall(r"```yaml\n(.*?)```", alerts, re.S)
        if "groups" in yaml.safe_load(block)
    ]
    spec = _rule(render(ON))["spec"]
    for group in spec["groups"]:
        for rule in group["rules"]:
            del rule["annotations"]
    assert shown == spec
    table = {m for m in re.findall(r"^\| `(Advisor\w+)` \|", alerts, re.M)}
    assert table == ALERTS, "the guide says what each alert means and what to do"


# --- the selectors against a live scrape ---------------------------------------------------------

Series = list[dict[str, str]]
SELECTOR = re.compile(r"([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}")
MATCHER = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"')
PROMETHEUS_OWN = {"up"}
"""Series Prometheus makes itself for every target (not in the app's /metrics)."""


async def _scrape(client: Any, pod: str) -> Series:
    """The samples of one pod's /metrics, with the target labels Prometheus adds."""
    resp = await client.get("/metrics")
    assert resp.status == 200
    target = {"namespace": NAMESPACE, "job": FULLNAME, "pod": pod}
    return [
        {**sample.labels, **target, "__name__": sample.name}
        for family in text_string_to_metric_families(await resp.text())
        for sample in family.samples
    ]


def _matches(series: dict[str, str], matchers: list[tuple[str, str, str]]) -> bool:
    for label, op, value in matchers:
        have = series.get(label, "")
        if op == "=" and have != value:
            return False
        if op == "!=" and have == value:
            return False
        if op == "=~" and not re.fullmatch(value, have):
            return False
        if op == "!~" and re.fullmatch(value, have):
            return False
    return True


async def test_every_selector_matches_a_live_scrape(
    make_slack: MakeSlack,
    slack_api: SlackStandIn,
    make_teams: MakeTeams,
    connector: ConnectorStandIn,
    aiohttp_client: Any,
    make_settings: Callable[..., Settings],
    render: Callable[..., Rendered],
) -> None:
    """The rules name only series the advisor exports, with label values it really uses."""
    slack: SlackDriver = await make_slack()
    await slack.dm("U1", "help")
    await slack.settle()
    slack_api.token = "xoxb-some-other-token"  # ours is refused from now on: invalid_auth
    await slack.dm("U1", "help")
    await slack.settle()
    assert (await slack.post_raw("{}", content_type="application/json", signed=False))[0] == 401
    assert (await slack.client.get("/readyz")).status == 200
    chat = await make_teams()
    assert await chat.say("help")
    connector.fail_next(1, 401)
    assert await chat.say("help") == []
    no_redis = await aiohttp_client(build_app(make_settings(redis_url="redis://127.0.0.1:1/0")))
    assert (await no_redis.get("/readyz")).status == 503
    scraped = (
        await _scrape(slack.client, "p0")
        + await _scrape(chat.client, "p1")
        + await _scrape(no_redis, "p2")
    )
    exprs = [r["expr"] for r in _rules(_rule(render(ON))).values()]
    selectors = [m for expr in exprs for m in SELECTOR.findall(expr)]
    assert len(selectors) >= 9
    unmatched = []
    for name, body in selectors:
        if name in PROMETHEUS_OWN:
            continue
        matchers = MATCHER.findall(body)
        assert {("namespace", "=", NAMESPACE), ("job", "=", FULLNAME)} <= set(matchers)
        if not any(s["__name__"] == name and _matches(s, matchers) for s in scraped):
            unmatched.append(f"{name}{{{body}}}")
    assert unmatched == [], f"selectors no scraped series matches: {unmatched}"
