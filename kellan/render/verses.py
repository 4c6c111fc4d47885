"""Rhea's verses over the picture: large, soft-backed text that fades in and out.

The text is rasterised on the CPU with PIL (the font bundled in Pillow, so the pixels
depend on nothing installed on the machine) into a premultiplied RGBA texture, once per
verse and output size, and drawn as one small quad over the finished picture (after the
tone map, so the letters keep their colour and stay sharp when the live view is drawn
smaller and stretched). A dark, blurred backing and a pale glow keep it readable over
bright particles on a projector. The box goes in the corner (a lower one when they are
equal) that keeps farthest from the sculptures as the camera sees them.

Which verse shows, and how strongly, comes from the frame alone (its time and its
latest verses), so stills and recordings show a verse exactly when the live view does.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from vispy import gloo

from kellan.dreamscape.frame import Frame
from kellan.dreamscape.poet import VerseView
from kellan.render.shaders import program_sources

FADE_IN = 1.0  # seconds
FADE_OUT = 2.0  # seconds at the end of its hold
REPLACED_FADE = 0.8  # seconds for a verse to give way to a newer one
TEXT = (246, 240, 228)  # a warm white
GLOW = (255, 214, 160)  # pale gold, blurred around the letters
BACKING = (4, 4, 12)
BACKING_ALPHA = 0.62
MARGIN = 0.035  # of the picture's height, from its edges
MAX_WIDTH = 0.46  # of the picture's width, for the text box
LEADING = 1.32  # line height over letter size
SQUARE = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=np.float32)


def verse_alpha(verses: tuple[VerseView, ...], k: int, now: float, hold: float) -> float:
    """How visible verses[k] is at show time `now` (0..1): it fades in, holds, fades out
    at the end of `hold` seconds, or gives way within REPLACED_FADE to the next one. A
    verse that replaces one still on screen waits for it to go before fading in, so two
    verses never overlap in the same corner."""
    v = verses[k]
    start = v.time
    if k > 0 and verses[k - 1].time + hold > v.time:
        start += REPLACED_FADE
    age = now - start
    end = v.time + hold - start
    if age < 0.0 or age >= end:
        return 0.0
    a = min(1.0, age / FADE_IN, (end - age) / FADE_OUT)
    if k + 1 < len(verses):
        since = now - verses[k + 1].time
        if since >= 0.0:
            a = min(a, 1.0 - since / REPLACED_FADE)
    return float(max(0.0, a))


def _font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=px)  # Pillow's bundled Aileron (FreeType)
    except (TypeError, OSError):  # pragma: no cover - Pillow without FreeType
        return ImageFont.load_default()


def wrap(lines: tuple[str, ...], font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
         width: float) -> list[str]:  # fmt: skip
    """The verse's lines, each wrapped to `width` pixels (a hanging indent marks a wrap)."""
    out: list[str] = []
    for line in lines:
        chars = len(line)
        while chars > 8 and font.getlength(max(textwrap.wrap(line, chars), key=len)) > width:
            chars -= 2
        parts = textwrap.wrap(line, chars) or [""]
        out += [parts[0], *("   " + p for p in parts[1:])]
    return out


