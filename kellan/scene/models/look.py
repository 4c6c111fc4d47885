"""What floats on the stage: holographic sculptures and fractal backdrops."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kellan.scene.models.common import Float, Identifier, Int, Model, Vec3


class GuideField(Model):
    """How a sculpture steers the particles that come near it (strength 0: not at all)."""

    mode: Literal["attract", "orbit", "repel"] = "orbit"
    radius: Float = Field(2.5, gt=0.0, le=100.0, description="Reach of the field.")
    strength: Float = Field(1.0, ge=0.0, le=20.0)


class Sculpture(Model):
    """A procedural holographic sculpture; also a guide field for the particles."""

    id: Identifier
    shape: Literal["torus_knot", "torus", "icosphere"] = "torus_knot"
    position: Vec3 = (0.0, 0.0, 0.0)
    scale: Float = Field(1.0, gt=0.0, le=50.0)
    hue: Float = Field(190.0, ge=0.0, lt=360.0)
    spin: Float = Field(12.0, ge=-720.0, le=720.0, description="Degrees per second.")
    rim_power: Float = Field(2.5, ge=0.5, le=8.0, description="Fresnel exponent of the rim.")
    guide: GuideField = GuideField()


class Fractal(Model):
    """A full-screen escape-time fractal backdrop driven by the collective mood."""

    kind: Literal["julia"] = "julia"
    iterations: Int = Field(128, ge=8, le=1024)
    zoom: Float = Field(1.0, gt=0.05, le=1000.0)
    intensity: Float = Field(0.55, ge=0.0, le=2.0, description="Brightness of the backdrop.")
    palette: Literal["auto", "aurora", "ember", "abyss"] = Field(
        "auto",
        description="auto: a palette in the hue farthest from every participant's, so the "
        "backdrop never takes anyone's colour; or a named one.",
    )
