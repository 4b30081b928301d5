"""Configuration that fails loudly: half-configured platforms, and why Redis is not ready."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from aiohttp.test_utils import TestClient

from bot.server import build_app
from bot.settings import Settings, SettingsError
from tests.support.defaults import memory_store
from tests.support.ports import free_port
from tests.support.redis_servers import RedisProcess, running_private_redis
from tests.support.tcp_proxy import TcpProxy

Client = Callable[..., Any]
PASSWORD = "s3cret-Pw-never-logged"

HALF_CONFIGURED = [
    ({"slack_bot_token": "xoxb-1"}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]),
    ({"slack_signing_secret": "abc"}, ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"]),
    ({"microsoft_app_password": "pw"}, ["MICROSOFT_APP_PASSWORD", "MICROSOFT_APP_ID"]),
    ({"microsoft_app_tenant_id": "t"}, ["MICROSOFT_APP_TENANT_ID", "MICROSOFT_APP_ID"]),
]
# With an app id, what the app type lacks stops start-up in every env (the Teams adapter).
APP_TYPE_INCOMPLETE = [
    ({"microsoft_app_id": "a", "microsoft_app_password": "pw",
      "microsoft_app_type": "SingleTenant"}, ["MICROSOFT_APP_TENANT_ID", "SingleTenant"]),
    ({"microsoft_app_id": "a", "microsoft_app_type": "UserAssignedMSI"},
     ["MICROSOFT_APP_TENANT_ID", "UserAssignedMSI"]),
    ({"microsoft_app_id": "a"}, ["MICROSOFT_APP_PASSWORD", "MultiTenant"]),
]


@pytest.mark.parametrize(("values", "keys"), HALF_CONFIGURED + APP_TYPE_INCOMPLETE)
def test_production_refuses_a_half_configured_platform(
    make_settings: Callable[..., Settings], values: dict[str, str], keys: list[str]
) -> None:
    settings = make_settings(advisor_env="production", **values)
    with pytest.raises(SettingsError) as err:
        build_app(settings, store=memory_store())
    assert len(err.value.problems) == 1
    for key in keys:
        assert key in err.value.problems[0]


@pytest.mark.parametrize(("values", "keys"), HALF_CONFIGURED)
def test_development_warns_about_a_half_configured_platform(
    make_settings: Callable[..., Settings], caplog: pytest.LogCaptureFixture,
    values: dict[str, str], keys: list[str],
) -> None:
    with caplog.at_level(logging.INFO, logger="advisor.server"):
        build_app(make_settings(**values), store=memory_store())
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING
                and "half-configured" in r.getMessage()]
    assert len(warnings) == 1 and all(key in warnings[0] for key in keys), warnings


def test_fully_configured_platforms_have_no_problems(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(
        advisor_env="production", slack_bot_token="xoxb-1", slack_signing_secret="s",
        microsoft_app_id="a", microsoft_app_password="p", microsoft_app_tenant_id="t",
        microsoft_app_type="SingleTenant",
    )
    assert settings.platform_problems() == []
    msi = make_settings(microsoft_app_id="a", microsoft_app_tenant_id="t",
                        microsoft_app_type="UserAssignedMSI")
    assert msi.platform_problems() == []


_SECRET_KEYS = ("slack_bot_token", "slack_signing_secret", "microsoft_app_password")


@pytest.mark.parametrize(("values", "keys"), HALF_CONFIGURED + APP_TYPE_INCOMPLETE)
def test_advisor_serve_exits_2_with_one_line_naming_the_keys(
    tmp_path: Path, values: dict[str, str], keys: list[str]
) -> None:
    """Every bad platform configuration, from the environment as a pod gets it: exit status 2,
    one ``advisor:`` line naming the keys, no traceback, no credential echoed."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "MICROSOFT_", "ADVISOR_", "REDIS_"))}
    secrets = {key: f"n0t-sh0wn-{key}" for key in values if key in _SECRET_KEYS}
    env.update({key.upper(): secrets.get(key, value) for key, value in values.items()})
    env.update(ADVISOR_ENV="production", ADVISOR_PORT=str(free_port()))
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=tmp_path,
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("advisor:")]
    assert len(lines) == 1, proc.stderr
    assert all(key in lines[0] for key in keys), lines[0]
    assert "Traceback" not in proc.stderr
    for secret in secrets.values():
        assert secret not in proc.stderr + proc.stdout


