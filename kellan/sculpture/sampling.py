"""Points on a sculpture's surface, spread by area, and placing them in the world."""

from __future__ import annotations

import numpy as np

from kellan.sculpture.mesh import Mesh, face_normals_raw, unit_rows
from kellan.sculpture.transform import model_matrix
from kellan.sculpture.transform import to_world as transform_to_world


def sample_surface(mesh: Mesh, count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """`count` points (count, 3) float32 spread uniformly over the mesh's area, and the
    mesh's smooth (vertex-interpolated) normals there, (count, 3) float32.

    The same mesh, count and seed give the same points (numpy's PCG64 generator).
    """
    if count < 1:
        raise ValueError(f"sample count must be at least 1, not {count}")
    v = mesh.vertices.astype(np.float64)
    f = mesh.faces.astype(np.intp)
    raw = face_normals_raw(v, f)
    area = 0.5 * np.sqrt((raw * raw).sum(axis=1))
    cum = np.cumsum(area)
    if not cum[-1] > 0.0:
        raise ValueError("the mesh has no area to sample")
    rng = np.random.default_rng(seed)
    u = rng.random((count, 3))
    face = np.minimum(np.searchsorted(cum, u[:, 0] * cum[-1], side="right"), len(f) - 1)
    # Uniform in a triangle: fold the unit square's far half back onto it.
    a, b = u[:, 1], u[:, 2]
    fold = a + b > 1.0
    a[fold], b[fold] = 1.0 - a[fold], 1.0 - b[fold]
    w = np.stack([1.0 - a - b, a, b], axis=1)
    corners = f[face]
    pts = (w[:, :, None] * v[corners]).sum(axis=1)
    nrm = (w[:, :, None] * mesh.normals[corners].astype(np.float64)).sum(axis=1)
    # Where the corner normals cancel (a crease), the face's own normal stands in.
    length = np.sqrt((nrm * nrm).sum(axis=1))
    weak = length < 1e-6
    nrm[weak] = raw[face[weak]]
    return pts.astype(np.float32), unit_rows(nrm).astype(np.float32)


def to_world(
    points: np.ndarray,
    normals: np.ndarray,
    position: tuple[float, float, float],
    scale: float,
    yaw_degrees: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Points and normals placed as the renderer places a sculpture: scaled, turned about
    the vertical (y) axis by `yaw_degrees`, moved (kellan.sculpture.transform)."""
    m = model_matrix(position, (0.0, 0.0, 0.0), scale, yaw_degrees)
    pts, nrm = transform_to_world(m, np.asarray(points), np.asarray(normals))
    assert nrm is not None
    return pts, nrm
