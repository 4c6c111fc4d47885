"""Traces: deposit, decay and patina colours, the same on any thread count."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from kellan.sculpture.shapes import build_shape
from kellan.sculpture.traces import Traces
from tests.conftest import ROOT


def _reference(verts, pos, owner, radius, amount, n_cols):
    """Every vertex against every particle, in float64."""
    d2 = ((verts[:, None, :].astype(np.float64) - pos.T[None].astype(np.float64)) ** 2).sum(-1)
    w = np.clip(1.0 - d2 / radius**2, 0.0, None) ** 2 * amount
    return np.stack([w[:, owner == s].sum(axis=1) for s in range(n_cols)], axis=1)


def _cloud(n, seed=0, slots=4, spread=1.2):
    rng = np.random.default_rng(seed)
    pos = rng.normal(0.0, spread, (3, n)).astype(np.float32)
    owner = rng.integers(0, slots, n).astype(np.int32)
    return pos, owner


def test_deposit_matches_every_pair_reference():
    verts = build_shape("torus_knot", {}).vertices
    pos, owner = _cloud(3000, slots=3)
    tr = Traces(len(verts), ["ana", "ben", "cy"])
    tr.deposit(verts, pos, owner, 0.2, 0.5)
    ref = _reference(verts, pos, owner, 0.2, 0.5, 3)
    assert ref.max() > 1.0  # many vertices were touched
    assert np.allclose(tr.amounts, ref, rtol=1e-5, atol=1e-6)
    tr.deposit(verts, pos, owner, 0.2, 0.5)
    assert np.allclose(tr.amounts, 2 * ref, rtol=1e-5, atol=1e-6)  # it accumulates


def test_slots_are_mapped_to_participants_by_id():
    verts = build_shape("icosphere", {"subdivisions": 2}).vertices
    pos, owner = _cloud(2000, slots=4, spread=0.8)
    owner[:10] = 64  # the commons' slot: belongs to nobody
    tr = Traces(len(verts), ["zoe"])
    # Slot 0 is free, slot 1 is Zoe, slot 2 a newcomer, slot 3 nobody.
    tr.deposit(verts, pos, owner, 0.3, 1.0, slot_ids=[None, "zoe", "max", None])
    assert tr.ids == ["zoe", "max"]
    ref = _reference(verts, pos, owner, 0.3, 1.0, 4)
    assert np.allclose(tr.amounts[:, 0], ref[:, 1], rtol=1e-5, atol=1e-6)
    assert np.allclose(tr.amounts[:, 1], ref[:, 2], rtol=1e-5, atol=1e-6)
    # The same person in another slot next run still lands in their own column.
    again = Traces(len(verts), ["zoe", "max"])
    again.deposit(verts, pos, owner, 0.3, 1.0, slot_ids=["max", None, "zoe", None])
    assert np.allclose(again.amounts[:, 0], ref[:, 2], rtol=1e-5, atol=1e-6)
    assert np.allclose(again.amounts[:, 1], ref[:, 0], rtol=1e-5, atol=1e-6)


def test_far_particles_and_huge_coordinates_leave_nothing():
    verts = build_shape("icosphere", {"subdivisions": 1}).vertices
    pos = np.array([[50.0, -3e30, np.nan], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], np.float32)
    tr = Traces(len(verts), ["a"])
    tr.deposit(verts, pos, np.zeros(3, np.int32), 0.5, 1.0)
    assert not tr.amounts.any()


def test_decay_halves_per_half_life_and_none_is_permanent():
    tr = Traces(4, ["a", "b"])
    tr.amounts[:] = 8.0
    tr.decay(10.0, None)
    assert (tr.amounts == 8.0).all()
    tr.decay(10.0, float("inf"))
    assert (tr.amounts == 8.0).all()
    tr.decay(20.0, 10.0)
    assert np.allclose(tr.amounts, 2.0)
    with pytest.raises(ValueError, match="half-life must be positive"):
        tr.decay(1.0, 0.0)


def test_colours_mix_by_amount_and_glow_with_the_total():
    tr = Traces(3, ["red", "blue"])
    tr.amounts[0] = (2.0, 0.0)
    tr.amounts[1] = (1.0, 3.0)
    hues = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    c = tr.colours(hues, saturation=2.0)
    assert c.shape == (3, 4) and c.dtype == np.float32
    assert np.allclose(c[0], [1.0, 0.0, 0.0, 1.0 - np.exp(-1.0)])
    assert np.allclose(c[1], [0.25, 0.0, 0.75, 1.0 - np.exp(-2.0)])
    assert np.allclose(c[2], 0.0)  # untouched: no colour, fully transparent
    by_id = tr.colours({"blue": (0.0, 0.0, 1.0), "red": (1.0, 0.0, 0.0)}, saturation=2.0)
    assert np.array_equal(by_id, c)
    with pytest.raises(ValueError, match="expected 2 colours"):
        tr.colours(hues[:1])


def test_remapped_puts_todays_participants_first_and_keeps_the_rest():
    tr = Traces(2, ["old", "kept"])
    tr.amounts[:] = [[1.0, 2.0], [3.0, 4.0]]
    out = tr.remapped(["kept", "new"])
    assert out.ids == ["kept", "new", "old"]
    assert np.array_equal(out.amounts, [[2.0, 0.0, 1.0], [4.0, 0.0, 3.0]])


_DEPOSIT = """
import hashlib, numpy as np
from kellan.sculpture.shapes import build_shape
from kellan.sculpture.traces import Traces
verts = build_shape("supershape", {}).vertices * 1.4
rng = np.random.default_rng(11)
pos = rng.normal(0.0, 1.0, (3, 60000)).astype(np.float32)
owner = rng.integers(0, 6, 60000).astype(np.int32)
tr = Traces(len(verts), [f"p{i}" for i in range(6)])
for k in range(3):
    tr.deposit(verts, pos + np.float32(0.05 * k), owner, 0.17, 0.3)
print(hashlib.sha256(tr.amounts.tobytes()).hexdigest())
"""


def test_deposit_is_identical_on_one_and_two_threads():
    outs = []
    for threads in ("1", "2"):
        env = dict(os.environ, NUMBA_NUM_THREADS=threads, PYTHONPATH=str(ROOT))
        res = subprocess.run(
            [sys.executable, "-c", _DEPOSIT], capture_output=True, text=True, env=env,
            cwd=ROOT, timeout=600,
        )  # fmt: skip
        assert res.returncode == 0, res.stderr
        outs.append(res.stdout.strip())
    assert len(outs[0]) == 64 and outs[0] == outs[1]
