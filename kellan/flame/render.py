"""Render a flame to RGBA bytes on the CPU, as flam3-render does (headless, no GL)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kellan.flame.camera import Camera, camera_for
from kellan.flame.chaos import ChaosGame
from kellan.flame.genome import Flame
from kellan.flame.tonemap import tone_map


@dataclass(frozen=True)
class Rendered:
    image: np.ndarray  # (H, W, 4) uint8 RGBA
    histogram: np.ndarray  # (rows, columns, 4) float64, oversampled with gutter
    camera: Camera
    samples: int  # iterations run


def render(flame: Flame, size: tuple[int, int] | None = None, quality: float | None = None,
           seed: int = 1) -> Rendered:  # fmt: skip
    """Quality is samples per output pixel (flam3's `quality`; default the genome's own).
    The same seed gives the same picture, bit for bit, on any thread count."""
    camera = camera_for(flame, size)
    q = flame.quality if quality is None else quality
    # flam3 multiplies the density by 4^zoom: zooming in keeps the noise level.
    samples = max(1, int(q * camera.width * camera.height * 4.0**flame.zoom))
    game = ChaosGame(flame, camera, seed)
    done = game.run(samples)
    image = tone_map(game.histogram, flame, camera, done)
    return Rendered(image, game.histogram, camera, done)
