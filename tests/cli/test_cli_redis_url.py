"""``REDIS_URL`` is checked up front by ``advisor serve`` and ``advisor chat``: one line naming
the key, exit 2, never the password, and no traceback; a good URL's parts are all honoured."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import assert_bad_input, run
from tests.support.redis_servers import running_private_redis

SECRET = "s3cr3t-pw"

BAD_URLS = [
    (f"redis://:{SECRET}@127.0.0.1:notaport/0", "port"),
    (f"redis://user:{SECRET}@127.0.0.1:6379/abc", "database"),
    (f"redis://:{SECRET}@127.0.0.1:70000/0", "port"),
    (f"redis://:{SECRET}@127.0.0.1:6379/-1", "database"),
    (f"http://:{SECRET}@127.0.0.1:6379/0", "redis://"),
    (f"redis://:{SECRET}@:6379/0", "host"),
    (f"redis://:{SECRET}@127.0.0.1:6379/0?ssl_cert_reqs=none", "query"),
    (f"unix://:{SECRET}@relative.sock", "absolute"),
    (f"redis://:pa/{SECRET}@127.0.0.1:6379/0", "host"),  # an unencoded '/' in the password
    (f"redis://user:{SECRET}/@127.0.0.1:6379/0", "percent-encode"),  # ... at its end
    (f"redis://user:{SECRET}?x@127.0.0.1:6379/0", "percent-encode"),  # an unencoded '?'
]


def _assert_refused(p: object, word: str) -> None:
    assert_bad_input(p, "REDIS_URL", word)  # type: ignore[arg-type]
    assert SECRET not in p.stderr + p.stdout  # type: ignore[attr-defined]


@pytest.mark.parametrize(("url", "word"), BAD_URLS)
def test_chat_refuses_a_bad_redis_url_in_one_line(url: str, word: str) -> None:
    _assert_refused(run("chat", "--redis-url", url, stdin=""), word)


@pytest.mark.parametrize(("url", "word"), BAD_URLS[:5])  # port, database number, scheme
def test_serve_refuses_a_bad_redis_url_before_serving(url: str, word: str) -> None:
    _assert_refused(run("serve", "--port", "1", env={"REDIS_URL": url}), word)


def test_chat_refuses_a_bad_redis_url_from_the_environment() -> None:
    _assert_refused(run("chat", stdin="", env={"REDIS_URL": BAD_URLS[1][0]}), "database")


def test_cluster_mode_refuses_a_database_other_than_0() -> None:
    p = run("serve", "--port", "1",
            env={"REDIS_URL": "redis://127.0.0.1:7000/3", "ADVISOR_REDIS_MODE": "cluster"})
    assert_bad_input(p, "REDIS_URL", "ADVISOR_REDIS_MODE=cluster", "database 0")


@pytest.mark.parametrize(("env", "words"), [
    ({"ADVISOR_REDIS_MODE": "sentinel", "ADVISOR_REDIS_SENTINELS": "127.0.0.1:26379"},
     ("ADVISOR_REDIS_SENTINEL_SERVICE",)),
    ({"ADVISOR_REDIS_MODE": "sentinel", "ADVISOR_REDIS_SENTINELS": "h:26379,h2:nope",
      "ADVISOR_REDIS_SENTINEL_SERVICE": "s"}, ("ADVISOR_REDIS_SENTINELS", "port")),
])
def test_incomplete_redis_mode_settings_are_refused(env: dict[str, str],
                                                    words: tuple[str, ...]) -> None:
    assert_bad_input(run("serve", "--port", "1", env=env), *words)


def test_an_unknown_redis_mode_is_refused() -> None:
    p = run("chat", stdin="", env={"ADVISOR_REDIS_MODE": "clustered"})
    assert_bad_input(p, "ADVISOR_REDIS_MODE")


def test_every_part_of_a_good_url_is_used(tmp_path: Path) -> None:
    """Password (percent-encoded), port and database number reach the server: a private
    redis-server that requires the password keeps the conversation in database 7."""
    import redis

    password = "p@ss:w/rd"
    with running_private_redis(tmp_path, needed_by="the REDIS_URL tests") as server:
        admin = redis.Redis(host="127.0.0.1", port=server.port, socket_timeout=5)
        admin.config_set("requirepass", password)
        admin = redis.Redis(host="127.0.0.1", port=server.port, password=password, db=7)
        url = f"redis://:p%40ss%3Aw%2Frd@127.0.0.1:{server.port}/7"
        p = run("chat", "--redis-url", url, "--user", "ana", stdin="start\n")
        assert p.returncode == 0, p.stderr
        assert admin.dbsize() == 1, "the session is stored in database 7"
        wrong = run("chat", "--redis-url", url.replace("%2Frd", "%2Fxx"), stdin="")
        assert wrong.returncode == 1, wrong.stderr
        assert "Traceback" not in wrong.stderr and "w/xx" not in wrong.stderr
        admin.close()
