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


class Model(BaseModel):
    """Every scene model is frozen (scenes are values) and forbids unknown keys, because a
    typo such as ``turbulance = 3`` must not pass silently."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False
    )
