"""The platform's grace period covers the advisor's worst-case shutdown, with margin.

On SIGTERM (``bot/server.py`` run): aiohttp stops accepting, waits up to the drain timeout for
in-flight handlers (``shutdown_timeout``), then the cleanup contexts run: the background-task
drain waits up to the drain timeout again for acknowledged turns, cancels what is left and
waits up to 1 s for the cancellations (``bot/tasks.py``); Slack's own drain after it finds the
task set closed and returns at once; clients and the store close. In Kubernetes the preStop
sleep comes first and counts against the grace period. So the worst case is

    preStopSleepSeconds + drain (HTTP handlers) + drain (background turns) + 1 s (cancel)

and past the grace period the kubelet (or Docker) sends SIGKILL, cutting acknowledged turns
off without a reply. The drain timeout is read from the code: ``Settings``' drain field when
there is one (an override in the chart's ``config`` wins), else the module constants.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from deploy_support import REPO_ROOT, read_yaml_mapping
from helm_support import EXTERNAL, PRODUCTION, Rendered

from bot.settings import Settings

CANCEL_WAIT = 1.0
"""``BackgroundTasks.drain`` waits this long for cancelled turns after the drain timeout."""
MARGIN = 10.0
"""Seconds to spare: closing clients and the store, a slow event loop, the kubelet's own lag."""
COMPOSE = REPO_ROOT / "deploy" / "compose.yaml"


def _drain_seconds(config: dict[str, Any]) -> float:
    fields = [name for name in Settings.model_fields if "drain" in name]
    if fields:
        (name,) = fields
        default = Settings.model_fields[name].default
        assert isinstance(default, int | float), name
        return float(config.get(name.upper(), default))
    from bot import server
    from bot.slack import app

    return max(server.DRAIN_TIMEOUT, app.DRAIN_TIMEOUT)


def _worst_case(pre_stop: float, drain: float) -> float:
    return pre_stop + drain + drain + CANCEL_WAIT


def _pod(rendered: Rendered) -> dict[str, Any]:
    (deployment,) = rendered["deployment.yaml"]
    pod: dict[str, Any] = deployment["spec"]["template"]["spec"]
    return pod


@pytest.mark.parametrize(
    "values", [EXTERNAL, read_yaml_mapping(PRODUCTION)], ids=["defaults", "production"]
)
def test_chart_grace_period_exceeds_the_worst_case_drain(
    render: Callable[..., Rendered], values: dict[str, Any]
) -> None:
    pod = _pod(render(values))
    (container,) = pod["containers"]
    command = container["lifecycle"]["preStop"]["exec"]["command"]
    assert command[0] == "sleep"
    pre_stop = float(command[1])
    config = {e["name"]: e["value"] for e in container["env"] if "value" in e}
    worst = _worst_case(pre_stop, _drain_seconds(config))
    grace = pod["terminationGracePeriodSeconds"]
    assert grace >= worst + MARGIN, (
        f"terminationGracePeriodSeconds {grace} s: the worst-case shutdown is {worst} s "
        f"(preStop {pre_stop} + 2 x drain + {CANCEL_WAIT}); keep {MARGIN} s to spare"
    )


def test_chart_default_values_agree() -> None:
    """The same sum on values.yaml itself (what the README and tests/scale read)."""
    values = read_yaml_mapping(REPO_ROOT / "deploy" / "helm" / "engagement-advisor" / "values.yaml")
    worst = _worst_case(values["preStopSleepSeconds"], _drain_seconds(values["config"]))
    assert values["terminationGracePeriodSeconds"] >= worst + MARGIN


def _seconds(duration: str) -> float:
    units = {"s": 1, "m": 60}
    assert duration[-1] in units and duration[:-1].isdigit(), duration
    return float(duration[:-1]) * units[duration[-1]]


def test_compose_stop_grace_period_exceeds_the_worst_case_drain() -> None:
    """Compose has no preStop hook: SIGTERM comes at once, SIGKILL after stop_grace_period."""
    bot = read_yaml_mapping(COMPOSE)["services"]["bot"]
    worst = _worst_case(0.0, _drain_seconds({}))
    assert _seconds(bot["stop_grace_period"]) >= worst + MARGIN


def test_the_check_has_teeth(render: Callable[..., Rendered]) -> None:
    """The grace period the chart had before (40 s) fails the same check."""
    pod = _pod(render({**EXTERNAL, "terminationGracePeriodSeconds": 40}))
    assert pod["terminationGracePeriodSeconds"] < _worst_case(5.0, _drain_seconds({})) + MARGIN
