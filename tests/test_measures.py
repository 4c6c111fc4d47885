"""The per-frame measures: Gini, empathy, the numba tally and its determinism."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from kellan.core import measures as M
from kellan.core.simulation import COMMONS, N_GROUPS, SimConfig, Simulation
from tests.conftest import ROOT

# -- Gini -------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 3, 4, 7])
def test_gini_is_zero_for_equal_shares(n):
    assert M.gini(np.full(n, 1.0 / n)) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("n", [2, 3, 4, 7])
def test_gini_of_a_single_holder_is_n_minus_one_over_n(n):
    shares = np.zeros(n)
    shares[n // 2] = 1.0
    assert M.gini(shares) == pytest.approx((n - 1) / n)
    # Whatever the entitlements, one person holding everything is as unequal as it gets.
    ent = np.arange(1.0, n + 1.0)
    assert M.gini(shares, ent) == pytest.approx((n - 1) / n)


def test_gini_hand_computed():
    # x = (1, 2, 3, 4)·0.1 / 0.25: pairwise |differences| sum 20 (ordered pairs) over
    # 2·n²·mean = 2·16·2.5 = 80.
    assert M.gini([0.1, 0.2, 0.3, 0.4]) == pytest.approx(0.25)
    # Equal halves but entitlements 1:3: x = (2, 2/3), Σ|Δ| = 8/3, 2·n²·mean = 32/3.
    assert M.gini([0.5, 0.5], [1.0, 3.0]) == pytest.approx(0.25)


def test_gini_reads_zero_when_shares_follow_entitlement():
    ent = np.array([1.0, 1.2, 0.9, 0.9])
    assert M.gini(ent / ent.sum(), ent) == pytest.approx(0.0, abs=1e-12)
    # ... and not zero for an equal split when entitlements differ.
    assert M.gini(np.full(4, 0.25), ent) > 0.02


def test_gini_degenerate_cases():
    assert M.gini([1.0]) == 0.0
    assert M.gini([0.0, 0.0, 0.0]) == 0.0
    with pytest.raises(ValueError, match="entitlements"):
        M.gini([0.5, 0.5], [1.0, 0.0])


# -- empathy ------------------------------------------------------------------------------


def test_empathy_cases():
    assert M.empathy(np.array([[0.3, -0.2, 0.1]] * 3)) == pytest.approx(1.0)
    assert M.empathy(np.array([[1.0, 1.0, 1.0], [-1.0, -1.0, -1.0]])) == pytest.approx(0.0)
    # Three people: distances 2 (a-b), 0 (a-c), 2 (b-c); mean 4/3 over 2√3.
    pad = np.array([[1.0, 0, 0], [-1.0, 0, 0], [1.0, 0, 0]])
    assert M.empathy(pad) == pytest.approx(1 - (4 / 3) / (2 * np.sqrt(3)))
    assert M.empathy(np.zeros((1, 3))) == 1.0


# -- a tiny hand-built state ----------------------------------------------------------------


def tiny_simulation() -> Simulation:
    """Three participants (shares 1, 1, 2) and a commons; 10 particles placed by hand."""
    pad = np.array([[0.5, -0.5, 0.0], [-0.5, 0.5, 0.0], [0.0, 0.0, 0.0]])
    sim = Simulation(SimConfig(n_particles=10, seed=1, grid=4), pad, np.array([1.0, 1.0, 2.0]))
    # x, y, z, vx, vy, vz of each particle; the sculpture is at the origin, radius 1, and
    # slow means speed < 0.5.
    rows = [
        # owner 0: near+slow, near+fast, far+slow
        (0, (0.1, 0, 0, 0.1, 0, 0)),
        (0, (0, 0.5, 0, 1.0, 0, 0)),
        (0, (3, 0, 0, 0, 0.2, 0)),
        # owner 1: far+fast, far+fast
        (1, (0, 0, 3, 0, 2, 0)),
        (1, (-3, 0, 0, 0, 0, 1)),
        # owner 2: near+slow, near+slow, far+slow
        (2, (0, 0, -0.9, 0, 0, 0)),
        (2, (0.2, 0.2, 0.2, 0.3, 0, 0)),
        (2, (0, 2, 0, 0, 0.1, 0)),
        # the commons: near+slow, never counted
        (COMMONS, (0, 0, 0, 0, 0, 0)),
        (COMMONS, (0.5, 0, 0, 0, 0, 0)),
    ]
    sim.state.kin[:] = np.array([r for _, r in rows], dtype=np.float32).T
    sim.state.ids[0] = [o for o, _ in rows]
    return sim


def test_measures_of_a_hand_built_state():
    m = M.measure(tiny_simulation(), np.zeros((1, 3)), radius=1.0, calm_speed=0.5)
    assert m.slots == (0, 1, 2)
    assert m.entitlement == pytest.approx((0.25, 0.25, 0.5))
    assert m.particles == pytest.approx((3 / 8, 2 / 8, 3 / 8))
    assert m.attention == pytest.approx((2 / 4, 0.0, 2 / 4))  # near: 2, 0, 2
    assert m.calm == pytest.approx((2 / 5, 0.0, 3 / 5))  # slow: 2, 0, 3
    assert m.near_fraction == pytest.approx(4 / 8)
    assert m.calm_fraction == pytest.approx(5 / 8)
    # Attention per entitlement x = (2, 0, 1): Σ|Δ| over ordered pairs 8, 2·9·1 = 18.
    assert m.gini_attention == pytest.approx(8 / 18)
    assert m.gini_calm == pytest.approx(M.gini([0.4, 0.0, 0.6], [1, 1, 2]))
    assert m.gini_particles == pytest.approx(M.gini([3 / 8, 2 / 8, 3 / 8], [1, 1, 2]))
    assert m.empathy == pytest.approx(M.empathy(tiny_simulation().pad[:3]))
    assert 0.0 < m.polarisation < 1.0


def test_leaving_participants_and_missing_sculptures():
    sim = tiny_simulation()
    sim.leave(1)
    m = M.measure(sim, np.zeros((0, 3)), radius=1.0, calm_speed=0.5)
    assert m.slots == (0, 2)
    assert m.particles == pytest.approx((0.5, 0.5))  # owner 1's particles are not shared
    assert m.attention == (0.0, 0.0) and m.gini_attention == 0.0
    # Radii per sculpture: a tiny one at the origin and a big one far away.
    centres = np.array([[0.0, 0.0, 0.0], [3.0, 0.0, 0.0]])
    m2 = M.measure(tiny_simulation(), centres, radius=np.array([0.2, 0.5]), calm_speed=0.5)
    # near: owner 0's (0.1,0,0) and (3,0,0); owner 2's none within 0.2 of the origin.
    assert m2.attention == pytest.approx((1.0, 0.0, 0.0))


def test_numba_tally_matches_numpy():
    rng = np.random.default_rng(3)
    n = 20_011  # not a multiple of the chunk count
    kin = rng.normal(0.0, 2.0, (6, n)).astype(np.float32)
    owner = rng.integers(0, N_GROUPS, n).astype(np.int32)
    cen = np.array([[0.0, 0.0, 0.0], [1.0, -1.0, 0.5]], dtype=np.float32)
    r2 = np.array([2.0, 1.0], dtype=np.float32)
    got = M.tally(kin, owner, cen, r2, np.float32(1.5), N_GROUPS)
    want = M.tally_reference(kin, owner, cen, r2, np.float32(1.5), N_GROUPS)
    np.testing.assert_array_equal(got, want)
    assert got[:, M.T_ALL].sum() == n
    # Fewer particles than chunks.
    few = M.tally(kin[:, :5].copy(), owner[:5].copy(), cen, r2, np.float32(1.5), N_GROUPS)
    np.testing.assert_array_equal(
        few, M.tally_reference(kin[:, :5], owner[:5], cen, r2, np.float32(1.5), N_GROUPS)
    )


SCRIPT = """
import numpy as np, numba
from kellan.core.measures import measure
from kellan.bench import full_model
sim = full_model(60_000)
sim.step(5)
print(numba.get_num_threads(), repr(measure(sim, np.array([[0., 0, 0], [2., 1, 0]]))))
"""


def test_measures_are_the_same_on_one_and_two_threads():
    outs = []
    for threads in ("1", "2"):
        env = {**os.environ, "NUMBA_NUM_THREADS": threads}
        res = subprocess.run(
            [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, cwd=ROOT
        )
        assert res.returncode == 0, res.stderr
        count, _, text = res.stdout.strip().partition(" ")
        assert count == threads
        outs.append(text)
    assert outs[0] == outs[1]
    assert "Measures(" in outs[0]