def raster(lines: tuple[str, ...], size: tuple[int, int], text_size: float) -> np.ndarray:
    """The verse as premultiplied RGBA (h, w, 4) uint8, backing and glow included."""
    w, h = size
    px = max(10, round(text_size * h))
    font = _font(px)
    rows = wrap(lines, font, MAX_WIDTH * w)
    line_h = round(px * LEADING)
    pad = round(px * 1.1)
    text_w = max((font.getlength(r) for r in rows), default=0.0)
    bw, bh = math.ceil(text_w) + 2 * pad, line_h * len(rows) + 2 * pad - (line_h - px) // 2
    # The soft parts are blurred at up to a quarter (backing) and half (glow) of the size
    # and scaled back: the same look, at a fraction of the cost of blurring the full box
    # (30 ms at 720p), which the window pays once per verse. The backing reaches a
    # quarter of pad past the letters and its blur (a quarter of pad) fades out within the
    # box's margin: a wider blur, or a margin rounded away at the reduced size, was cut
    # off at the texture's edge and showed as a hard-edged card (alpha 55 of 255 at the
    # border at 540p).
    q = max(1, min(4, pad // 8))
    inset = 0.75 * pad / q
    small = (max(1, bw // q), max(1, bh // q))
    backing = Image.new("L", small, 0)
    ImageDraw.Draw(backing).rounded_rectangle(
        (inset, inset, small[0] - inset, small[1] - inset),
        radius=max(1.0, inset), fill=round(255 * BACKING_ALPHA),
    )  # fmt: skip
    backing = backing.filter(ImageFilter.GaussianBlur(inset / 3.0))
    backing = backing.resize((bw, bh), Image.Resampling.BILINEAR)
    ink = Image.new("L", (bw, bh), 0)
    draw = ImageDraw.Draw(ink)
    for k, row in enumerate(rows):
        draw.text((pad, pad + k * line_h), row, font=font, fill=255)
    half = ink.resize((max(1, bw // 2), max(1, bh // 2)), Image.Resampling.BOX)
    glow = half.filter(ImageFilter.GaussianBlur(max(0.5, px * 0.09)))
    glow = glow.resize((bw, bh), Image.Resampling.BILINEAR)
    b = np.asarray(backing, np.float32)[..., None] / 255.0
    g = np.asarray(glow, np.float32)[..., None] / 255.0 * 0.55
    t = np.asarray(ink, np.float32)[..., None] / 255.0
    # Premultiplied "over", back to front: backing, glow, letters.
    rgb = np.array(BACKING, np.float32) / 255.0 * b
    a = b
    rgb = np.array(GLOW, np.float32) / 255.0 * g + rgb * (1.0 - g)
    a = g + a * (1.0 - g)
    rgb = np.array(TEXT, np.float32) / 255.0 * t + rgb * (1.0 - t)
    a = t + a * (1.0 - t)
    out = np.concatenate([rgb, a], axis=-1)
    return np.round(out * 255.0).astype(np.uint8)


def placement(box: tuple[int, int], size: tuple[int, int],
              anchors: list[tuple[float, float]]) -> tuple[float, float, float, float]:  # fmt: skip
    """The box's rectangle in clip space (x0, y0, x1, y1): of the four corners (lower
    ones first, as subtitles), the one whose box keeps farthest from every anchor (the
    sculptures' centres in clip space); without anchors, the lower left."""
    bw, bh = box
    w, h = size
    m = MARGIN * h
    corners = [(m, m), (w - m - bw, m), (m, h - m - bh), (w - m - bw, h - m - bh)]
    points = [((ax + 1.0) * 0.5 * w, (ay + 1.0) * 0.5 * h) for ax, ay in anchors]

    def clearance(corner: tuple[float, float]) -> float:
        x0, y0 = corner
        # Distance from each anchor to the nearest point of the box (0 inside it).
        return min((math.hypot(max(x0 - px, 0.0, px - x0 - bw), max(y0 - py, 0.0, py - y0 - bh))
                    for px, py in points), default=0.0)  # fmt: skip

    best = max(range(4), key=lambda k: (round(clearance(corners[k]), 1), -k))
    x0, y0 = (round(c) for c in corners[best])
    return (2 * x0 / w - 1, 2 * y0 / h - 1, 2 * (x0 + bw) / w - 1, 2 * (y0 + bh) / h - 1)


@dataclass
class _Rasterised:
    texture: gloo.Texture2D
    box: tuple[int, int]


class VerseOverlay:
    """Draws the frame's live verses over the bound framebuffer."""

    def __init__(self) -> None:
        self.sources = program_sources("verse.vert", "verse.frag")
        self.program = gloo.Program(self.sources.vertex.text, self.sources.fragment.text)
        self.program["a_position"] = gloo.VertexBuffer(SQUARE)
        self._cache: dict[tuple[int, int, int, float], _Rasterised] = {}
        self.drawn = 0  # verses drawn in the last frame (tests, benchmarks)

    def _texture(self, v: VerseView, size: tuple[int, int], text_size: float) -> _Rasterised:
        key = (v.n, size[0], size[1], text_size)
        if key not in self._cache:
            image = raster(v.lines, size, text_size)
            tex = gloo.Texture2D(image, interpolation="linear")
            self._cache = {k: r for k, r in self._cache.items() if k[0] >= v.n - 1}
            self._cache[key] = _Rasterised(tex, (image.shape[1], image.shape[0]))
        return self._cache[key]

    def draw(self, frame: Frame, size: tuple[int, int],
             anchors: list[tuple[float, float]]) -> None:  # fmt: skip
        self.drawn = 0
        poetry = frame.scene.poetry
        if not poetry.show or not frame.verses:
            return
        p = self.program
        for k, v in enumerate(frame.verses):
            alpha = verse_alpha(frame.verses, k, frame.time, poetry.hold)
            if alpha <= 0.0:
                continue
            r = self._texture(v, size, poetry.text_size)
            gloo.set_state(blend=True, blend_func=("one", "one_minus_src_alpha"),
                           depth_test=False, cull_face=False)  # fmt: skip
            p["u_texture"] = r.texture
            p["u_rect"] = placement(r.box, size, anchors)
            p["u_alpha"] = alpha
            p.draw("triangle_strip")
            self.drawn += 1
        gloo.set_state(blend=False)
