"""Surface samples: spread by area, seeded, with outward normals; placed like the renderer."""

from __future__ import annotations

import numpy as np
import pytest

from kellan.sculpture.mesh import make_mesh
from kellan.sculpture.sampling import sample_surface, to_world
from kellan.sculpture.shapes import build_shape


def test_same_seed_same_points_other_seed_other_points():
    mesh = build_shape("torus", {})
    a = sample_surface(mesh, 500, seed=4)
    b = sample_surface(mesh, 500, seed=4)
    c = sample_surface(mesh, 500, seed=5)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])
    assert a[0].dtype == np.float32 and a[0].shape == (500, 3)


def test_samples_are_spread_by_area():
    # Two triangles, areas 1/2 and 3/2 (side by side in the plane z = 0).
    v = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [2, 0, 0], [5, 0, 0], [2, 1, 0]], float)
    mesh = make_mesh(v, None, np.array([[0, 1, 2], [3, 4, 5]]))
    pts, nrm = sample_surface(mesh, 20000, seed=1)
    share = (pts[:, 0] >= 2.0).mean()
    assert share == pytest.approx(0.75, abs=0.015)
    assert np.allclose(nrm, [0, 0, 1])
    # Inside their triangles.
    left = pts[pts[:, 0] < 2.0]
    assert (left[:, 0] + left[:, 1] <= 1.0 + 1e-6).all()


def test_samples_lie_on_the_surface_with_outward_normals():
    mesh = build_shape("geodesic_sphere", {"frequency": 12})
    pts, nrm = sample_surface(mesh, 3000, seed=2)
    r = np.linalg.norm(pts, axis=1)
    assert (r <= 1.0 + 1e-6).all() and (r > 0.99).all()
    assert (np.einsum("ij,ij->i", nrm, pts / r[:, None]) > 0.99).all()
    # Spread evenly: each octant gets its share.
    octant = (pts > 0) @ np.array([1, 2, 4])
    assert np.bincount(octant, minlength=8).min() > 3000 / 8 * 0.8


def test_to_world_matches_the_renderers_model_matrix():
    from kellan.render.camera import rotation_y

    pts = np.array([[1.0, 0.5, -0.25], [0.0, 1.0, 2.0]], np.float32)
    nrm = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], np.float32)
    m = rotation_y(40.0)
    m[:3, :3] *= 2.0
    m[:3, 3] = (1.0, -2.0, 3.0)
    want = (np.c_[pts, np.ones(2)] @ m.T)[:, :3]
    got_p, got_n = to_world(pts, nrm, (1.0, -2.0, 3.0), 2.0, 40.0)
    assert np.allclose(got_p, want, atol=1e-5)
    assert np.allclose(got_n, nrm @ rotation_y(40.0)[:3, :3].T, atol=1e-6)
