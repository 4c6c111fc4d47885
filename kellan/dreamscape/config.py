"""The core's configuration from a scene: its dynamics as a SimConfig, its sculptures as
guide fields. Kept apart from the Dreamscape so that tools can build a simulation the way
a show does without bringing a show to life."""

from __future__ import annotations

from kellan.core.guides import Guide
from kellan.core.simulation import SimConfig
from kellan.scene.models import Scene, Sculpture


def sculpture_guide(sculpture: Sculpture) -> Guide | None:
    """The guide field of a sculpture, or None if it guides nothing (strength 0)."""
    g = sculpture.guide
    if g.strength <= 0:
        return None
    make = {"attract": Guide.attract, "repel": Guide.repel, "orbit": Guide.orbit}[g.mode]
    return make(sculpture.position, g.radius, g.strength)


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
        mood_smoothing=scene.live.smoothing,
        stage=d.stage,
        polarity=d.polarity,
        expression=d.expression,
    )
