"""The triangle mesh every sculpture is made of, and small geometric helpers (numpy only)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Mesh(NamedTuple):
    """A triangle mesh. Faces wind counter-clockwise seen from outside (outward normals).

    A NamedTuple so that `verts, normals, faces = mesh` keeps working for older callers.
    """

    vertices: np.ndarray  # (V, 3) float32
    normals: np.ndarray  # (V, 3) float32, unit length
    faces: np.ndarray  # (F, 3) uint32


def make_mesh(vertices: np.ndarray, normals: np.ndarray | None, faces: np.ndarray) -> Mesh:
    """A Mesh with the dtypes fixed; normals from the faces when none are given."""
    v = np.ascontiguousarray(vertices, dtype=np.float32)
    f = np.ascontiguousarray(faces, dtype=np.uint32)
    n = vertex_normals(v, f) if normals is None else unit_rows(normals)
    return Mesh(v, np.ascontiguousarray(n, dtype=np.float32), f)


def unit_rows(a: np.ndarray, fallback: tuple[float, float, float] = (0.0, 1.0, 0.0)) -> np.ndarray:
    """Rows scaled to unit length; zero or non-finite rows become `fallback` (never NaN)."""
    a = np.asarray(a, dtype=np.float64)
    length = np.sqrt((a * a).sum(axis=1))
    ok = np.isfinite(length) & (length > 1e-12)
    out = np.empty_like(a)
    out[ok] = a[ok] / length[ok, None]
    out[~ok] = np.asarray(fallback)[: a.shape[1]]
    return out


def face_normals_raw(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Un-normalised face normals (F, 3), float64: their length is twice the face area."""
    v = np.asarray(vertices, dtype=np.float64)
    a, b, c = (v[faces[:, k]] for k in range(3))
    return np.cross(b - a, c - a)


def vertex_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Area-weighted vertex normals (V, 3) float32 from the winding of the faces."""
    fn = face_normals_raw(vertices, faces)
    acc = np.zeros((len(vertices), 3))
    for k in range(3):
        np.add.at(acc, faces[:, k].astype(np.intp), fn)
    return unit_rows(acc).astype(np.float32)


def signed_volume(vertices: np.ndarray, faces: np.ndarray) -> float:
    """Volume enclosed by a closed mesh: positive when its faces wind outward."""
    v = np.asarray(vertices, dtype=np.float64)
    a, b, c = (v[faces[:, k]] for k in range(3))
    return float(np.einsum("ij,ij->i", a, np.cross(b, c)).sum() / 6.0)


def normalised(vertices: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Vertices centred on their bounding box and scaled so the farthest lies at 1.

    Returns (vertices float32, centre, scale) with original = centre + vertex / scale.
    """
    v = np.asarray(vertices, dtype=np.float64)
    centre = 0.5 * (v.min(axis=0) + v.max(axis=0))
    d = v - centre
    reach = float(np.sqrt((d * d).sum(axis=1)).max()) if len(v) else 0.0
    scale = 1.0 / reach if reach > 0.0 else 1.0
    return (d * scale).astype(np.float32), centre, scale
