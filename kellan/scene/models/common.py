"""Shared types of the scene format: strict scalars, identifiers, the base model."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict
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

# Finite is not enough: 1e39 is finite in a float64 and overflows the float32 the GPU and
# the sculptures' vertices use (inf, then NaN). Every number without a bound of its own
# is held to one of these; they are far beyond anything a stage needs.
MAX_COORD = 1e4  # positions, points on the complex plane, palette terms: world units
MAX_ANGLE = 3600.0  # degrees: ten turns either way
MAX_SHOW_SECONDS = 86_400.0  # a day of show time, as the timeline's `at` allows
Coord = Annotated[float, Strict(), Field(ge=-MAX_COORD, le=MAX_COORD)]
Angle = Annotated[float, Strict(), Field(ge=-MAX_ANGLE, le=MAX_ANGLE)]
Seconds = Annotated[float, Strict(), Field(ge=0.0, le=MAX_SHOW_SECONDS)]
Vec3 = tuple[Coord, Coord, Coord]
Angles3 = tuple[Angle, Angle, Angle]
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


class Model(BaseModel):
    """Every scene model is frozen (scenes are values) and forbids unknown keys, because a
    typo such as ``turbulance = 3`` must not pass silently."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False
    )
