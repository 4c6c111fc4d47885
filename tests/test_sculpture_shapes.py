"""Procedural sculpture shapes: valid, closed, outward-facing meshes, and checked params."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from kellan.sculpture.mesh import signed_volume, vertex_normals
from kellan.sculpture.shape_params import ShapeError
from kellan.sculpture.shapes import SHAPES, build_shape

CLOSED = [(name, {}) for name in SHAPES] + [
    ("mobius", {"half_twists": 3}),
    ("mobius", {"half_twists": 0}),
    ("supershape", {"m": 7, "n1": 0.2, "n2": 1.7, "n3": 1.7, "m_polar": 3, "n1_polar": 0.5}),
    ("torus_knot", {"p": 3, "q": 5}),
    ("lissajous", {"width": 0.06, "thickness": 0.06}),
    ("geodesic_sphere", {"frequency": 5}),
]


def _check_arrays(mesh):
    v, n, f = mesh
    assert v.dtype == np.float32 and v.ndim == 2 and v.shape[1] == 3
    assert n.dtype == np.float32 and n.shape == v.shape
    assert f.dtype == np.uint32 and f.ndim == 2 and f.shape[1] == 3
    assert np.isfinite(v).all() and np.isfinite(n).all()
    assert np.allclose(np.linalg.norm(n, axis=1), 1.0, atol=1e-4)
    assert int(f.max()) < len(v)
    # Every vertex is used, and no face is degenerate.
    assert len(np.unique(f)) == len(v)
    a, b, c = (v[f[:, k]].astype(np.float64) for k in range(3))
    assert np.linalg.norm(np.cross(b - a, c - a), axis=1).min() > 1e-9


@pytest.mark.parametrize(("name", "params"), CLOSED, ids=lambda x: str(x))
def test_closed_shapes_are_watertight_and_face_outward(name, params):
    mesh = build_shape(name, params)
    _check_arrays(mesh)
    tm = trimesh.Trimesh(mesh.vertices, mesh.faces, process=False)
    assert tm.is_watertight
    assert tm.is_winding_consistent
    assert signed_volume(mesh.vertices, mesh.faces) > 0.0
    # The stored normals agree with the faces' winding (outward) at every vertex.
    from_faces = vertex_normals(mesh.vertices, mesh.faces)
    assert (np.einsum("ij,ij->i", from_faces, mesh.normals) > 0.0).all()
    # Unit size, centred near the origin.
    reach = np.linalg.norm(mesh.vertices, axis=1).max()
    assert 0.9 <= reach <= 1.0 + 1e-5


def test_open_mobius_strip_is_one_sided_but_locally_consistent():
    mesh = build_shape("mobius", {"thickness": 0.0})
    _check_arrays(mesh)
    cut = trimesh.Trimesh(mesh.vertices, mesh.faces, process=False)
    assert not cut.is_watertight  # it has a boundary
    assert cut.is_winding_consistent  # cut open along its seam it can be wound
    welded = trimesh.Trimesh(mesh.vertices, mesh.faces, process=True)
    assert len(welded.vertices) < len(mesh.vertices)  # the doubled seam welds shut
    assert not welded.is_winding_consistent  # one-sided: the winding flips somewhere
    # Its boundary is a single closed curve (a Möbius band has one edge, not two).
    edges = trimesh.grouping.group_rows(welded.edges_sorted, require_count=1)
    boundary = welded.edges_sorted[edges]
    assert len(boundary) > 0
    graph: dict[int, list[int]] = {}
    for a, b in boundary:
        graph.setdefault(int(a), []).append(int(b))
        graph.setdefault(int(b), []).append(int(a))
    start = int(boundary[0][0])
    seen, prev, cur = {start}, None, start
    while True:
        nxt = next(x for x in graph[cur] if x != prev)
        if nxt == start:
            break
        seen.add(nxt)
        prev, cur = cur, nxt
    assert len(seen) == len(graph)


def test_torus_knot_closes_without_a_twist_at_the_seam():
    # The parallel-transport frame comes back turned by the holonomy; it is spread along
    # the knot, so the last ring lines up with the first like any two neighbours.
    segments, sides = 256, 16
    v = build_shape("torus_knot", {"segments": segments, "sides": sides}).vertices
    rings = v.reshape(segments, sides, 3).astype(np.float64)
    step = np.linalg.norm(rings[1:] - rings[:-1], axis=2).max(axis=1)
    seam = np.linalg.norm(rings[0] - rings[-1], axis=1).max()
    assert seam < 1.5 * np.median(step)


def test_legacy_render_import_still_works():
    from kellan.render.meshes import SHAPES as LEGACY

    verts, normals, faces = LEGACY["torus_knot"]()
    assert verts.shape == normals.shape and faces.shape[1] == 3


def test_geodesic_sphere_takes_any_frequency():
    for f in (1, 3, 7):
        mesh = build_shape("geodesic_sphere", {"frequency": f})
        assert len(mesh.faces) == 20 * f * f
        assert len(mesh.vertices) == 10 * f * f + 2
        assert np.allclose(np.linalg.norm(mesh.vertices, axis=1), 1.0, atol=1e-6)


def test_supershape_with_sphere_parameters_is_a_sphere():
    mesh = build_shape("supershape", {"m": 4, "n1": 2, "n2": 2, "n3": 2})
    assert np.allclose(np.linalg.norm(mesh.vertices, axis=1), 1.0, atol=1e-5)


def test_build_shape_accepts_whole_floats_and_fills_defaults():
    a = build_shape("torus_knot", {"p": 3.0, "q": 2})
    b = SHAPES["torus_knot"](p=3, q=2)
    assert np.array_equal(a.vertices, b.vertices)


@pytest.mark.parametrize(
    ("name", "params", "param", "words"),
    [
        ("torus_nott", {}, None, ["unknown shape 'torus_nott'", "did you mean 'torus_knot'"]),
        ("torus_knot", {"pp": 2}, "pp", ["no parameter 'pp'", "did you mean 'p'"]),
        ("torus_knot", {"p": 40}, "p", ["p = 40 is out of range 1..16"]),
        ("torus_knot", {"p": 2.5}, "p", ["must be a whole number"]),
        ("torus_knot", {"p": True}, "p", ["must be a whole number in 1..16"]),
        ("torus_knot", {"p": 2, "q": 4}, "q", ["share a factor"]),
        ("torus", {"major": 0.3, "minor": 0.4}, "minor", ["smaller than major"]),
        ("supershape", {"n1": float("nan")}, "n1", ["out of range"]),
        ("supershape", {"m": "six"}, "m", ["must be a number in 0..32, not 'six'"]),
        ("lissajous", {"a": 2, "b": 4, "c": 6}, "c", ["share a factor"]),
        ("mobius", {"sides": 25}, "sides", ["must be even"]),
    ],
)
def test_bad_shape_parameters_are_one_clear_sentence(name, params, param, words):
    with pytest.raises(ShapeError) as info:
        build_shape(name, params)
    message = str(info.value)
    assert "\n" not in message
    for w in words:
        assert w in message
    assert info.value.param == param
    assert info.value.shape == name
