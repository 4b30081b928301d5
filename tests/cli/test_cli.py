"""The ``advisor`` command line, run as a user runs it: a subprocess of the console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ADVISOR = str(Path(sys.executable).with_name("advisor"))


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("REDIS_", "SLACK_", "MICROSOFT_", "ADVISOR_"))
    }
    return subprocess.run(
        [ADVISOR, *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**base, **(env or {})},
        timeout=timeout,
        check=False,
    )


def assert_bad_input(p: subprocess.CompletedProcess[str], *allowed: str) -> None:
    assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert "Traceback" not in p.stderr
    for word in allowed:
        assert word in lines[0], lines[0]


def test_assess_json_shape_for_the_seed_monitoring_example() -> None:
    p = run(
        "assess",
        "--answer",
        "decision_owner=provider",
        "--answer",
        "accountability=provider",
        "--answer",
        "scope=bounded",
        "--answer",
        "measurability=independent",
        "--json",
    )
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert set(out) == {
        "model",
        "confidence",
        "scores",
        "answers",
        "inferred",
        "unconfirmed",
        "missing",
        "warnings",
        "reasons",
        "what_if",
        "call_prep",
        "passages",
    }
    assert out["model"] == "managed_services"
    assert 0 <= out["confidence"] <= 1
    assert set(out["scores"]) == {"managed_services", "staff_augmentation"}
    assert out["inferred"] == {}
    assert "leadership" in out["missing"]
    assert set(out["call_prep"]) == {"ask", "red_flags"}
    assert all(set(w) == {"factor", "answer", "model"} for w in out["what_if"])
    assert all({"id", "title", "topics", "text"} <= set(x) for x in out["passages"])


def test_assess_text_infers_with_evidence_and_given_answers_win() -> None:
    text = "they keep every decision but want us to guarantee the date"
    p = run("assess", "--text", text, "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["model"] == "mismatch"
    assert [w["code"] for w in out["warnings"]] == ["unmanaged_managed_services"]
    assert out["inferred"]["decision_owner"]["value"] == "client"
    assert out["inferred"]["decision_owner"]["evidence"]
    p = run("assess", "--text", text, "--answer", "decision_owner=provider", "--json")
    out = json.loads(p.stdout)
    assert out["answers"]["decision_owner"] == "provider"
    assert "decision_owner" not in out["inferred"]
    assert out["model"] == "managed_services"


def test_assess_human_output() -> None:
    p = run("assess", "--answer", "decision_owner=client", "--answer", "accountability=provider")
    assert p.returncode == 0
    assert "Mismatch" in p.stdout and "Before the call" in p.stdout
    # A mismatch shows the split, not score bars that read as a lean (issue 15.4).
    assert "Who decides:" in p.stdout and "Who answers for results:" in p.stdout
    assert "█" not in p.stdout and "░" not in p.stdout
    asks = p.stdout.split("Ask the client:")[1].split("Red flags")[0]
    assert asks.count("\n    - ") >= 2


def test_assess_clean_managed_gives_two_questions_to_ask() -> None:
    answers = ["decision_owner=provider", "accountability=provider", "scope=bounded",
               "measurability=independent", "interfaces=stable", "change_rate=slow",
               "domain_coupling=low", "leadership=strong"]
    p = run("assess", *(a for answer in answers for a in ("--answer", answer)))
    assert p.returncode == 0, p.stderr
    assert "Not answered" not in p.stdout and "Warnings" not in p.stdout
    asks = p.stdout.split("Ask the client:")[1].split("\n\n")[0]
    assert asks.count("\n    - ") >= 2, p.stdout


COMMANDS = ("start", "back", "why", "reset", "forget", "learn", "helpful")


def test_help_lists_one_command_per_line_in_the_terminal() -> None:
    p = run("chat", stdin="help\n")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    for command in COMMANDS:
        assert sum(line.startswith(f"- {command}") for line in lines) == 1, command


@pytest.mark.parametrize(
    "args,allowed",
    [
        (["assess", "--answer", "scope=huge"], ["bounded, partly, open"]),
        (["assess", "--answer", "budget=big"], ["scope", "accountability"]),
        (["assess", "--answer", "scope"], ["FACTOR=VALUE"]),
        (["assess", "--answer", "scope=open", "--answer", "scope=bounded"], ["twice"]),
        (["assess"], ["--answer", "--text"]),
        (["assess", "--text", "x" * 5000], ["at most"]),
        (["ask"], []),
        (["ask", "what is staff aug", "-k", "0"], ["1<=x<=20"]),
        (["ask", "what is staff aug", "-k", "many"], []),
        (["frobnicate"], ["frobnicate"]),
        (["assess", "--bogus"], ["--bogus"]),
        (["teams-package", "--app-id", "not-a-guid"], []),
        (["serve", "--port", "99999"], []),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], allowed: list[str]) -> None:
    assert_bad_input(run(*args), *allowed)


def test_ask_json_returns_ranked_passages() -> None:
    p = run("ask", "what is staff augmentation?", "--json", "-k", "2")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["question"] == "what is staff augmentation?"
    assert 1 <= len(out["passages"]) <= 2
    assert {"id", "title", "topics", "score", "text"} <= set(out["passages"][0])
    scores = [x["score"] for x in out["passages"]]
    assert scores == sorted(scores, reverse=True)
    assert "fallback" not in out


def test_ask_off_topic_returns_fallback() -> None:
    p = run("ask", "what's the weather in Paris?", "--json")
    assert p.returncode == 0
    out = json.loads(p.stdout)
    assert out["passages"] == [] and out["fallback"]


def test_ask_does_not_import_platform_sdks() -> None:
    code = (
        "import sys; from bot.cli import main\n"
        "sys.argv=['advisor','ask','what is an SLA?']\n"
        "try:\n main()\nexcept SystemExit: pass\n"
        "bad=[m for m in sys.modules if m.startswith(('slack_bolt','botbuilder','aiohttp'))]\n"
        "print('IMPORTED', bad)"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "IMPORTED []" in p.stdout, p.stdout + p.stderr


def _loaded_by(*argv: str) -> list[str]:
    """The top-level packages ``advisor ARGV`` has imported when it ends (stdin empty)."""
    code = (
        "import sys; from bot.cli import main\n"
        f"sys.argv=['advisor', *{list(argv)!r}]\n"
        "try:\n main()\nexcept SystemExit: pass\n"
        "print('LOADED', ' '.join(sorted({m.partition('.')[0] for m in sys.modules})))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "ADVISOR_"))}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       stdin=subprocess.DEVNULL, env=env, check=False)
    lines = [line for line in p.stdout.splitlines() if line.startswith("LOADED ")]
    assert lines, p.stdout + p.stderr
    return lines[-1].split()[1:]


@pytest.mark.parametrize(("argv", "unused"), [
    # Until its first line, chat needs neither the engine's knowledge base nor tenacity.
    (("chat",), ("knowledge", "tenacity")),
    (("assess", "--text", "we run their SOC 24/7"), ()),
])
def test_console_commands_do_not_import_what_they_do_not_use(
    argv: tuple[str, ...], unused: tuple[str, ...]
) -> None:
    # The console exports no metrics (bot.meters.NoMetrics): prometheus_client is the server's.
    # Once the passages are cached (any earlier load: here, this one), yaml is not needed.
    from knowledge import load_default

    load_default()
    loaded = _loaded_by(*argv)
    assert "bot" in loaded and "dialogs" in loaded
    assert [m for m in ("prometheus_client", "aiohttp", "slack_bolt", "botbuilder", "yaml",
                        *unused) if m in loaded] == []


def test_kb_check_passes_on_the_shipped_kb() -> None:
    p = run("kb", "check")
    assert p.returncode == 0, p.stderr
    assert "OK" in p.stdout


def test_kb_check_lists_every_problem(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\nid: a\ntitle: A\ntopics: [nonsense]\n---\nBody.\n")
    (tmp_path / "b.md").write_text("no front matter\n")
    p = run("kb", "check", "--dir", str(tmp_path))
    assert p.returncode == 1
    assert "nonsense" in p.stderr and "b.md" in p.stderr
    assert "Traceback" not in p.stderr


def test_chat_runs_a_conversation_and_exits_on_eof() -> None:
    p = run("chat", "--user", "cli-test", stdin="start\n3\nclient\nstrong\n")
    assert p.returncode == 0, p.stderr
    assert "Question 1 of 8" in p.stdout
    assert "Recommendation: IT staff augmentation" in p.stdout


def test_chat_with_unreachable_redis_exits_1() -> None:
    p = run("chat", "--redis-url", "redis://127.0.0.1:1/0", stdin="")
    assert p.returncode == 1
    assert "Redis" in p.stderr and "Traceback" not in p.stderr


def test_chat_with_bad_redis_url_exits_2() -> None:
    assert_bad_input(run("chat", "--redis-url", "http://nope"), "redis://")


def test_teams_package_writes_a_zip(tmp_path: Path) -> None:
    out = tmp_path / "pkg.zip"
    p = run("teams-package", "--app-id", "12345678-1234-1234-1234-123456789abc", "--out", str(out))
    assert p.returncode == 0, p.stderr
    with zipfile.ZipFile(out) as z:
        assert {"manifest.json", "color.png", "outline.png"} <= set(z.namelist())
        manifest = json.loads(z.read("manifest.json"))
    assert manifest["bots"][0]["botId"] == "12345678-1234-1234-1234-123456789abc"


@pytest.mark.parametrize(
    "url",
    [
        "https://your-host.contoso.com/privacy",  # the placeholder as part of a longer name
        "https://user:secret@advisor.contoso.example/privacy",  # credentials in the URL
        "https://advisor.contoso.example/pri vacy",
        "https://advisor.contoso.example:port/privacy",
        "ftp://advisor.contoso.example/privacy",
        "advisor.contoso.example/privacy",
    ],
)
def test_teams_package_refuses_bad_publisher_urls(tmp_path: Path, url: str) -> None:
    out = tmp_path / "pkg.zip"
    p = run("teams-package", "--app-id", "12345678-1234-1234-1234-123456789abc", "--out", str(out),
            "--privacy-url", url)
    assert_bad_input(p, "--privacy-url")
    assert "secret" not in p.stderr
    assert not out.exists()


def test_chat_on_redis_resumes_in_a_second_process(redis_url: str, redis_prefix: str) -> None:
    env = {"ADVISOR_REDIS_PREFIX": redis_prefix}
    first = run("chat", "--redis-url", redis_url, "--user", "ana", stdin="start\n3\n", env=env)
    assert first.returncode == 0, first.stderr
    assert "Question 2 of 8" in first.stdout
    second = run("chat", "--redis-url", redis_url, "--user", "ana", stdin="client\nstrong\n",
                 env=env)
    assert second.returncode == 0, second.stderr
    assert "resuming your assessment (1 answered)" in second.stdout
    assert "Recommendation: IT staff augmentation" in second.stdout


def test_chat_learn_path_with_numbered_answers() -> None:
    p = run("chat", "--user", "cli-learner", stdin="learn\n1\nlearn\n2\n")
    assert p.returncode == 0, p.stderr
    assert "Lesson 1 of 7: What managed services means" in p.stdout
    assert "Practice 1 of 7:" in p.stdout
    assert "1. Managed services" in p.stdout
    assert "Right: this is managed services." in p.stdout
    assert "Lesson 2 of 7" in p.stdout
    assert "Right: this is staff augmentation." in p.stdout
