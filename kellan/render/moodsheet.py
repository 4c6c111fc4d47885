"""The eight moods of the circumplex, one participant alone in each: stills, simple image
measures of them, and a labelled contact sheet.

The measures are what a stranger's eye uses to tell moods apart (docs/emotion-model.md):
how bright and how colourful the particles are, how widely they spread, how high they
float, how fine-grained their texture is, and how much they move between two moments a
quarter of a second apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from kellan.dreamscape import Dreamscape
from kellan.render.offscreen import render_dreamscape
from kellan.scene import Scene, parse_scene

# Counter-clockwise from pure pleasure, 45° apart (Russell 1980).
OCTANTS = ("happy", "excited", "alert", "tense", "upset", "sad", "tired", "calm")
RADIUS = 0.85  # how far from neutral each mood sits on the circumplex
MEASURES = ("brightness", "saturation", "spread", "height", "texture", "motion")
# What "differs clearly" means for each measure: the difference a viewer notices
# (brightness and saturation on a 0..1 scale, spread and height as a fraction of the
# frame height, texture relative, motion as a fraction of lit pixels that change).
CLEAR = {"brightness": 0.06, "saturation": 0.06, "spread": 0.04, "height": 0.05,
         "texture": 0.15, "motion": 0.15}  # fmt: skip

# The sheet shows how each mood looks, so no verse is drawn over it.
SCENE = """\
schema = 1
title = "{title}"
seed = 7

[camera]
distance = 10.5
elevation = 12.0
frame = true

[dynamics]
particles = {particles}
stage = 1.45

[render]
bloom = 0.35

[poetry]
show = false

[[participants]]
id = "alone"
name = "Alone"
hue = {hue}
emotion = {{ pleasure = {p:.4f}, arousal = {a:.4f}, dominance = 0.0 }}
"""


def octant_pad(k: int) -> tuple[float, float]:
    ang = math.radians(45.0 * k)
    return RADIUS * math.cos(ang), RADIUS * math.sin(ang)


def octant_scene(k: int, particles: int = 12_000, hue: float = 200.0) -> Scene:
    p, a = octant_pad(k)
    text = SCENE.format(title=OCTANTS[k], particles=particles, hue=hue, p=p, a=a)
    return parse_scene(text, f"<{OCTANTS[k]}>")


def render_octant(k: int, size: tuple[int, int], time: float, particles: int = 12_000,
                  dt: float = 1.0 / 15.0) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Two stills of mood k, at `time` and `dt` later."""
    ds = Dreamscape(octant_scene(k, particles))
    ds.advance_to(time)
    first = render_dreamscape(ds, size)
    ds.advance_to(time + dt)
    return first, render_dreamscape(ds, size)


@dataclass(frozen=True)
class Still:
    name: str
    image: np.ndarray
    later: np.ndarray


def image_measures(img: np.ndarray, later: np.ndarray) -> dict[str, float]:
    """The six measures of one mood's stills (RGB uint8)."""
    rgb = img[..., :3].astype(np.float64) / 255.0
    h = rgb.shape[0]
    mx = rgb.max(axis=-1)
    mn = rgb.min(axis=-1)
    lit = mx > 0.12
    if lit.sum() < 10:
        return dict.fromkeys(MEASURES, 0.0)
    weight = mx * lit
    ys, xs = np.nonzero(lit)
    wts = weight[lit]
    cy = float((ys * wts).sum() / wts.sum())
    cx = float((xs * wts).sum() / wts.sum())
    spread = math.sqrt(float((((ys - cy) ** 2 + (xs - cx) ** 2) * wts).sum() / wts.sum()))
    lap = np.abs(4 * mx[1:-1, 1:-1] - mx[:-2, 1:-1] - mx[2:, 1:-1] - mx[1:-1, :-2]
                 - mx[1:-1, 2:])  # fmt: skip
    texture = float(lap[lit[1:-1, 1:-1]].mean() / max(mx[lit].mean(), 1e-6))
    later_mx = later[..., :3].astype(np.float64).max(axis=-1) / 255.0
    moved = np.abs(later_mx - mx) > 0.1
    either = lit | (later_mx > 0.12)
    return {
        "brightness": float(mx[lit].mean()),
        "saturation": float(((mx - mn) / np.maximum(mx, 1e-6))[lit].mean()),
        "spread": spread / h,
        "height": 1.0 - cy / h,  # 0 at the bottom of the frame, 1 at the top
        "texture": texture,
        "motion": float(moved[either].mean()),
    }


def clear_differences(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    """For each measure, the difference between two moods in units of CLEAR (1.0 is a
    difference a viewer notices)."""
    out = {}
    for m in MEASURES:
        d = abs(a[m] - b[m])
        if m == "texture":
            d /= max(a[m], b[m], 1e-6)
        out[m] = d / CLEAR[m]
    return out


def sheet(stills: list[Still], columns: int = 4) -> np.ndarray:
    """A labelled contact sheet of the stills (RGB uint8)."""
    h, w = stills[0].image.shape[:2]
    rows = math.ceil(len(stills) / columns)
    out = Image.new("RGB", (columns * w, rows * h), (0, 0, 0))
    draw = ImageDraw.Draw(out)
    try:
        font = ImageFont.load_default(size=max(12, h // 14))
    except TypeError:  # older Pillow
        font = ImageFont.load_default()
    for k, still in enumerate(stills):
        x, y = (k % columns) * w, (k // columns) * h
        out.paste(Image.fromarray(still.image[..., :3]), (x, y))
        draw.text((x + 10, y + 8), still.name, fill=(235, 235, 240), font=font)
    return np.asarray(out)
