"""Draw the Teams app icons with the standard library alone (zlib + struct).

Run once from the repo root (``python deploy/teams/make_icons.py``) when the design changes; the
PNGs are committed. It writes ``deploy/teams/{color,outline}.png`` (the source of truth) and the
identical copies under ``bot/teams/assets/`` that ship inside the installed package.

- ``color.png``: 192x192, opaque, the white "EA" monogram on the accent colour, inside the
  96x96 safe area Teams recommends.
- ``outline.png``: 32x32, white on transparent (Teams tints it), the monogram in a white frame.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

ACCENT = (0x3D, 0x4D, 0xB7)
WHITE = (0xFF, 0xFF, 0xFF)

GLYPHS = {
    "E": ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
    "A": [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
}

Pixel = tuple[int, int, int, int]


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def encode_png(rows: list[list[Pixel]]) -> bytes:
    """An 8-bit RGBA PNG (colour type 6), every scanline with filter type 0."""
    height, width = len(rows), len(rows[0])
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def _stamp(rows: list[list[Pixel]], text: str, scale: int, gap: int, colour: Pixel) -> None:
    """Draw ``text`` centred, each glyph cell ``scale`` pixels square, ``gap`` cells apart."""
    glyph_w, glyph_h = 5 * scale, 7 * scale
    total_w = len(text) * glyph_w + (len(text) - 1) * gap
    height, width = len(rows), len(rows[0])
    x0, y0 = (width - total_w) // 2, (height - glyph_h) // 2
    for index, letter in enumerate(text):
        left = x0 + index * (glyph_w + gap)
        for gy, line in enumerate(GLYPHS[letter]):
            for gx, cell in enumerate(line):
                if cell != "#":
                    continue
                for dy in range(scale):
                    for dx in range(scale):
                        rows[y0 + gy * scale + dy][left + gx * scale + dx] = colour


def color_icon() -> bytes:
    size = 192
    rows: list[list[Pixel]] = [[(*ACCENT, 255) for _ in range(size)] for _ in range(size)]
    _stamp(rows, "EA", scale=8, gap=8, colour=(*WHITE, 255))
    return encode_png(rows)


def outline_icon() -> bytes:
    size = 32
    clear: Pixel = (*WHITE, 0)
    solid: Pixel = (*WHITE, 255)
    rows: list[list[Pixel]] = [[clear for _ in range(size)] for _ in range(size)]
    for y in range(size):
        for x in range(size):
            dx, dy = min(x, size - 1 - x), min(y, size - 1 - y)
            if min(dx, dy) < 2 and dx + dy >= 2:  # a 2-pixel frame with clipped corners
                rows[y][x] = solid
    _stamp(rows, "EA", scale=2, gap=2, colour=solid)
    return encode_png(rows)


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    icons = {"color.png": color_icon(), "outline.png": outline_icon()}
    for folder in (root / "deploy" / "teams", root / "bot" / "teams" / "assets"):
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in icons.items():
            (folder / name).write_bytes(data)
            print(f"wrote {folder / name} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
