"""Metrics that tell the truth: replies that were not delivered are counted as such, a
platform refusing the credentials is an ERROR, a metric and part of /readyz's body."""

from __future__ import annotations

import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.slack.support import SlackDriver
from tests.standins.connector import ConnectorStandIn
from tests.standins.slack_api import SlackStandIn
from tests.support.apps import MakeSlack, MakeTeams


async def scrape(client: object) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of ``/metrics``: (name, sorted labels) -> value."""
    resp = await client.get("/metrics")  # type: ignore[attr-defined]
    assert resp.status == 200
    text = await resp.text()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str,
          **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def auth_errors(caplog: pytest.LogCaptureFixture, platform: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "advisor.delivery"
            and r.levelno == logging.ERROR and r.getMessage().startswith(platform)]


async def test_slack_replies_delivered_are_counted(make_slack: MakeSlack) -> None:
    slack: SlackDriver = await make_slack()
    await slack.dm("U1", "help")
    await slack.settle()
    samples = await scrape(slack.client)
    assert value(samples, "advisor_replies_total", platform="slack", result="delivered") >= 1
    assert value(samples, "advisor_turns_total", platform="slack", outcome="ok") == 1
    assert value(samples, "advisor_platform_auth_failing", platform="slack") == 0
    assert value(samples, "advisor_platform_api_seconds_count", platform="slack",
                 method="chat.postMessage") >= 1


async def test_slack_token_revoked_mid_way_counts_failed_deliveries_and_logs_an_error(
    make_slack: MakeSlack, slack_api: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    slack: SlackDriver = await make_slack()
    await slack.dm("U1", "help")
    await slack.settle()
    slack_api.token = "xoxb-some-other-token"  # ours is now refused: invalid_auth
    with caplog.at_level(logging.INFO):
        await slack.dm("U1", "help")
        await slack.dm("U1", "start")
        await slack.settle()
    samples = await scrape(slack.client)
    assert value(samples, "advisor_replies_total", platform="slack", result="auth_failed") == 2
    assert value(samples, "advisor_turns_total", platform="slack", outcome="undelivered") == 2
    assert value(samples, "advisor_turns_total", platform="slack", outcome="ok") == 1
    assert value(samples, "advisor_platform_auth_failing", platform="slack") == 1
    errors = auth_errors(caplog, "slack")
    assert len(errors) == 1 and "invalid_auth" in errors[0].getMessage(), "once per change"
    ready = await slack.client.get("/readyz")
    assert ready.status == 200, "a refused token does not make the pod unready"
    body = await ready.json()
    assert body["platforms"]["slack"] == {"auth": "failing", "reason": "invalid_auth"}


async def test_slack_token_rejected_at_start(
    make_slack: MakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        slack: SlackDriver = await make_slack(slack_bot_token="xoxb-revoked-token")
    errors = auth_errors(caplog, "slack")
    assert len(errors) == 1 and "auth.test: invalid_auth" in errors[0].getMessage()
    assert "xoxb-revoked-token" not in caplog.text
    samples = await scrape(slack.client)
    assert value(samples, "advisor_platform_auth_failing", platform="slack") == 1
    body = await (await slack.client.get("/readyz")).json()
    assert body["platforms"]["slack"]["auth"] == "failing"


async def test_slack_rate_limited_reply_is_counted(
    make_slack: MakeSlack, slack_api: SlackStandIn
) -> None:
    slack: SlackDriver = await make_slack()
    slack_api.fail("chat.postMessage", times=10, status=429, retry_after=0)
    await slack.dm("U1", "help")
    await slack.settle()
    samples = await scrape(slack.client)
    assert value(samples, "advisor_replies_total", platform="slack", result="rate_limited") == 1
    assert value(samples, "advisor_turns_total", platform="slack", outcome="undelivered") == 1


async def test_teams_connector_401_counts_failed_deliveries_and_logs_an_error(
    make_teams: MakeTeams, connector: ConnectorStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    chat = await make_teams()
    assert await chat.say("help")
    connector.fail_next(2, 401)
    with caplog.at_level(logging.INFO):
        assert await chat.say("help") == []
        assert await chat.say("start") == []
    samples = await scrape(chat.client)
    assert value(samples, "advisor_replies_total", platform="teams", result="delivered") >= 1
    assert value(samples, "advisor_replies_total", platform="teams", result="auth_failed") == 2
    assert value(samples, "advisor_turns_total", platform="teams", outcome="undelivered") == 2
    assert value(samples, "advisor_turns_total", platform="teams", outcome="ok") == 1
    assert value(samples, "advisor_platform_auth_failing", platform="teams") == 1
    assert value(samples, "advisor_platform_api_seconds_count", platform="teams",
                 method="reply") >= 3
    errors = auth_errors(caplog, "teams")
    assert len(errors) == 1 and "401" in errors[0].getMessage()
    body = await (await chat.client.get("/readyz")).json()
    assert body["platforms"]["teams"] == {"auth": "failing", "reason": "connector answered 401"}
    with caplog.at_level(logging.INFO):
        assert await chat.say("help")
    samples = await scrape(chat.client)
    assert value(samples, "advisor_platform_auth_failing", platform="teams") == 0
    assert any("accepts the advisor's credentials again" in r.getMessage()
               for r in caplog.records)


async def test_http_requests_by_route_and_status_class(make_slack: MakeSlack) -> None:
    slack: SlackDriver = await make_slack()
    status, _ = await slack.post_raw("{}", content_type="application/json", signed=False)
    assert status == 401
    assert (await slack.client.get("/nowhere")).status == 404
    await slack.client.get("/healthz")
    samples = await scrape(slack.client)
    assert value(samples, "advisor_http_requests_total", route="/slack/events", status="4xx") == 1
    assert value(samples, "advisor_http_requests_total", route="unmatched", status="4xx") == 1
    assert value(samples, "advisor_http_requests_total", route="/healthz", status="2xx") == 1


async def test_build_info_and_standard_collectors(make_slack: MakeSlack) -> None:
    slack: SlackDriver = await make_slack()
    samples = await scrape(slack.client)
    names = {name for name, _ in samples}
    assert any(n == "advisor_build_info" for n in names)
    assert {"process_resident_memory_bytes", "python_info", "python_gc_objects_collected_total",
            "process_cpu_seconds_total"} <= names
    version = next(dict(labels) for name, labels in samples if name == "advisor_build_info")
    assert version["version"] not in ("", "unknown")
