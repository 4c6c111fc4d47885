"""How the picture is made: the particle renderer and the tone map."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kellan.scene.models.common import Bool, Float, Model


class Render(Model):
    """The particle renderer and the HDR tone map (log density, as flam3 does)."""

    particles: Literal["auto", "sprites", "density"] = Field(
        "auto",
        description="auto: density on software GL (llvmpipe), sprites on a GPU; sprites: "
        "GL point sprites; density: splatted on the CPU into a float image.",
    )
    auto_exposure: Bool = Field(
        True, description="Follow the density of the frame (smoothed over time live)."
    )
    exposure: Float = Field(
        0.0, ge=-8.0, le=8.0, description="Exposure in stops, added to the automatic one."
    )
    brightness: Float = Field(1.0, gt=0.0, le=20.0, description="flam3's brightness.")
    gamma: Float = Field(1.6, ge=0.5, le=6.0, description="flam3's gamma.")
    vibrancy: Float = Field(
        1.0, ge=0.0, le=1.0, description="1 keeps dense colours saturated; 0 lets them pale."
    )
    bloom: Float = Field(0.35, ge=0.0, le=4.0, description="Glow around bright regions.")
    point_size: Float = Field(1.5, gt=0.0, le=20.0, description="Sprite size at unit distance.")
    streaks: Float = Field(
        0.1, ge=0.0, le=1.0,
        description="Motion streaks: each particle trails where it was this many seconds "
        "ago (0: none), so speed and the shape of motion read in a still.",
    )  # fmt: skip
    antialias: Literal["auto", "fxaa", "off"] = Field(
        "auto",
        description="Anti-aliased edges (sculpture silhouettes, wireframes), one FXAA pass "
        "over the finished picture: auto uses it in stills and recordings, and live on a "
        "GPU (not live on software GL, where it costs too much of the frame); fxaa; off.",
    )
    scale: Literal["auto"] | Annotated[float, Field(ge=0.5, le=1.0, strict=True)] = Field(
        "auto",
        description="Resolution of the live view: auto draws smaller when software GL cannot "
        "hold 30 fps (stills and recordings are always full size); or a fixed 0.5..1.",
    )
