"""Imported meshes: every format loads, and bad files give one clear line naming them."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import trimesh

from kellan.sculpture import mesh_file
from kellan.sculpture.mesh import signed_volume, vertex_normals
from kellan.sculpture.mesh_file import MeshError, load_mesh

DATA = Path(__file__).resolve().parent / "data" / "meshes"


@pytest.mark.parametrize(
    ("name", "faces"),
    [
        ("box_normals.obj", 12),
        ("sphere.ply", 80),
        ("torus.stl", 256),
        ("tetra_ascii.stl", 4),
        ("latin1.obj", 4),
        ("two_parts.glb", 80 + 12),
    ],
)
def test_every_format_loads_as_a_closed_unit_mesh(name, faces):
    mesh, warnings = load_mesh(DATA / name)
    assert warnings == []
    v, n, f = mesh
    assert v.dtype == np.float32 and n.dtype == np.float32 and f.dtype == np.uint32
    assert len(f) == faces
    assert np.isfinite(n).all() and np.allclose(np.linalg.norm(n, axis=1), 1.0, atol=1e-5)
    assert np.linalg.norm(v, axis=1).max() == pytest.approx(1.0, abs=1e-6)
    assert np.abs(0.5 * (v.min(axis=0) + v.max(axis=0))).max() < 1e-6  # centred
    if name != "two_parts.glb":  # two separate closed parts: each closed, together too
        assert trimesh.Trimesh(v, f, process=False).is_watertight
    assert signed_volume(v, f) > 0.0


def test_stl_triangles_are_welded_so_normals_are_smooth():
    mesh, _ = load_mesh(DATA / "torus.stl")
    assert len(mesh.vertices) == 128  # not 3 × 256: the STL's split corners are welded


def test_normals_from_the_file_are_kept():
    mesh, _ = load_mesh(DATA / "box_normals.obj")
    # The box's file normals point along its corners' diagonals, not area-weighted ones.
    from_faces = vertex_normals(mesh.vertices, mesh.faces)
    assert not np.allclose(from_faces, mesh.normals, atol=1e-3)
    assert (np.einsum("ij,ij->i", from_faces, mesh.normals) > 0.0).all()


def test_glb_scene_is_flattened_with_its_node_transforms():
    mesh, _ = load_mesh(DATA / "two_parts.glb", normalise=False)
    # The ball (radius 1) sits at x = 2, the unit box at the origin.
    assert mesh.vertices[:, 0].max() == pytest.approx(3.0, abs=1e-5)
    assert mesh.vertices[:, 0].min() == pytest.approx(-0.5, abs=1e-5)


def test_normalise_false_keeps_the_files_units():
    mesh, _ = load_mesh(DATA / "sphere.ply", normalise=False)
    assert mesh.vertices[:, 0].max() == pytest.approx(13.0, abs=1e-4)


def test_inside_out_mesh_is_turned_with_a_warning():
    mesh, warnings = load_mesh(DATA / "inside_out.obj")
    assert signed_volume(mesh.vertices, mesh.faces) > 0.0
    assert len(warnings) == 1 and "inside_out.obj" in warnings[0] and "inside out" in warnings[0]


def _big_ply(tmp_path: Path) -> Path:
    path = tmp_path / "big.ply"
    path.write_bytes(trimesh.exchange.ply.export_ply(trimesh.creation.icosphere(subdivisions=4)))
    return path


def test_too_many_faces_are_decimated_with_a_warning(tmp_path):
    mesh, warnings = load_mesh(_big_ply(tmp_path), max_faces=1000)
    assert 500 <= len(mesh.faces) <= 1000
    assert len(warnings) == 1 and "5120 faces is over the limit of 1000" in warnings[0]
    assert np.isfinite(mesh.normals).all()


def test_too_many_faces_without_decimation_is_refused_with_the_limit(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "fast_simplification", None)  # as if not installed
    with pytest.raises(MeshError, match=r"big\.ply: 5120 faces is over the limit of 1000"):
        load_mesh(_big_ply(tmp_path), max_faces=1000)


def test_file_over_the_byte_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(mesh_file, "MAX_FILE_BYTES", 1000)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    with pytest.raises(MeshError, match=r"torus\.stl: file is 12884 bytes, over the limit"):
        load_mesh(DATA / "torus.stl")
    assert read == []


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("missing.obj", "no such file"),
        ("model.fbx", "unsupported mesh format '.fbx'"),
        ("points.ply", "not a mesh: a point cloud of 20 points"),
        ("image.obj", "not an OBJ mesh: it is a PNG image"),
        ("truncated.stl", "binary STL is truncated"),
        ("garbage.glb", "cannot parse as GLB"),
        ("empty.obj", "empty mesh"),
        ("flat.obj", "every face has zero area"),
        ("nan.obj", "1 vertex has NaN or infinite coordinates"),
        ("bad_index.obj", "cannot parse as OBJ"),
    ],
)
def test_bad_mesh_files_are_one_line_naming_the_file(name, problem):
    with pytest.raises(MeshError) as info:
        load_mesh(DATA / name)
    message = str(info.value)
    assert message.startswith(str(DATA / name) + ": ")
    assert problem in message
    assert "\n" not in message


def test_a_folder_and_an_empty_file_are_refused(tmp_path):
    with pytest.raises(MeshError, match="is a folder"):
        load_mesh(tmp_path)
    (tmp_path / "blank.stl").write_bytes(b"")
    with pytest.raises(MeshError, match=r"blank\.stl: file is empty"):
        load_mesh(tmp_path / "blank.stl")
