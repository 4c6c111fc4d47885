"""A fractal flame as a live backdrop (kind = "flame").

The chaos game (kellan.flame.progressive) runs on the CPU at the backdrop's resolution:
live, each frame adds a slice of samples, so the picture sharpens over the first
seconds and then holds; a still draws exactly the scene's `samples` from a fresh start,
so it is reproducible. Bindings change the genome (kellan.flame.bindings): weights of
the xforms after the first, their colours along the palette, the palette's hue, the
zoom. When they move by more than a little, the game restarts from the new genome,
keeping half of the old picture to fade under the new one.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

from kellan.dreamscape.frame import Frame
from kellan.flame.bindings import rotate_palette_hue, scale_weights, shift_colors
from kellan.flame.genome import Flame, FlameError, load_flame
from kellan.flame.progressive import ProgressiveFlame
from kellan.render.backdrops import ScreenBackdrop
from kellan.render.flame import FlameLayer
from kellan.render.fractal import value
from kellan.scene.models import Fractal

# Live: samples added per frame (a share of the still's count, within bounds that keep
# a frame's chaos game to a few milliseconds), and when to stop refining.
LIVE_SHARE = 0.05
# A refine call costs about 15 ms however few its samples (its threads start and join),
# and 100k samples little more: fewer, larger slices.
LIVE_MIN, LIVE_MAX = 100_000, 300_000
LIVE_CAP = 4  # stop at this many times the still's sample count
# A binding's change that restarts the game, per parameter (hue is in degrees): smaller
# moves wait, so a gliding mood does not restart the picture every frame.
CHANGE = {"weights": 0.02, "color": 0.01, "hue": 2.0, "zoom": 0.01}


def bound_genome(base: Flame, fractal: Fractal, values: Mapping[str, float]) -> Flame:
    """The genome this frame: the scene's, moved by the bindings' values."""
    g = base
    weights = value(values, "weights", 1.0)
    if weights != 1.0 and len(g.xforms) > 1:
        g = scale_weights(g, [1.0] + [max(0.0, weights)] * (len(g.xforms) - 1))
    color = value(values, "color", 0.0)
    if color:
        g = shift_colors(g, color)
    hue = value(values, "hue", fractal.hue)
    if hue:
        g = rotate_palette_hue(g, hue / 360.0)
    zoom = value(values, "zoom", fractal.zoom)
    if zoom != 1.0:
        g = dataclasses.replace(g, zoom=g.zoom + math.log2(max(zoom, 0.05)))
    return g


class FlameBackdrop(ScreenBackdrop):
    def __init__(self, fractal: Fractal, seed: int) -> None:
        super().__init__(fractal)
        self.scale = fractal.resolution
        self.seed = seed
        self.layer = FlameLayer()
        self.sources = self.layer.sources
        self.flame: ProgressiveFlame | None = None
        self.key: tuple[float, ...] | None = None
        self.shown = -1  # the sample count the texture shows
        assert fractal.genome is not None
        try:
            self.base, _ = load_flame(fractal.genome)
        except FlameError as exc:
            self.error = f"the flame backdrop is off: {exc}"
        except OSError as exc:
            self.error = f"the flame backdrop is off: {fractal.genome}: {exc.strerror}"

    def prepare(self, frame: Frame, size: tuple[int, int], full: bool,
                values: Mapping[str, float]) -> None:  # fmt: skip
        if self.error is not None:
            return
        f = self.fractal
        self.scale = f.resolution
        tw, th = self.target(size)
        key = tuple(values.get(k, 0.0) for k in CHANGE)
        genome = bound_genome(self.base, f, values)
        if full:
            # A still: from nothing, exactly `samples`, seeded from the scene.
            self.flame = ProgressiveFlame(genome, (tw, th), seed=self.seed)
            self.flame.refine(f.samples)
            self.key = key
        elif self.flame is None or self.flame.size != (tw, th):
            self.flame = ProgressiveFlame(genome, (tw, th), seed=self.seed)
            self.key = key
        elif self.key is None or any(abs(a - b) > tol for a, b, tol in
                                     zip(key, self.key, CHANGE.values(), strict=True)):  # fmt: skip
            self.flame.reset(genome, keep=0.5)
            self.key = key
        if not full and self.flame.samples < f.samples * LIVE_CAP:
            step = min(LIVE_MAX, max(LIVE_MIN, int(f.samples * LIVE_SHARE)))
            self.flame.refine(step)
        if self.flame.samples == self.shown and not full:
            return  # it has stopped refining: the texture holds the picture
        self.shown = self.flame.samples
        self.layer.update(self.flame.histogram, self.flame.tone_constants())
        assert self.fbo is not None
        with self.fbo:
            self.layer.draw((tw, th))
