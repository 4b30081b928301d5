"""The Helm chart in deploy/helm/engagement-advisor (schemas: test_helm_kubernetes_schemas.py).

Static checks of Chart.yaml and values.yaml always run. ``helm lint`` and ``helm template`` run
with the ``helm`` binary when it is on PATH, else with Helm's own Go SDK through the
``helm-python-sdk`` package (``pip install helm-python-sdk``, a prebuilt wheel with no helm
binary); with neither, only those tests skip, saying so (in CI, with ``CI`` set, they fail).

The chart has no dependencies: it lints and renders offline with no ``helm dependency`` step, for
the default values and for ``ci/production-values.yaml``.
"""

from __future__ import annotations

import base64
import json
import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from deploy_support import REPO_ROOT, read_yaml_mapping
from helm_support import (
    CHART,
    DEV_URL,
    EXTERNAL,
    FULLNAME,
    NAMESPACE,
    PRODUCTION,
    RELEASE,
    Backend,
    Rendered,
)

TEMPLATES = {
    "_helpers.tpl",
    "deployment.yaml",
    "service.yaml",
    "ingress.yaml",
    "hpa.yaml",
    "pdb.yaml",
    "secret.yaml",
    "redis-secret.yaml",
    "redis-bundled.yaml",
    "serviceaccount.yaml",
    "networkpolicy.yaml",
    "servicemonitor.yaml",
    "prometheusrule.yaml",
    "NOTES.txt",
}


# --- static: no helm needed ----------------------------------------------------------------------


def test_chart_yaml() -> None:
    chart = read_yaml_mapping(CHART / "Chart.yaml")
    assert chart["apiVersion"] == "v2"
    assert chart["name"] == "engagement-advisor" == CHART.name
    assert chart["type"] == "application"
    for key in ("version", "appVersion", "description"):
        assert chart[key], key
    assert "dependencies" not in chart, "the chart must render with no `helm dependency` step"


def test_chart_versions() -> None:
    """appVersion is the advisor's own version (pyproject.toml); the chart's version is SemVer and
    at least 0.2.0, which removed 0.1.0's Bitnami Redis keys, and the README's upgrade section
    names both ends of that step."""
    chart = read_yaml_mapping(CHART / "Chart.yaml")
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert chart["appVersion"] == project["version"]
    version = str(chart["version"])
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    assert match, version
    assert tuple(int(part) for part in match.groups()) >= (0, 2, 0), version
    readme = (CHART / "README.md").read_text(encoding="utf-8")
    heading = next(line for line in readme.splitlines() if line.startswith("## Upgrading"))
    assert "chart 0.1.0" in heading and "to 0.2.0" in heading, heading


def test_nothing_vendored_or_locked() -> None:
    assert not (CHART / "charts").exists()
    assert not list(CHART.glob("*.tgz"))
    assert not (CHART / "Chart.lock").exists(), "a lock file without dependencies is stale"


def test_templates_present() -> None:
    assert {p.name for p in (CHART / "templates").iterdir()} == TEMPLATES


