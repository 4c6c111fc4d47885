"""Tubes and bands swept along closed space curves (numpy only).

A 2-D profile is carried along the curve on a parallel-transport frame, which does not
twist with the curve's curvature the way a Frenet frame does (and never flips at an
inflection). Transported once around a closed curve the frame comes back turned by the
curve's holonomy angle; that angle is spread evenly along the curve so the last ring meets
the first without a kink. A band may also turn by `half_twists` half-turns on the way
(a Möbius band is one): the last ring then meets the first shifted by half a profile,
which is why a twisted profile must be symmetric under a half-turn.
"""

from __future__ import annotations

import numpy as np

from kellan.sculpture.mesh import Mesh, make_mesh, unit_rows


def circle_profile(radius: float, sides: int) -> tuple[np.ndarray, np.ndarray]:
    """(points (K, 2), normals (K, 2)) of a circle, counter-clockwise."""
    t = 2.0 * np.pi * np.arange(sides) / sides
    ring = np.stack([np.cos(t), np.sin(t)], axis=1)
    return radius * ring, ring


def ellipse_profile(width: float, thickness: float, sides: int) -> tuple[np.ndarray, np.ndarray]:
    """An ellipse `width` across and `thickness` thick: a flat band with rounded edges."""
    t = 2.0 * np.pi * np.arange(sides) / sides
    a, b = 0.5 * width, 0.5 * thickness
    pts = np.stack([a * np.cos(t), b * np.sin(t)], axis=1)
    return pts, unit_rows(np.stack([b * np.cos(t), a * np.sin(t)], axis=1))[:, :2]


def segment_profile(width: float, count: int) -> tuple[np.ndarray, np.ndarray]:
    """A straight segment across the band: a single-sided strip with an open edge."""
    x = np.linspace(-0.5 * width, 0.5 * width, count)
    pts = np.stack([x, np.zeros_like(x)], axis=1)
    return pts, np.tile([0.0, 1.0], (count, 1))


def transport_frames(curve: np.ndarray, half_twists: int = 0) -> tuple[np.ndarray, ...]:
    """Tangent, normal and binormal (M, 3) each, closing smoothly after `half_twists`."""
    m = len(curve)
    tangent = unit_rows(np.roll(curve, -1, axis=0) - np.roll(curve, 1, axis=0))
    ref = np.array([0.0, 1.0, 0.0]) if abs(tangent[0, 1]) < 0.9 else np.array([1.0, 0.0, 0.0])
    n = np.cross(tangent[0], ref)
    n /= np.linalg.norm(n)
    first = n.copy()
    normal = np.empty_like(curve, dtype=np.float64)
    for i in range(m):
        n = n - tangent[i] * np.dot(n, tangent[i])
        n /= np.linalg.norm(n)
        normal[i] = n
    n = n - tangent[0] * np.dot(n, tangent[0])  # one more step: back at the start
    holonomy = np.arctan2(np.dot(np.cross(first, n), tangent[0]), np.dot(first, n))
    beta = (np.pi * half_twists - holonomy) * np.arange(m) / m
    binormal = np.cross(tangent, normal)
    c, s = np.cos(beta)[:, None], np.sin(beta)[:, None]
    return tangent, c * normal + s * binormal, c * binormal - s * normal


def sweep(
    curve: np.ndarray,
    profile: tuple[np.ndarray, np.ndarray],
    *,
    closed_profile: bool = True,
    half_twists: int = 0,
    shared_seam: bool = True,
) -> Mesh:
    """Sweep `profile` (points, normals; (K, 2) each) along the closed `curve` (M, 3).

    With `shared_seam` the last ring joins the first ring's vertices (a closed, watertight
    tube). Without it the first ring is repeated as ring M with its own normals: a band
    that cannot be oriented (an open Möbius strip) is then cut along that seam, so every
    vertex keeps one continuous normal.
    """
    pts, nrm = (np.asarray(a, dtype=np.float64) for a in profile)
    k = len(pts)
    if closed_profile and half_twists % 2 and k % 2:
        raise ValueError("a band with an odd number of half-twists needs an even profile")
    m = len(curve)
    _, normal, binormal = transport_frames(np.asarray(curve, dtype=np.float64), half_twists)
    rings = m if shared_seam else m + 1
    idx = np.arange(rings) % m
    turn = np.zeros(rings)
    if not shared_seam:  # ring M: ring 0 turned by the twist, not by the holonomy
        turn[m] = np.pi * half_twists
    c, s = np.cos(turn)[:, None], np.sin(turn)[:, None]
    n_axis = c * normal[idx] + s * binormal[idx]
    b_axis = c * binormal[idx] - s * normal[idx]
    verts = (
        curve[idx][:, None, :]
        + pts[None, :, 0, None] * n_axis[:, None, :]
        + pts[None, :, 1, None] * b_axis[:, None, :]
    ).reshape(-1, 3)
    norms = (
        nrm[None, :, 0, None] * n_axis[:, None, :] + nrm[None, :, 1, None] * b_axis[:, None, :]
    ).reshape(-1, 3)
    faces = _ring_faces(m, k, closed_profile, half_twists, shared_seam)
    # The profile's direction of travel against its normals tells which way is out.
    step = np.roll(pts, -1, axis=0) - pts if closed_profile else np.diff(pts, axis=0)
    if (step[:, 0] * nrm[: len(step), 1] - step[:, 1] * nrm[: len(step), 0]).sum() < 0.0:
        faces = faces[:, [0, 2, 1]]
    return make_mesh(verts, norms, faces)


def _ring_faces(m: int, k: int, closed: bool, half_twists: int, shared: bool) -> np.ndarray:
    """Two triangles per quad between consecutive rings, wound as (a, b, c), (a, c, d)."""
    i = np.arange(m)[:, None]
    j = np.arange(k if closed else k - 1)[None, :]
    j1 = (j + 1) % k
    a = i * k + j
    d = i * k + j1
    if shared:  # ring M is ring 0 turned by the twist: half a profile further on
        nxt = (i + 1) % m
        shift = (half_twists * k // 2) * (i + 1 == m)
        if closed:
            b, c = nxt * k + (j + shift) % k, nxt * k + (j1 + shift) % k
        else:  # a turned segment runs backwards
            b = np.where(shift > 0, nxt * k + (k - 1 - j), nxt * k + j)
            c = np.where(shift > 0, nxt * k + (k - 1 - j1), nxt * k + j1)
    else:
        b, c = (i + 1) * k + j, (i + 1) * k + j1
    tri = np.concatenate([np.stack([a, b, c], -1), np.stack([a, c, d], -1)])
    return tri.reshape(-1, 3)
