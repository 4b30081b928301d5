"""deploy/Dockerfile, .dockerignore and deploy/compose.yaml, checked statically (no Docker here;
the compose Redis healthcheck runs against a real redis-server)."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from deploy_support import REPO_ROOT, read_yaml_mapping

from tests.support.ports import free_port

DOCKERFILE = REPO_ROOT / "deploy" / "Dockerfile"
COMPOSE = REPO_ROOT / "deploy" / "compose.yaml"
CHART_VALUES = REPO_ROOT / "deploy" / "helm" / "engagement-advisor" / "values.yaml"
DOCKERIGNORE = REPO_ROOT / ".dockerignore"
BUILD_TOOLS = ("gcc", "g++", "build-essential", "clang", "make ", "cc ", "python3-dev", "-dev ")


def _instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs with line continuations joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    result = []
    for line in joined.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        word, _, rest = stripped.partition(" ")
        result.append((word.upper(), rest.strip()))
    return result


def _stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for instruction in _instructions(DOCKERFILE.read_text(encoding="utf-8")):
        if instruction[0] == "FROM":
            stages.append([])
        if stages:
            stages[-1].append(instruction)
    return stages


def _args(stage: list[tuple[str, str]], word: str) -> list[str]:
    return [rest for instr, rest in stage if instr == word]


def test_dockerfile_is_multi_stage_on_a_pinned_python_311_slim() -> None:
    """The base is pinned by patch version and by digest (a build arg with a real default), and
    every stage is built FROM exactly that."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11\.\d+-slim-bookworm$", text, re.M)
    assert re.search(r"^ARG PYTHON_DIGEST=sha256:[0-9a-f]{64}$", text, re.M)
    stages = _stages()
    assert len(stages) >= 2
    for stage in stages:
        assert _args(stage, "FROM")[0].split()[0] == "${PYTHON_IMAGE}@${PYTHON_DIGEST}"
    builder_name = _args(stages[0], "FROM")[0].split()[-1]
    final = stages[-1]
    assert any(f"--from={builder_name}" in rest for rest in _args(final, "COPY"))


def test_final_stage_has_no_build_tools() -> None:
    final = _stages()[-1]
    runs = " ".join(_args(final, "RUN")) + " "
    for tool in BUILD_TOOLS:
        assert tool not in runs, f"{tool.strip()!r} in the final stage"
    assert "apt-get install" not in runs
    assert "pip install" not in runs, "the final stage copies a built venv, it installs nothing"


def test_final_stage_runs_as_non_root() -> None:
    final = _stages()[-1]
    users = _args(final, "USER")
    assert users, "USER missing in the final stage"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert not user.isdigit() or int(user) >= 1000
    # USER is set after the last RUN (so nothing later runs as root by accident).
    order = [instr for instr, _ in final]
    assert max(i for i, w in enumerate(order) if w == "USER") > max(
        i for i, w in enumerate(order) if w == "RUN"
    )


def test_port_healthcheck_and_command() -> None:
    final = _stages()[-1]
    assert _args(final, "EXPOSE") == ["3978"]
    (health,) = _args(final, "HEALTHCHECK")
    assert "CMD" in health and "/healthz" in health
    assert '"python"' in health, "slim images have no curl or wget: probe with python"
    exec_form = json.loads(health[health.index("CMD") + 3 :].strip())
    assert exec_form[:2] == ["python", "-c"]
    compile(exec_form[2], "<healthcheck>", "exec")
    (cmd,) = _args(final, "CMD")
    assert json.loads(cmd) == ["advisor", "serve", "--host", "0.0.0.0"]


def test_builder_installs_the_project_from_repo_root_context() -> None:
    builder = _stages()[0]
    copied = {shlex.split(rest)[0] for rest in _args(builder, "COPY")}
    assert {"pyproject.toml", "README.md", "bot", "dialogs", "knowledge"} <= copied
    assert "deploy/requirements.lock" in copied
    for source in copied:
        assert (REPO_ROOT / source).exists(), f"COPY {source}: not in the repo"


def _ignored(path: str, rules: list[str]) -> bool:
    """Docker's rule: the last matching pattern wins; a pattern also matches what's below it."""
    ignored = False
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for rule in rules:
        negate = rule.startswith("!")
        pattern = rule[1:] if negate else rule
        pattern = pattern.rstrip("/")
        if pattern.startswith("**/"):
            candidates = prefixes + ["/".join(parts[i:]) for i in range(len(parts))]
            hit = any(fnmatch.fnmatchcase(c, pattern[3:]) for c in candidates)
        else:
            hit = any(fnmatch.fnmatchcase(p, pattern) for p in prefixes)
        if hit:
            ignored = not negate
    return ignored


