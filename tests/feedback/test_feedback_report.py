"""``advisor kb report`` on Redis, fed by ``advisor chat`` (typed helpful / not helpful): the
counts, the retention of entries and of kept question text, and ``forget``."""

from __future__ import annotations

import json

import redis

from tests.cli.test_cli import assert_bad_input, run

DAY = 86400


def chat(redis_url: str, prefix: str, script: str, **env: str) -> str:
    p = run("chat", "--redis-url", redis_url, "--user", "curator-test", stdin=script,
            env={"ADVISOR_REDIS_PREFIX": prefix, **env})
    assert p.returncode == 0, p.stderr
    return p.stdout


def report(redis_url: str, prefix: str, **env: str) -> dict[str, object]:
    p = run("kb", "report", "--json", "--since", "7", "--redis-url", redis_url,
            env={"ADVISOR_REDIS_PREFIX": prefix, **env})
    assert p.returncode == 0, p.stderr
    data: dict[str, object] = json.loads(p.stdout)
    return data


def test_ratings_from_the_console_reach_the_report(redis_url: str, redis_prefix: str) -> None:
    out = chat(redis_url, redis_prefix, "what is an SLA?\nhelpful\n"
               "start\n1\n1\n1\n1\n1\n1\n1\n1\nnot helpful\n")
    assert "noted that this helped" in out and "noted that this did not help" in out
    data = report(redis_url, redis_prefix)
    assert data["ratings"] == 2 and data["helpful"] == 1 and data["not_helpful"] == 1
    passages = {p["id"]: p for p in data["passages"]}  # type: ignore[attr-defined]
    assert passages["slas-and-escalation-paths"]["helpful"] == 1
    (rec,) = data["recommendations_not_helpful"]  # type: ignore[misc]
    assert rec["model"] in ("managed_services", "staff_augmentation", "mismatch")
    assert rec["answers"] and all("=" not in k for k in rec["answers"])
    assert data["questions_kept"] is False and data["not_helpful_questions"] == []
    text = run("kb", "report", "--redis-url", redis_url, env={"ADVISOR_REDIS_PREFIX": redis_prefix})
    assert "2 rating(s), 1 helpful, 1 not helpful" in text.stdout
    assert "SLAs and escalation paths" in text.stdout
    assert "ADVISOR_FEEDBACK_KEEP_QUESTIONS" in text.stdout


def test_kept_questions_expire_sooner_and_forget_removes_them(redis_url: str,
                                                             redis_prefix: str) -> None:
    env = {"ADVISOR_FEEDBACK_KEEP_QUESTIONS": "true", "ADVISOR_FEEDBACK_QUESTION_TTL_DAYS": "3"}
    chat(redis_url, redis_prefix, "what is the weather on mars?\nwhat is an SLA?\nnot helpful\n"
         "what is staff augmentation?\nhelpful\n", **env)
    data = report(redis_url, redis_prefix, **env)
    assert [q["question"] for q in data["unanswered_questions"]] == [  # type: ignore[attr-defined]
        "what is the weather on mars?"]
    assert [q["question"] for q in data["not_helpful_questions"]] == [  # type: ignore[attr-defined]
        "what is an SLA?"]
    client = redis.Redis.from_url(redis_url)
    try:
        ttls = {}
        for key in client.scan_iter(match=f"{redis_prefix}:{{feedback}}:e:*"):
            entry = json.loads(client.get(key) or b"{}")
            ttls[entry["question"] is not None] = client.ttl(key)
        assert 0 < ttls[True] <= 3 * DAY
        assert 3 * DAY < ttls[False] <= 90 * DAY
    finally:
        client.close()
    chat(redis_url, redis_prefix, "forget\n", **env)
    after = report(redis_url, redis_prefix, **env)
    assert after["ratings"] == 0 and after["unanswered_questions"] == []


def test_report_without_redis_is_empty_and_says_why() -> None:
    p = run("kb", "report")
    assert p.returncode == 0, p.stderr
    assert "REDIS_URL" in p.stderr
    assert "0 rating(s)" in p.stdout


def test_report_refuses_bad_options() -> None:
    assert_bad_input(run("kb", "report", "--since", "0"))
    assert_bad_input(run("kb", "report", "--redis-url", "http://nowhere"))


def test_report_with_unreachable_redis_exits_1() -> None:
    p = run("kb", "report", "--redis-url", "redis://127.0.0.1:1/0")
    assert p.returncode == 1
    assert "Redis" in p.stderr and "Traceback" not in p.stderr
