"""The wireframe overlay's lines: each edge of a mesh once (numpy only, no GL).

Drawn additively, an edge listed twice would glow twice as bright as its neighbours, and
every inner edge of a triangle mesh belongs to two faces; mesh files also repeat
vertices along their texture seams, so those are welded first.
"""

from __future__ import annotations

import numpy as np

WELD = 1e-5  # vertices closer than this (object units) are the same point


def welded(vertices: np.ndarray, tolerance: float = WELD) -> np.ndarray:
    """(V,) uint32: for each vertex, the first vertex at the same place (itself when
    alone)."""
    v = np.asarray(vertices, np.float64)
    if len(v) == 0:
        return np.zeros(0, np.uint32)
    keys = np.round(v / tolerance).astype(np.int64)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    return first[inverse.reshape(-1)].astype(np.uint32)


def unique_edges(faces: np.ndarray, vertices: np.ndarray | None = None) -> np.ndarray:
    """(E, 2) uint32 vertex pairs, smaller index first, each edge of the triangles `faces`
    (F, 3) once and none of zero length. With `vertices`, vertices at the same place count
    as one (the pairs then name the first of each)."""
    f = np.asarray(faces, np.int64).reshape(-1, 3)
    if vertices is not None:
        f = welded(vertices)[f].astype(np.int64)
    pairs = np.concatenate([f[:, [0, 1]], f[:, [1, 2]], f[:, [2, 0]]])
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    pairs.sort(axis=1)
    if len(pairs) == 0:
        return np.zeros((0, 2), np.uint32)
    return np.unique(pairs, axis=0).astype(np.uint32)
