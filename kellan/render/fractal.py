"""The empathy-fractal backdrop: a Julia set driven by the collective mood.

What is expensive (iterating the set) is kept, coloured, in a texture and recomputed only
when the set's parameter moves or its palette has drifted; what changes every frame (its
slow turn, the dimming) is applied in the composite pass. The texture covers the square
the turning viewport sweeps, at half the frame's resolution (as sharp as the backdrop
has been). A refresh is done a strip per frame (STRIPS frames for all of it), so no frame
pays for the whole set.
"""

from __future__ import annotations

import math

import numpy as np
from vispy import gloo

from kellan.core.colour import largest_gap_hue, oklch
from kellan.render.hdr import fullscreen
from kellan.scene.models import Fractal

PALETTES = {"aurora": 0, "ember": 1, "abyss": 2, "auto": 3}
# The backdrop sits behind the dreamscape: dimmed, and turning with a fraction of the
# camera's orbit (parallax), so it reads as far away and never as particles.
DEPTH_DIM = 1.0
PARALLAX = 0.3
RESOLUTION_SCALE = 0.5
STRIPS = 4
# A parameter change smaller than this does not show at this resolution.
C_TOLERANCE = 2e-4
TURN_RATE = 0.02  # radians per second
DRIFT_RATE = 0.01  # palette cycles per second
# The palette drifts so slowly that repainting it every few seconds never shows a step.
DRIFT_REFRESH_S = 4.0
BASE_EXTENT = 1.25  # half the height of the view on the plane, at zoom 1


class FractalBackdrop:
    def __init__(self, fractal: Fractal, hues: list[float] | None = None) -> None:
        self.fractal = fractal
        self.auto_palette = auto_palette(hues or [])
        self.program, self.sources = fullscreen("julia.frag")
        self.texture: gloo.Texture2D | None = None
        self.fbo: gloo.FrameBuffer | None = None
        self.side = 0
        self.c_done: tuple[float, float] | None = None  # parameter the texture holds
        self.c_pending: tuple[float, float] | None = None
        self.shift_done = 0.0  # palette drift the texture holds
        self.shift_pending = 0.0
        self.next_strip = 0
        self.strips_drawn = 0  # a cost counter, for the frame benchmark

    def extent(self, size: tuple[int, int]) -> float:
        """Half the side of the plane square the texture covers: the viewport's half
        diagonal, so that any rotation of the viewport stays inside it."""
        w, h = size
        scale = BASE_EXTENT / self.fractal.zoom
        return scale * math.hypot(w / max(h, 1), 1.0)

    def prepare(self, c: tuple[float, float], size: tuple[int, int], time: float,
                full: bool = False) -> None:  # fmt: skip
        """Bring the texture up to date for parameter `c` at show time `time`: all of it
        now when `full` (stills), else at most one strip this frame."""
        w, h = size
        side = max(16, int(math.hypot(w, h) * RESOLUTION_SCALE))
        if self.texture is None or side != self.side:
            self.texture = gloo.Texture2D(shape=(side, side, 4), format="rgba",
                                          internalformat="rgba8", interpolation="linear",
                                          wrapping="clamp_to_edge")  # fmt: skip
            self.fbo = gloo.FrameBuffer(self.texture)
            self.side = side
            self.c_done = None
            self.next_strip = 0
        f = self.fractal
        shift = time * DRIFT_RATE
        moved = self.c_done is None or max(abs(c[0] - self.c_done[0]),
                                           abs(c[1] - self.c_done[1])) > C_TOLERANCE  # fmt: skip
        drifted = abs(shift - self.shift_done) * 100.0 > DRIFT_RATE * 100.0 * DRIFT_REFRESH_S
        if not (moved or drifted or full) and self.next_strip == 0:
            return
        if self.next_strip == 0 or full:
            self.c_pending, self.shift_pending = c, shift
        p = self.program
        p["u_c"] = self.c_pending
        p["u_shift"] = float(self.shift_pending)
        p["u_palette"] = PALETTES[f.palette]
        a, b, c, d = self.auto_palette
        p["u_pal_a"], p["u_pal_b"], p["u_pal_c"], p["u_pal_d"] = a, b, c, d
        p["u_extent"] = float(self.extent(size))
        p["u_iterations"] = int(f.iterations)
        gloo.set_state(blend=False, depth_test=False, cull_face=False, scissor_test=True)
        assert self.fbo is not None
        with self.fbo:
            gloo.set_viewport(0, 0, side, side)
            strips = range(STRIPS) if full else [self.next_strip]
            for k in strips:
                y0 = side * k // STRIPS
                y1 = side * (k + 1) // STRIPS
                gloo.set_scissor(0, y0, side, y1 - y0)
                p.draw("triangle_strip")
                self.strips_drawn += 1
        gloo.set_state(scissor_test=False)
        if full:
            self.c_done, self.shift_done, self.next_strip = c, shift, 0
        else:
            self.next_strip = (self.next_strip + 1) % STRIPS
            if self.next_strip == 0:
                self.c_done, self.shift_done = self.c_pending, self.shift_pending

    def uniforms(self, composite: gloo.Program, size: tuple[int, int], time: float,
                 azimuth: float = 0.0) -> None:  # fmt: skip
        """Set the underlay pass's backdrop uniforms for this frame (`azimuth`: the
        camera's, in degrees, for the parallax)."""
        f = self.fractal
        a = time * TURN_RATE + math.radians(azimuth) * PARALLAX
        ca, sa = math.cos(a), math.sin(a)
        composite["u_backdrop"] = self.texture
        composite["u_backdrop_on"] = 1.0
        # GLSL's mat2 is column-major: this is [[ca, -sa], [sa, ca]] acting on p.
        composite["u_backdrop_turn"] = np.array([[ca, sa], [-sa, ca]], np.float32)
        composite["u_backdrop_scale"] = float(BASE_EXTENT / f.zoom)
        composite["u_backdrop_extent"] = float(self.extent(size))
        composite["u_backdrop_intensity"] = float(f.intensity) * DEPTH_DIM


def auto_palette(hues: list[float]) -> tuple[tuple[float, ...], ...]:
    """Cosine-palette coefficients (a, b, c, d) for a backdrop that keeps away from the
    participants' identity hues: from a deep, nearly black shade to a soft light one, in
    the hue farthest from all of theirs (OKLCH), with a slight turn of hue along the way.
    The texture holds display colours, so they are sRGB-encoded here."""
    gap = largest_gap_hue(hues)
    dark = _encode(oklch(0.16, 0.03, gap))
    light = _encode(oklch(0.82, 0.11, gap + 12.0))
    a = tuple(float(v) for v in 0.5 * (light + dark))
    b = tuple(float(v) for v in 0.5 * (light - dark))
    # a + b·cos(2π(t/2 + 1/2)): t = 0 (far outside the set) dark, t = 1 light.
    return a, b, (0.5, 0.5, 0.5), (0.5, 0.5, 0.5)


def _encode(linear: np.ndarray) -> np.ndarray:
    """Linear sRGB to the sRGB encoding a display expects."""
    c = np.clip(linear, 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)
