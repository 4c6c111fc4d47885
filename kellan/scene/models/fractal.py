"""Empathy fractals: escape-time sets, a Mandelbulb, a flame or a Shadertoy shader, as a
backdrop or on a plane in the scene, with any numeric parameter bound to an emotion."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, model_validator

from kellan.scene.models.common import (
    Angles3,
    Coord,
    Float,
    Int,
    Model,
    Seconds,
    Str,
    Vec3,
    rule_error,
)

Vec2 = tuple[Coord, Coord]
KINDS = ("julia", "mandelbrot", "mandelbulb", "flame", "shadertoy")
MEASURES = ("pleasure", "arousal", "dominance", "spread")

# What `bind` may move, per kind: every name is a numeric field of Fractal (or one
# component of one: "c.x"), except the flame's, which change its genome
# (kellan.flame.bindings: "weights" scales every xform but the first, "color" moves the
# xforms along the palette, "hue" turns the palette).
COMMON_PARAMS = ("zoom", "intensity", "hue", "shift")
BINDABLE: dict[str, tuple[str, ...]] = {
    "julia": (*COMMON_PARAMS, "power", "c.x", "c.y", "center.x", "center.y", "trap.size",
              "trap.strength", "iterations"),
    "mandelbrot": (*COMMON_PARAMS, "power", "center.x", "center.y", "trap.size",
                   "trap.strength", "iterations"),
    "mandelbulb": (*COMMON_PARAMS, "power", "spin"),
    "flame": ("zoom", "intensity", "hue", "weights", "color"),
    "shadertoy": ("intensity", "speed"),
}  # fmt: skip


class Binding(Model):
    """One numeric parameter following an emotion: the measure (-1..1 for pleasure,
    arousal and dominance; 0..1 for spread) is mapped linearly onto `range`, then eased
    with the time constant `smoothing` on the simulation's fixed step."""

    param: Str = Field(min_length=1, max_length=32, description="What moves, e.g. \"power\".")
    source: Str = Field(
        "collective",
        min_length=1,
        max_length=32,
        description='"collective" (everyone, weighted by share) or a participant\'s id.',
    )
    measure: Literal["pleasure", "arousal", "dominance", "spread"] = "pleasure"
    range: Vec2 = Field(description="[value at the measure's low end, value at its high end]")
    smoothing: Float = Field(
        1.0, ge=0.0, le=120.0, description="Seconds to close 63% of a change (0: follow)."
    )


class Trap(Model):
    """An orbit trap: colour by how close the orbit comes to a point, line or circle."""

    shape: Literal["point", "line", "circle"] = "point"
    center: Vec2 = (0.0, 0.0)
    size: Float = Field(0.5, ge=0.0, le=10.0, description="Circle radius (other shapes: 0).")
    angle: Float = Field(0.0, ge=-360.0, le=360.0, description="A line's direction, degrees.")
    strength: Float = Field(
        1.0, ge=0.0, le=1.0, description="0: smooth-iteration colour; 1: trap colour only."
    )


class CosinePalette(Model):
    """Inigo Quilez's cosine palette a + b·cos(2π(c·t + d)), each an RGB triple."""

    a: Vec3 = (0.5, 0.5, 0.5)
    b: Vec3 = (0.5, 0.5, 0.5)
    c: Vec3 = (1.0, 1.0, 1.0)
    d: Vec3 = (0.0, 0.33, 0.67)