def test_values_yaml() -> None:
    values = read_yaml_mapping(CHART / "values.yaml")
    assert values["image"]["repository"] and "tag" in values["image"]
    assert values["replicaCount"] >= 2, "more than one pod by default: Redis holds the state"
    for kind in ("requests", "limits"):
        assert values["resources"][kind]["memory"]
    assert values["resources"]["requests"]["cpu"]
    assert values["config"]["ADVISOR_ENV"] == "production"
    assert values["secrets"]["existingSecret"] == ""
    assert set(values["secrets"]["keys"]) == {
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "MICROSOFT_APP_PASSWORD",
        "ADVISOR_REDIS_SENTINEL_PASSWORD",
    }
    assert values["secrets"]["values"] == {}, "no credentials in the chart's defaults"
    assert values["redis"] == {
        "existingSecret": {"name": "", "key": "redis-url"},
        "url": "",
        "caSecret": {"name": "", "key": "ca.crt"},
        "bundled": values["redis"]["bundled"],
    }
    assert values["redis"]["bundled"]["enabled"] is False
    assert values["redis"]["bundled"]["image"]["repository"] == "redis", "the official image"
    assert values["redis"]["bundled"]["image"]["tag"].count(".") == 2, "pinned to a patch release"
    assert values["redis"]["bundled"]["auth"]["password"] == "", "no default password"
    assert values["serviceAccount"]["create"] is True
    assert values["networkPolicy"]["enabled"] is False
    assert values["serviceMonitor"]["enabled"] is False
    assert values["prometheusRule"]["enabled"] is False
    assert {"enabled", "hosts", "tls", "className"} <= set(values["ingress"])
    assert values["autoscaling"]["enabled"] is False
    assert values["autoscaling"]["minReplicas"] <= values["autoscaling"]["maxReplicas"]
    assert values["podDisruptionBudget"]["enabled"] is True
    assert values["probes"]["readiness"]["path"] == "/readyz"
    assert values["probes"]["liveness"]["path"] == "/healthz"
    assert values["podSecurityContext"]["runAsNonRoot"] is True
    assert values["securityContext"]["readOnlyRootFilesystem"] is True
    assert values["securityContext"]["allowPrivilegeEscalation"] is False
    assert values["containerPort"] == 3978


def test_values_satisfy_their_schema() -> None:
    schema = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(read_yaml_mapping(CHART / "values.yaml"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**read_yaml_mapping(CHART / "values.yaml"), "replicas": 3}, schema)


# --- helm: lint and template -----------------------------------------------------------------


def _one(rendered: Rendered, template: str) -> dict[str, Any]:
    (doc,) = rendered[template]
    return doc


def _container(rendered: Rendered) -> dict[str, Any]:
    (container,) = _one(rendered, "deployment.yaml")["spec"]["template"]["spec"]["containers"]
    assert isinstance(container, dict)
    return container


def _env(rendered: Rendered) -> dict[str, dict[str, Any]]:
    env = _container(rendered)["env"]
    names = [e["name"] for e in env]
    assert len(names) == len(set(names)), f"duplicate env vars: {names}"
    return {e["name"]: e for e in env}


@pytest.mark.parametrize(
    "values",
    [
        {},
        read_yaml_mapping(PRODUCTION),
        EXTERNAL,
        DEV_URL,
        {"redis": {"bundled": {"enabled": True, "auth": {"existingSecret": "redis-auth"}}}},
        {
            **EXTERNAL,
            "secrets": {"values": {"SLACK_BOT_TOKEN": "xoxb-test"}},
            "ingress": {"enabled": True, "tls": [{"secretName": "t", "hosts": ["a.example"]}]},
            "autoscaling": {"enabled": True, "targetMemoryUtilizationPercentage": 80},
        },
    ],
    ids=[
        "defaults",
        "production",
        "existing-redis-secret",
        "dev-redis-url",
        "bundled-redis",
        "everything-on",
    ],
)
def test_helm_lint_clean(backend: Backend, chart: Path, values: dict[str, Any]) -> None:
    assert backend.lint(chart, values) == []


def test_lint_rejects_values_outside_the_schema(backend: Backend, chart: Path) -> None:
    assert backend.lint(chart, {**EXTERNAL, "replicaCount": 0})


def test_template_defaults_take_redis_url_from_a_secret(render: Callable[..., Rendered]) -> None:
    rendered = render({})
    assert set(rendered) == {"deployment.yaml", "service.yaml", "pdb.yaml", "serviceaccount.yaml"}
    assert _env(rendered)["REDIS_URL"] == {
        "name": "REDIS_URL",
        "valueFrom": {"secretKeyRef": {"name": f"{FULLNAME}-redis", "key": "redis-url"}},
    }
    assert not any(doc["kind"] == "StatefulSet" for docs in rendered.values() for doc in docs)


def test_template_existing_redis_secret(render: Callable[..., Rendered]) -> None:
    rendered = render(EXTERNAL)
    assert "redis-secret.yaml" not in rendered
    ref = _env(rendered)["REDIS_URL"]["valueFrom"]["secretKeyRef"]
    assert ref == {"name": "advisor-redis", "key": "redis-url"}


