"""A scene brought to life: the bridge from a validated Scene to the simulation core.

It turns scene models into the core's arrays (participants' emotions, sculptures' guide
fields, scheduled events) and keeps what the renderer reads each frame (colours,
collective mood). It imports no Qt and no GL, so headless tools (`kellan hash`) use it.
"""

from __future__ import annotations

import numpy as np

from kellan.core.emotion import Collective, collective, emotion_colour, julia_parameter
from kellan.core.guides import Guide
from kellan.core.protocol import Protocol
from kellan.core.rift import RiftSpec
from kellan.core.simulation import COMMONS, N_GROUPS, SimConfig, Simulation
from kellan.scene.models import Event, Scene, Sculpture

# The commons (particles that belong to nobody) glow a faint moonlight blue-white.
COMMONS_COLOUR = np.array([0.55, 0.6, 0.75, 0.8], dtype=np.float32)


def sculpture_guide(sculpture: Sculpture) -> Guide | None:
    """The guide field of a sculpture, or None if it guides nothing (strength 0)."""
    g = sculpture.guide
    if g.strength <= 0:
        return None
    make = {"attract": Guide.attract, "repel": Guide.repel, "orbit": Guide.orbit}[g.mode]
    return make(sculpture.position, g.radius, g.strength)


def rift_spec(event: Event) -> RiftSpec:
    return RiftSpec(
        start=event.at,
        strength=event.strength,
        rise=event.rise,
        heal=event.heal,
        normal=event.normal,
        width=event.width,
    )


def sim_config(scene: Scene) -> SimConfig:
    d = scene.dynamics
    return SimConfig(
        n_particles=d.particles,
        seed=scene.seed,
        step_hz=float(d.step_hz),
        unity=d.unity,
        turbulence=d.turbulence,
        cohesion=d.cohesion,
        drag=d.damping,
        separation=d.separation,
        alignment=d.alignment,
        pulse=d.pulse,
        reserve=d.reserve,
        world_radius=d.world_radius,
        grid=d.grid,
    )


class Dreamscape:
    """The live state of one scene: simulation, emotions and their derived looks."""

    def __init__(self, scene: Scene, backend: str = "numba") -> None:
        self.scene = scene
        guides = [g for g in (sculpture_guide(s) for s in scene.sculptures) if g is not None]
        people = scene.participants
        self.hues = np.zeros(N_GROUPS)
        self.hues[: len(people)] = [p.hue for p in people]
        pad = np.array(
            [(p.emotion.pleasure, p.emotion.arousal, p.emotion.dominance) for p in people],
            dtype=np.float64,
        )
        shares = np.array([p.share for p in people], dtype=np.float64)
        pr = scene.protocol
        protocol = Protocol(enabled=pr.enabled, target=pr.target, gain=pr.gain)
        self.simulation = Simulation(
            sim_config(scene), pad, shares, guides, backend=backend, protocol=protocol
        )
        for event in scene.events:
            if event.kind == "rift":
                self.simulation.schedule_rift(rift_spec(event))
            else:
                self.simulation.schedule_protocol(event.at, bool(event.enabled))

    @property
    def time(self) -> float:
        return self.simulation.time

    @property
    def frame(self) -> int:
        return self.simulation.state.frame

    def advance_to(self, seconds: float) -> None:
        """Step forward on the fixed step until the simulation time reaches `seconds`."""
        target = round(seconds * self.scene.dynamics.step_hz)
        if target > self.frame:
            self.simulation.step(target - self.frame)

    def join(self, hue: float, pad: tuple[float, float, float], share: float = 1.0) -> int:
        """A participant joins live: the core hands them particles from the commons; their
        hue is kept here, where colours are made. Returns their slot."""
        slot = self.simulation.join(pad, share)
        self.hues[slot] = hue
        return slot

    def colours(self) -> np.ndarray:
        """(N_GROUPS, 4) RGBA per owner slot: rgb from identity hue and emotion, alpha =
        sprite size scale. Dominance makes a group's sprites larger (0.75x to 1.25x):
        assertive people take up more room. A participant who is leaving fades into the
        commons colour; the commons slot itself is a faint moonlight."""
        sim = self.simulation
        rgba = emotion_colour(self.hues, sim.pad)
        rgba[:, 3] = 1.0 + 0.25 * sim.pad[:, 2]
        fade = sim.presence.astype(np.float32)[:, None]
        rgba = rgba * fade + COMMONS_COLOUR[None, :] * (1.0 - fade)
        rgba[COMMONS] = COMMONS_COLOUR
        return rgba.astype(np.float32)

    def collective(self) -> Collective:
        sim = self.simulation
        idx = np.flatnonzero(sim.present)
        if len(idx) == 0:
            return collective(np.zeros((1, 3)), np.ones(1))
        return collective(sim.pad[idx], sim.shares[idx])

    def julia_c(self) -> tuple[float, float]:
        return julia_parameter(self.collective().mean)
