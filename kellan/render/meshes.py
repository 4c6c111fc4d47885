"""Procedural sculpture meshes: vertices, normals and triangle indices (numpy only)."""

from __future__ import annotations

import numpy as np

Mesh = tuple[np.ndarray, np.ndarray, np.ndarray]  # vertices (V,3), normals (V,3), faces (F,3)


def _tube(curve: np.ndarray, radius: float, sides: int) -> Mesh:
    """Sweep a circle along a closed curve (M, 3) with parallel-transport frames."""
    m = len(curve)
    tangent = np.roll(curve, -1, axis=0) - np.roll(curve, 1, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
    normal = np.empty_like(curve)
    ref = np.array([0.0, 0.0, 1.0]) if abs(tangent[0, 2]) < 0.9 else np.array([1.0, 0, 0])
    n = np.cross(tangent[0], ref)
    n /= np.linalg.norm(n)
    for i in range(m):  # parallel transport: no twisting kinks along the knot
        n = n - tangent[i] * np.dot(n, tangent[i])
        n /= np.linalg.norm(n)
        normal[i] = n
    binormal = np.cross(tangent, normal)
    theta = 2.0 * np.pi * np.arange(sides) / sides
    ring = (
        np.cos(theta)[None, :, None] * normal[:, None, :]
        + np.sin(theta)[None, :, None] * binormal[:, None, :]
    )
    verts = (curve[:, None, :] + radius * ring).reshape(-1, 3)
    norms = ring.reshape(-1, 3)
    i = np.arange(m)[:, None]
    j = np.arange(sides)[None, :]
    a = i * sides + j
    b = ((i + 1) % m) * sides + j
    c = ((i + 1) % m) * sides + (j + 1) % sides
    d = i * sides + (j + 1) % sides
    faces = np.concatenate([np.stack([a, b, c], -1), np.stack([a, c, d], -1)]).reshape(-1, 3)
    return verts.astype(np.float32), norms.astype(np.float32), faces.astype(np.uint32)


def torus_knot(p: int = 2, q: int = 3, segments: int = 256, sides: int = 16) -> Mesh:
    """A (p, q) torus knot tube, about 1 unit in radius."""
    t = 2.0 * np.pi * np.arange(segments) / segments
    r = 0.62 + 0.26 * np.cos(q * t)
    curve = np.stack([r * np.cos(p * t), 0.26 * np.sin(q * t), r * np.sin(p * t)], axis=1)
    return _tube(curve, 0.11, sides)


def torus(segments: int = 160, sides: int = 32) -> Mesh:
    t = 2.0 * np.pi * np.arange(segments) / segments
    curve = np.stack([0.75 * np.cos(t), np.zeros_like(t), 0.75 * np.sin(t)], axis=1)
    return _tube(curve, 0.25, sides)


def icosphere(subdivisions: int = 3) -> Mesh:
    """A unit sphere from a subdivided icosahedron (even triangles, good rims)."""
    phi = (1.0 + 5**0.5) / 2.0
    v = [
        (-1, phi, 0), (1, phi, 0), (-1, -phi, 0), (1, -phi, 0),
        (0, -1, phi), (0, 1, phi), (0, -1, -phi), (0, 1, -phi),
        (phi, 0, -1), (phi, 0, 1), (-phi, 0, -1), (-phi, 0, 1),
    ]  # fmt: skip
    f = [
        (0, 11, 5), (0, 5, 1), (0, 1, 7), (0, 7, 10), (0, 10, 11), (1, 5, 9), (5, 11, 4),
        (11, 10, 2), (10, 7, 6), (7, 1, 8), (3, 9, 4), (3, 4, 2), (3, 2, 6), (3, 6, 8),
        (3, 8, 9), (4, 9, 5), (2, 4, 11), (6, 2, 10), (8, 6, 7), (9, 8, 1),
    ]  # fmt: skip
    verts = [np.array(p, float) / np.linalg.norm(p) for p in v]
    faces = list(f)
    cache: dict[tuple[int, int], int] = {}  # edge -> midpoint vertex, shared by both faces

    def mid(a: int, b: int) -> int:
        key = (min(a, b), max(a, b))
        if key not in cache:
            m = verts[a] + verts[b]
            verts.append(m / np.linalg.norm(m))
            cache[key] = len(verts) - 1
        return cache[key]

    for _ in range(subdivisions):
        cache.clear()
        new = []
        for a, b, c in faces:
            ab, bc, ca = mid(a, b), mid(b, c), mid(c, a)
            new += [(a, ab, ca), (b, bc, ab), (c, ca, bc), (ab, bc, ca)]
        faces = new
    vs = np.array(verts, dtype=np.float32)
    return vs, vs.copy(), np.array(faces, dtype=np.uint32)


SHAPES = {"torus_knot": torus_knot, "torus": torus, "icosphere": icosphere}
