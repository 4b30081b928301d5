"""The released helm v3 binary (.venv/bin/helm, put there by .ci/install-helm) lints and renders
the chart as an operator would: ``helm lint --strict`` and ``helm template`` on a plain copy, for
the default and the production values, with no ``helm dependency`` step. The other chart tests
render through helm-python-sdk (Helm v4's Go code); this one is the command line itself. Without
the binary it skips outside CI and fails in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from deploy_support import read_yaml_mapping
from helm_support import FULLNAME, PRODUCTION, Cli

VALUES = {"defaults": {}, "production": read_yaml_mapping(PRODUCTION)}


@pytest.fixture(scope="module")
def helm() -> Cli:
    beside = Path(sys.executable).parent / "helm"
    binary = str(beside) if beside.is_file() else shutil.which("helm")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but the helm binary is missing (.ci/install-helm)", pytrace=False)
        pytest.skip("no helm binary (.ci/install-helm puts one in .venv/bin)")
    version = subprocess.run([binary, "version", "--short"], capture_output=True, text=True,
                             check=True, timeout=60).stdout
    assert version.startswith("v3."), version
    return Cli(binary)


@pytest.mark.parametrize("values", list(VALUES.values()), ids=list(VALUES))
def test_helm_lint_strict_and_template(helm: Cli, chart: Path, values: dict[str, Any]) -> None:
    assert helm.lint(chart, values) == []
    rendered = helm.render(chart, values)[0]
    deployments = [d for d in rendered["deployment.yaml"] if d["kind"] == "Deployment"]
    assert [d["metadata"]["name"] for d in deployments] == [FULLNAME]
    assert not (chart / "charts").exists(), "nothing was fetched"
    assert not (chart / "Chart.lock").exists()


def test_a_chart_dependency_would_break_the_render(helm: Cli, chart: Path) -> None:
    """The check has teeth: the old chart's hard dependency fails without a `helm dependency` step."""
    with (chart / "Chart.yaml").open("a", encoding="utf-8") as meta:
        meta.write("dependencies:\n  - name: redis\n    version: 19.0.0\n"
                   "    repository: oci://registry.example.invalid/charts\n")
    with pytest.raises(RuntimeError, match="missing in charts/ directory: redis"):
        helm.render(chart, {})
