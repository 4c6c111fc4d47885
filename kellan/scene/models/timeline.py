"""The timeline: what happens at set times, so that a performance is scripted and
reproducible. Each kind of event is its own model, told apart by `kind`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from kellan.scene.models.common import (
    MAX_SHOW_SECONDS,
    Bool,
    Float,
    Identifier,
    Model,
    Str,
    Unit,
    largest_component,
    rule_error,
)
from kellan.scene.models.people import Emotion

At = Annotated[
    float,
    Field(ge=0.0, le=MAX_SHOW_SECONDS, strict=True, description="Seconds from the start."),
]
# Only a direction: the core normalises it without overflow, so any finite size will do.
Direction = tuple[Float, Float, Float]
# A participant's id, or "*" for everyone present.
Who = Annotated[
    str,
    Field(
        strict=True,
        pattern=r"^(\*|[a-z0-9][a-z0-9_-]{0,31})$",
        description="A participant's id, or \"*\" for everyone present.",
    ),
]


class RiftEvent(Model):
    """An unexpected rift: a fracture that pushes the two most different groups apart."""

    at: At
    kind: Literal["rift"]
    strength: Float = Field(2.5, ge=0.0, le=50.0, description="Push, world units/s².")
    rise: Float = Field(0.4, gt=0.0, le=10.0, description="Seconds to open.")
    heal: Float = Field(6.0, gt=0.0, le=120.0, description="Seconds to heal.")
    normal: Direction | None = Field(
        None,
        description="Normal of the fracture plane; by default it runs between the two "
        "groups whose emotions differ most.",
    )
    width: Float = Field(0.6, gt=0.0, le=20.0, description="Width of the gap.")

    @model_validator(mode="after")
    def _normal_not_zero(self) -> RiftEvent:
        if self.normal is not None and largest_component(self.normal) == 0.0:
            raise rule_error("normal", "the rift's normal must not be zero")
        return self


class ProtocolEvent(Model):
    """Jasper's protocol switches on or off."""

    at: At
    kind: Literal["protocol"]
    enabled: Bool = Field(description="Switch it on (true) or off (false).")


class MoodChange(Model):
    """A change of PAD: axes left out keep the value they have."""

    pleasure: Unit | None = None
    arousal: Unit | None = None
    dominance: Unit | None = None


class Plutchik(Model):
    """Plutchik's eight primaries, each 0..1 (left out: 0); projected onto PAD."""

    joy: Annotated[float, Field(0.0, ge=0.0, le=1.0, strict=True)] = 0.0
    trust: Annotated[float, Field(0.0, ge=0.0, le=1.0, strict=True)] = 0.0
    fear: Annotated[float, Field(0.0, ge=0.0, le=1.0, strict=True)] = 0.0
    surprise: Annotated[float, Field(0.0, ge=0.0, le=1.0, strict=True)] = 0.0
    sadness: Annotated[float, Field(0.0, ge=0.0, le=1.0, strict=True)] = 0.0
    disgust: Annotated[float, Field(0.0, ge=0.0, le=1.0, strict=True)] = 0.0
    anger: Annotated[float, Field(0.0, ge=0.0, le=1.0, strict=True)] = 0.0
    anticipation: Annotated[float, Field(0.0, ge=0.0, le=1.0, strict=True)] = 0.0


class EmotionEvent(Model):
    """A participant's mood changes, reached over `ramp` seconds."""

    at: At
    kind: Literal["emotion"]
    participant: Who
    emotion: MoodChange | None = Field(None, description="PAD axes to change.")
    plutchik: Plutchik | None = Field(None, description="Or: Plutchik's primaries.")
    ramp: Float = Field(0.0, ge=0.0, le=600.0, description="Seconds to glide to the new mood.")

    @model_validator(mode="after")
    def _one_kind_of_mood(self) -> EmotionEvent:
        if (self.emotion is None) == (self.plutchik is None):
            raise rule_error("emotion", "give either emotion = {...} or plutchik = {...}")
        return self


class JoinEvent(Model):
    """Someone joins: their particles come from the commons."""

    at: At
    kind: Literal["join"]
    participant: Identifier
    name: Str | None = Field(None, min_length=1, max_length=80)
    hue: Float | None = Field(
        None, ge=0.0, lt=360.0, description="Identity colour; by default one far from the others'."
    )
    share: Float = Field(1.0, gt=0.0, le=1000.0)
    emotion: Emotion = Emotion()


class LeaveEvent(Model):
    """Someone leaves: their particles fade back into the commons."""

    at: At
    kind: Literal["leave"]
    participant: Identifier
    fade: Float | None = Field(None, gt=0.0, le=120.0, description="Seconds to fade.")


Event = Annotated[
    RiftEvent | ProtocolEvent | EmotionEvent | JoinEvent | LeaveEvent,
    Field(discriminator="kind"),
]
EVENT_KINDS = ("rift", "protocol", "emotion", "join", "leave")
