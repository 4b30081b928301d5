"""values.schema.json is strict at every level, and `helm template` refuses what it rejects.

Each bad value below must stop the render with an error naming the offending key; the same value
set with the mistake removed renders (so the failure is the mistake's, not something else's).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from deploy_support import read_yaml_mapping
from helm_support import CHART, EXTERNAL, PRODUCTION, Rendered
from pydantic import SecretStr

from bot.settings import Settings

SCHEMA: dict[str, Any] = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))
NOT_CONFIG = {"ADVISOR_HOST", "ADVISOR_PORT", "REDIS_URL"}
"""Set by the chart itself: the container's args, and REDIS_URL from its Secret."""


def _secret_settings() -> set[str]:
    return {
        name.upper()
        for name, field in Settings.model_fields.items()
        if SecretStr in getattr(field.annotation, "__args__", (field.annotation,))
    }


def _objects(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            found.append((where or "/", node))
        for key, child in node.items():
            found.extend(_objects(child, f"{where}/{key}"))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            found.extend(_objects(child, f"{where}/{i}"))
    return found


def test_every_object_with_known_keys_refuses_unknown_ones() -> None:
    objects = _objects(SCHEMA)
    assert len(objects) > 20
    loose = [where for where, node in objects if node.get("additionalProperties") is not False]
    assert loose == [], loose


def test_config_keys_are_exactly_the_non_secret_settings() -> None:
    """Never a setting the bot does not read; never a credential in plain config."""
    settings = {name.upper() for name in Settings.model_fields}
    secret = _secret_settings()
    assert set(SCHEMA["properties"]["config"]["properties"]) == settings - secret - NOT_CONFIG
    assert set(SCHEMA["properties"]["secrets"]["properties"]["keys"]["propertyNames"]["enum"]) == (
        secret
    )
    assert set(read_yaml_mapping(CHART / "values.yaml")["secrets"]["keys"]) == secret


BAD_VALUES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "typo-top-level": (lambda v: v.update(replicaCont=3), "replicaCont"),
    "typo-nested": (lambda v: v["probes"]["readiness"].update(periodSecond=5), "periodSecond"),
    "typo-config-key": (lambda v: v["config"].update(ADVISOR_LOG_LEVL="INFO"), "ADVISOR_LOG_LEVL"),
    "period-not-a-number": (
        lambda v: v["probes"]["liveness"].update(periodSeconds="abc"),
        "periodSeconds",
    ),
    "credential-in-config": (
        lambda v: v["config"].update(SLACK_BOT_TOKEN="xoxb-1"),
        "SLACK_BOT_TOKEN",
    ),
    "redis-url-in-config": (
        lambda v: v["config"].update(REDIS_URL="redis://:pw@r:6379/0"),
        "REDIS_URL",
    ),
    "min-above-max": (
        lambda v: v["autoscaling"].update(minReplicas=12, maxReplicas=4),
        "autoscaling.minReplicas (12) is above autoscaling.maxReplicas (4)",
    ),
    "wrong-type-deep": (
        lambda v: v["securityContext"]["capabilities"].update(drop="ALL"),
        "drop",
    ),
}


@pytest.mark.parametrize("base", [EXTERNAL, read_yaml_mapping(PRODUCTION)], ids=["min", "prod"])
@pytest.mark.parametrize("mistake", list(BAD_VALUES), ids=list(BAD_VALUES))
def test_helm_template_rejects(
    render: Callable[..., Rendered], base: dict[str, Any], mistake: str
) -> None:
    values = copy.deepcopy({**read_yaml_mapping(CHART / "values.yaml"), **base})
    render(values)  # fine before the mistake
    mutate, named = BAD_VALUES[mistake]
    mutate(values)
    with pytest.raises(RuntimeError) as caught:
        render(values)
    assert named in str(caught.value)


def test_schema_alone_rejects_the_same_typos() -> None:
    """The schema itself (not only a template) catches them, so `helm lint` does too."""
    defaults = read_yaml_mapping(CHART / "values.yaml")
    jsonschema.validate(defaults, SCHEMA)
    for mistake, (mutate, _) in BAD_VALUES.items():
        if mistake == "min-above-max":
            continue  # across two keys: the template helper's job
        values = copy.deepcopy(defaults)
        mutate(values)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(values, SCHEMA)
