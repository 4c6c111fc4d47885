"""The particle dreamscape as a stepping object: state, fixed time step, emotions in.

Scene files and GUIs never call the kernels directly; they build a `Simulation` from a
`SimConfig` and per-participant emotions, then call `step`. One step:

1. events: open a scheduled rift, switch the protocol, fade participants who left;
2. sort the state by grid cell (stable counting sort), summing each owner's centroid and
   kinetic energy on the way, and build the density and velocity fields on the grid;
3. the protocol and the pulse update from those numbers;
4. the fused force kernel moves every particle by one fixed step.

Participants live in slots 0..MAX_PARTICIPANTS-1; slot COMMONS holds the particles that
belong to nobody (the scene's reserve, and those of participants who left). A particle's
owner only ever changes by an explicit hand-over (join claims from the commons, leave
hands back to it), never by reallocating another participant's particles.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

import numpy as np

from kellan.core import grid as G
from kellan.core import kernels as K
from kellan.core import reference as R
from kellan.core.emotion import behaviour_table, breath_depth, breath_period, collective
from kellan.core.guides import Guide, guide_field
from kellan.core.mood import MoodGlide
from kellan.core.protocol import Protocol
from kellan.core.pulse import Pulse
from kellan.core.rift import OpenRift, RiftSpec, most_different_pair, open_rift, unit_vector
from kellan.core.state import (  # noqa: F401 (the core's names, importable from here too)
    COMMONS,
    MAX_PARTICIPANTS,
    N_GROUPS,
    ParticleState,
    SimConfig,
    allot_particles,
    initial_state,
)

log = logging.getLogger("kellan.core")

# The grid spans the hard world bound (1.1 x radius) with a little margin.
GRID_SPAN = 1.15


@dataclass
class Simulation:
    """Owns the particle state and advances it on a fixed time step.

    ``backend`` is "numba" for the real thing or "numpy" for the reference twin.
    """

    config: SimConfig
    pad: np.ndarray  # (P, 3) pleasure, arousal, dominance of the starting participants
    shares: np.ndarray  # (P,)
    guides: list[Guide] = field(default_factory=list)
    backend: str = "numba"
    protocol: Protocol = field(default_factory=Protocol)
    state: ParticleState = field(init=False)

    def __post_init__(self) -> None:
        c = self.config
        pad = np.asarray(self.pad, dtype=np.float64).reshape(-1, 3)
        shares = np.asarray(self.shares, dtype=np.float64)
        p = pad.shape[0]
        if p > MAX_PARTICIPANTS:
            raise ValueError(f"at most {MAX_PARTICIPANTS} participants, got {p}")
        start = np.zeros((N_GROUPS, 3))
        start[:p] = np.clip(pad, -1.0, 1.0)
        # The moods the particles feel, gliding toward the inputs' targets; `pad` is the
        # glide's own array, updated in place.
        self.glide = MoodGlide(start, c.mood_smoothing, 1.0 / c.step_hz)
        self.pad = self.glide.mood
        self.shares = np.zeros(N_GROUPS)
        self.shares[:p] = shares
        self.present = np.zeros(N_GROUPS, dtype=bool)
        self.present[:p] = True
        self.presence = self.present.astype(np.float64)  # 1 present, fading toward 0
        self._fade_rate = np.zeros(N_GROUPS)
        self.guides = list(self.guides)
        self.pulse = Pulse(strength=c.pulse)
        self.rifts: list[RiftSpec] = []
        self._switches: list[tuple[float, bool]] = []  # scheduled protocol on/off
        self._rift: OpenRift | None = None
        self.state = initial_state(c, shares)
        n = c.n_particles
        # Double buffers for the sort; swapped, never reallocated.
        self._kin2 = np.empty_like(self.state.kin)
        self._ids2 = np.empty_like(self.state.ids)
        self._cell = np.empty(n, dtype=np.int32)
        self._n_cells = c.grid**3
        self._cell_start = np.zeros(self._n_cells + 1, dtype=np.int64)
        self._fields = np.zeros((self._n_cells, 4), dtype=np.float32)
        self._nodes = np.zeros(((c.grid + 1) ** 3, K.N_NODE), dtype=np.float32)
        span = GRID_SPAN * c.world_radius * max(1.0, c.stage)
        self._grid_origin = np.float32(-span)
        self._grid_inv_h = np.float32(c.grid / (2.0 * span))
        self._centre_field = guide_field(self.guides, c.grid, -span, 2.0 * span / c.grid)
        self._nodes[:, K.N_GX : K.N_GZ + 1] = self._centre_field
        self._params = np.zeros(K.N_PARAMS)
        self._fill_static_params()
        self._seed = np.uint32(c.seed & 0xFFFFFFFF)
        self.group_stats = R.group_stats(self.state.kin, self.state.owner, N_GROUPS)
        self.energy = 0.0
        self.repaired_particles = 0  # particles reset because they held NaN or inf
        self.breath_phase = np.zeros(N_GROUPS)  # each group's own breathing rhythm
        self._split_sides = np.zeros(N_GROUPS)
        self._split_pair: tuple[int, int] | None = None
        self.polarisation = 0.0
        self._refresh_behaviour()
        self._locate_cells()

    def _locate_cells(self) -> None:
        """Cells of the current positions; afterwards the step kernel keeps them."""
        s, g = self.state, self.config.grid
        if self.backend == "numba":
            G.cell_index(s.kin, self._grid_origin, self._grid_inv_h, g, self._cell)
        else:
            self._cell = R.cell_index(s.kin, self._grid_origin, self._grid_inv_h, g)

    # -- read-outs -----------------------------------------------------------------
    @property
    def dt(self) -> float:
        return 1.0 / self.config.step_hz

    @property
    def time(self) -> float:
        """Simulation time in seconds: frame count times the fixed step."""
        return self.state.frame * self.dt

    def mean_pad(self) -> np.ndarray:
        """Share-weighted mean PAD of the present participants."""
        w = self.shares * self.present
        if w.sum() <= 0:
            return np.zeros(3)
        return (w[:, None] * self.pad).sum(axis=0) / w.sum()

    def counts(self) -> np.ndarray:
        """Particles per owner slot (N_GROUPS,)."""
        return np.bincount(self.state.owner, minlength=N_GROUPS)

    def centroids(self) -> np.ndarray:
        """(N_GROUPS + 1, 3): each owner's centroid (the collective's when empty), then
        the collective centroid."""
        return self._centroids(self.group_stats)

    def mixing_index(self) -> float:
        """How mixed the participants' groups are, in (0, 1]: 1 / (1 + S).

        S (segregation) is the share-weighted RMS distance of the group centroids from
        the collective centroid, divided by the RMS distance of particles from their own
        group's centroid: groups sitting apart relative to their size read as segregated.
        Only participants' particles count (not the commons).
        """
        s = self.state
        pos = s.pos.astype(np.float64)
        mask = s.owner != COMMONS
        owner = s.owner[mask]
        pts = pos[:, mask]
        counts = np.bincount(owner, minlength=N_GROUPS).astype(np.float64)
        sums = np.stack([np.bincount(owner, pts[k], minlength=N_GROUPS) for k in range(3)])
        cen = sums / np.maximum(counts, 1.0)
        allc = pts.mean(axis=1, keepdims=True)
        between = np.sqrt((counts * ((cen - allc) ** 2).sum(axis=0)).sum() / counts.sum())
        within = np.sqrt(((pts - cen[:, owner]) ** 2).sum(axis=0).mean())
        return float(1.0 / (1.0 + between / max(within, 1e-9)))

    # -- inputs --------------------------------------------------------------------
    def set_emotions(self, pad: np.ndarray) -> None:
        """New PAD states for the present participants, in slot order, at once (no glide);
        from the next step."""
        slots = np.flatnonzero(self.present)
        values = np.asarray(pad, dtype=np.float64).reshape(-1, 3)
        for slot, value in zip(slots, values, strict=True):
            self.glide.place(int(slot), value)
        self._refresh_behaviour()

    def aim_emotion(self, slot: int, pad: np.ndarray, ramp_seconds: float = 0.0) -> None:
        """A participant's mood glides to `pad` over `ramp_seconds`, then the smoothing
        lag (SimConfig.mood_smoothing) carries it to the particles."""
        if not self.present[slot]:
            raise ValueError(f"slot {slot} has no participant")
        self.glide.aim(slot, np.asarray(pad, dtype=np.float64), ramp_seconds, self.state.frame)

    def mood_target(self) -> np.ndarray:
        """(slots, 3): where each slot's mood is heading now (its input)."""
        return self.glide.target(self.state.frame)

    def mood_target_of(self, slot: int) -> np.ndarray:
        """(3,): where one slot's mood is heading now."""
        return self.glide.target_of(slot, self.state.frame)

    def update_config(self, **changes: float) -> None:
        """Change settings that apply while the show runs (forces, unity, smoothing);
        the particle count, seed, grid, world and step rate need a new simulation."""
        fixed = {"n_particles", "seed", "grid", "world_radius", "step_hz", "reserve", "stage"}
        if fixed & changes.keys():
            raise ValueError(f"{', '.join(sorted(fixed & changes.keys()))} need a restart")
        self.config = replace(self.config, **changes)
        self.pulse.strength = self.config.pulse
        self.glide.set_smoothing(self.config.mood_smoothing)
        self._fill_static_params()
        self._refresh_behaviour()

    def join(self, pad: tuple[float, float, float], share: float = 1.0) -> int:
        """A participant joins: takes a free slot and claims particles from the commons.

        They get their share of the particles the present participants hold, as far as
        the commons can give it; nobody else's particles change hands. Returns the slot.
        """
        free = np.flatnonzero(~self.present[:MAX_PARTICIPANTS] & (self.presence[:-1] == 0))
        if len(free) == 0:
            raise ValueError(f"all {MAX_PARTICIPANTS} participant slots are taken")
        slot = int(free[0])
        counts = self.counts()
        held = counts[:MAX_PARTICIPANTS].sum()
        total_share = float((self.shares * self.present).sum()) + share
        want = round(float(held + counts[COMMONS]) * share / total_share)
        fn = G.claim_particles if self.backend == "numba" else _claim_numpy
        fn(self.state.owner, COMMONS, slot, min(want, int(counts[COMMONS])))
        self._bloom(slot)
        self.glide.place(slot, np.asarray(pad, dtype=np.float64))
        self.shares[slot] = share
        self.present[slot] = True
        self.presence[slot] = 1.0
        self._fade_rate[slot] = 0.0
        self._refresh_behaviour()
        return slot

    def _bloom(self, slot: int) -> None:
        """A newcomer's particles bloom in from a point: they gather just above the
        collective's centre and burst outward, each in its own direction (a hash of its
        id and the seed), so the arrival reads as one moment."""
        st = self.state
        mine = np.flatnonzero(st.owner == slot)
        if mine.size == 0:
            return
        centre = self.centroids()[-1] + np.array([0.0, 0.25 * self.config.world_radius, 0.0])
        h = (st.pid[mine].astype(np.uint64) * np.uint64(0x9E3779B1) + np.uint64(self._seed))
        h = h & np.uint64(0xFFFFFFFF)
        u = np.stack([((h >> np.uint64(k)) & np.uint64(0x3FF)).astype(np.float64) / 1023.0
                      for k in (0, 10, 20)])  # fmt: skip
        direction = u * 2.0 - 1.0
        direction /= np.maximum(np.sqrt((direction**2).sum(axis=0)), 1e-6)
        st.kin[:3, mine] = (centre[:, None] + 0.08 * direction).astype(np.float32)
        st.kin[3:, mine] = (2.2 * direction).astype(np.float32)

    def leave(self, slot: int, fade_seconds: float = 3.0) -> None:
        """A participant leaves: their particles fade, then pass to the commons."""
        if not self.present[slot]:
            raise ValueError(f"slot {slot} has no participant")
        self.present[slot] = False
        self._fade_rate[slot] = 1.0 / max(fade_seconds, self.dt)
        self._refresh_behaviour()

    def schedule_rift(self, spec: RiftSpec) -> None:
        """A rift opens at spec.start (now or later); a new rift replaces an open one."""
        self.rifts.append(spec)
        self.rifts.sort(key=lambda r: r.start)

    def schedule_protocol(self, at: float, enabled: bool) -> None:
        """Switch the protocol on or off at time `at` (seconds)."""
        self._switches.append((at, enabled))
        self._switches.sort(key=lambda sw: sw[0])

    def grid_geometry(self) -> tuple[int, float, float]:
        """(cells a side, origin, cell size) of the grid the guide fields live on."""
        c = self.config
        span = GRID_SPAN * c.world_radius * max(1.0, c.stage)
        return c.grid, -span, 2.0 * span / c.grid

    def set_surface_field(self, field: np.ndarray | None) -> None:
        """Add sculptures' surface guide field (on the grid nodes) to the centre guides'.
        Called between steps; the particles feel it from the next step."""
        total = self._centre_field if field is None else self._centre_field + field
        self._nodes[:, K.N_GX : K.N_GZ + 1] = total

    def rift_strength(self) -> float:
        return 0.0 if self._rift is None else self._rift.strength(self.time)

    @property
    def rift(self) -> OpenRift | None:
        """The rift that is open now, if any."""
        return self._rift

    def _refresh_behaviour(self) -> None:
        c = self.config
        pad = self.pad.copy()
        pad[COMMONS] = self.mean_pad()  # the commons dreams the collective's mood
        self._behaviour = behaviour_table(
            pad, c.unity, c.turbulence, c.cohesion, c.separation, c.alignment, c.expression
        )
        if self._rift is not None:
            self._behaviour[:, K.B_RIFT_SIDE] = self._rift.sides
        self._update_split()
        self._behaviour32 = self._behaviour.astype(np.float32)

    def _update_split(self) -> None:
        """Where each group goes when the crowd is polarised: the two most different
        moods are pulled apart hardest (sides -1 and +1) along the line between their
        groups, the others by where their mood falls between those two, all times the
        polarisation (0 when everyone feels alike) and `polarity`."""
        idx = np.flatnonzero(self.present)
        sides = np.zeros(N_GROUPS)
        pair = most_different_pair(self.pad, self.present)
        self.polarisation = 0.0
        if pair is not None and len(idx) >= 2:
            i, j = pair
            axis = self.pad[j] - self.pad[i]
            mid = 0.5 * (self.pad[i] + self.pad[j])
            sides[idx] = np.clip((self.pad[idx] - mid) @ axis / (0.5 * float(axis @ axis)),
                                 -1.0, 1.0)  # fmt: skip
            self.polarisation = collective(self.pad[idx], self.shares[idx]).polarisation
        self._split_pair = pair
        self._split_sides = sides * self.polarisation * self.config.polarity
        self._behaviour[:, K.B_SPLIT] = self._split_sides

    # -- stepping ------------------------------------------------------------------
    def _advance_events(self) -> None:
        t = self.time
        while self._switches and self._switches[0][0] <= t + 1e-12:
            self.protocol.enabled = self._switches.pop(0)[1]
        while self.rifts and self.rifts[0].start <= t + 1e-12:
            spec = self.rifts.pop(0)
            self._rift = open_rift(spec, self.pad, self.present, self.centroids())
            self._refresh_behaviour()
        if self._rift is not None and t > self._rift.spec.start and self.rift_strength() == 0:
            self._rift = None  # healed
            self._refresh_behaviour()
        fading = np.flatnonzero(self._fade_rate > 0)
        for slot in fading:
            self.presence[slot] = max(0.0, self.presence[slot] - self._fade_rate[slot] * self.dt)
            if self.presence[slot] == 0.0:
                self._fade_rate[slot] = 0.0
                if self.backend == "numba":
                    G.reassign_owner(self.state.owner, int(slot), COMMONS)
                else:
                    owner = self.state.owner
                    owner[owner == slot] = COMMONS

    def _centroids(self, stats: np.ndarray) -> np.ndarray:
        total = stats.sum(axis=0)
        out = np.empty((N_GROUPS + 1, 3))
        out[-1] = total[:3] / max(total[3], 1.0)
        counts = stats[:, 3:4]
        out[:-1] = np.where(counts > 0, stats[:, :3] / np.maximum(counts, 1.0), out[-1])
        return out

    def _fill_static_params(self) -> None:
        """The parameters that never change during a run."""
        c, p = self.config, self._params
        cell = 1.0 / float(self._grid_inv_h)
        p[K.P_DT] = self.dt
        p[K.P_DRAG] = c.drag
        p[K.P_WORLD_RADIUS] = c.world_radius
        p[K.P_NOISE_FREQ] = c.noise_freq
        p[K.P_WALL] = c.wall
        p[K.P_CENTRE] = c.centre
        p[K.P_GRID_ORIGIN] = self._grid_origin
        p[K.P_GRID_INV_H] = self._grid_inv_h
        p[K.P_GRID_N] = c.grid
        stage = max(1.0, c.stage)
        p[K.P_STAGE] = stage
        sphere_cells = (4.0 / 3.0) * np.pi * c.world_radius**3 * stage * stage / cell**3
        p[K.P_RHO0] = max(1.0, c.n_particles / sphere_cells)

    def _fill_params(self, flow_gain: float, pulse: float) -> None:
        """This step's time-varying parameters."""
        p = self._params
        # Whole cells of drift go to the hash as an integer, the fraction stays a float:
        # the flow never jumps and never loses float32 resolution, however long the show.
        drift = self.state.frame * self.config.noise_drift / self.config.step_hz
        whole = np.floor(drift)
        p[K.P_NOISE_Z] = drift - whole
        p[K.P_NOISE_ZI] = whole
        p[K.P_FLOW_GAIN] = flow_gain
        p[K.P_PULSE] = pulse
        rift = self._rift
        p[K.P_RIFT] = self.rift_strength()
        p[K.P_RIFT_NX], p[K.P_RIFT_NY], p[K.P_RIFT_NZ] = rift.normal if rift else (1, 0, 0)
        p[K.P_RIFT_D] = rift.offset if rift else 0.0
        p[K.P_RIFT_WIDTH] = rift.spec.width if rift else 1.0
        p[K.P_STEP] = self.state.frame

    def step(self, n: int = 1) -> None:
        """Advance n fixed steps."""
        for _ in range(n):
            self._step_once()

    def _step_once(self) -> None:
        s = self.state
        c = self.config
        if self.glide.advance(s.frame):
            self._refresh_behaviour()
        self._advance_events()
        if self.backend == "numba":
            stats, repaired = G.counting_sort(
                self._cell, self._n_cells, s.kin, self._kin2, s.ids, self._ids2,
                self._cell_start, N_GROUPS,
            )  # fmt: skip
            s.kin, self._kin2 = self._kin2, s.kin
            s.ids, self._ids2 = self._ids2, s.ids
            G.cell_fields(s.kin, self._cell_start, self._fields)
            G.node_fields(self._fields, c.grid, self._nodes)
        else:
            bad = ~np.isfinite(s.kin).all(axis=0)
            s.kin[:, bad] = 0.0
            repaired = int(bad.sum())
            order, _ = R.counting_sort(self._cell, self._n_cells)
            s.kin = np.ascontiguousarray(s.kin[:, order])
            s.ids = np.ascontiguousarray(s.ids[:, order])
            self._cell = np.ascontiguousarray(self._cell[order])
            stats = R.group_stats(s.kin, s.owner, N_GROUPS)
            fields = R.cell_fields(s.kin, self._cell, self._n_cells).astype(np.float32)
            self._nodes[:, :4] = R.node_fields(fields, c.grid)
        if repaired:
            self._report_repaired(int(repaired))
        self.group_stats = stats
        self.energy = 0.5 * stats[:, 4].sum() / max(stats[:, 3].sum(), 1.0)
        gain = self.protocol.update(self.energy, self.dt, c.drag)
        pulse = self.pulse.advance(float(self.mean_pad()[1]), self.dt)
        self._fill_params(gain, pulse)
        cen64 = self._centroids(stats)
        self._advance_breath(cen64)
        cen = cen64.astype(np.float32)
        if self.backend == "numba":
            K.step_particles(
                s.kin, s.owner, s.pid, self._cell, self._cell_start, self._behaviour32, cen,
                self._nodes, self._params, self._seed,
            )  # fmt: skip
        else:
            R.step_particles(
                s.kin, s.owner, s.pid, self._cell, self._behaviour32, cen, self._nodes,
                self._params, self._seed,
            )  # fmt: skip
        s.frame += 1

    def _advance_breath(self, centroids: np.ndarray) -> None:
        """Each group breathes in its own rhythm (its arousal sets the tempo and depth),
        and the polarisation split follows where the two most different groups are."""
        arousal = self.pad[:, 1]
        self.breath_phase = (self.breath_phase + 2.0 * np.pi * self.dt / breath_period(arousal)
                             ) % (2.0 * np.pi)  # fmt: skip
        breath = breath_depth(arousal, self.config.pulse) * np.sin(self.breath_phase)
        self._behaviour32[:, K.B_BREATH] = breath.astype(np.float32)
        axis = None
        if self._split_pair is not None:
            i, j = self._split_pair
            axis = unit_vector(centroids[j] - centroids[i])
        p = self._params
        p[K.P_SPLIT_X], p[K.P_SPLIT_Y], p[K.P_SPLIT_Z] = axis if axis is not None else (1, 0, 0)

    def _report_repaired(self, count: int) -> None:
        """Say once that the state held non-finite values; count every repair."""
        if self.repaired_particles == 0:
            log.warning(
                "kellan: %d particle(s) held NaN or infinite values at step %d and were "
                "reset to rest at the centre (reported once; see Simulation.repaired_particles)",
                count,
                self.state.frame,
            )
        self.repaired_particles += count

    def digest(self) -> str:
        """Fingerprint of everything that decides the next frame."""
        controller = np.array(
            [self.protocol.multiplier, float(self.protocol.enabled), self.pulse.phase,
             *self.presence, *self.glide.state(), *self.breath_phase],
            dtype=np.float64,
        )  # fmt: skip
        return self.state.digest(controller.tobytes())


def _claim_numpy(owner: np.ndarray, source: int, dest: int, count: int) -> int:
    idx = np.flatnonzero(owner == source)
    count = min(count, len(idx))
    if count <= 0:
        return 0
    j = np.arange(len(idx))
    pick = ((j + 1) * count) // len(idx) > (j * count) // len(idx)
    owner[idx[pick]] = dest
    return int(pick.sum())
