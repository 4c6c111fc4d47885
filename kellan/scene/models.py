"""The scene format, version 1, as pydantic models (the single source of the schema).

Every model is frozen (scenes are values) and forbids unknown keys, because a typo such as
``turbulance = 3`` must not pass silently.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, model_validator
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = 1

# Strict scalars: TOML has real types, so `particles = true`, `particles = "25000"` or
# `enabled = "yes"` are mistakes to report, not values to coerce. A float field still takes
# an integer (`distance = 9`), and every float must be finite (`allow_inf_nan=False`).
Float = Annotated[float, Strict()]
Int = Annotated[int, Strict()]
Bool = Annotated[bool, Strict()]
Str = Annotated[str, Strict()]
Unit = Annotated[float, Strict(), Field(ge=-1.0, le=1.0)]
Vec3 = tuple[Float, Float, Float]
Identifier = Annotated[
    str,
    Strict(),
    Field(
        pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$",
        description="Lower-case letters, digits, '-' and '_'; used in OSC addresses.",
    ),
]


def rule_error(where: str, message: str) -> PydanticCustomError:
    """A rule broken by a value inside the model being validated. `where` is the path of
    that value relative to the model ("normal", "participants[2].id"), so that the
    loader can point at its line; pydantic alone would place the error on the model."""
    return PydanticCustomError("kellan_rule", "{message}", {"message": message, "where": where})


def largest_component(v: tuple[float, float, float]) -> float:
    return max(abs(c) for c in v)


class _Model(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False
    )


class Camera(_Model):
    """Orbit camera around `target`; angles in degrees."""

    distance: Float = Field(9.0, gt=0.5, le=200.0, description="Distance to the target.")
    azimuth: Float = Field(30.0, description="Angle around the vertical axis, degrees.")
    elevation: Float = Field(15.0, ge=-89.0, le=89.0, description="Degrees above the horizon.")
    fov: Float = Field(45.0, gt=5.0, lt=150.0, description="Vertical field of view, degrees.")
    target: Vec3 = Field((0.0, 0.0, 0.0), description="Point the camera orbits and looks at.")


class Dynamics(_Model):
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


class Emotion(_Model):
    """A PAD state (Mehrabian 1996), each axis in [-1, 1]."""

    pleasure: Unit = Field(0.0, description="Valence: unhappy (-1) to happy (+1).")
    arousal: Unit = Field(0.0, description="Calm (-1) to excited (+1).")
    dominance: Unit = Field(0.0, description="Yielding (-1) to in control (+1).")


class Participant(_Model):
    """A person taking part; owns a share of the particles for the whole session."""

    id: Identifier
    name: Str = Field(min_length=1, max_length=80)
    hue: Float = Field(ge=0.0, lt=360.0, description="Identity colour, degrees on the wheel.")
    share: Float = Field(1.0, gt=0.0, le=1000.0, description="Relative share of particles.")
    emotion: Emotion = Emotion()


class GuideField(_Model):
    """How a sculpture steers the particles that come near it (strength 0: not at all)."""

    mode: Literal["attract", "orbit", "repel"] = "orbit"
    radius: Float = Field(2.5, gt=0.0, le=100.0, description="Reach of the field.")
    strength: Float = Field(1.0, ge=0.0, le=20.0)


class Sculpture(_Model):
    """A procedural holographic sculpture; also a guide field for the particles."""

    id: Identifier
    shape: Literal["torus_knot", "torus", "icosphere"] = "torus_knot"
    position: Vec3 = (0.0, 0.0, 0.0)
    scale: Float = Field(1.0, gt=0.0, le=50.0)
    hue: Float = Field(190.0, ge=0.0, lt=360.0)
    spin: Float = Field(12.0, ge=-720.0, le=720.0, description="Degrees per second.")
    rim_power: Float = Field(2.5, ge=0.5, le=8.0, description="Fresnel exponent of the rim.")
    guide: GuideField = GuideField()


class Fractal(_Model):
    """A full-screen escape-time fractal backdrop driven by the collective mood."""

    kind: Literal["julia"] = "julia"
    iterations: Int = Field(128, ge=8, le=1024)
    zoom: Float = Field(1.0, gt=0.05, le=1000.0)
    intensity: Float = Field(0.55, ge=0.0, le=2.0, description="Brightness of the backdrop.")
    palette: Literal["aurora", "ember", "abyss"] = "aurora"


class Protocol(_Model):
    """The stabiliser: steers the dreamscape's kinetic energy toward a target."""

    enabled: Bool = False
    target: Float = Field(
        0.15, gt=0.0, le=50.0, description="Mean kinetic energy per particle to hold."
    )
    gain: Float = Field(
        0.3, gt=0.0, le=10.0, description="How fast it corrects (1/s; capped at drag/4)."
    )


class Event(_Model):
    """Something that happens at a set time: a rift, or the protocol switching."""

    at: Float = Field(ge=0.0, description="Seconds from the start.")
    kind: Literal["rift", "protocol"]
    strength: Float = Field(2.5, ge=0.0, le=50.0, description="rift: push, world units/s².")
    rise: Float = Field(0.4, gt=0.0, le=10.0, description="rift: seconds to open.")
    heal: Float = Field(6.0, gt=0.0, le=120.0, description="rift: seconds to heal.")
    normal: Vec3 | None = Field(
        None,
        description="rift: normal of the fracture plane; by default it runs between the "
        "two groups whose emotions differ most.",
    )
    width: Float = Field(0.6, gt=0.0, le=20.0, description="rift: width of the gap.")
    enabled: Bool | None = Field(None, description="protocol: switch it on (true) or off.")

    @model_validator(mode="after")
    def _fits_kind(self) -> Event:
        if self.kind == "protocol" and self.enabled is None:
            raise rule_error("enabled", "a protocol event needs enabled = true or false")
        if self.kind == "rift":
            if self.enabled is not None:
                raise rule_error("enabled", "'enabled' belongs to protocol events, not rifts")
            if self.normal is not None and largest_component(self.normal) == 0.0:
                raise rule_error("normal", "the rift's normal must not be zero")
        return self


class Scene(_Model):
    """A Kellan scene file (TOML), format version 1."""

    schema_version: Int = Field(
        alias="schema",
        ge=SCHEMA_VERSION,
        le=SCHEMA_VERSION,
        description="Scene format version.",
        json_schema_extra={"const": SCHEMA_VERSION},
    )
    title: Str = Field(min_length=1, max_length=200)
    seed: Int = Field(ge=0, lt=2**32, description="Seeds every random source of the scene.")
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
            seen: dict[str, int] = {}
            for k, item in enumerate(getattr(self, group)):
                if item.id in seen:
                    raise rule_error(
                        f"{group}[{k}].id",
                        f"id {item.id!r} is already used by {group}[{seen[item.id]}]",
                    )
                seen[item.id] = k
        return self
