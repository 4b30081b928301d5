"""deploy/slack/manifest.yml: valid against Slack's published schema and what the bot needs."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest
from deploy_support import OFFLINE_REGISTRY, REPO_ROOT, load_schema, read_yaml_mapping

MANIFEST = REPO_ROOT / "deploy" / "slack" / "manifest.yml"
REQUEST_URL = "https://YOUR-HOST/slack/events"


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return read_yaml_mapping(MANIFEST)


def test_manifest_validates_against_slack_schema(manifest: dict[str, Any]) -> None:
    schema = load_schema("slack/manifest.schema.1.0.0.json")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, registry=OFFLINE_REGISTRY)
    errors = sorted(validator.iter_errors(manifest), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors
    )


def test_display_information(manifest: dict[str, Any]) -> None:
    info = manifest["display_information"]
    assert info["name"] == "Engagement Advisor"
    # The schema spells this constraint "regex", which validators ignore: check it here.
    assert re.fullmatch(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?", info["background_color"])
    assert 175 <= len(info["long_description"]) <= 4000


def test_bot_user_and_app_home(manifest: dict[str, Any]) -> None:
    features = manifest["features"]
    assert features["bot_user"]["display_name"] == "Engagement Advisor"
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert features["app_home"].get("messages_tab_read_only_enabled", False) is False


def test_slash_command(manifest: dict[str, Any]) -> None:
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/advisor"
    assert command["usage_hint"] == "[start|ask QUESTION|assess TEXT|learn|help|forget]"
    assert command["url"] == REQUEST_URL


def test_events_and_interactivity_reach_the_server(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]
    assert settings["event_subscriptions"]["request_url"] == REQUEST_URL
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention",
        "message.channels",
        "message.groups",
        "message.im",
        "app_home_opened",
    }
    assert settings["interactivity"] == {"is_enabled": True, "request_url": REQUEST_URL}
    assert settings["socket_mode_enabled"] is False
    assert settings["token_rotation_enabled"] is False


def test_scopes_are_the_least_needed(manifest: dict[str, Any]) -> None:
    scopes = manifest["oauth_config"]["scopes"]
    assert set(scopes) == {"bot"}, "no user scopes"
    assert sorted(scopes["bot"]) == sorted(
        ["app_mentions:read", "channels:history", "chat:write", "commands", "groups:history",
         "im:history", "im:read", "im:write"]
    )


def test_the_description_says_what_channel_history_is_read_for(manifest: dict[str, Any]) -> None:
    text = " ".join(manifest["display_information"]["long_description"].split())
    assert "without an @mention" in text
    assert "ignores them without storing or logging them" in text
