"""The particle dreamscape as a stepping object: state, fixed time step, emotions in.

Scene files and GUIs never touch the kernels directly; they build a `Simulation` from a
`SimConfig` and per-participant emotion arrays, then call `step`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

from kellan.core import kernels, reference
from kellan.core.emotion import behaviour_table


@dataclass(frozen=True)
class SimConfig:
    """Everything the core needs besides the participants; all in world units/seconds."""

    n_particles: int
    seed: int
    step_hz: float = 60.0
    unity: float = 0.5
    turbulence: float = 1.0
    cohesion: float = 0.35
    damping: float = 1.5
    world_radius: float = 4.0
    noise_freq: float = 0.45
    noise_drift: float = 0.08
    wall: float = 6.0
    centre: float = 0.12


@dataclass
class ParticleState:
    """Structure of arrays: rows are x, y, z so each component is contiguous."""

    pos: np.ndarray  # (3, N) float32
    vel: np.ndarray  # (3, N) float32
    owner: np.ndarray  # (N,) int32, fixed for a particle's whole life
    frame: int = 0

    def digest(self) -> str:
        """SHA-256 over the full state: the reproducibility fingerprint."""
        h = hashlib.sha256()
        h.update(np.int64(self.frame).tobytes())
        for arr in (self.pos, self.vel, self.owner):
            h.update(np.ascontiguousarray(arr).tobytes())
        return h.hexdigest()


def allot_particles(n: int, shares: np.ndarray) -> np.ndarray:
    """Split n particles over participants by share (largest remainder, ties by index)."""
    w = np.asarray(shares, dtype=np.float64)
    exact = n * w / w.sum()
    counts = np.floor(exact).astype(np.int64)
    rest = n - counts.sum()
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:rest]] += 1
    return counts


def initial_state(config: SimConfig, shares: np.ndarray) -> ParticleState:
    """Seeded start: each participant's particles form a cloud around its own home."""
    counts = allot_particles(config.n_particles, shares)
    rng = np.random.Generator(np.random.PCG64(config.seed))
    p = len(counts)
    owner = np.repeat(np.arange(p, dtype=np.int32), counts)
    angle = 2.0 * np.pi * (np.arange(p) + 0.5) / max(p, 1)
    home = (
        0.45 * config.world_radius * np.stack([np.cos(angle), np.zeros(p), np.sin(angle)], axis=1)
    )
    spread = 0.28 * config.world_radius
    pos = home[owner] + rng.normal(0.0, spread, size=(config.n_particles, 3))
    vel = rng.normal(0.0, 0.1, size=(config.n_particles, 3))
    return ParticleState(
        pos=np.ascontiguousarray(pos.T, dtype=np.float32),
        vel=np.ascontiguousarray(vel.T, dtype=np.float32),
        owner=owner,
    )


@dataclass
class Simulation:
    """Owns the particle state and advances it on a fixed time step.

    ``backend`` is "numba" for the real thing or "numpy" for the reference twin.
    """

    config: SimConfig
    pad: np.ndarray  # (P, 3) pleasure, arousal, dominance per participant
    shares: np.ndarray  # (P,)
    guides: np.ndarray = field(default_factory=lambda: np.zeros((0, kernels.N_GUIDE)))
    backend: str = "numba"
    state: ParticleState = field(init=False)

    def __post_init__(self) -> None:
        self.pad = np.asarray(self.pad, dtype=np.float64).reshape(-1, 3)
        self.shares = np.asarray(self.shares, dtype=np.float64)
        self.guides = np.ascontiguousarray(self.guides, dtype=np.float64).reshape(
            -1, kernels.N_GUIDE
        )
        self.state = initial_state(self.config, self.shares)
        self._params = np.zeros(kernels.N_PARAMS)
        self._refresh_behaviour()

    @property
    def n_participants(self) -> int:
        return self.pad.shape[0]

    @property
    def dt(self) -> float:
        return 1.0 / self.config.step_hz

    @property
    def time(self) -> float:
        """Simulation time in seconds: frame count times the fixed step."""
        return self.state.frame * self.dt

    def set_emotions(self, pad: np.ndarray) -> None:
        """Apply new PAD states (P, 3); takes effect from the next step."""
        self.pad = np.clip(np.asarray(pad, dtype=np.float64).reshape(-1, 3), -1.0, 1.0)
        self._refresh_behaviour()

    def _refresh_behaviour(self) -> None:
        c = self.config
        self._behaviour = behaviour_table(self.pad, c.unity, c.turbulence, c.cohesion)

    def centroids(self) -> np.ndarray:
        """(P + 1, 3): each participant's centroid, then the collective one."""
        s = self.state
        sums_fn = kernels.group_sums if self.backend == "numba" else reference.group_sums
        sums = sums_fn(s.pos, s.owner, self.n_participants)
        total = sums.sum(axis=0)
        out = np.empty((self.n_participants + 1, 3))
        out[-1] = total[:3] / max(total[3], 1.0)
        counts = sums[:, 3:4]
        # An empty group has no centroid of its own: it follows the collective.
        out[:-1] = np.where(counts > 0, sums[:, :3] / np.maximum(counts, 1.0), out[-1])
        return out

    def step(self, n: int = 1) -> None:
        """Advance n fixed steps."""
        c = self.config
        fn = kernels.step_particles if self.backend == "numba" else reference.step_particles
        seed = np.uint64(c.seed & 0xFFFFFFFF)
        p = self._params
        p[kernels.P_DT] = self.dt
        p[kernels.P_DAMPING] = c.damping
        p[kernels.P_WORLD_RADIUS] = c.world_radius
        p[kernels.P_NOISE_FREQ] = c.noise_freq
        p[kernels.P_NOISE_DRIFT] = c.noise_drift
        p[kernels.P_WALL] = c.wall
        p[kernels.P_CENTRE] = c.centre
        for _ in range(n):
            s = self.state
            p[kernels.P_TIME] = self.time
            cen = self.centroids()
            fn(s.pos, s.vel, s.owner, self._behaviour, cen, self.guides, p, seed)
            s.frame += 1

    def digest(self) -> str:
        return self.state.digest()
