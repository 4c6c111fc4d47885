"""A scene brought to life: the bridge from a validated Scene to the simulation core.

It turns scene models into the core's arrays (participants' emotions, sculptures' guide
fields) and keeps what the renderer reads each frame (colours, collective mood). It
imports no Qt and no GL, so headless tools (`kellan hash`) use it as they are.
"""

from __future__ import annotations

import numpy as np

from kellan.core import kernels
from kellan.core.emotion import Collective, collective, emotion_colour, julia_parameter
from kellan.core.simulation import SimConfig, Simulation
from kellan.scene.models import Scene, Sculpture


def guide_row(sculpture: Sculpture) -> np.ndarray | None:
    """One row of the core's guide table for a sculpture, or None if it guides nothing."""
    g = sculpture.guide
    if g is None:
        return None
    row = np.zeros(kernels.N_GUIDE)
    row[[kernels.G_CX, kernels.G_CY, kernels.G_CZ]] = sculpture.position
    row[kernels.G_RADIUS] = g.radius
    if g.mode == "attract":
        row[kernels.G_PUSH] = -g.strength
    elif g.mode == "repel":
        row[kernels.G_PUSH] = g.strength
    else:  # orbit: swirl around the vertical axis, held near a ring at 0.6 radius
        row[kernels.G_SWIRL] = g.strength
        row[kernels.G_RING] = 1.5 * g.strength / g.radius
    return row


class Dreamscape:
    """The live state of one scene: simulation, emotions and their derived looks."""

    def __init__(self, scene: Scene, backend: str = "numba") -> None:
        self.scene = scene
        d = scene.dynamics
        config = SimConfig(
            n_particles=d.particles,
            seed=scene.seed,
            step_hz=float(d.step_hz),
            unity=d.unity,
            turbulence=d.turbulence,
            cohesion=d.cohesion,
            damping=d.damping,
            world_radius=d.world_radius,
        )
        rows = [r for r in (guide_row(s) for s in scene.sculptures) if r is not None]
        guides = np.array(rows) if rows else np.zeros((0, kernels.N_GUIDE))
        self.hues = np.array([p.hue for p in scene.participants], dtype=np.float64)
        pad = np.array(
            [
                (p.emotion.pleasure, p.emotion.arousal, p.emotion.dominance)
                for p in scene.participants
            ],
            dtype=np.float64,
        )
        shares = np.array([p.share for p in scene.participants], dtype=np.float64)
        self.simulation = Simulation(config, pad, shares, guides, backend=backend)

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

    def colours(self) -> np.ndarray:
        """(P, 4) RGBA: rgb from identity hue and emotion, alpha = sprite size scale.

        Dominance makes a group's sprites larger (0.75x to 1.25x): assertive people take
        up more room on screen.
        """
        pad = self.simulation.pad
        rgba = emotion_colour(self.hues, pad)
        rgba[:, 3] = 1.0 + 0.25 * pad[:, 2]
        return rgba

    def collective(self) -> Collective:
        return collective(self.simulation.pad, self.simulation.shares)

    def julia_c(self) -> tuple[float, float]:
        return julia_parameter(self.collective().mean)