# --- why Redis is not ready ----------------------------------------------------------------


@pytest.fixture
def locked_redis(tmp_path: Path) -> Iterator[RedisProcess]:
    """A private redis-server that wants ``PASSWORD``."""
    with running_private_redis(tmp_path, needed_by="the readiness-cause tests") as server:
        admin = redis.Redis(host="127.0.0.1", port=server.port)
        admin.config_set("requirepass", PASSWORD)
        admin.close()
        yield server


@pytest.mark.parametrize(
    ("url", "cause"),
    [("redis://127.0.0.1:{port}/0", "NOAUTH"),
     ("redis://:wrong-one@127.0.0.1:{port}/0", "WRONGPASS"),
     ("redis://127.0.0.1:{free}/0", "refused")],
)
async def test_readyz_says_why_redis_is_unreachable_and_logs_it_once(
    aiohttp_client: Client, make_settings: Callable[..., Settings],
    caplog: pytest.LogCaptureFixture, locked_redis: RedisProcess, url: str, cause: str,
) -> None:
    target = url.format(port=locked_redis.port, free=free_port())
    client: TestClient = await aiohttp_client(build_app(make_settings(redis_url=target)))
    with caplog.at_level(logging.INFO):
        for _ in range(3):
            resp = await client.get("/readyz")
            assert resp.status == 503
            body = await resp.json()
            assert body["redis"] == {"state": "unreachable", "cause": cause}, body
    errors = [r for r in caplog.records if r.name == "advisor.health"]
    assert len(errors) == 1 and errors[0].levelno == logging.WARNING, errors
    assert cause in errors[0].getMessage()
    assert "wrong-one" not in caplog.text and PASSWORD not in caplog.text


async def test_readyz_recovers_and_logs_the_change(
    aiohttp_client: Client, make_settings: Callable[..., Settings],
    caplog: pytest.LogCaptureFixture, locked_redis: RedisProcess,
) -> None:
    url = f"redis://:{PASSWORD}@127.0.0.1:{locked_redis.port}/0"
    client: TestClient = await aiohttp_client(build_app(make_settings(redis_url=url)))
    with caplog.at_level(logging.INFO):
        assert (await client.get("/readyz")).status == 200
        locked_redis.stop()
        first = await client.get("/readyz")
        assert first.status == 503
        assert (await first.json())["redis"]["cause"] == "refused"
        locked_redis.start()
        admin = redis.Redis(host="127.0.0.1", port=locked_redis.port)
        admin.config_set("requirepass", PASSWORD)
        admin.close()
        ok = await client.get("/readyz")
        assert ok.status == 200 and (await ok.json())["redis"] == {"state": "reachable"}
    messages = [r.getMessage() for r in caplog.records if r.name == "advisor.health"]
    assert len(messages) == 2 and "reachable again" in messages[1], messages
    assert PASSWORD not in caplog.text


async def test_readyz_says_redis_timed_out_and_logs_it_once(
    aiohttp_client: Client, make_settings: Callable[..., Settings],
    caplog: pytest.LogCaptureFixture, locked_redis: RedisProcess,
) -> None:
    """A Redis that takes the connection and never answers (a black hole in front of it): the
    cause is ``timeout``, logged once while it lasts, once more when it answers again, and the
    URL's password never."""
    async with TcpProxy(upstream_port=locked_redis.port) as proxy:
        url = f"redis://:{PASSWORD}@127.0.0.1:{proxy.port}/0"
        client: TestClient = await aiohttp_client(build_app(make_settings(redis_url=url)))
        with caplog.at_level(logging.INFO):
            assert (await client.get("/readyz")).status == 200
            proxy.blackhole()
            for _ in range(2):
                resp = await client.get("/readyz")
                assert resp.status == 503
                assert (await resp.json())["redis"] == {"state": "unreachable", "cause": "timeout"}
            proxy.heal()
            assert (await client.get("/readyz")).status == 200
    messages = [r.getMessage() for r in caplog.records if r.name == "advisor.health"]
    assert len(messages) == 2, messages
    assert "(timeout)" in messages[0] and "reachable again" in messages[1], messages
    assert PASSWORD not in caplog.text
