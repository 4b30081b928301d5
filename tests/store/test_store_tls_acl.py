"""Managed Redis (issue 16.3): ``rediss://`` verified against a CA file, an ACL user limited to
the bot's key prefix and commands, through ``advisor chat`` as an operator would run it.

The server is a private TLS-only ``redis-server`` with a CA and certificate generated here
(valid for ``localhost`` only). The ACL rule is read from docs/operations.md, so the docs
cannot drift from what is tested.
"""

from __future__ import annotations

import re
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from dialogs import texts as T
from tests.cli.test_cli import run
from tests.support.redis_servers import TlsRedis, running_tls_redis

DOCS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
ADMIN_PASSWORD = "admin-" + uuid.uuid4().hex
PASSWORD = "pw:" + uuid.uuid4().hex  # a ':' to prove percent-decoding
PREFIX = "advisor-acl:v1"


def documented_acl_rule(password: str, prefix: str) -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("ACL SETUSER advisor "))
    rule = line.replace("<password>", password).replace("~advisor:v1:*", f"~{prefix}:*")
    return rule.split()[2:]  # after "ACL SETUSER"


def documented_cluster_additions() -> list[str]:
    """What docs/operations.md says to add to the rule in cluster mode."""
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(r"Add `([^`]+)` in cluster mode", text)
    assert match, "docs/operations.md names the cluster additions to the ACL rule"
    return match.group(1).split()


def url_of(server: TlsRedis, host: str = "localhost", user: str = "advisor",
           password: str = PASSWORD) -> str:
    quoted = password.replace(":", "%3A")
    return f"rediss://{user}:{quoted}@{host}:{server.port}/0"


@pytest.fixture(scope="module")
def tls_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsRedis]:
    """A private TLS-only server (tests/support/redis_servers.py) with the documented ACL user."""
    with running_tls_redis(tmp_path_factory.mktemp("tls-redis"), needed_by="The TLS tests",
                           password=ADMIN_PASSWORD) as server:
        with server.admin() as admin:
            admin.execute_command("ACL", "SETUSER", *documented_acl_rule(PASSWORD, PREFIX))
        yield server


def chat(server: TlsRedis, stdin: str, *, url: str | None = None,
         ca: bool = True) -> subprocess.CompletedProcess[str]:
    env = {"ADVISOR_REDIS_PREFIX": PREFIX}
    if ca:
        env["ADVISOR_REDIS_CA_FILE"] = str(server.certs.ca)
    return run("chat", "--redis-url", url or url_of(server), "--user", "ana", stdin=stdin,
               env=env)


def test_a_whole_conversation_over_tls_as_the_limited_acl_user(tls_redis: TlsRedis) -> None:
    first = chat(tls_redis, "start\n1\n")
    assert first.returncode == 0, first.stderr
    with tls_redis.admin() as admin:
        sessions = [k for k in admin.scan_iter(match=f"{PREFIX}:*") if b"{feedback}" not in k]
        assert len(sessions) == 1, "the conversation is kept in Redis"
    second = chat(tls_redis, "1\n1\n1\nwhat is an SLA?\nhelpful\nforget\n")
    assert second.returncode == 0, second.stderr
    for p in (first, second):
        assert T.STORE_DOWN not in p.stdout and "NOPERM" not in p.stdout + p.stderr
        assert "feedback not recorded" not in p.stderr
    with tls_redis.admin() as admin:
        left = [k for k in admin.scan_iter(match=f"{PREFIX}:*") if b"{feedback}" not in k]
        assert left == [], "forget removed the conversation"


def test_the_acl_user_reaches_nothing_outside_its_prefix(tls_redis: TlsRedis) -> None:
    user = redis.Redis(host="localhost", port=tls_redis.port, username="advisor",
                       password=PASSWORD, ssl=True, ssl_ca_certs=str(tls_redis.certs.ca))
    with user:
        assert user.ping()
        with pytest.raises(redis.exceptions.NoPermissionError):
            user.get("another-app:secret")
        with pytest.raises(redis.exceptions.NoPermissionError):
            user.flushall()
        with pytest.raises(redis.exceptions.NoPermissionError):
            user.keys("*")


def test_certificates_are_verified_by_default(tls_redis: TlsRedis) -> None:
    """No CA file: the system's trust store does not know the test CA, so it is refused."""
    p = chat(tls_redis, "", ca=False)
    assert p.returncode == 1, p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr
    assert re.search(r"certificate verify failed|CERTIFICATE_VERIFY_FAILED", p.stderr), p.stderr
    assert PASSWORD not in p.stderr


def test_the_host_name_is_verified(tls_redis: TlsRedis) -> None:
    """The certificate names ``localhost``; the same server by IP address is refused."""
    p = chat(tls_redis, "", url=url_of(tls_redis, host="127.0.0.1"))
    assert p.returncode == 1, p.stderr
    assert re.search(r"match|mismatch", p.stderr, re.IGNORECASE), p.stderr


def test_a_wrong_acl_password_is_one_line_without_the_password(tls_redis: TlsRedis) -> None:
    wrong = "not-" + uuid.uuid4().hex
    p = chat(tls_redis, "", url=url_of(tls_redis, password=wrong))
    assert p.returncode == 1, p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr
    assert wrong not in p.stderr
    assert re.search(r"WRONGPASS|invalid username-password", p.stderr), p.stderr
