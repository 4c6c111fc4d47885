"""Imported sculpture meshes: OBJ, PLY, STL and GLB files read through trimesh.

`load_mesh` returns a Mesh (welded, outward-facing when closed, centred and scaled to
unit size unless asked not to) and a list of one-line warnings, or raises a MeshError
naming the file and what is wrong with it. Limits, checked before anything heavy:

- MAX_FILE_BYTES (256 MiB): larger files are refused before they are read;
- max_faces (default MAX_FACES, 200,000): a mesh with more faces is decimated to that
  many with fast-simplification (quadric decimation), with a warning; without that
  package it is refused with the limit stated.
"""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kellan.sculpture.mesh import Mesh, make_mesh, normalised, signed_volume, vertex_normals

if TYPE_CHECKING:
    import trimesh

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_FACES = 200_000
FORMATS = {".obj": "obj", ".ply": "ply", ".stl": "stl", ".glb": "glb"}
_A_FORMAT = {"obj": "an OBJ", "ply": "a PLY", "stl": "an STL", "glb": "a GLB"}

# Signatures of files that are often renamed by mistake, by their first bytes.
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"glTF": "a GLB file",
    b"ply\n": "a PLY file",
    b"ply\r\n": "a PLY file",
}


class MeshError(ValueError):
    """A mesh file that cannot be used; the message names the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def load_mesh(
    path: str | os.PathLike[str], *, normalise: bool = True, max_faces: int = MAX_FACES
) -> tuple[Mesh, list[str]]:
    """Read one mesh file; a GLB scene is flattened (node transforms applied) to one mesh."""
    path = Path(path)
    data = _read_checked(path)
    kind = FORMATS[path.suffix.lower()]
    _sniff(path, kind, data)
    tm = _to_trimesh(path, kind, _as_utf8(kind, data))
    warnings: list[str] = []
    tm, normals = _clean(path, tm)
    if len(tm.faces) > max_faces:
        tm = _decimate(path, tm, max_faces, warnings)
        normals = None
    verts = np.asarray(tm.vertices, dtype=np.float64)
    faces = np.asarray(tm.faces, dtype=np.int64)
    if tm.is_watertight and signed_volume(verts, faces) < 0.0:
        faces = faces[:, [0, 2, 1]]  # inside out: turn every face so the normals face out
        normals = None if normals is None else -normals
        warnings.append(f"{path}: its faces were wound inside out; turned them outward")
    if normals is None:
        normals = vertex_normals(verts, faces)
    if normalise:
        verts = normalised(verts)[0]
    return make_mesh(verts, normals, faces), warnings


def _read_checked(path: Path) -> bytes:
    if path.is_dir():
        raise MeshError(path, "is a folder, not a mesh file")
    if path.suffix.lower() not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise MeshError(path, f"unsupported mesh format {path.suffix!r} (use {known})")
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise MeshError(path, "not a file")
        if size > MAX_FILE_BYTES:
            raise MeshError(
                path, f"file is {_size(size)}, over the limit of {_size(MAX_FILE_BYTES)}"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise MeshError(path, "no such file") from None
    except OSError as exc:
        raise MeshError(path, f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise MeshError(path, "file is empty")
    return data


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n} bytes"


def _sniff(path: Path, kind: str, data: bytes) -> None:
    """Refuse what is plainly not this format before trimesh tries to parse it."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic) and not (
            (kind == "glb" and magic == b"glTF") or (kind == "ply" and what == "a PLY file")
        ):
            raise MeshError(path, f"not {_A_FORMAT[kind]} mesh: it is {what}")
    if kind == "obj" and b"\x00" in data[:4096]:
        raise MeshError(path, "not an OBJ mesh: OBJ is text, and this file is binary")
    if kind == "glb" and not data.startswith(b"glTF"):
        raise MeshError(path, "not a GLB file (it does not start with 'glTF')")
    if kind == "stl" and data.lstrip()[:5].lower() != b"solid":  # binary STL
        if len(data) < 84:
            raise MeshError(path, "not an STL mesh: too short for binary STL and not ASCII")
        (count,) = struct.unpack("<I", data[80:84])
        if len(data) < 84 + 50 * count:
            raise MeshError(
                path,
                f"binary STL is truncated: {count} triangles need {84 + 50 * count} bytes, "
                f"the file has {len(data)}",
            )


