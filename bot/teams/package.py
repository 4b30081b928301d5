"""The Teams app package: the zip a Teams admin uploads (manifest.json and two icons at its root).

The source of truth is ``deploy/teams/``; identical copies live in ``bot/teams/assets/`` so the
package can be built from an installed distribution too (a test keeps the two in step). Only
the bot's Microsoft App ID is substituted: into the manifest's ``id`` and ``bots[0].botId``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["ASSET_FILES", "DEFAULT_FILENAME", "build_package", "manifest_for"]

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


def manifest_for(app_id: str) -> dict[str, Any]:
    """The Teams manifest with ``app_id`` in ``id`` and ``bots[0].botId``.

    Raises ``ValueError`` when ``app_id`` is not a GUID (or is the all-zero placeholder).
    """
    guid = _check_app_id(app_id)
    manifest: dict[str, Any] = json.loads(_asset("manifest.json"))
    manifest["id"] = guid
    manifest["bots"][0]["botId"] = guid
    return manifest


def build_package(app_id: str, out: Path) -> Path:
    """Write the Teams app package for ``app_id`` to ``out`` and return the zip's path.

    ``out`` is the zip file to write, or an existing directory (the zip is then named
    ``engagement-advisor-teams.zip`` inside it). Missing parent directories are created and an
    existing file is replaced atomically. Raises ``ValueError`` for an app id that is not a GUID.
    """
    manifest = manifest_for(app_id)
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