class Fractal(Model):
    """An empathy fractal: a backdrop (or a plane in the scene) moved by emotion."""

    kind: Literal["julia", "mandelbrot", "mandelbulb", "flame", "shadertoy"] = "julia"
    iterations: Int = Field(128, ge=8, le=1024, description="Escape-time iterations.")
    zoom: Float = Field(1.0, gt=0.05, le=1000.0)
    intensity: Float = Field(0.55, ge=0.0, le=2.0, description="Brightness of the backdrop.")
    palette: Literal["auto", "aurora", "ember", "abyss", "custom"] = Field(
        "auto",
        description="auto: a palette in the hue farthest from every participant's, so the "
        "backdrop never takes anyone's colour; a named one; or custom (see `colors`).",
    )
    colors: CosinePalette | None = Field(None, description='palette = "custom": a, b, c, d.')
    hue: Float = Field(0.0, ge=-360.0, le=360.0, description="Turns the palette, degrees.")
    shift: Float = Field(0.0, ge=-10.0, le=10.0, description="Moves along the palette.")
    power: Float | None = Field(
        None, ge=1.5, le=16.0, description="Exponent of z (default 2; a Mandelbulb's 8)."
    )
    c: Vec2 | None = Field(
        None, description="Julia's parameter; by default it follows the collective mood."
    )
    center: Vec2 | None = Field(None, description="Centre of the view on the complex plane.")
    trap: Trap | None = None
    placement: Literal["backdrop", "plane"] = Field(
        "backdrop", description="backdrop: behind everything; plane: a square in the scene."
    )
    position: Vec3 = (0.0, 0.0, 0.0)
    rotation: Angles3 = Field((0.0, 0.0, 0.0), description="Degrees about x, y and z.")
    size: Float = Field(4.0, gt=0.0, le=100.0, description="A plane's side, world units.")
    steps: Int = Field(48, ge=8, le=512, description="Mandelbulb: ray-marching steps.")
    resolution: Float = Field(
        0.5, ge=0.1, le=1.0, description="Mandelbulb, flame: share of the frame's size drawn."
    )
    spin: Float = Field(6.0, ge=-720.0, le=720.0, description="Mandelbulb: degrees/second.")
    genome: Str | None = Field(
        None, min_length=1, max_length=4096,
        description='kind = "flame": a .flam3 file, relative to the scene\'s folder.',
    )  # fmt: skip
    samples: Int = Field(
        400_000, ge=1_000, le=100_000_000,
        description="Flame: chaos-game samples of a still (live: gathered over frames).",
    )  # fmt: skip
    shader: Str | None = Field(
        None, min_length=1, max_length=4096,
        description='kind = "shadertoy": a GLSL file with mainImage, relative to the scene.',
    )  # fmt: skip
    speed: Float = Field(1.0, ge=0.0, le=100.0, description="Shadertoy: iTime's rate.")
    during: tuple[Seconds, Seconds] | None = Field(
        None, description="[from, until] seconds of show time; by default always shown."
    )
    fade: Float = Field(
        1.0, ge=0.0, le=60.0,
        description="Seconds it fades in after `during`'s from and out before its until "
                    "(0: a hard cut; at most half the window).",
    )  # fmt: skip
    bind: tuple[Binding, ...] = Field((), max_length=16)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Fractal:
        if self.palette == "custom" and self.colors is None:
            raise rule_error("colors", 'palette = "custom" needs colors = { a = [..], ... }')
        if self.kind == "julia" and self.c is not None and abs(complex(*self.c)) > 4.0:
            raise rule_error("c", "Julia's parameter must lie within 4 of 0")
        if self.during is not None and self.during[1] <= self.during[0]:
            raise rule_error("during", "until must come after from")
        if self.placement == "plane" and self.kind not in ("julia", "mandelbrot"):
            raise rule_error("placement", f'placement = "plane" is for julia and mandelbrot '
                                          f"(kind is {self.kind!r})")  # fmt: skip
        checks = info.context or {}
        for key, wanted in (("genome", "flame"), ("shader", "shadertoy")):
            value = getattr(self, key)
            if self.kind == wanted and value is None:
                raise rule_error(key, f'kind = "{wanted}" needs {key} = "path/to/file"')
            if self.kind != wanted and value is not None:
                raise rule_error(key, f'{key} is only read with kind = "{wanted}"')
            check = checks.get("file_check")
            if value is not None and check is not None:
                object.__setattr__(self, key, check(key, value))
        allowed = BINDABLE[self.kind]
        for k, b in enumerate(self.bind):
            if b.param not in allowed:
                raise rule_error(f"bind[{k}].param", f"{b.param!r} cannot be bound for kind "
                                 f"{self.kind!r}; one of {', '.join(allowed)}")  # fmt: skip
            if b.param.startswith("trap.") and self.trap is None:
                raise rule_error(f"bind[{k}].param", f"{b.param!r} needs a trap")
        return self

    def default_power(self) -> float:
        return self.power if self.power is not None else (8.0 if self.kind == "mandelbulb"
                                                          else 2.0)  # fmt: skip

    def shown_at(self, time: float) -> bool:
        return self.during is None or self.during[0] <= time < self.during[1]

    def presence(self, time: float) -> float:
        """How much of it shows at `time`, 0..1: it eases in over `fade` seconds after its
        window opens and out before it closes, so that one backdrop handing over to the next
        dips through the dreamscape instead of cutting. A window that opens with the show
        starts at full strength (a still at 0 s shows it whole)."""
        if self.during is None:
            return 1.0
        start, end = self.during
        if not start <= time < end:
            return 0.0
        fade = min(self.fade, 0.5 * (end - start))
        if fade <= 0.0:
            return 1.0
        into = (time - start) / fade if start > 0.0 else 1.0
        x = min(1.0, into, (end - time) / fade)
        return x * x * (3.0 - 2.0 * x)  # smoothstep: no kink where the fade begins or ends
