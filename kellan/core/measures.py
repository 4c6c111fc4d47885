"""Per-frame measures of inequality and feeling, read from the core's state.

Rhea's poetry "reveals the inequalities" beneath the dream. These are the numbers it
reads, cheap enough to take every frame. For each present participant i:

- particles  s_i = n_i / Σ n                 (their particles over all present ones' particles)
- attention  a_i = near_i / Σ near           (their particles within `radius` of any
                                              sculpture centre, over all such particles)
- calm       c_i = slow_i / Σ slow           (their particles slower than `calm_speed`,
                                              over all such particles)

The sums run over the present participants only: the commons and the particles of people
who are fading out are nobody's to share. When nobody holds any of a kind (no particle
near a sculpture, none slow), every share of that kind is 0.

Each kind of share has a Gini coefficient across the present participants, normalised by
entitlement: with e_i = w_i / Σ w (w_i the participant's scene ``share`` weight) the
per-capita holding is x_i = s_i / e_i (1 = exactly what they are entitled to), and

    G = Σ_i Σ_j |x_i - x_j| / (2 n² x̄),   x̄ = (1/n) Σ x_i

over the n present participants, each counting once (people, not particles, are the
population). G = 0 when everyone holds in proportion to their weight, and (n - 1)/n when
one person holds everything, whatever the weights. G = 0 for n < 2 or when nobody holds any.

Polarisation is kellan.core.emotion.collective's (share-weighted mean pleasure/arousal
distance over 2√2). Empathy is the mean, over the n(n-1)/2 pairs of present participants,
of 1 - |PAD_i - PAD_j| / (2√3): 1 when everyone feels the same, 0 only for two people at
opposite corners of the PAD cube; 1 for n < 2. docs/poetry.md has the same formulas.

One numba kernel reads every particle once and counts, per owner, all particles, those
near a sculpture and the slow ones, over MEASURE_CHUNKS fixed chunks combined in order;
the counts are integers, so the result is the same for any thread count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from kellan.core.emotion import collective
from kellan.core.simulation import N_GROUPS, Simulation

# Fixed partition of the particles (never the thread count), so that the tally does not
# depend on scheduling.
MEASURE_CHUNKS = 64
# Tally columns per owner.
T_ALL = 0
T_NEAR = 1
T_SLOW = 2
N_TALLY = 3
# Defaults that read well on the festival scene: its orbiting particles ring the knot at
# about 1.9 world units, and a calm group's median speed is about 0.5-0.7 units/s while an
# agitated one's is 1.2-2.
DEFAULT_RADIUS = 2.2
DEFAULT_CALM_SPEED = 0.5
# Largest distance between two PAD states (corners of the [-1, 1]³ cube).
PAD_DIAMETER = 2.0 * np.sqrt(3.0)


@njit(parallel=True, cache=True)
def tally(
    kin: np.ndarray,
    owner: np.ndarray,
    centres: np.ndarray,
    radius2: np.ndarray,
    slow2: np.float32,
    n_groups: int,
) -> np.ndarray:
    """Per owner: particles, particles near any centre, slow particles; (n_groups, 3) int64.

    kin (6, N) float32, owner (N,) int32, centres (S, 3) float32, radius2 (S,) float32
    squared radii, slow2 the squared speed threshold.

    Each of MEASURE_CHUNKS fixed chunks first gives every particle a code
    owner·4 + 2·slow + near in straight, branch-free loops (one per sculpture, so they
    vectorise), then histograms the codes into its own row; the rows are added in chunk
    order. Scattering three counters per particle directly was 3-12x slower: the
    increments by owner serialise the loop.
    """
    n = kin.shape[1]
    n_centres = centres.shape[0]
    chunk = (n + MEASURE_CHUNKS - 1) // MEASURE_CHUNKS
    n_codes = n_groups * 4
    part = np.zeros((MEASURE_CHUNKS, n_codes), dtype=np.int64)
    for k in prange(MEASURE_CHUNKS):
        lo = min(n, k * chunk)
        hi = min(n, lo + chunk)
        code = np.empty(hi - lo, dtype=np.int32)
        for i in range(lo, hi):
            vx = kin[3, i]
            vy = kin[4, i]
            vz = kin[5, i]
            code[i - lo] = owner[i] * 4 + 2 * np.int32(vx * vx + vy * vy + vz * vz < slow2)
        for s in range(n_centres):
            cx = centres[s, 0]
            cy = centres[s, 1]
            cz = centres[s, 2]
            r2 = radius2[s]
            for i in range(lo, hi):
                dx = kin[0, i] - cx
                dy = kin[1, i] - cy
                dz = kin[2, i] - cz
                code[i - lo] |= np.int32(dx * dx + dy * dy + dz * dz < r2)
        for j in range(hi - lo):
            part[k, code[j]] += 1
    out = np.zeros((n_groups, N_TALLY), dtype=np.int64)
    for k in range(MEASURE_CHUNKS):
        for g in range(n_groups):
            far_busy = part[k, 4 * g]
            near_busy = part[k, 4 * g + 1]
            far_slow = part[k, 4 * g + 2]
            near_slow = part[k, 4 * g + 3]
            out[g, T_ALL] += far_busy + near_busy + far_slow + near_slow
            out[g, T_NEAR] += near_busy + near_slow
            out[g, T_SLOW] += far_slow + near_slow
    return out


@dataclass(frozen=True)
class Measures:
    """One frame's measures. Per-participant tuples follow `slots` (present slots, in
    slot order); each kind of share sums to 1 over them, or is all 0 when nobody holds
    any of that kind."""

    slots: tuple[int, ...]
    entitlement: tuple[float, ...]  # e_i = w_i / Σ w
    particles: tuple[float, ...]  # s_i
    attention: tuple[float, ...]  # a_i
    calm: tuple[float, ...]  # c_i
    gini_particles: float
    gini_attention: float
    gini_calm: float
    polarisation: float
    empathy: float
    near_fraction: float  # Σ near / Σ n: how crowded the sculptures are
    calm_fraction: float  # Σ slow / Σ n: how still the dream is

    def scalars(self) -> dict[str, float]:
        """The measures that are one number each, by name (for logs and sparklines)."""
        return {
            "gini_particles": self.gini_particles,
            "gini_attention": self.gini_attention,
            "gini_calm": self.gini_calm,
            "polarisation": self.polarisation,
            "empathy": self.empathy,
            "near_fraction": self.near_fraction,
            "calm_fraction": self.calm_fraction,
        }


def gini(shares: np.ndarray, entitlement: np.ndarray | None = None) -> float:
    """Gini coefficient of shares relative to entitlement (see the module docstring).

    x_i = shares_i / entitlement_i (entitlement normalised to sum 1; equal when None);
    G = Σ_i Σ_j |x_i - x_j| / (2 n² x̄), computed as (2 Σ_k k·x_(k)) / (n Σ x) - (n + 1)/n
    over the ascending x_(k), k = 1..n. 0 for n < 2 or Σ x = 0.
    """
    s = np.asarray(shares, dtype=np.float64)
    n = s.shape[0]
    if n < 2:
        return 0.0
    e = np.full(n, 1.0 / n) if entitlement is None else np.asarray(entitlement, np.float64)
    if np.any(e <= 0):
        raise ValueError("entitlements must be positive")
    x = np.sort(s / (e / e.sum()))
    total = x.sum()
    if total <= 0:
        return 0.0
    k = np.arange(1, n + 1, dtype=np.float64)
    g = 2.0 * float((k * x).sum()) / (n * total) - (n + 1.0) / n
    return float(min(max(g, 0.0), (n - 1.0) / n))


def empathy(pad: np.ndarray) -> float:
    """Mean over pairs of 1 - |PAD_i - PAD_j| / (2√3); 1 for fewer than two people."""
    p = np.asarray(pad, dtype=np.float64).reshape(-1, 3)
    n = p.shape[0]
    if n < 2:
        return 1.0
    d = np.sqrt(((p[:, None, :] - p[None, :, :]) ** 2).sum(axis=-1))
    iu = np.triu_indices(n, k=1)
    return float(1.0 - d[iu].mean() / PAD_DIAMETER)


def _share(counts: np.ndarray) -> np.ndarray:
    total = counts.sum()
    return counts / total if total > 0 else np.zeros(len(counts))


def measures_from_tally(
    counts: np.ndarray, present: np.ndarray, shares: np.ndarray, pad: np.ndarray
) -> Measures:
    """Measures from a per-owner tally (n_groups, 3) and the participants' slot arrays
    (present bool, shares weights, pad (n_groups, 3))."""
    slots = np.flatnonzero(np.asarray(present, dtype=bool))
    c = np.asarray(counts, dtype=np.float64)[slots]
    # Weights must be positive (scenes enforce it); a zero weight counts as a tiny one.
    w = np.maximum(np.asarray(shares, dtype=np.float64)[slots], 1e-9)
    p = np.asarray(pad, dtype=np.float64)[slots]
    if len(slots) == 0:
        return Measures((), (), (), (), (), 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    e = w / w.sum()
    part, att, calm = _share(c[:, T_ALL]), _share(c[:, T_NEAR]), _share(c[:, T_SLOW])
    held = c[:, T_ALL].sum()
    polar = collective(p, e).polarisation if len(slots) > 1 else 0.0
    return Measures(
        slots=tuple(int(s) for s in slots),
        entitlement=tuple(float(v) for v in e),
        particles=tuple(float(v) for v in part),
        attention=tuple(float(v) for v in att),
        calm=tuple(float(v) for v in calm),
        gini_particles=gini(part, e),
        gini_attention=gini(att, e),
        gini_calm=gini(calm, e),
        polarisation=float(polar),
        empathy=empathy(p),
        near_fraction=float(c[:, T_NEAR].sum() / held) if held > 0 else 0.0,
        calm_fraction=float(c[:, T_SLOW].sum() / held) if held > 0 else 0.0,
    )


def count(
    kin: np.ndarray,
    owner: np.ndarray,
    centres: np.ndarray,
    radius: float | np.ndarray = DEFAULT_RADIUS,
    calm_speed: float = DEFAULT_CALM_SPEED,
    n_groups: int = N_GROUPS,
) -> np.ndarray:
    """The numba tally with its inputs prepared: centres (S, 3), radius one value or (S,)."""
    cen = np.ascontiguousarray(np.asarray(centres, dtype=np.float32).reshape(-1, 3))
    rad = np.broadcast_to(np.asarray(radius, dtype=np.float32), (cen.shape[0],))
    return tally(
        kin,
        owner,
        cen,
        np.ascontiguousarray(rad * rad, dtype=np.float32),
        np.float32(calm_speed * calm_speed),
        n_groups,
    )


def tally_reference(
    kin: np.ndarray,
    owner: np.ndarray,
    centres: np.ndarray,
    radius2: np.ndarray,
    slow2: float,
    n_groups: int,
) -> np.ndarray:
    """The numpy twin of `tally` (same float32 arithmetic), for tests and the benchmark."""
    pos = kin[:3].T[:, None, :] - np.asarray(centres, np.float32)[None, :, :]
    near = ((pos * pos).sum(axis=-1, dtype=np.float32) < radius2[None, :]).any(axis=1)
    v = kin[3:]
    slow = (v * v).sum(axis=0, dtype=np.float32) < np.float32(slow2)
    out = np.zeros((n_groups, N_TALLY), dtype=np.int64)
    out[:, T_ALL] = np.bincount(owner, minlength=n_groups)
    out[:, T_NEAR] = np.bincount(owner, weights=near, minlength=n_groups).astype(np.int64)
    out[:, T_SLOW] = np.bincount(owner, weights=slow, minlength=n_groups).astype(np.int64)
    return out


def measure(
    sim: Simulation,
    centres: np.ndarray,
    radius: float | np.ndarray = DEFAULT_RADIUS,
    calm_speed: float = DEFAULT_CALM_SPEED,
) -> Measures:
    """This frame's measures of a simulation.

    centres: (S, 3) sculpture centres (S may be 0: then nobody holds any attention);
    radius: world units, one for all or one per sculpture; calm_speed: world units / s.
    """
    s = sim.state
    counts = count(s.kin, s.owner, centres, radius, calm_speed, N_GROUPS)
    return measures_from_tally(counts, sim.present, sim.shares, sim.pad)
