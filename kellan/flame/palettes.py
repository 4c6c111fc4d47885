"""flam3's standard palettes (read at run time from flam3's palette file) and the
colour-space helpers that palette hue rotation needs.

Debian ships the file in the package flam3-palette (pulled in by flam3-utils) as
/usr/share/flam3/flam3-palettes.xml; flam3 itself honours the environment variable
`flam3_palettes`, and so do we.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np

DEFAULT_FILE = Path("/usr/share/flam3/flam3-palettes.xml")
_PALETTE = re.compile(r'<palette\s+number="(\d+)"[^>]*?\sdata="([0-9a-fA-F\s]+)"', re.S)
_cache: dict[Path, dict[int, np.ndarray]] = {}


class PaletteError(Exception):
    """The palette file is missing or does not hold the palette asked for."""


def palette_file() -> Path:
    """Where flam3's palettes are: $flam3_palettes, or Debian's standard place."""
    env = os.environ.get("flam3_palettes")  # noqa: SIM112 - flam3's own (lower-case) name
    return Path(env) if env else DEFAULT_FILE


def _load(path: Path) -> dict[int, np.ndarray]:
    if path in _cache:
        return _cache[path]
    try:
        text = path.read_text(encoding="ascii", errors="replace")
    except OSError:
        raise PaletteError(
            f"flam3's palette file {path} is missing (install Debian's flam3-palette or "
            "flam3-utils, or set flam3_palettes=FILE); genomes that name a palette by "
            "number need it"
        ) from None
    palettes: dict[int, np.ndarray] = {}
    for m in _PALETTE.finditer(text):
        digits = re.sub(r"\s+", "", m.group(2))
        if len(digits) != 256 * 8:
            continue  # a damaged entry; flam3 would misread it, we skip it
        raw = np.frombuffer(bytes.fromhex(digits), dtype=np.uint8).reshape(256, 4)
        palettes[int(m.group(1))] = raw[:, 1:].astype(np.float64) / 255.0  # 00RRGGBB
    _cache[path] = palettes
    return palettes


def standard_palette(number: int, hue: float = 0.0, path: Path | None = None) -> np.ndarray:
    """Palette `number` of flam3's file as (256, 3) RGB in 0..1, its hue turned by `hue`
    (in turns, as flam3's `hue` attribute)."""
    path = path or palette_file()
    palettes = _load(path)
    if number not in palettes:
        raise PaletteError(f"{path} has no palette number {number}")
    rgb = palettes[number]
    return rotate_hue(rgb, hue) if hue else rgb.copy()


def rgb_to_hsv(rgb: np.ndarray) -> np.ndarray:
    """RGB (..., 3) in 0..1 to HSV with hue in 0..6 (flam3's convention)."""
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    v = rgb.max(axis=-1)
    delta = v - rgb.min(axis=-1)
    s = np.where(v > 0, delta / np.where(v > 0, v, 1.0), 0.0)
    d = np.where(delta > 0, delta, 1.0)
    rc, gc, bc = (v - r) / d, (v - g) / d, (v - b) / d
    h = np.where(r == v, bc - gc, np.where(g == v, 2.0 + rc - bc, 4.0 + gc - rc))
    h = np.where(s > 0, np.mod(h, 6.0), 0.0)
    return np.stack([h, s, v], axis=-1)


def hsv_to_rgb(hsv: np.ndarray) -> np.ndarray:
    """Inverse of rgb_to_hsv (hue in 0..6, wrapped)."""
    h = np.mod(hsv[..., 0], 6.0)
    s, v = hsv[..., 1], hsv[..., 2]
    j = np.floor(h).astype(int) % 6
    f = h - np.floor(h)
    p, q, t = v * (1 - s), v * (1 - s * f), v * (1 - s * (1 - f))
    table = [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)]
    out = np.zeros((*h.shape, 3))
    for k, (rr, gg, bb) in enumerate(table):
        sel = j == k
        out[sel] = np.stack([rr[sel], gg[sel], bb[sel]], axis=-1)
    return out


def rotate_hue(rgb: np.ndarray, turns: float) -> np.ndarray:
    """Turn the hue of every colour by `turns` of the colour wheel."""
    hsv = rgb_to_hsv(np.asarray(rgb, dtype=np.float64))
    hsv[..., 0] += 6.0 * turns
    return hsv_to_rgb(hsv)
