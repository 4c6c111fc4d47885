"""Where a sculpture stands: its model matrix from position, rotation, scale and spin.

One function for the simulation (guide fields, traces) and the renderer, so the particles
feel the sculpture exactly where it is drawn. y is up, and the spin turns about it.
"""

from __future__ import annotations

import math

import numpy as np


def _rot(axis: int, degrees: float) -> np.ndarray:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    i, j = [(1, 2), (2, 0), (0, 1)][axis]
    m = np.eye(3)
    m[i, i], m[i, j], m[j, i], m[j, j] = c, -s, s, c
    return m


def model_matrix(position: tuple[float, float, float], rotation: tuple[float, float, float],
                 scale: float, spin: float) -> np.ndarray:  # fmt: skip
    """(4, 4) float64: scale, then rotate about x, y, z (degrees), then spin about the
    vertical axis (degrees), then move to `position`."""
    r = _rot(1, spin) @ _rot(2, rotation[2]) @ _rot(1, rotation[1]) @ _rot(0, rotation[0])
    m = np.eye(4)
    m[:3, :3] = r * scale
    m[:3, 3] = position
    return m


def to_world(m: np.ndarray, vertices: np.ndarray, normals: np.ndarray | None = None,
             ) -> tuple[np.ndarray, np.ndarray | None]:  # fmt: skip
    """Vertices (V, 3) (and their normals) through the model matrix, as float32."""
    v = (vertices.astype(np.float64) @ m[:3, :3].T + m[:3, 3]).astype(np.float32)
    if normals is None:
        return v, None
    n = normals.astype(np.float64) @ m[:3, :3].T
    n /= np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-12)
    return v, n.astype(np.float32)
