"""Helpers for the deploy artifacts' tests: the repo root, the published schemas, PNG reading."""

from __future__ import annotations

import json
import os
import shutil
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from referencing import Registry

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMAS_DIR = (REPO_ROOT / ".." / "shared" / "schemas").resolve()


def venv_tool(name: str, package: str) -> str:
    """The ``name`` executable that the test extra ``package`` installs beside this Python (or,
    failing that, on PATH). Missing, the calling test fails, never skips: ``.[test]`` has it."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: pip install -e '.[test]' (it comes from {package})")
    return found


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """A YAML file whose document is a mapping (it must be)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def load_schema(relative: str) -> dict[str, Any]:
    """A published schema from ``../shared/schemas``.

    Outside CI a missing folder (a user's fresh clone) skips the calling test, saying why; in CI
    (``CI`` set) the folder is always laid beside the checkout, so its absence is a failure.
    """
    path = SCHEMAS_DIR / relative
    if not SCHEMAS_DIR.is_dir():
        where = (
            f"the published schemas folder {SCHEMAS_DIR} is absent (it sits beside the repo "
            "as ../shared/schemas, which a fresh clone does not have)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the schemas must be there, but {where}", pytrace=False)
        pytest.skip(f"schema validation skipped: {where}")
    if not path.is_file():
        pytest.fail(f"schema {path} is missing from {SCHEMAS_DIR}", pytrace=False)
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def _refuse_remote(uri: str) -> Any:
    raise LookupError(f"refusing to fetch {uri}: schema validation stays offline")


OFFLINE_REGISTRY: Registry[Any] = Registry(retrieve=_refuse_remote)
"""A registry that resolves only what the schema itself defines; a remote $ref fails."""


@dataclass(frozen=True)
class Png:
    width: int
    height: int
    colour_type: int
    pixels: list[list[tuple[int, ...]]]


_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def read_png(data: bytes) -> Png:
    """Parse an 8-bit, non-interlaced greyscale/RGB/RGBA PNG, checking every chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    pos, idat, header = 8, b"", b""
    kinds: list[bytes] = []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, f"bad CRC in {kind!r}"
        kinds.append(kind)
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND", kinds
    width, height, depth, colour_type, _comp, _filter, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and interlace == 0 and colour_type in _CHANNELS, header
    bpp = _CHANNELS[colour_type]
    stride = width * bpp
    raw = zlib.decompress(idat)
    assert len(raw) == height * (stride + 1)
    previous = bytearray(stride)
    rows: list[list[tuple[int, ...]]] = []
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            corner = previous[i - bpp] if i >= bpp else 0
            predictor = (0, left, up, (left + up) // 2, _paeth(left, up, corner))[kind]
            line[i] = (line[i] + predictor) & 0xFF
        rows.append([tuple(line[x : x + bpp]) for x in range(0, stride, bpp)])
        previous = line
    return Png(width, height, colour_type, rows)
