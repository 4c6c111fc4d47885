"""The stage: camera, particle dynamics and the protocol."""

from __future__ import annotations

from pydantic import Field

from kellan.scene.models.common import Angle, Bool, Float, Int, Model, Vec3


class Camera(Model):
    """Orbit camera around `target`; angles in degrees."""

    distance: Float = Field(9.0, gt=0.5, le=200.0, description="Distance to the target.")
    azimuth: Angle = Field(30.0, description="Angle around the vertical axis, degrees.")
    elevation: Float = Field(15.0, ge=-89.0, le=89.0, description="Degrees above the horizon.")
    fov: Float = Field(45.0, gt=5.0, lt=150.0, description="Vertical field of view, degrees.")
    target: Vec3 = Field((0.0, 0.0, 0.0), description="Point the camera orbits and looks at.")
    frame: Bool = Field(
        True, description="Follow the cloud: aim at its centre and keep it in the frame."
    )
    orbit: Float = Field(
        0.0, ge=-90.0, le=90.0, description="Slow auto-orbit, degrees per second (0: still)."
    )


class Dynamics(Model):
    """The particle dreamscape's global settings."""

    particles: Int = Field(40_000, ge=1, le=4_000_000, description="Number of particles.")
    unity: Float = Field(
        0.5, ge=0.0, le=1.0, description="0: each group keeps to itself; 1: groups mix."
    )
    turbulence: Float = Field(1.0, ge=0.0, le=10.0, description="Curl-noise amplitude scale.")
    cohesion: Float = Field(0.35, ge=0.0, le=10.0, description="Strength of the group springs.")
    damping: Float = Field(
        1.5, ge=0.0, le=20.0, description="Drag toward the turbulent flow, per second."
    )
    separation: Float = Field(
        0.6, ge=0.0, le=20.0, description="Push away from crowded places (personal space)."
    )
    alignment: Float = Field(
        0.4, ge=0.0, le=20.0, description="Pull toward the local mean velocity (flocking)."
    )
    pulse: Float = Field(
        0.6, ge=0.0, le=20.0, description="Depth of the breathing pulse at full arousal."
    )
    reserve: Float = Field(
        0.0,
        ge=0.0,
        lt=1.0,
        description="Share of the particles that start in the commons, for people who join.",
    )
    world_radius: Float = Field(4.0, gt=0.5, le=100.0, description="Soft wall of the world.")
    grid: Int = Field(
        24,
        ge=4,
        le=96,
        description="Cells per axis of the neighbourhood grid (separation, alignment): "
        "finer grids feel closer neighbours and cost more.",
    )
    step_hz: Int = Field(60, ge=10, le=240, description="Fixed simulation steps per second.")
    stage: Float = Field(
        1.0, ge=1.0, le=3.0,
        description="Horizontal stretch of the world: 1 a sphere, 1.5 an ellipsoid about as "
        "wide as a 16:9 frame.",
    )  # fmt: skip
    polarity: Float = Field(
        0.8, ge=0.0, le=10.0,
        description="How far a polarised crowd splits apart (0: never).",
    )  # fmt: skip
    expression: Float = Field(
        1.0, ge=0.0, le=4.0,
        description="Strength of mood's motion cues: rising and sinking, tremor, spirals.",
    )  # fmt: skip


class Protocol(Model):
    """The stabiliser: steers the dreamscape's kinetic energy toward a target."""

    enabled: Bool = False
    target: Float = Field(
        0.15, gt=0.0, le=50.0, description="Mean kinetic energy per particle to hold."
    )
    gain: Float = Field(
        0.3, gt=0.0, le=10.0, description="How fast it corrects (1/s; capped at drag/4)."
    )
