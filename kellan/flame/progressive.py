"""A flame that refines frame by frame, for the live app.

Each frame calls `refine(samples)` with what the frame budget allows; the histogram
grows and the picture sharpens. When emotion bindings change the genome (see
kellan.flame.bindings), `reset(genome)` starts again, optionally letting the old picture
fade under the new one. The histogram (one bucket per pixel, no gutter) goes to the GPU
as a float texture, and `tone_constants()` gives the shader's uniforms
(kellan.render.flame.FlameLayer); `image()` is the same tone map on the CPU.
"""

from __future__ import annotations

import numpy as np

from kellan.flame.camera import live_camera
from kellan.flame.chaos import ChaosGame
from kellan.flame.genome import Flame
from kellan.flame.tonemap import ToneConstants, tone_constants, tone_map


class ProgressiveFlame:
    """A running chaos game at a fixed size. Deterministic: the same genome, seed and
    sequence of refine/reset calls give the same histogram on any thread count."""

    def __init__(self, genome: Flame, size: tuple[int, int], seed: int = 1) -> None:
        self.size = (int(size[0]), int(size[1]))
        self.camera = live_camera(genome, self.size)
        self._game = ChaosGame(genome, self.camera, seed)

    @property
    def genome(self) -> Flame:
        return self._game.flame

    @property
    def samples(self) -> int:
        """Iterations gathered in the histogram (after a fading reset: their weight)."""
        return self._game.samples

    @property
    def histogram(self) -> np.ndarray:
        """(height, width, 4) float32: r, g, b palette-colour sums and density per pixel,
        row 0 at the top of the picture. A live view: it changes as refine runs."""
        return self._game.histogram

    def refine(self, samples: int) -> int:
        """Add about `samples` iterations; returns the total gathered."""
        if samples > 0:
            self._game.run(samples)
        return self._game.samples

    def reset(self, genome: Flame | None = None, keep: float = 0.0) -> None:
        """Start over, with a new genome if one is given (same size and seed). keep in
        0..1 keeps that share of the current picture, which then fades as new samples
        arrive (keep=0 clears it)."""
        game = self._game
        if genome is not None and genome.size != game.flame.size:
            # The framing follows the genome's size: recompute the camera.
            self.camera = live_camera(genome, self.size)
            self._game = ChaosGame(genome, self.camera, game.seed)
            return
        game.reset(genome if genome is not None else game.flame, keep)

    def tone_constants(self) -> ToneConstants:
        """Uniforms for the GPU tone map of the current histogram."""
        return tone_constants(self.genome, self.camera, self.samples)

    def image(self) -> np.ndarray:
        """The picture so far as RGBA bytes, tone-mapped on the CPU exactly as the shader
        does it (no density estimation, no spatial filter)."""
        return tone_map(self.histogram, self.genome, self.camera, self.samples,
                        density_estimation=False)  # fmt: skip
