"""The density renderer: particles splatted on the CPU into a float image (see
kellan.render.splat), uploaded as a texture and tone-mapped like the sprites.

Chosen automatically on software GL, where point sprites cost far more per vertex than
the splat does per particle.
"""

from __future__ import annotations

import math

import numpy as np

from kellan.dreamscape.frame import Frame
from kellan.render.splat import Splatter

# The sprites' brightness (shaders/particles.frag's u_intensity).
SPRITE_INTENSITY = 0.7


# Above this many particles per pixel of the frame, the haze is continuous anyway: a
# one-pixel footprint shows it alike, with finer detail, at a quarter of the cost.
DENSE_PER_PIXEL = 0.3


def footprint(point_size: float, projection_y: float, height: int, distance: float,
              particles_per_pixel: float = 0.0) -> tuple[int, float]:  # fmt: skip
    """The splat's tent radius in pixels and its gain, matched to a sprite at the camera's
    distance (the sprite shader's size formula), so that both renderers put the same
    light per particle into the frame, and sculptures sit in both alike.

    A sprite of diameter d glows (1 - r²)³ over its disc: π d² / 16 in all, times its
    intensity; the splat spreads a weight of 1. Its cubic glow falls to half within a
    third of the diameter, which is the tent's radius."""
    diameter = min(24.0, max(1.0, point_size * projection_y * height /
                                  (max(distance, 0.1) * 40.0)))  # fmt: skip
    radius = max(1, min(4, round(diameter / 3.0)))
    if particles_per_pixel > DENSE_PER_PIXEL:
        radius = 1
    gain = SPRITE_INTENSITY * math.pi * diameter * diameter / 16.0
    return radius, gain


class DensityLayer:
    """The splat, redone only when the step or the view changed."""

    def __init__(self) -> None:
        self.splatter = Splatter()
        self._key: bytes | None = None
        self.image: np.ndarray | None = None
        self.splats = 0

    def update(self, frame: Frame, mvp: np.ndarray, size: tuple[int, int], radius: int = 1,
               gain: float = 1.0, streak: float = 0.0) -> np.ndarray:  # fmt: skip
        """The frame splatted as seen through `mvp`, each particle's light times `gain`
        (row 0 at the bottom, ready to upload)."""
        key = np.array([frame.step, *size, radius, gain, streak], np.float64).tobytes()
        key += np.asarray(mvp, np.float32).tobytes()
        if key != self._key or self.image is None:
            # Light times `gain`, as a sprite of this size gives; the weight (alpha, what
            # exposure measures) as much as a sprite's glow sums to, so that both
            # renderers expose alike.
            palette = frame.palette.copy()
            palette[:, :3] *= SPRITE_INTENSITY
            palette[:, 3] *= gain / SPRITE_INTENSITY
            self.image = self.splatter.splat(frame.pos, frame.owner, frame.pid, palette, mvp,
                                             size, radius, frame.vel, streak)  # fmt: skip
            self._key = key
            self.splats += 1
        return self.image
