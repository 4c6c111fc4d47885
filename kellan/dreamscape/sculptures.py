"""The sculptures of a running show: where each stands, how it answers the room, the
guide field its surface lays over the particles, and the traces people leave on it.

Everything here advances with the simulation's fixed step, from the simulation's own
values (moods, the rift, the protocol), so it is as reproducible as the particles: a
still or a recording at a given step shows each sculpture exactly as the show did. None
of it feeds the state hash: the traces never act on the particles, and the guide field
is part of the simulation's input, rebuilt at steps fixed by the sculpture's angle.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from kellan.core.colour import oklch
from kellan.core.surface_guides import SurfaceGuide, surface_guide_field
from kellan.dreamscape.frame import SculptureView
from kellan.scene.models import Scene, Sculpture
from kellan.sculpture.build import sculpture_mesh
from kellan.sculpture.mesh import Mesh
from kellan.sculpture.sampling import sample_surface
from kellan.sculpture.traces import Traces
from kellan.sculpture.transform import model_matrix, to_world

# The surface guide is rebuilt when the sculpture has turned this far since the last
# build (about 24 ms for 2,048 samples on a 24-cell grid): the field keeps up with the
# shape without paying for it every step.
GUIDE_REBUILD_DEGREES = 8.0
TRACE_EVERY_S = 0.2  # traces gather this often
CALM_TIME_S = 2.0  # the protocol's calm settles over about this long
# What one particle leaves on a vertex per gathering, at rate 1, for a 25,000-particle
# scene (scaled by the particle count, so a patina takes minutes to build up in any
# scene: about 0.1 of its full glow after six seconds in the festival, 0.7 after a minute).
TRACE_AMOUNT = 0.0005
TRACE_PARTICLES = 25_000


def identity_rgb(hue: float) -> tuple[float, float, float]:
    """A participant's colour for their traces: their hue, bright and clear (linear)."""
    r, g, b = oklch(0.78, 0.15, hue)
    return (float(r), float(g), float(b))


class SculptureState:
    """One sculpture's running state."""

    def __init__(self, spec: Sculpture, seed: int, traces: bool) -> None:
        self.spec = spec
        self.mesh: Mesh = sculpture_mesh(spec.shape, spec.params, spec.mesh, spec.normalize)
        self.angle = 0.0
        self.phase = 0.0
        self.crack = 0.0
        self.calm = 0.0
        self.intensity = 1.0
        self.breath = 1.0
        g = spec.guide
        self.samples: tuple[np.ndarray, np.ndarray] | None = None
        if g.follow == "surface" and g.strength > 0:
            self.samples = sample_surface(self.mesh, g.samples, seed)
        self.guide_angle: float | None = None
        self.traces = (Traces(len(self.mesh.vertices)) if traces and spec.traces.enabled
                       else None)  # fmt: skip
        self.patina: np.ndarray | None = None

    def matrix(self, breath: bool = True) -> np.ndarray:
        s = self.spec
        return model_matrix(s.position, s.rotation, s.scale * (self.breath if breath else 1.0),
                            self.angle)  # fmt: skip

    def surface_guide(self) -> SurfaceGuide | None:
        if self.samples is None:
            return None
        g = self.spec.guide
        pts, nrm = to_world(self.matrix(breath=False), *self.samples)
        assert nrm is not None
        self.guide_angle = self.angle
        return SurfaceGuide.build(pts, nrm, g.mode, g.radius, g.strength, self.spec.position)

    def view(self) -> SculptureView:
        glitch = self.spec.material.glitch * (1.0 - 0.8 * self.calm) + self.crack
        return SculptureView(self.spec.id, self.matrix(), self.intensity, glitch, self.crack,
                             self.calm, self.patina)  # fmt: skip


class Sculptures:
    """Every sculpture of a scene, advanced step by step with the simulation."""

    def __init__(self, scene: Scene, traces: bool = False) -> None:
        self.items = [SculptureState(s, scene.seed + 7919 * k, traces)
                      for k, s in enumerate(scene.sculptures)]  # fmt: skip
        self.trace_every = max(1, round(TRACE_EVERY_S * scene.dynamics.step_hz))

    def surface_field(self, grid: int, origin: float, cell: float) -> np.ndarray | None:
        """The summed surface-guide field on the grid nodes (None: no surface guides)."""
        guides = [g for g in (s.surface_guide() for s in self.items) if g is not None]
        if not guides:
            return None
        return surface_guide_field(guides, grid, origin, cell)

    def needs_new_field(self) -> bool:
        return any(
            s.guide_angle is not None
            and abs((s.angle - s.guide_angle + 180.0) % 360.0 - 180.0) >= GUIDE_REBUILD_DEGREES
            for s in self.items
        )

    def advance(self, dt: float, moods: dict[str, np.ndarray], collective: np.ndarray,
                rift: float, protocol_on: bool) -> None:  # fmt: skip
        """One step of `dt` seconds: `moods` by participant id (PAD the particles feel),
        `rift` the open rift's strength relative to its peak (0..1)."""
        for s in self.items:
            r = s.spec.react
            follow = r.follow
            mood = (np.zeros(3) if follow == "none"
                    else moods.get(follow, collective))  # fmt: skip
            pleasure, arousal = float(mood[0]), float(mood[1])
            settle = 1.0 - math.exp(-dt / CALM_TIME_S)
            s.calm += ((r.protocol if protocol_on else 0.0) - s.calm) * settle
            rate = s.spec.spin * max(0.1, 1.0 + r.spin * arousal) * (1.0 - 0.6 * s.calm)
            s.angle = (s.angle + rate * dt) % 360.0
            period = 4.0 * (1.0 - 0.45 * arousal) * (1.0 + 0.5 * s.calm)
            s.phase = (s.phase + 2.0 * math.pi * dt / period) % (2.0 * math.pi)
            s.breath = 1.0 + r.breath * math.sin(s.phase) * (1.0 - 0.5 * s.calm)
            s.intensity = min(3.0, max(0.2, 1.0 + r.intensity * (0.5 * pleasure + 0.5 * arousal)))
            s.crack = max(s.crack * math.exp(-dt / r.mend), r.rift * rift)

    def gather(self, step: int, pos: np.ndarray, owner: np.ndarray,
               slot_ids: Sequence[str | None], decay_s: float) -> None:  # fmt: skip
        """Traces: every few steps, each participant's particles near a sculpture leave
        their colour on it; old traces fade (unless permanent)."""
        if step % self.trace_every:
            return
        for s in self.items:
            if s.traces is None:
                continue
            t = s.spec.traces
            verts, _ = to_world(s.matrix(), s.mesh.vertices)
            amount = TRACE_AMOUNT * t.rate * TRACE_PARTICLES / max(1, pos.shape[1])
            s.traces.deposit(verts, pos, owner, t.radius, amount, slot_ids)
            s.traces.decay(decay_s, None if t.permanent else t.half_life)

    def paint(self, hue_rgb: dict[str, tuple[float, float, float]]) -> None:
        """Turn the traces into the patina the renderer shows."""
        for s in self.items:
            if s.traces is not None and s.traces.n_slots:
                rgba = s.traces.colours(hue_rgb, saturation=1.0)
                rgba[:, 3] *= s.spec.traces.glow
                s.patina = rgba
            else:
                s.patina = None

    def views(self) -> tuple[SculptureView, ...]:
        return tuple(s.view() for s in self.items)
