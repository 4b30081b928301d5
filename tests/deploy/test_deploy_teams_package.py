"""deploy/teams and bot/teams/package.py: the manifest, the icons and the uploadable zip."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from deploy_support import OFFLINE_REGISTRY, REPO_ROOT, load_schema, read_png

from bot.teams.package import ASSET_FILES, DEFAULT_FILENAME, build_package, manifest_for

DEPLOY_TEAMS = REPO_ROOT / "deploy" / "teams"
ASSETS = REPO_ROOT / "bot" / "teams" / "assets"
APP_ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
PLACEHOLDER = "00000000-0000-0000-0000-000000000000"
COMMANDS = {"help", "start", "learn", "why", "back", "reset", "forget"}


def _validate_teams(manifest: dict[str, Any]) -> None:
    schema = load_schema("teams/MicrosoftTeams.schema.json")
    cls = jsonschema.validators.validator_for(schema)
    # Not check_schema(): it also checks "format: regex", and the published schema uses \p{L},
    # which Python's re lacks (only in Office add-in extensions, never reached here).
    assert not list(cls(cls.META_SCHEMA).iter_errors(schema)), "schema fails its metaschema"
    validator = cls(schema, registry=OFFLINE_REGISTRY)
    errors = sorted(validator.iter_errors(manifest), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors
    )
    # The schema is draft-04, which has no "const": check the pinned manifest version here.
    assert manifest["manifestVersion"] == schema["properties"]["manifestVersion"]["const"]


def _zip(tmp_path: Path, app_id: str = APP_ID) -> tuple[Path, dict[str, bytes]]:
    path = build_package(app_id, tmp_path / "out" / "teams.zip")
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        return path, {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("name", ASSET_FILES)
def test_packaged_assets_match_deploy_sources(name: str) -> None:
    source, copy = DEPLOY_TEAMS / name, ASSETS / name
    assert copy.read_bytes() == source.read_bytes(), (
        f"bot/teams/assets/{name} differs from deploy/teams/{name} (the source of truth): "
        f"copy it over (python deploy/teams/make_icons.py redraws both sets of icons)"
    )


def test_deploy_manifest_is_valid_with_placeholders() -> None:
    manifest = json.loads((DEPLOY_TEAMS / "manifest.json").read_text(encoding="utf-8"))
    _validate_teams(manifest)
    assert manifest["id"] == PLACEHOLDER
    assert manifest["bots"][0]["botId"] == PLACEHOLDER
    assert manifest["$schema"].endswith("/teams/v1.29/MicrosoftTeams.schema.json")


def test_deploy_manifest_content() -> None:
    manifest = json.loads((DEPLOY_TEAMS / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["name"]["short"] == "Engagement Advisor"
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", manifest["accentColor"])
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert manifest["validDomains"]
    (bot,) = manifest["bots"]
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    assert bot.get("isNotificationOnly", False) is False
    listed_scopes: set[str] = set()
    for command_list in bot["commandLists"]:
        listed_scopes.update(command_list["scopes"])
        assert {c["title"] for c in command_list["commands"]} == COMMANDS
    assert listed_scopes == set(bot["scopes"])


def test_package_zip_layout_and_manifest(tmp_path: Path) -> None:
    path, files = _zip(tmp_path)
    assert path == tmp_path / "out" / "teams.zip"
    assert sorted(files) == sorted(ASSET_FILES), "every file at the zip root, nothing else"
    manifest = json.loads(files["manifest.json"])
    assert manifest["id"] == APP_ID
    assert manifest["bots"][0]["botId"] == APP_ID
    _validate_teams(manifest)
    assert files["color.png"] == (DEPLOY_TEAMS / "color.png").read_bytes()
    assert files["outline.png"] == (DEPLOY_TEAMS / "outline.png").read_bytes()


def test_package_changes_only_the_ids(tmp_path: Path) -> None:
    _, files = _zip(tmp_path)
    packaged = json.loads(files["manifest.json"])
    source = json.loads((DEPLOY_TEAMS / "manifest.json").read_text(encoding="utf-8"))
    source["id"] = source["bots"][0]["botId"] = APP_ID
    assert packaged == source


def test_package_is_reproducible_and_normalises_the_id(tmp_path: Path) -> None:
    first = build_package(APP_ID, tmp_path / "a.zip").read_bytes()
    second = build_package(f"  {APP_ID.upper()}\n", tmp_path / "b.zip").read_bytes()
    assert first == second


def test_package_into_a_directory_and_over_an_existing_file(tmp_path: Path) -> None:
    path = build_package(APP_ID, tmp_path)
    assert path == tmp_path / DEFAULT_FILENAME
    path.write_bytes(b"stale")
    assert build_package(APP_ID, tmp_path) == path
    assert zipfile.is_zipfile(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [DEFAULT_FILENAME], "no temp files left"


def test_color_icon_is_192_opaque() -> None:
    png = read_png((DEPLOY_TEAMS / "color.png").read_bytes())
    assert (png.width, png.height) == (192, 192)
    if png.colour_type in (4, 6):
        assert all(px[-1] == 255 for row in png.pixels for px in row), "colour icon is opaque"
    assert len({px[:3] for row in png.pixels for px in row}) >= 2, "a design, not a blank square"


def test_outline_icon_is_32_white_on_transparent() -> None:
    png = read_png((DEPLOY_TEAMS / "outline.png").read_bytes())
    assert (png.width, png.height) == (32, 32)
    assert png.colour_type == 6, "RGBA, so the background can be transparent"
    alphas = {px[3] for row in png.pixels for px in row}
    assert 0 in alphas and 255 in alphas
    assert all(px[:3] == (255, 255, 255) for row in png.pixels for px in row if px[3]), (
        "every visible outline pixel is white"
    )


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "not-a-guid",
        "1b4e28ba2fa111d2883f0016d3cca427",
        "1b4e28ba-2fa1-11d2-883f-0016d3cca42",
        "1b4e28ba-2fa1-11d2-883f-0016d3cca427x",
        "{1b4e28ba-2fa1-11d2-883f-0016d3cca427}",
        "zb4e28ba-2fa1-11d2-883f-0016d3cca427",
        "1b4e28ba-2fa1-11d2-883f-0016d3cca427\n1b4e28ba-2fa1-11d2-883f-0016d3cca427",
    ],
)
def test_bad_app_id_raises_and_writes_nothing(tmp_path: Path, bad: str) -> None:
    target = tmp_path / "teams.zip"
    with pytest.raises(ValueError, match="app id must be a GUID"):
        build_package(bad, target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_placeholder_app_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="placeholder"):
        build_package(PLACEHOLDER, tmp_path / "teams.zip")


def test_manifest_for_does_not_touch_the_shipped_copy() -> None:
    manifest_for(APP_ID)["name"]["short"] = "changed"
    assert manifest_for(APP_ID)["name"]["short"] == "Engagement Advisor"


def test_missing_assets_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.teams.package as package

    (tmp_path / "assets").mkdir()
    monkeypatch.setattr(package.resources, "files", lambda _anchor: tmp_path)
    with pytest.raises(FileNotFoundError, match=r"assets/manifest\.json is missing"):
        build_package(APP_ID, tmp_path / "teams.zip")


# --- the publisher's details (issue 15 part 5) --------------------------------------------------

PUBLISHER = (
    "--name",
    "Deal Advisor",
    "--developer",
    "Contoso Sales Tools",
    "--website-url",
    "https://advisor.contoso.example/",
    "--privacy-url",
    "https://advisor.contoso.example/privacy",
    "--terms-url",
    "https://advisor.contoso.example/terms",
)


def _cli(*args: str, env: dict[str, str] | None = None) -> Any:
    import os
    import subprocess
    import sys

    advisor = str(Path(sys.executable).with_name("advisor"))
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "MICROSOFT_"))}
    return subprocess.run(
        [advisor, "teams-package", "--app-id", APP_ID, *args],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=60,
        check=False,
    )


def test_cli_sets_the_publisher_and_the_manifest_stays_valid(tmp_path: Path) -> None:
    out = tmp_path / "pkg.zip"
    p = _cli("--out", str(out), *PUBLISHER, env={"ADVISOR_ENV": "production"})
    assert p.returncode == 0, p.stderr
    assert "warning" not in p.stderr
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    _validate_teams(manifest)
    assert manifest["name"]["short"] == "Deal Advisor"
    assert manifest["developer"] == {
        "name": "Contoso Sales Tools",
        "websiteUrl": "https://advisor.contoso.example/",
        "privacyUrl": "https://advisor.contoso.example/privacy",
        "termsOfUseUrl": "https://advisor.contoso.example/terms",
    }
    assert "YOUR-HOST" not in json.dumps(manifest)


def test_production_packaging_refuses_the_placeholders(tmp_path: Path) -> None:
    out = tmp_path / "pkg.zip"
    p = _cli("--out", str(out), env={"ADVISOR_ENV": "production"})
    assert p.returncode == 2
    assert p.stderr.count("\n") == 1 and "--website-url is required" in p.stderr
    assert not out.exists()
    dev = _cli("--out", str(out))
    assert dev.returncode == 0 and "placeholder" in dev.stderr and out.exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--website-url", "http://advisor.contoso.example/", "https:// URL"),
        ("--privacy-url", "https:///privacy", "https:// URL"),
        ("--terms-url", "https://YOUR-HOST/terms", "placeholder host"),
        ("--name", "A name that is far too long for the Teams manifest", "1 to 30"),
        ("--developer", "   ", "1 to 32"),
    ],
)
def test_bad_publisher_details_exit_2_and_write_nothing(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    out = tmp_path / "pkg.zip"
    p = _cli("--out", str(out), option, value)
    assert p.returncode == 2, p.stderr
    assert message in p.stderr and "Traceback" not in p.stderr
    assert not out.exists()