def test_template_dev_redis_url_becomes_the_charts_secret(render: Callable[..., Rendered]) -> None:
    rendered = render(DEV_URL)
    secret = _one(rendered, "redis-secret.yaml")
    assert secret["kind"] == "Secret" and secret["metadata"]["name"] == f"{FULLNAME}-redis"
    assert base64.b64decode(secret["data"]["redis-url"]) == b"redis://redis.example:6379/0"
    env = _env(rendered)
    assert env["REDIS_URL"]["valueFrom"]["secretKeyRef"]["name"] == f"{FULLNAME}-redis"
    assert "value" not in env["REDIS_URL"], "the URL (maybe with a password) stays in a Secret"


def test_template_production_values(render: Callable[..., Rendered]) -> None:
    rendered = render(read_yaml_mapping(PRODUCTION))
    assert set(rendered) == {
        "deployment.yaml",
        "service.yaml",
        "pdb.yaml",
        "ingress.yaml",
        "hpa.yaml",
        "serviceaccount.yaml",
        "networkpolicy.yaml",
        "servicemonitor.yaml",
        "prometheusrule.yaml",
    }
    assert _one(rendered, "hpa.yaml")["spec"]["minReplicas"] == 3
    assert _container(rendered)["image"] == "registry.example.com/engagement-advisor:0.1.0"


def test_deployment_probes_security_and_resources(render: Callable[..., Rendered]) -> None:
    rendered = render(EXTERNAL)
    deployment = _one(rendered, "deployment.yaml")
    assert deployment["apiVersion"] == "apps/v1" and deployment["kind"] == "Deployment"
    assert deployment["metadata"]["name"] == FULLNAME
    assert deployment["spec"]["replicas"] == 2
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["automountServiceAccountToken"] is False
    container = _container(rendered)
    assert container["args"] == ["advisor", "serve", "--host", "0.0.0.0", "--port", "3978"]
    assert container["ports"] == [{"name": "http", "containerPort": 3978, "protocol": "TCP"}]
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    assert {"requests", "limits"} <= set(container["resources"])
    assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"]  # noqa: S108
    env = _env(rendered)
    assert env["ADVISOR_ENV"]["value"] == "production"
    assert "MICROSOFT_APP_ID" not in env, "empty settings are not passed"
    assert not any(name.startswith("SLACK_") for name in env), "no Secret, no credentials"
    spread = pod["topologySpreadConstraints"][0]
    assert spread["labelSelector"]["matchLabels"]["app.kubernetes.io/instance"] == RELEASE