def _as_utf8(kind: str, data: bytes) -> bytes:
    """Text meshes as UTF-8. Older exporters write Latin-1 comments and names, which
    trimesh would hand to charset_normalizer (an optional package) to guess at."""
    text = kind == "obj" or (kind == "stl" and data.lstrip()[:5].lower() == b"solid")
    if not text:
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        return data.decode("latin-1").encode("utf-8")


def _to_trimesh(path: Path, kind: str, data: bytes) -> trimesh.Trimesh:
    import trimesh  # imported here: it is slow to import and only needed for files

    try:
        loaded = trimesh.load(io.BytesIO(data), file_type=kind, process=False)
    except Exception as exc:  # trimesh raises anything from its parsers
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise MeshError(path, f"cannot parse as {kind.upper()}: {detail}") from None
    parts = loaded.dump() if isinstance(loaded, trimesh.Scene) else [loaded]
    meshes = [g for g in parts if isinstance(g, trimesh.Trimesh) and len(g.faces)]
    if not meshes:
        clouds = [g for g in parts if isinstance(g, trimesh.PointCloud)]
        if clouds:
            n = sum(len(c.vertices) for c in clouds)
            raise MeshError(path, f"not a mesh: a point cloud of {n} points with no faces")
        raise MeshError(path, "holds no triangles (an empty mesh)")
    if len(meshes) == 1:
        return meshes[0]
    try:
        return trimesh.util.concatenate(meshes)
    except Exception as exc:
        raise MeshError(path, f"cannot join its {len(meshes)} meshes: {exc}") from None


def _provided_normals(tm: trimesh.Trimesh) -> np.ndarray | None:
    """Vertex normals the file itself gave (trimesh keeps them in its cache), if sound."""
    cache = getattr(getattr(tm, "_cache", None), "cache", {})
    n = cache.get("vertex_normals") if isinstance(cache, dict) else None
    if n is None:
        return None
    n = np.asarray(n, dtype=np.float64)
    if n.shape != tm.vertices.shape or not np.isfinite(n).all():
        return None
    length = np.sqrt((n * n).sum(axis=1))
    return n / length[:, None] if (length > 1e-6).all() else None


def _clean(path: Path, tm: trimesh.Trimesh) -> tuple[trimesh.Trimesh, np.ndarray | None]:
    """Check the numbers; drop degenerate faces; weld when the file has no normals."""
    verts = np.asarray(tm.vertices)
    faces = np.asarray(tm.faces)
    if not np.isfinite(verts).all():
        bad = int((~np.isfinite(verts)).any(axis=1).sum())
        which = "1 vertex has" if bad == 1 else f"{bad} vertices have"
        raise MeshError(path, f"{which} NaN or infinite coordinates")
    if faces.min() < 0 or faces.max() >= len(verts):
        raise MeshError(path, "a face refers to a vertex that does not exist")
    normals = _provided_normals(tm)
    if normals is None:
        # Without normals from the file, weld split vertices (STL stores each triangle
        # on its own) so that the computed normals are smooth and the mesh can close.
        tm.merge_vertices(merge_tex=True, merge_norm=True)
    tm.update_faces(tm.nondegenerate_faces())
    tm.remove_unreferenced_vertices()
    if len(tm.faces) == 0:
        raise MeshError(path, "every face has zero area (an empty mesh)")
    if normals is not None and len(normals) != len(tm.vertices):
        normals = None  # some vertices went with the degenerate faces: recompute
    return tm, normals


def _decimate(
    path: Path, tm: trimesh.Trimesh, max_faces: int, warnings: list[str]
) -> trimesh.Trimesh:
    n = len(tm.faces)
    try:
        import fast_simplification  # noqa: F401  (trimesh's decimation needs it)
    except ImportError:
        raise MeshError(
            path,
            f"{n} faces is over the limit of {max_faces} and decimation needs the "
            "fast-simplification package",
        ) from None
    small = tm.simplify_quadric_decimation(face_count=max_faces)
    warnings.append(
        f"{path}: {n} faces is over the limit of {max_faces}; decimated to {len(small.faces)}"
    )
    return small
