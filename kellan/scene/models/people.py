"""The people taking part: identity and emotion."""

from __future__ import annotations

from pydantic import Field

from kellan.scene.models.common import Float, Identifier, Model, Str, Unit


class Emotion(Model):
    """A PAD state (Mehrabian 1996), each axis in [-1, 1]."""

    pleasure: Unit = Field(0.0, description="Valence: unhappy (-1) to happy (+1).")
    arousal: Unit = Field(0.0, description="Calm (-1) to excited (+1).")
    dominance: Unit = Field(0.0, description="Yielding (-1) to in control (+1).")


class Participant(Model):
    """A person taking part; owns a share of the particles for the whole session."""

    id: Identifier
    name: Str = Field(min_length=1, max_length=80)
    hue: Float = Field(ge=0.0, lt=360.0, description="Identity colour, degrees on the wheel.")
    share: Float = Field(1.0, gt=0.0, le=1000.0, description="Relative share of particles.")
    emotion: Emotion = Emotion()
