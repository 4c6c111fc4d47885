"""Sculptures as guide fields: attract, orbit or repel the particles near them.

A guide at centre c with radius R acts on a particle at p, with d = p - c and r = |d|,
through w = max(0, 1 - r²/R²)² (smooth, zero beyond R):

    a = w · (push - ring · (r - 0.6·R)) · d / r  +  w · swirl · (dz, 0, -dx) / r

attract: push < 0; repel: push > 0; orbit: swirl > 0 with a ring spring that holds the
particles near 0.6·R. Guides do not move, so their summed field is sampled once on the
grid's nodes and interpolated at each particle with the weights the kernel already has
for density and velocity: any number of sculptures costs the particle loop nothing.
The per-group gain (dominance, kellan.core.emotion) scales it per particle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Guide:
    centre: tuple[float, float, float]
    radius: float
    push: float = 0.0
    swirl: float = 0.0
    ring: float = 0.0

    @classmethod
    def attract(cls, centre: tuple[float, float, float], radius: float, strength: float) -> Guide:
        return cls(centre, radius, push=-strength)

    @classmethod
    def repel(cls, centre: tuple[float, float, float], radius: float, strength: float) -> Guide:
        return cls(centre, radius, push=strength)

    @classmethod
    def orbit(cls, centre: tuple[float, float, float], radius: float, strength: float) -> Guide:
        return cls(centre, radius, swirl=strength, ring=1.5 * strength / radius)

    def acceleration(self, p: np.ndarray) -> np.ndarray:
        """The field at points p (..., 3), float64."""
        d = p - np.asarray(self.centre, dtype=np.float64)
        r = np.sqrt((d * d).sum(axis=-1)) + 1e-6
        q = np.maximum(0.0, 1.0 - (r / self.radius) ** 2)
        w = q * q / r
        radial = self.push - self.ring * (r - 0.6 * self.radius)
        swirl = np.stack([d[..., 2], np.zeros_like(r), -d[..., 0]], axis=-1)
        return (w * radial)[..., None] * d + (w * self.swirl)[..., None] * swirl


def node_positions(g: int, origin: float, cell: float) -> np.ndarray:
    """World positions of the (g + 1)³ grid nodes, in node order (x fastest), (M, 3)."""
    axis = origin + cell * np.arange(g + 1)
    z, y, x = np.meshgrid(axis, axis, axis, indexing="ij")
    return np.stack([x.ravel(), y.ravel(), z.ravel()], axis=1)


def guide_field(guides: list[Guide], g: int, origin: float, cell: float) -> np.ndarray:
    """The summed guide acceleration at every grid node, (M, 3) float32."""
    pts = node_positions(g, origin, cell)
    total = np.zeros_like(pts)
    for guide in guides:
        total += guide.acceleration(pts)
    return total.astype(np.float32)
