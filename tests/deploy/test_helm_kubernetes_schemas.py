"""Every manifest the chart renders validates against the Kubernetes API schemas.

``kubernetes-validate`` ships the OpenAPI-derived JSON schemas for each Kubernetes release inside
the wheel, so validation is offline. The strict schemas also reject fields Kubernetes does not
know (a misplaced key the API server would silently drop). Checked at the chart's lowest
supported release (``kubeVersion: >=1.25``) and at the newest one the package knows.

The Prometheus Operator's ServiceMonitor and PrometheusRule are custom resources with no schema in
that package; they are the only kinds skipped here. tests/deploy/test_helm.py checks the
ServiceMonitor's fields, tests/deploy/test_helm_prometheus_rule.py the PrometheusRule against its
CRD's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from deploy_support import read_yaml_mapping
from helm_support import DEV_URL, EXTERNAL, PRODUCTION, Rendered

try:
    import kubernetes_validate
except ImportError:  # pragma: no cover - the test extras install it
    kubernetes_validate = None

OLDEST_SUPPORTED = "1.25"

VALUE_SETS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "production": read_yaml_mapping(PRODUCTION),
    "dev-redis-url": {
        **DEV_URL,
        "secrets": {"values": {"SLACK_BOT_TOKEN": "xoxb-test"}},
        "ingress": {"enabled": True},
        "autoscaling": {"enabled": True},
    },
    "existing-secrets": {**EXTERNAL, "secrets": {"existingSecret": "advisor-credentials"}},
    "bundled-redis": {
        "redis": {
            "bundled": {
                "enabled": True,
                "auth": {"password": "abc123"},
                "persistence": {"enabled": True, "storageClass": "standard"},
            }
        }
    },
    "bundled-redis-network-policy": {
        "redis": {"bundled": {"enabled": True, "auth": {"existingSecret": "redis-auth"}}},
        "networkPolicy": {
            "enabled": True,
            "ingressFrom": [{"namespaceSelector": {"matchLabels": {"team": "ingress"}}}],
            "egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": [{"port": 443}]}],
        },
    },
    "extras": {
        "redis": {**EXTERNAL["redis"], "caSecret": {"name": "redis-ca"}},
        "serviceAccount": {"create": False, "name": "shared"},
        "networkPolicy": {
            "enabled": True,
            "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/8"}}], "ports": [{"port": 6379}]}],
        },
        "extraEnv": [{"name": "EXTRA", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}],
        "extraVolumes": [{"name": "extra", "configMap": {"name": "cm"}}],
        "extraVolumeMounts": [{"name": "extra", "mountPath": "/etc/extra", "readOnly": True}],
    },
}
CUSTOM_RESOURCES = {"monitoring.coreos.com/v1": {"ServiceMonitor", "PrometheusRule"}}


def _validator() -> Any:
    if kubernetes_validate is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but kubernetes-validate is missing (pip install -e '.[test]')")
        pytest.skip("kubernetes-validate is not installed (it is in the test extras)")
    return kubernetes_validate


def _versions() -> list[str]:
    if kubernetes_validate is None:
        return [OLDEST_SUPPORTED]
    return [OLDEST_SUPPORTED, kubernetes_validate.latest_version()]


@pytest.mark.parametrize("version", _versions())
@pytest.mark.parametrize("values", list(VALUE_SETS.values()), ids=list(VALUE_SETS))
def test_rendered_manifests_match_kubernetes_schemas(
    render: Callable[..., Rendered], values: dict[str, Any], version: str
) -> None:
    validator = _validator()
    rendered = render(values)
    checked = []
    for template, docs in rendered.items():
        for doc in docs:
            if doc["kind"] in CUSTOM_RESOURCES.get(doc["apiVersion"], set()):
                continue
            try:
                validator.validate(doc, version, strict=True)
            except validator.ValidationError as exc:
                pytest.fail(f"{template} ({doc['kind']}) at Kubernetes {version}: {exc.message}")
            checked.append(doc["kind"])
    assert "Deployment" in checked and "Service" in checked
    policies = rendered.get("networkpolicy.yaml", [])
    assert checked.count("NetworkPolicy") == len(policies), "every NetworkPolicy validated"


def test_the_validator_rejects_a_broken_manifest(render: Callable[..., Rendered]) -> None:
    """The check above has teeth: an unknown field and a wrong type are both caught."""
    validator = _validator()
    deployment = render(EXTERNAL)["deployment.yaml"][0]
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container["readinessProbe"]["periodSecond"] = 10
    with pytest.raises(validator.ValidationError):
        validator.validate(deployment, OLDEST_SUPPORTED, strict=True)
    del container["readinessProbe"]["periodSecond"]
    validator.validate(deployment, OLDEST_SUPPORTED, strict=True)
    deployment["spec"]["replicas"] = "two"
    with pytest.raises(validator.ValidationError):
        validator.validate(deployment, OLDEST_SUPPORTED, strict=True)