def test_service_targets_the_pods(render: Callable[..., Rendered]) -> None:
    rendered = render(EXTERNAL)
    service = _one(rendered, "service.yaml")
    assert service["spec"]["ports"][0]["targetPort"] == "http"
    pod_labels = _one(rendered, "deployment.yaml")["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= pod_labels.items()


def test_existing_secret_is_referenced_not_created(render: Callable[..., Rendered]) -> None:
    rendered = render({**EXTERNAL, "secrets": {"existingSecret": "advisor-credentials"}})
    assert "secret.yaml" not in rendered
    env = _env(rendered)
    ref = env["SLACK_SIGNING_SECRET"]["valueFrom"]["secretKeyRef"]
    assert ref == {"name": "advisor-credentials", "key": "slack-signing-secret", "optional": True}


def test_secret_only_when_values_provide_it(render: Callable[..., Rendered]) -> None:
    rendered = render({**EXTERNAL, "secrets": {"values": {"SLACK_BOT_TOKEN": "xoxb-test"}}})
    secret = _one(rendered, "secret.yaml")
    assert secret["kind"] == "Secret" and secret["metadata"]["name"] == FULLNAME
    assert secret["data"] == {"slack-bot-token": "eG94Yi10ZXN0"}
    assert _env(rendered)["SLACK_BOT_TOKEN"]["valueFrom"]["secretKeyRef"]["name"] == FULLNAME
    with pytest.raises(RuntimeError, match="SLACK_TOKEN"):
        render({**EXTERNAL, "secrets": {"values": {"SLACK_TOKEN": "x"}}})


def test_ingress_publishes_only_the_webhooks(render: Callable[..., Rendered]) -> None:
    ingress = _one(render({**EXTERNAL, "ingress": {"enabled": True}}), "ingress.yaml")
    assert ingress["apiVersion"] == "networking.k8s.io/v1"
    (rule,) = ingress["spec"]["rules"]
    paths = {p["path"]: p["backend"]["service"] for p in rule["http"]["paths"]}
    assert set(paths) == {"/slack/events", "/api/messages"}
    assert all(s == {"name": FULLNAME, "port": {"number": 80}} for s in paths.values())


def test_hpa_replaces_the_fixed_replica_count(render: Callable[..., Rendered]) -> None:
    rendered = render({**EXTERNAL, "autoscaling": {"enabled": True}})
    hpa = _one(rendered, "hpa.yaml")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"]["name"] == FULLNAME
    assert hpa["spec"]["minReplicas"] == 2
    assert "replicas" not in _one(rendered, "deployment.yaml")["spec"]


def test_pdb(render: Callable[..., Rendered]) -> None:
    pdb = _one(render(EXTERNAL), "pdb.yaml")
    assert pdb["apiVersion"] == "policy/v1"
    assert pdb["spec"]["maxUnavailable"] == 1
    assert "pdb.yaml" not in render({**EXTERNAL, "podDisruptionBudget": {"enabled": False}})


def test_every_manifest_is_well_formed(render: Callable[..., Rendered]) -> None:
    rendered = render(
        {
            **EXTERNAL,
            "ingress": {"enabled": True},
            "autoscaling": {"enabled": True},
            "secrets": {"values": {"SLACK_BOT_TOKEN": "x"}},
        }
    )
    for template, docs in rendered.items():
        for doc in docs:
            assert {"apiVersion", "kind", "metadata"} <= set(doc), template
            labels = doc["metadata"]["labels"]
            assert labels["app.kubernetes.io/instance"] == RELEASE, template


def test_notes_mention_the_webhooks(backend: Backend, chart: Path) -> None:
    _, notes = backend.render(chart, {**EXTERNAL, "ingress": {"enabled": True}})
    if notes is None:
        if os.environ.get("CI"):  # .ci/run installs the SDK, which renders NOTES.txt
            pytest.fail(f"{backend.name} cannot render NOTES.txt in CI", pytrace=False)
        pytest.skip(f"{backend.name} does not render NOTES.txt with helm template")
    assert "https://advisor.example.com/slack/events" in notes
    assert "https://advisor.example.com/api/messages" in notes


def test_service_account_for_workload_identity(render: Callable[..., Rendered]) -> None:
    annotations = {"azure.workload.identity/client-id": "00000000-0000-4000-8000-000000000003"}
    rendered = render({**EXTERNAL, "serviceAccount": {"annotations": annotations}})
    account = _one(rendered, "serviceaccount.yaml")
    assert account["metadata"]["name"] == FULLNAME
    assert account["metadata"]["annotations"] == annotations
    assert account["automountServiceAccountToken"] is False
    assert _one(rendered, "deployment.yaml")["spec"]["template"]["spec"]["serviceAccountName"] == (
        FULLNAME
    )
    rendered = render({**EXTERNAL, "serviceAccount": {"create": False, "name": "shared"}})
    assert "serviceaccount.yaml" not in rendered
    pod = _one(rendered, "deployment.yaml")["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == "shared"


def test_network_policy_admits_only_the_http_port(render: Callable[..., Rendered]) -> None:
    assert "networkpolicy.yaml" not in render(EXTERNAL)
    peer = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress"}}}
    redis = {"to": [{"ipBlock": {"cidr": "10.0.0.0/8"}}], "ports": [{"port": 6379}]}
    rendered = render({**EXTERNAL, "networkPolicy": {"enabled": True, "ingressFrom": [peer]}})
    spec = _one(rendered, "networkpolicy.yaml")["spec"]
    assert spec["policyTypes"] == ["Ingress"]
    assert spec["ingress"] == [{"ports": [{"port": "http", "protocol": "TCP"}], "from": [peer]}]
    pod_labels = _one(rendered, "deployment.yaml")["spec"]["template"]["metadata"]["labels"]
    assert spec["podSelector"]["matchLabels"].items() <= pod_labels.items()
    rendered = render({**EXTERNAL, "networkPolicy": {"enabled": True, "egress": [redis]}})
    spec = _one(rendered, "networkpolicy.yaml")["spec"]
    assert spec["policyTypes"] == ["Ingress", "Egress"]
    assert spec["egress"][0]["ports"][0] == {"port": 53, "protocol": "UDP"}
    assert spec["egress"][1] == redis


def _selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    assert set(selector) == {"matchLabels"}, selector
    return bool(selector["matchLabels"].items() <= labels.items())


def test_network_policy_with_the_bundled_redis(render: Callable[..., Rendered]) -> None:
    """Restricted egress reaches the bundled Redis (and DNS); Redis admits the advisor only."""
    api = {"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": [{"port": 443}]}
    values = {
        "networkPolicy": {"enabled": True, "egress": [api]},
        "redis": {"bundled": {"enabled": True, "auth": {"existingSecret": "redis-auth"}}},
    }
    rendered = render(values)
    app_pods = _one(rendered, "deployment.yaml")["spec"]["template"]["metadata"]["labels"]
    (redis_set,) = (d for d in rendered["redis-bundled.yaml"] if d["kind"] == "StatefulSet")
    redis_pods = redis_set["spec"]["template"]["metadata"]["labels"]
    policies = {d["metadata"]["name"]: d["spec"] for d in rendered["networkpolicy.yaml"]}
    assert set(policies) == {FULLNAME, f"{FULLNAME}-redis"}
    app, redis = policies[FULLNAME], policies[f"{FULLNAME}-redis"]
    assert _selects(app["podSelector"], app_pods) and not _selects(app["podSelector"], redis_pods)
    assert app["policyTypes"] == ["Ingress", "Egress"]
    dns, to_redis, given = app["egress"]
    assert dns == {"ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]}
    assert to_redis["ports"] == [{"port": 6379, "protocol": "TCP"}]
    (peer,) = to_redis["to"]
    assert set(peer) == {"podSelector"}, "the same namespace's Redis pods, nothing wider"
    assert _selects(peer["podSelector"], redis_pods)
    assert not _selects(peer["podSelector"], app_pods)
    assert given == api
    assert _selects(redis["podSelector"], redis_pods)
    assert not _selects(redis["podSelector"], app_pods), "the advisor's own policy stays its own"
    assert redis["policyTypes"] == ["Ingress", "Egress"]
    assert redis["egress"] == [], "Redis sends nothing out"
    (admitted,) = redis["ingress"]
    assert admitted["ports"] == [{"port": 6379, "protocol": "TCP"}]
    (source,) = admitted["from"]
    assert set(source) == {"podSelector"}
    assert _selects(source["podSelector"], app_pods)
    assert not _selects(source["podSelector"], redis_pods)
    redis_port = redis_set["spec"]["template"]["spec"]["containers"][0]["ports"][0]
    assert redis_port["containerPort"] == 6379
    # Egress not restricted: the advisor's policy stays ingress-only; Redis's is still there.
    values["networkPolicy"] = {"enabled": True}
    policies = {d["metadata"]["name"]: d["spec"] for d in render(values)["networkpolicy.yaml"]}
    assert policies[FULLNAME]["policyTypes"] == ["Ingress"]
    assert "egress" not in policies[FULLNAME]
    assert policies[f"{FULLNAME}-redis"]["ingress"] == redis["ingress"]
    # No bundled Redis: no Redis policy, no Redis rule.
    rendered = render({**EXTERNAL, "networkPolicy": {"enabled": True, "egress": [api]}})
    (only,) = rendered["networkpolicy.yaml"]
    assert only["spec"]["egress"][1:] == [api]


def test_service_monitor_scrapes_metrics(render: Callable[..., Rendered]) -> None:
    assert "servicemonitor.yaml" not in render(EXTERNAL)
    rendered = render(
        {**EXTERNAL, "serviceMonitor": {"enabled": True, "labels": {"release": "prometheus"}}}
    )
    monitor = _one(rendered, "servicemonitor.yaml")
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    assert monitor["metadata"]["labels"]["release"] == "prometheus"
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint == {
        "port": "http",
        "path": "/metrics",
        "interval": "30s",
        "scrapeTimeout": "10s",
    }
    service = _one(rendered, "service.yaml")
    assert service["spec"]["ports"][0]["name"] == "http"
    assert (
        monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
    )
    assert monitor["spec"]["namespaceSelector"] == {"matchNames": [NAMESPACE]}


def test_redis_ca_and_extra_volumes(render: Callable[..., Rendered]) -> None:
    rendered = render(
        {
            **EXTERNAL,
            "redis": {**EXTERNAL["redis"], "caSecret": {"name": "redis-ca"}},
            "extraVolumes": [{"name": "extra", "configMap": {"name": "cm"}}],
            "extraVolumeMounts": [{"name": "extra", "mountPath": "/etc/extra"}],
        }
    )
    env = _env(rendered)
    assert env["ADVISOR_REDIS_CA_FILE"]["value"] == "/etc/advisor/redis-ca/ca.crt"
    mounts = {m["name"]: m for m in _container(rendered)["volumeMounts"]}
    assert mounts["redis-ca"] == {
        "name": "redis-ca",
        "mountPath": "/etc/advisor/redis-ca",
        "readOnly": True,
    }
    assert mounts["extra"]["mountPath"] == "/etc/extra"
    volumes = {
        v["name"]: v
        for v in _one(rendered, "deployment.yaml")["spec"]["template"]["spec"]["volumes"]
    }
    assert volumes["redis-ca"]["secret"]["secretName"] == "redis-ca"
    assert volumes["extra"]["configMap"] == {"name": "cm"}
    assert "ADVISOR_REDIS_CA_FILE" not in _env(render(EXTERNAL))


def test_image_by_digest(render: Callable[..., Rendered]) -> None:
    digest = "sha256:" + "ab" * 32
    image = {"repository": "registry.example.com/advisor", "tag": "0.1.0", "digest": digest}
    rendered = render({**EXTERNAL, "image": image})
    assert _container(rendered)["image"] == f"registry.example.com/advisor@{digest}"
    with pytest.raises(RuntimeError, match="digest"):
        render({**EXTERNAL, "image": {**image, "digest": "latest"}})


def test_chart_readme_documents_every_value() -> None:
    table = (CHART / "README.md").read_text(encoding="utf-8")
    values = read_yaml_mapping(CHART / "values.yaml")
    nested = {k for k, v in values.items() if isinstance(v, dict) and v and k != "config"}
    nested -= {"podSecurityContext", "securityContext"}  # Kubernetes objects, described whole
    paths = [key for key in values if key not in nested]
    paths += [f"{key}.{sub}" for key in sorted(nested) for sub in values[key]]
    missing = [path for path in paths if f"`{path}`" not in table]
    assert missing == [], f"chart README's values table lacks {missing}"


BUNDLED = {"redis": {"bundled": {"enabled": True, "auth": {"existingSecret": "redis-auth"}}}}


def test_bundled_redis_is_optional_pinned_and_keeps_its_password(
    render: Callable[..., Rendered],
) -> None:
    rendered = render(BUNDLED)
    kinds = {doc["kind"]: doc for doc in rendered["redis-bundled.yaml"]}
    assert set(kinds) == {"Service", "StatefulSet"}, "an existing Secret: none rendered"
    statefulset, service = kinds["StatefulSet"], kinds["Service"]
    (redis,) = statefulset["spec"]["template"]["spec"]["containers"]
    assert redis["image"] == "redis:7.4.2"
    assert redis["env"][0]["valueFrom"]["secretKeyRef"] == {
        "name": "redis-auth",
        "key": "redis-password",
    }
    assert "volumeClaimTemplates" not in statefulset["spec"]
    env = _env(rendered)
    assert env["BUNDLED_REDIS_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == "redis-auth"
    assert env["REDIS_URL"]["value"] == (
        f"redis://:$(BUNDLED_REDIS_PASSWORD)@{FULLNAME}-redis:6379/0"
    )
    assert service["metadata"]["name"] == f"{FULLNAME}-redis"
    redis_labels = statefulset["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= redis_labels.items()
    app_selector = _one(rendered, "service.yaml")["spec"]["selector"]
    assert not app_selector.items() <= redis_labels.items(), "the app Service must skip Redis"
    # A password given as a value: the chart's Secret, byte-identical on every render.
    trial = {"redis": {"bundled": {"enabled": True, "auth": {"password": "abc123"}}}}
    first = render(trial)["redis-bundled.yaml"]
    assert first == render(trial)["redis-bundled.yaml"]
    (secret,) = (doc for doc in first if doc["kind"] == "Secret")
    assert base64.b64decode(secret["data"]["redis-password"]) == b"abc123"
    persistent = {
        "redis": {"bundled": {**trial["redis"]["bundled"], "persistence": {"enabled": True}}}
    }
    (claim,) = next(
        doc for doc in render(persistent)["redis-bundled.yaml"] if doc["kind"] == "StatefulSet"
    )["spec"]["volumeClaimTemplates"]
    assert claim["spec"]["resources"]["requests"]["storage"] == "1Gi"
    with pytest.raises(RuntimeError, match="stable password"):
        render({"redis": {"bundled": {"enabled": True}}})


def test_notes_say_where_redis_comes_from(backend: Backend, chart: Path) -> None:
    _, notes = backend.render(chart, {})
    if notes is None:
        if os.environ.get("CI"):
            pytest.fail(f"{backend.name} cannot render NOTES.txt in CI", pytrace=False)
        pytest.skip(f"{backend.name} does not render NOTES.txt with helm template")
    assert f'REDIS_URL from Secret "{FULLNAME}-redis"' in notes and "Create it" in notes
    _, notes = backend.render(chart, BUNDLED)
    assert notes is not None and f"bundled single pod {FULLNAME}-redis" in notes
    assert "Create it" not in notes


REMOVED_KEYS: dict[str, tuple[dict[str, Any], str]] = {
    "redis.enabled": ({"redis": {"enabled": True}}, "'enabled' not allowed"),
    "redis.architecture": ({"redis": {"architecture": "standalone"}}, "'architecture'"),
    "redis.auth.existingSecret": ({"redis": {"auth": {"existingSecret": "r"}}}, "'auth'"),
    "redis.master.persistence.enabled": (
        {"redis": {"master": {"persistence": {"enabled": True}}}},
        "'master'",
    ),
    "externalRedisUrl": ({"externalRedisUrl": "redis://redis.example:6379/0"}, "'externalRedisUrl'"),
    "externalRedisUrlSecret.name": (
        {"externalRedisUrlSecret": {"name": "r", "key": "redis-url"}},
        "'externalRedisUrlSecret'",
    ),
}
"""Keys of the chart before it dropped Bitnami's Redis (git show d20969a^:.../values.yaml), and
what the schema's refusal names."""


@pytest.mark.parametrize("key", list(REMOVED_KEYS))
def test_removed_keys_fail_loudly_and_the_readme_says_what_to_set(
    render: Callable[..., Rendered], key: str
) -> None:
    values, named = REMOVED_KEYS[key]
    with pytest.raises(RuntimeError, match=named):
        render(values)
    readme = (CHART / "README.md").read_text(encoding="utf-8")
    migration = readme.split("## Upgrading", 1)[1].split("## Values", 1)[0]
    assert f"`{key}" in migration, key