@pytest.mark.parametrize(
    ("path", "ignored"),
    [
        ("pyproject.toml", False),
        ("README.md", False),
        ("bot/cli.py", False),
        ("bot/teams/assets/manifest.json", False),
        ("dialogs/engine.py", False),
        ("knowledge/passages/definitions.md", False),
        (".env", True),
        (".venv/bin/python", True),
        (".git/config", True),
        ("tests/conftest.py", True),
        ("deploy/requirements.lock", False),
        ("deploy/lock.sh", True),
        ("deploy/helm/engagement-advisor/values.yaml", True),
        ("bot/__pycache__/cli.cpython-311.pyc", True),
        ("engagement-advisor-teams.zip", True),
    ],
)
def test_dockerignore_sends_only_what_the_image_needs(path: str, ignored: bool) -> None:
    rules = [
        line.strip()
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert _ignored(path, rules) is ignored


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return read_yaml_mapping(COMPOSE)


def test_compose_services(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"bot", "redis"}
    bot = services["bot"]
    assert bot["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    assert (COMPOSE.parent / bot["build"]["context"] / bot["build"]["dockerfile"]).is_file()


def test_compose_redis_is_pinned_to_the_charts_redis(compose: dict[str, Any]) -> None:
    """The compose Redis is the official image at an exact version (never a floating tag such as
    ``7-alpine``), the same one the chart's bundled Redis runs; a digest is optional through
    ``REDIS_DIGEST``."""
    bundled = read_yaml_mapping(CHART_VALUES)["redis"]["bundled"]["image"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", bundled["tag"]), bundled
    image = compose["services"]["redis"]["image"]
    assert image == f"{bundled['repository']}:{bundled['tag']}${{REDIS_DIGEST:+@${{REDIS_DIGEST:-}}}}"


def test_compose_wires_redis_and_the_port(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]
    env = bot["environment"]
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert str(env["ADVISOR_PORT"]) == "3978"
    published = [str(p) for p in bot["ports"]]
    assert any(p.endswith("3978:3978") for p in published)
    assert bot["depends_on"]["redis"]["condition"] == "service_healthy"


def test_compose_env_file_is_optional(compose: dict[str, Any]) -> None:
    (env_file,) = compose["services"]["bot"]["env_file"]
    assert env_file == {"path": "../.env", "required": False}


def test_compose_healthchecks(compose: dict[str, Any]) -> None:
    bot_test = compose["services"]["bot"]["healthcheck"]["test"]
    assert bot_test[0] == "CMD" and "/healthz" in " ".join(bot_test)
    compile(bot_test[-1], "<healthcheck>", "exec")
    redis_test = compose["services"]["redis"]["healthcheck"]["test"]
    assert redis_test[0] == "CMD-SHELL" and "grep -qx PONG" in redis_test[1]


def test_compose_redis_healthcheck_fails_on_noauth(tmp_path: Path) -> None:
    """The compose Redis healthcheck command, run against a real redis-server that wants a
    password: healthy with REDISCLI_AUTH, unhealthy without it (Redis answers NOAUTH, and
    ``redis-cli ping`` still exits 0) and with a wrong one (WRONGPASS, then NOAUTH)."""
    command = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]["redis"][
        "healthcheck"
    ]["test"][1]
    port = free_port()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--requirepass",
            "compose-pw",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        env = {**os.environ, "REDISCLI_AUTH": "compose-pw"}
        check = command.replace("redis-cli", f"redis-cli -p {port}")
        for _ in range(100):
            if subprocess.run(["sh", "-c", check], env=env).returncode == 0:
                break
            time.sleep(0.05)
        assert subprocess.run(["sh", "-c", check], env=env).returncode == 0
        env.pop("REDISCLI_AUTH")
        bare = subprocess.run(["redis-cli", "-p", str(port), "ping"], env=env, capture_output=True)
        assert bare.returncode == 0 and b"NOAUTH" in bare.stdout, "why the answer is grepped"
        assert subprocess.run(["sh", "-c", check], env=env).returncode != 0, "NOAUTH is unhealthy"
        env["REDISCLI_AUTH"] = "not-the-password"
        assert subprocess.run(["sh", "-c", check], env=env, capture_output=True).returncode != 0, (
            "a wrong password is unhealthy"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_compose_hardening(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]
    assert bot["read_only"] is True
    assert bot["tmpfs"] == ["/tmp"]  # noqa: S108 (a tmpfs mount, not a temp file)
    assert bot["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in bot["security_opt"]
