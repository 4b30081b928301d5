"""The Teams app package: the zip a Teams admin uploads (manifest.json and two icons at its root).

The source of truth is ``deploy/teams/``; identical copies live in ``bot/teams/assets/`` so the
package can be built from an installed distribution too (a test keeps the two in step). The
bot's Microsoft App ID goes into the manifest's ``id`` and ``bots[0].botId``; the publisher's
details (:class:`Publisher`: app name, developer name, website, privacy and terms URLs) replace
the shipped placeholders (``https://YOUR-HOST/...``), which production packaging refuses.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["ASSET_FILES", "DEFAULT_FILENAME", "Publisher", "build_package", "manifest_for"]

PLACEHOLDER_HOST = "YOUR-HOST"
"""The host of the shipped manifest's URLs: a reminder to fill them in, never a real site."""
_MAX_URL = 2048
_MAX_SHORT_NAME = 30
_MAX_FULL_NAME = 100
_MAX_DEVELOPER = 32


@dataclass(frozen=True, slots=True)
class Publisher:
    """Who publishes the app. ``None`` keeps the shipped value (the placeholder URLs)."""

    name: str | None = None
    developer: str | None = None
    website_url: str | None = None
    privacy_url: str | None = None
    terms_url: str | None = None
    production: bool = False
    """Refuse the placeholder URLs: every URL must be given."""

ASSET_FILES = ("manifest.json", "color.png", "outline.png")
"""The files at the zip's root, in the order they are written."""

DEFAULT_FILENAME = "engagement-advisor-teams.zip"
"""The file name used when ``out`` is an existing directory."""

_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_NIL_GUID = "00000000-0000-0000-0000-000000000000"
# A fixed timestamp keeps the zip byte-for-byte reproducible for the same app id.
_ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def _asset(name: str) -> bytes:
    try:
        return resources.files("bot.teams").joinpath("assets", name).read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(
            f"bot/teams/assets/{name} is missing from this installation (package data)"
        ) from None


def _check_app_id(app_id: str) -> str:
    candidate = app_id.strip()
    if not _GUID.fullmatch(candidate):
        raise ValueError(
            f"app id must be a GUID such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427 "
            f"(the bot's Microsoft App ID), got {app_id!r}"
        )
    if candidate == _NIL_GUID:
        raise ValueError(
            "app id must be the bot's real Microsoft App ID, not the all-zero placeholder"
        )
    return candidate.lower()


def _check_url(option: str, value: str) -> str:
    url = value.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = urlsplit("")
    if (parts.scheme != "https" or not parts.hostname or len(url) > _MAX_URL
            or any(c.isspace() or not c.isprintable() for c in url)):
        raise ValueError(f"{option} must be an https:// URL with a host, got {value!r}")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"{option} must not carry a user name or password, got a URL with one")
    if _is_placeholder(parts.hostname):
        raise ValueError(f"{option} still names the placeholder host {PLACEHOLDER_HOST}")
    return url


def _is_placeholder(hostname: str | None) -> bool:
    """The placeholder host, alone or as a label of a longer name (``your-host.contoso.com``)."""
    return PLACEHOLDER_HOST in (hostname or "").upper().split(".")


def _check_text(option: str, value: str, limit: int) -> str:
    text = " ".join(value.split())
    if not text or len(text) > limit:
        raise ValueError(f"{option} must be 1 to {limit} characters, got {value!r}")
    return text


def _apply(manifest: dict[str, Any], publisher: Publisher) -> None:
    developer = manifest["developer"]
    urls = (("--website-url", "websiteUrl", publisher.website_url),
            ("--privacy-url", "privacyUrl", publisher.privacy_url),
            ("--terms-url", "termsOfUseUrl", publisher.terms_url))
    for option, field, value in urls:
        if value is not None:
            developer[field] = _check_url(option, value)
        elif publisher.production:
            raise ValueError(
                f"{option} is required for a production package (the shipped manifest only "
                f"has the placeholder https://{PLACEHOLDER_HOST}/)"
            )
    if publisher.developer is not None:
        developer["name"] = _check_text("--developer", publisher.developer, _MAX_DEVELOPER)
    if publisher.name is not None:
        name = _check_text("--name", publisher.name, _MAX_SHORT_NAME)
        manifest["name"] = {"short": name, "full": manifest["name"]["full"][:_MAX_FULL_NAME]}


def placeholders(manifest: dict[str, Any]) -> list[str]:
    """The manifest's developer URLs that still name the placeholder host."""
    return [
        field for field in ("websiteUrl", "privacyUrl", "termsOfUseUrl")
        if _is_placeholder(urlsplit(manifest["developer"][field]).hostname)
    ]


def manifest_for(app_id: str, publisher: Publisher | None = None) -> dict[str, Any]:
    """The Teams manifest with ``app_id`` in ``id`` and ``bots[0].botId`` and the publisher's
    details in place of the placeholders.

    Raises ``ValueError`` when ``app_id`` is not a GUID (or is the all-zero placeholder), when a
    URL is not https, names the placeholder host or (production) is missing, or a name is empty
    or too long for the manifest.
    """
    guid = _check_app_id(app_id)
    manifest: dict[str, Any] = json.loads(_asset("manifest.json"))
    manifest["id"] = guid
    manifest["bots"][0]["botId"] = guid
    _apply(manifest, publisher or Publisher())
    return manifest


def build_package(app_id: str, out: Path, publisher: Publisher | None = None) -> Path:
    """Write the Teams app package for ``app_id`` to ``out`` and return the zip's path.

    ``out`` is the zip file to write, or an existing directory (the zip is then named
    ``engagement-advisor-teams.zip`` inside it). Missing parent directories are created and an
    existing file is replaced atomically. Raises ``ValueError`` for an app id that is not a GUID.
    """
    manifest = manifest_for(app_id, publisher)
    target = out / DEFAULT_FILENAME if out.is_dir() else out
    target.parent.mkdir(parents=True, exist_ok=True)
    contents = {
        "manifest.json": (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode(),
        "color.png": _asset("color.png"),
        "outline.png": _asset("outline.png"),
    }
    fd, tmp_name = tempfile.mkstemp(prefix=".teams-package-", suffix=".zip", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with (
            os.fdopen(fd, "wb") as handle,
            zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            for name in ASSET_FILES:
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, contents[name])
        tmp.chmod(0o644)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
