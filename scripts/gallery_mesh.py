"""Write scenes/meshes/dream_crystal.ply, the mesh-file sculpture of the gallery scene:
a faceted crystal (a cut gem: table, crown, girdle, pavilion), flat-shaded, so each facet
carries its own normal and the hologram's rim runs along the facets' edges.

    python scripts/gallery_mesh.py [OUT.ply]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import trimesh

# (points, radius, height, turn in steps of the ring) from the table down to the girdle.
RINGS = [(8, 0.5, 0.5, 0.0), (8, 0.82, 0.32, 0.5), (16, 1.0, 0.12, 0.0), (16, 1.0, 0.02, 0.0)]
APEX = -1.05


def ring(n: int, radius: float, y: float, turn: float) -> np.ndarray:
    a = 2.0 * np.pi * (np.arange(n) + turn) / n
    return np.stack([radius * np.cos(a), np.full(n, y), radius * np.sin(a)], axis=1)


def stitch(a0: int, na: int, ta: float, b0: int, nb: int, tb: float) -> list[tuple[int, int, int]]:
    """Triangles between two rings (vertex offsets a0, b0), walking round both by angle."""
    faces = []
    i = j = 0
    while i < na or j < nb:
        ang_a = (i + 1 + ta) / na
        ang_b = (j + 1 + tb) / nb
        ia, ib = a0 + i % na, b0 + j % nb
        if j >= nb or (i < na and ang_a <= ang_b):
            faces.append((ia, ib, a0 + (i + 1) % na))
            i += 1
        else:
            faces.append((ia, ib, b0 + (j + 1) % nb))
            j += 1
    return faces


def crystal() -> trimesh.Trimesh:
    pts = [ring(n, r, y, t) for n, r, y, t in RINGS]
    offsets = np.cumsum([0] + [len(p) for p in pts])
    verts = np.concatenate([*pts, [[0.0, RINGS[0][2], 0.0], [0.0, APEX, 0.0]]])
    top, apex = len(verts) - 2, len(verts) - 1
    n0 = RINGS[0][0]
    faces = [(top, k, (k + 1) % n0) for k in range(n0)]  # the table
    for k in range(len(RINGS) - 1):
        (na, _, _, ta), (nb, _, _, tb) = RINGS[k], RINGS[k + 1]
        faces += stitch(offsets[k], na, ta, offsets[k + 1], nb, tb)
    last, nl = offsets[len(RINGS) - 1], RINGS[-1][0]
    faces += [(last + k, apex, last + (k + 1) % nl) for k in range(nl)]  # the pavilion
    f = np.array(faces)
    if trimesh.Trimesh(verts, f, process=False).volume < 0:
        f = f[:, [0, 2, 1]]  # wound inside out: turn every face
    # Flat shading: every face its own three vertices, with the face's normal.
    v = verts[f].reshape(-1, 3)
    fn = np.cross(v[1::3] - v[0::3], v[2::3] - v[0::3])
    fn /= np.linalg.norm(fn, axis=1, keepdims=True)
    normals = np.repeat(fn, 3, axis=0)
    return trimesh.Trimesh(v, np.arange(len(v)).reshape(-1, 3), vertex_normals=normals,
                           process=False)  # fmt: skip


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "scenes/meshes/dream_crystal.ply"
    mesh = crystal()
    out.write_bytes(trimesh.exchange.ply.export_ply(mesh, encoding="binary", vertex_normal=True))
    print(f"{out}: {len(mesh.faces)} faces, {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
