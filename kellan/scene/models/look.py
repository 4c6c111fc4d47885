"""What floats on the stage: holographic sculptures and fractal backdrops."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, ValidationInfo, model_validator

from kellan.scene.models.common import (
    MAX_COORD,
    Angles3,
    Bool,
    Coord,
    Float,
    Identifier,
    Int,
    Model,
    Str,
    Vec3,
    rule_error,
)


class GuideField(Model):
    """How a sculpture steers the particles that come near it (strength 0: not at all).

    By default the field follows the sculpture's surface (points sampled on it, turning
    with it), so particles trace the shape itself; `follow = "centre"` acts around its
    centre only, as a sphere would."""

    mode: Literal["attract", "orbit", "repel"] = "orbit"
    radius: Float = Field(2.5, gt=0.0, le=100.0, description="Reach of the field.")
    strength: Float = Field(1.0, ge=0.0, le=20.0)
    follow: Literal["surface", "centre"] = Field(
        "surface", description="surface: the field follows the shape; centre: its centre."
    )
    samples: Int = Field(2048, ge=64, le=65536, description="Surface points the field uses.")


class Hologram(Model):
    """The hologram material: every part can be turned up, down or off (0)."""

    intensity: Float = Field(1.0, ge=0.0, le=20.0, description="Overall emission.")
    rim: Float = Field(1.6, ge=0.0, le=20.0, description="Fresnel rim emission.")
    fill: Float = Field(
        0.05, ge=0.0, le=5.0, description="Emission of faces seen head-on (0: only the rim)."
    )
    scanlines: Float = Field(0.45, ge=0.0, le=1.0, description="Depth of the scanlines.")
    scan_density: Float = Field(14.0, gt=0.0, le=500.0, description="Scanlines per unit.")
    scan_speed: Float = Field(0.5, ge=-50.0, le=50.0, description="Drift, units per second.")
    scan_axis: Literal["x", "y", "z"] = Field("y", description="The axis they drift along.")
    interference: Float = Field(
        0.3, ge=0.0, le=1.0, description="Slow interference bands sweeping through it."
    )
    chroma: Float = Field(
        0.6, ge=0.0, le=4.0, description="Chromatic (RGB) split, growing toward the rim."
    )
    flicker: Float = Field(0.08, ge=0.0, le=1.0, description="Flicker of the emission.")
    glitch: Float = Field(
        0.1, ge=0.0, le=1.0, description="Idle glitch bursts (the rift adds its own)."
    )
    iridescence: Float = Field(
        0.6, ge=0.0, le=2.0, description="Thin-film hue shift with the viewing angle."
    )
    halo: Float = Field(0.6, ge=0.0, le=5.0, description="Glow around it (shares the bloom).")
    wireframe: Float = Field(0.0, ge=0.0, le=5.0, description="Wireframe overlay emission.")


class Reaction(Model):
    """How a sculpture answers the room. 0 switches an answer off."""

    follow: Str = Field(
        "collective",
        min_length=1,
        max_length=32,
        description='"collective" (everyone\'s mood), a participant\'s id, or "none".',
    )
    intensity: Float = Field(
        0.6, ge=0.0, le=4.0, description="Brighter with pleasure and arousal, dimmer when low."
    )
    spin: Float = Field(0.8, ge=0.0, le=4.0, description="Faster with arousal, slower with calm.")
    breath: Float = Field(
        0.05, ge=0.0, le=0.5, description="Scale pulse; its rhythm quickens with arousal."
    )
    rift: Float = Field(1.0, ge=0.0, le=4.0, description="The rift cracks it: glitch, then mend.")
    mend: Float = Field(6.0, gt=0.0, le=120.0, description="Seconds for a crack to mend.")
    protocol: Float = Field(
        1.0, ge=0.0, le=1.0, description="The protocol calms it: slower, steadier."
    )


class TraceField(Model):
    """Traces: a patina in the colours of the people whose particles pass near it."""

    enabled: Bool = True
    radius: Float = Field(0.35, gt=0.0, le=10.0, description="Reach of a particle, world units.")
    rate: Float = Field(1.0, ge=0.0, le=100.0, description="How fast traces gather.")
    half_life: Float = Field(
        900.0, gt=0.0, le=31_536_000.0, description="Seconds for a trace to fade by half."
    )
    permanent: Bool = Field(False, description="Never fade (the half-life is ignored).")
    glow: Float = Field(1.0, ge=0.0, le=10.0, description="How brightly traces show.")


# A shape's parameters are checked against their own ranges when the shape is built, but
# a mesh ignores them: they are bounded here too, so that none is a huge number.
ParamInt = Annotated[int, Strict(), Field(ge=-MAX_COORD, le=MAX_COORD)]

SHAPES = ("torus_knot", "torus", "icosphere", "geodesic_sphere", "mobius", "supershape",
          "lissajous", "trefoil")  # fmt: skip


class Sculpture(Model):
    """A holographic sculpture, procedural or from a mesh file; also a guide field."""

    id: Identifier
    shape: Literal[
        "torus_knot", "torus", "icosphere", "geodesic_sphere", "mobius", "supershape",
        "lissajous", "trefoil", "mesh",
    ] = "torus_knot"  # fmt: skip
    params: dict[Str, Coord | ParamInt] = Field(
        default_factory=dict,
        description="The shape's parameters, e.g. { p = 2, q = 3 } for a torus knot.",
    )
    mesh: Str | None = Field(
        None,
        min_length=1,
        max_length=4096,
        description="shape = \"mesh\": an OBJ, PLY, STL or GLB file, relative to the scene's "
        "folder or absolute.",
    )
    normalize: Bool = Field(
        True, description="Centre a mesh and scale it to unit size (then `scale` applies)."
    )
    position: Vec3 = (0.0, 0.0, 0.0)
    rotation: Angles3 = Field(
        (0.0, 0.0, 0.0), description="Degrees about x, y and z, applied before the spin."
    )
    scale: Float = Field(1.0, gt=0.0, le=50.0)
    hue: Float = Field(190.0, ge=0.0, lt=360.0)
    spin: Float = Field(12.0, ge=-720.0, le=720.0, description="Degrees per second.")
    rim_power: Float = Field(2.5, ge=0.5, le=8.0, description="Fresnel exponent of the rim.")
    material: Hologram = Hologram()
    react: Reaction = Reaction()
    traces: TraceField = TraceField()
    guide: GuideField = GuideField()

    @model_validator(mode="after")
    def _shape_and_file(self, info: ValidationInfo) -> Sculpture:
        if self.shape == "mesh":
            if self.mesh is None:
                raise rule_error("shape", 'shape = "mesh" needs mesh = "path/to/file"')
            check = (info.context or {}).get("mesh_check")
            resolved = check(self.mesh) if check is not None else self.mesh
            if resolved != self.mesh:
                object.__setattr__(self, "mesh", resolved)
        elif self.mesh is not None:
            raise rule_error("mesh", f'mesh is only read with shape = "mesh" (shape is '
                             f"{self.shape!r})")  # fmt: skip
        else:
            check = (info.context or {}).get("shape_check")
            if check is not None:
                check(self.shape, self.params)
        return self
