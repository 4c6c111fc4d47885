"""The scene format, version 1, as pydantic models (the single source of the schema).

Every model is frozen (scenes are values) and forbids unknown keys, because a typo such as
``turbulance = 3`` must not pass silently.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 1

Unit = Annotated[float, Field(ge=-1.0, le=1.0)]
Vec3 = tuple[float, float, float]
Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$",
        description="Lower-case letters, digits, '-' and '_'; used in OSC addresses.",
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Camera(_Model):
    """Orbit camera around `target`; angles in degrees."""

    distance: float = Field(9.0, gt=0.5, le=200.0, description="Distance to the target.")
    azimuth: float = Field(30.0, description="Angle around the vertical axis, degrees.")
    elevation: float = Field(15.0, ge=-89.0, le=89.0, description="Degrees above the horizon.")
    fov: float = Field(45.0, gt=5.0, lt=150.0, description="Vertical field of view, degrees.")
    target: Vec3 = Field((0.0, 0.0, 0.0), description="Point the camera orbits and looks at.")


class Dynamics(_Model):
    """The particle dreamscape's global settings."""

    particles: int = Field(40_000, ge=1, le=4_000_000, description="Number of particles.")
    unity: float = Field(
        0.5, ge=0.0, le=1.0, description="0: each group keeps to itself; 1: groups mix."
    )
    turbulence: float = Field(1.0, ge=0.0, le=10.0, description="Curl-noise amplitude scale.")
    cohesion: float = Field(0.35, ge=0.0, le=10.0, description="Strength of the group springs.")
    damping: float = Field(
        1.5, ge=0.0, le=20.0, description="Drag toward the turbulent flow, per second."
    )
    separation: float = Field(
        0.6, ge=0.0, le=20.0, description="Push away from crowded places (personal space)."
    )
    alignment: float = Field(
        0.4, ge=0.0, le=20.0, description="Pull toward the local mean velocity (flocking)."
    )
    pulse: float = Field(
        0.6, ge=0.0, le=20.0, description="Depth of the breathing pulse at full arousal."
    )
    reserve: float = Field(
        0.0,
        ge=0.0,
        lt=1.0,
        description="Share of the particles that start in the commons, for people who join.",
    )
    world_radius: float = Field(4.0, gt=0.5, le=100.0, description="Soft wall of the world.")
    grid: int = Field(
        24,
        ge=4,
        le=96,
        description="Cells per axis of the neighbourhood grid (separation, alignment): "
        "finer grids feel closer neighbours and cost more.",
    )
    step_hz: int = Field(60, ge=10, le=240, description="Fixed simulation steps per second.")


class Emotion(_Model):
    """A PAD state (Mehrabian 1996), each axis in [-1, 1]."""

    pleasure: Unit = Field(0.0, description="Valence: unhappy (-1) to happy (+1).")
    arousal: Unit = Field(0.0, description="Calm (-1) to excited (+1).")
    dominance: Unit = Field(0.0, description="Yielding (-1) to in control (+1).")


class Participant(_Model):
    """A person taking part; owns a share of the particles for the whole session."""

    id: Identifier
    name: str = Field(min_length=1, max_length=80)
    hue: float = Field(ge=0.0, lt=360.0, description="Identity colour, degrees on the wheel.")
    share: float = Field(1.0, gt=0.0, le=1000.0, description="Relative share of particles.")
    emotion: Emotion = Emotion()


class GuideField(_Model):
    """How a sculpture steers the particles that come near it (strength 0: not at all)."""

    mode: Literal["attract", "orbit", "repel"] = "orbit"
    radius: float = Field(2.5, gt=0.0, le=100.0, description="Reach of the field.")
    strength: float = Field(1.0, ge=0.0, le=20.0)


class Sculpture(_Model):
    """A procedural holographic sculpture; also a guide field for the particles."""

    id: Identifier
    shape: Literal["torus_knot", "torus", "icosphere"] = "torus_knot"
    position: Vec3 = (0.0, 0.0, 0.0)
    scale: float = Field(1.0, gt=0.0, le=50.0)
    hue: float = Field(190.0, ge=0.0, lt=360.0)
    spin: float = Field(12.0, ge=-720.0, le=720.0, description="Degrees per second.")
    rim_power: float = Field(2.5, ge=0.5, le=8.0, description="Fresnel exponent of the rim.")
    guide: GuideField = GuideField()


class Fractal(_Model):
    """A full-screen escape-time fractal backdrop driven by the collective mood."""

    kind: Literal["julia"] = "julia"
    iterations: int = Field(128, ge=8, le=1024)
    zoom: float = Field(1.0, gt=0.05, le=1000.0)
    intensity: float = Field(0.55, ge=0.0, le=2.0, description="Brightness of the backdrop.")
    palette: Literal["aurora", "ember", "abyss"] = "aurora"


class Protocol(_Model):
    """The stabiliser: steers the dreamscape's kinetic energy toward a target."""

    enabled: bool = False
    target: float = Field(
        0.15, gt=0.0, le=50.0, description="Mean kinetic energy per particle to hold."
    )
    gain: float = Field(
        0.3, gt=0.0, le=10.0, description="How fast it corrects (1/s; capped at drag/4)."
    )


class Event(_Model):
    """Something that happens at a set time: a rift, or the protocol switching."""

    at: float = Field(ge=0.0, description="Seconds from the start.")
    kind: Literal["rift", "protocol"]
    strength: float = Field(2.5, ge=0.0, le=50.0, description="rift: push, world units/s².")
    rise: float = Field(0.4, gt=0.0, le=10.0, description="rift: seconds to open.")
    heal: float = Field(6.0, gt=0.0, le=120.0, description="rift: seconds to heal.")
    normal: Vec3 | None = Field(
        None,
        description="rift: normal of the fracture plane; by default it runs between the "
        "two groups whose emotions differ most.",
    )
    width: float = Field(0.6, gt=0.0, le=20.0, description="rift: width of the gap.")
    enabled: bool | None = Field(None, description="protocol: switch it on (true) or off.")

    @model_validator(mode="after")
    def _fits_kind(self) -> Event:
        if self.kind == "protocol" and self.enabled is None:
            raise ValueError("a protocol event needs enabled = true or false")
        if self.kind == "rift":
            if self.enabled is not None:
                raise ValueError("'enabled' belongs to protocol events, not rifts")
            if self.normal is not None and sum(v * v for v in self.normal) < 1e-12:
                raise ValueError("the rift's normal must not be zero")
        return self


class Scene(_Model):
    """A Kellan scene file (TOML), format version 1."""

    schema_version: Literal[1] = Field(alias="schema", description="Scene format version.")
    title: str = Field(min_length=1, max_length=200)
    seed: int = Field(ge=0, lt=2**32, description="Seeds every random source of the scene.")
    camera: Camera = Camera()
    dynamics: Dynamics = Dynamics()
    participants: tuple[Participant, ...] = Field(min_length=1, max_length=64)
    sculptures: tuple[Sculpture, ...] = Field((), max_length=16)
    fractals: tuple[Fractal, ...] = Field((), max_length=4)
    protocol: Protocol = Protocol()
    events: tuple[Event, ...] = Field((), max_length=256)

    @model_validator(mode="after")
    def _unique_ids(self) -> Scene:
        for group in ("participants", "sculptures"):
            seen: set[str] = set()
            for item in getattr(self, group):
                if item.id in seen:
                    raise ValueError(f"{group}: id {item.id!r} is used twice")
                seen.add(item.id)
        return self
