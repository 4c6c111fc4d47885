"""A sculpture's mesh from what a scene says (a shape and its parameters, or a mesh file),
built once and shared: the scene check, the simulation's guide fields, the traces and
the renderer all ask for the same mesh."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

from kellan.sculpture.mesh import Mesh
from kellan.sculpture.shapes import build_shape


@lru_cache(maxsize=64)
def _shape(name: str, params: tuple[tuple[str, object], ...]) -> Mesh:
    return build_shape(name, dict(params))


def build_shape_cached(name: str, params: tuple[tuple[str, object], ...]) -> Mesh:
    """build_shape, remembered: ShapeError for bad parameters."""
    return _shape(name, params)


@lru_cache(maxsize=32)
def _file(path: str, normalise: bool, mtime_ns: int, size: int) -> tuple[Mesh, list[str]]:
    # trimesh takes a while to import: only scenes with mesh files pay for it.
    from kellan.sculpture.mesh_file import load_mesh

    return load_mesh(path, normalise=normalise)


def load_mesh_cached(path: str, normalise: bool = True) -> tuple[Mesh, list[str]]:
    """load_mesh, remembered until the file changes: MeshError when it cannot load."""
    try:
        st = os.stat(path)
        key = (st.st_mtime_ns, st.st_size)
    except OSError:
        key = (0, -1)  # load_mesh says what is wrong with it
    return _file(path, normalise, *key)


# The last mesh each file gave. A running show keeps drawing and guiding with it when
# the artist saves a broken file (the scene check reports that, with the file's name).
_last_good: dict[tuple[str, bool], Mesh] = {}


def sculpture_mesh(shape: str, params: Mapping[str, object], mesh: str | None,
                   normalise: bool = True) -> Mesh:  # fmt: skip
    """The mesh of a sculpture as the scene describes it (paths already resolved). A file
    that stopped loading gives its last good mesh, if it ever loaded (MeshError if not)."""
    if shape == "mesh":
        assert mesh is not None
        try:
            loaded = load_mesh_cached(mesh, normalise)[0]
        except Exception as exc:
            from kellan.sculpture.mesh_file import MeshError

            if isinstance(exc, MeshError) and (mesh, normalise) in _last_good:
                return _last_good[(mesh, normalise)]
            raise
        _last_good[(mesh, normalise)] = loaded
        return loaded
    return build_shape_cached(shape, tuple(sorted(params.items())))
