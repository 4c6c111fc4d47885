"""The core's configuration and its particles: a `SimConfig` (everything the core needs
besides the participants), the structure-of-arrays `ParticleState` with its fingerprint,
and the seeded start. Participants live in slots 0..MAX_PARTICIPANTS-1; slot COMMONS
holds the particles that belong to nobody."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

MAX_PARTICIPANTS = 64
COMMONS = MAX_PARTICIPANTS  # owner index of particles that belong to nobody
N_GROUPS = MAX_PARTICIPANTS + 1


@dataclass(frozen=True)
class SimConfig:
    """Everything the core needs besides the participants; world units and seconds."""

    n_particles: int
    seed: int
    step_hz: float = 60.0
    unity: float = 0.5
    turbulence: float = 1.0
    cohesion: float = 0.35
    drag: float = 1.5
    separation: float = 0.6
    alignment: float = 0.4
    pulse: float = 0.6
    reserve: float = 0.0  # share of the particles that start in the commons
    world_radius: float = 4.0
    grid: int = 24  # cells per axis for separation and alignment
    noise_freq: float = 0.45
    noise_drift: float = 0.08
    wall: float = 6.0
    centre: float = 0.12
    mood_smoothing: float = 0.8  # seconds for a change of emotion to reach the particles
    stage: float = 1.0  # horizontal stretch of the world (an ellipsoid as wide as a frame)
    polarity: float = 0.8  # how far a polarised crowd splits apart
    expression: float = 1.0  # strength of the mood's motion cues (rise, tremor, spiral)


@dataclass
class ParticleState:
    """Structure of arrays. kin rows: x, y, z, vx, vy, vz (float32); ids rows: owner,
    particle id (int32). The arrays are kept sorted by grid cell; `pid` is a particle's
    identity for life."""

    kin: np.ndarray
    ids: np.ndarray
    frame: int = 0

    @property
    def pos(self) -> np.ndarray:
        return self.kin[:3]

    @property
    def vel(self) -> np.ndarray:
        return self.kin[3:]

    @property
    def owner(self) -> np.ndarray:
        return self.ids[0]

    @property
    def pid(self) -> np.ndarray:
        return self.ids[1]

    def digest(self, extra: bytes = b"") -> str:
        """SHA-256 over the full state: the reproducibility fingerprint."""
        h = hashlib.sha256()
        h.update(np.int64(self.frame).tobytes())
        h.update(np.ascontiguousarray(self.kin).tobytes())
        h.update(np.ascontiguousarray(self.ids).tobytes())
        h.update(extra)
        return h.hexdigest()


def allot_particles(n: int, shares: np.ndarray) -> np.ndarray:
    """Split n particles over participants by share (largest remainder, ties by index)."""
    w = np.asarray(shares, dtype=np.float64)
    if n == 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=np.int64)
    exact = n * w / w.sum()
    counts = np.floor(exact).astype(np.int64)
    rest = n - counts.sum()
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:rest]] += 1
    return counts


def initial_state(config: SimConfig, shares: np.ndarray) -> ParticleState:
    """Seeded start: each participant's particles form a cloud around its own home;
    the commons is spread thinly over the whole stage."""
    n = config.n_particles
    n_commons = round(n * config.reserve)
    counts = allot_particles(n - n_commons, shares)
    p = len(counts)
    owner = np.concatenate(
        [np.repeat(np.arange(p, dtype=np.int32), counts), np.full(n_commons, COMMONS, np.int32)]
    )
    rng = np.random.Generator(np.random.PCG64(config.seed))
    angle = 2.0 * np.pi * (np.arange(p) + 0.5) / max(p, 1)
    home = np.zeros((N_GROUPS, 3))
    stage = max(1.0, config.stage)
    home[:p] = (
        0.45
        * config.world_radius
        * np.stack([stage * np.cos(angle), np.zeros(p), stage * np.sin(angle)], axis=1)
    )
    spread = np.full(N_GROUPS, 0.28 * config.world_radius)
    spread[COMMONS] = 0.5 * config.world_radius
    offset = rng.normal(0.0, 1.0, size=(n, 3)) * spread[owner, None]
    offset[:, 0] *= stage
    offset[:, 2] *= stage
    pos = home[owner] + offset
    vel = rng.normal(0.0, 0.1, size=(n, 3))
    kin = np.ascontiguousarray(np.concatenate([pos.T, vel.T]), dtype=np.float32)
    ids = np.stack([owner, np.arange(n, dtype=np.int32)])
    return ParticleState(kin=kin, ids=np.ascontiguousarray(ids))
