"""The escape-time fractals: Julia and Mandelbrot sets, as a backdrop or on a plane.

Backdrop: what is expensive (iterating the set) is kept, coloured, in a texture and
recomputed only when a parameter moves or its palette has drifted; what changes every
frame (its slow turn, the dimming) is applied in the underlay pass. The texture covers
the square the turning viewport sweeps, at half the frame's resolution. A refresh is
done a strip per frame (STRIPS frames for all of it), so no frame pays for the whole set.

Plane: the set is computed per fragment on a square in the scene (shaders/
fractal_plane.frag); both share shaders/lib/escape.glsl.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from vispy import gloo

from kellan.core.colour import largest_gap_hue, oklch
from kellan.render.hdr import QUAD
from kellan.render.shaders import ProgramSources, program_sources
from kellan.scene.models import Fractal
from kellan.sculpture.transform import model_matrix

PALETTES = {"aurora": 0, "ember": 1, "abyss": 2, "auto": 3, "custom": 3}
KIND_INDEX = {"julia": 0, "mandelbrot": 1}
TRAP_SHAPES = {"point": 1, "line": 2, "circle": 3}
# The backdrop sits behind the dreamscape: dimmed, and turning with a fraction of the
# camera's orbit (parallax), so it reads as far away and never as particles.
DEPTH_DIM = 1.0
PARALLAX = 0.3
RESOLUTION_SCALE = 0.5
STRIPS = 4
# A parameter change smaller than this does not show at this resolution.
TOLERANCE = 2e-4
TURN_RATE = 0.02  # radians per second
DRIFT_RATE = 0.01  # palette cycles per second
# The palette drifts so slowly that repainting it every few seconds never shows a step.
DRIFT_REFRESH_S = 4.0
BASE_EXTENT = 1.25  # half the height of the view on the plane, at zoom 1
# Where each kind is looked at by default: the whole set in view.
DEFAULT_CENTER = {"julia": (0.0, 0.0), "mandelbrot": (-0.5, 0.0)}


def value(values: Mapping[str, float], name: str, default: float) -> float:
    """A parameter this frame: its emotion binding's value, else the scene's."""
    return float(values.get(name, default))


def escape_parameters(f: Fractal, values: Mapping[str, float],
                      mood_c: tuple[float, float]) -> dict[str, object]:  # fmt: skip
    """Every uniform of lib/escape.glsl but the palette's drift, from the scene and the
    bindings' values; the backdrop compares them to know when to recompute."""
    c = f.c if f.c is not None else mood_c
    center = f.center if f.center is not None else DEFAULT_CENTER[f.kind]
    trap = f.trap
    out: dict[str, object] = {
        "u_kind": KIND_INDEX[f.kind],
        "u_c": (value(values, "c.x", c[0]), value(values, "c.y", c[1])),
        "u_center": (value(values, "center.x", center[0]), value(values, "center.y", center[1])),
        "u_power": value(values, "power", f.default_power()),
        "u_iterations": round(min(1024, max(8, value(values, "iterations", f.iterations)))),
        "u_palette": PALETTES[f.palette],
        "hue": math.radians(value(values, "hue", f.hue)),
        "u_trap_shape": TRAP_SHAPES[trap.shape] if trap else 0,
        "u_trap_center": trap.center if trap else (0.0, 0.0),
        "u_trap_dir": ((math.cos(math.radians(trap.angle)), math.sin(math.radians(trap.angle)))
                       if trap else (1.0, 0.0)),
        "u_trap_size": value(values, "trap.size", trap.size) if trap else 0.0,
        "u_trap_strength": value(values, "trap.strength", trap.strength) if trap else 0.0,
        "zoom": max(0.05, value(values, "zoom", f.zoom)),
    }  # fmt: skip
    return out


def escape_programs(vertex: str, fragment: str
                    ) -> tuple[dict[bool, gloo.Program], ProgramSources]:  # fmt: skip
    """The two builds of an escape-time shader, by whether it is the plain square (power
    2, no trap: lib/escape.glsl's ESCAPE_SQUARE, as fast as the set can be iterated) or
    anything else; and the sources, to explain a compile error by file and line."""
    src = program_sources(vertex, fragment)
    programs = {}
    for square in (True, False):
        text = ("#define ESCAPE_SQUARE 1\n" if square else "") + src.fragment.text
        prog = gloo.Program(src.vertex.text, text)
        prog["a_position"] = gloo.VertexBuffer(QUAD)
        programs[square] = prog
    return programs, src


def is_square(params: Mapping[str, object]) -> bool:
    return params["u_power"] == 2.0 and params["u_trap_shape"] == 0


def hue_turn(angle: float) -> np.ndarray:
    """The rotation by `angle` (radians) about the grey axis of RGB (Rodrigues), as a
    GLSL mat3: turning a colour's hue keeps its lightness; 0 is exactly the identity."""
    if angle == 0.0:
        return np.eye(3, dtype=np.float32)
    k = np.full(3, 1.0 / math.sqrt(3.0))
    cross = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    m = math.cos(angle) * np.eye(3) + math.sin(angle) * cross + \
        (1.0 - math.cos(angle)) * np.outer(k, k)  # fmt: skip
    # GLSL reads a mat3 column by column: the transpose, row-major.
    return np.ascontiguousarray(m.T, dtype=np.float32)


def palette_coefficients(f: Fractal, auto: tuple[tuple[float, ...], ...]
                         ) -> tuple[tuple[float, ...], ...]:  # fmt: skip
    if f.palette == "custom" and f.colors is not None:
        return f.colors.a, f.colors.b, f.colors.c, f.colors.d
    return auto


def _set(program: gloo.Program, params: dict[str, object], palette: tuple[tuple[float, ...],
         ...]) -> None:  # fmt: skip
    for name, v in params.items():
        if name.startswith("u_"):
            program[name] = v
    program["u_hue_turn"] = hue_turn(float(params["hue"]))  # type: ignore[arg-type]
    program["u_pal_a"], program["u_pal_b"], program["u_pal_c"], program["u_pal_d"] = palette


def _differs(a: dict[str, object] | None, b: dict[str, object]) -> bool:
    if a is None:
        return True
    for key, new in b.items():
        old = a[key]
        if isinstance(new, tuple):
            if max(abs(x - y) for x, y in zip(old, new, strict=True)) > TOLERANCE:  # type: ignore[call-overload]
                return True
        elif abs(float(old) - float(new)) > TOLERANCE:  # type: ignore[arg-type]
            return True
    return False


class FractalBackdrop:
    """A Julia or Mandelbrot set behind everything, turning slowly."""

    def __init__(self, fractal: Fractal, hues: list[float] | None = None) -> None:
        self.fractal = fractal
        self.auto_palette = auto_palette(hues or [])
        self.programs, self.sources = escape_programs("fullscreen.vert", "julia.frag")
        self.texture: gloo.Texture2D | None = None
        self.fbo: gloo.FrameBuffer | None = None
        self.side = 0
        self.done: dict[str, object] | None = None  # the parameters the texture holds
        self.pending: dict[str, object] = {}
        self.shift_done = 0.0  # palette drift the texture holds
        self.shift_pending = 0.0
        self.next_strip = 0
        self.strips_drawn = 0  # a cost counter, for the frame benchmark
        self.zoom = fractal.zoom
        self.error: str | None = None  # never set: it has no user input to refuse

    def extent(self, size: tuple[int, int]) -> float:
        """Half the side of the plane square the texture covers: the viewport's half
        diagonal, so that any rotation of the viewport stays inside it."""
        w, h = size
        return BASE_EXTENT / self.zoom * math.hypot(w / max(h, 1), 1.0)

    def prepare(self, c: tuple[float, float], size: tuple[int, int], time: float,
                full: bool = False, values: Mapping[str, float] | None = None) -> None:  # fmt: skip
        """Bring the texture up to date for mood parameter `c` and the bindings'
        `values` at show time `time`: all of it now when `full` (stills), else at most
        one strip this frame."""
        w, h = size
        side = max(16, int(math.hypot(w, h) * RESOLUTION_SCALE))
        if self.texture is None or side != self.side:
            self.texture = gloo.Texture2D(shape=(side, side, 4), format="rgba",
                                          internalformat="rgba8", interpolation="linear",
                                          wrapping="clamp_to_edge")  # fmt: skip
            self.fbo = gloo.FrameBuffer(self.texture)
            self.side = side
            self.done = None
            self.next_strip = 0
        f = self.fractal
        params = escape_parameters(f, values or {}, c)
        shift = time * DRIFT_RATE + value(values or {}, "shift", f.shift)
        moved = _differs(self.done, params)
        drifted = abs(shift - self.shift_done) > DRIFT_RATE * DRIFT_REFRESH_S
        if not (moved or drifted or full) and self.next_strip == 0:
            return
        if self.next_strip == 0 or full:
            self.pending, self.shift_pending = params, shift
        p = self.programs[is_square(self.pending)]
        _set(p, self.pending, palette_coefficients(f, self.auto_palette))
        p["u_shift"] = float(self.shift_pending)
        self.zoom = float(self.pending["zoom"])  # type: ignore[arg-type]
        p["u_extent"] = float(self.extent(size))
        gloo.set_state(blend=False, depth_test=False, cull_face=False, scissor_test=True)
        assert self.fbo is not None
        with self.fbo:
            gloo.set_viewport(0, 0, side, side)
            strips = range(STRIPS) if full else [self.next_strip]
            for k in strips:
                y0 = side * k // STRIPS
                y1 = side * (k + 1) // STRIPS
                gloo.set_scissor(0, y0, side, y1 - y0)
                p.draw("triangle_strip")
                self.strips_drawn += 1
        gloo.set_state(scissor_test=False)
        if full:
            self.done, self.shift_done, self.next_strip = params, shift, 0
        else:
            self.next_strip = (self.next_strip + 1) % STRIPS
            if self.next_strip == 0:
                self.done, self.shift_done = self.pending, self.shift_pending

    def uniforms(self, composite: gloo.Program, size: tuple[int, int], time: float,
                 azimuth: float = 0.0,
                 values: Mapping[str, float] | None = None) -> None:  # fmt: skip
        """Set the underlay pass's backdrop uniforms for this frame (`azimuth`: the
        camera's, in degrees, for the parallax)."""
        f = self.fractal
        a = time * TURN_RATE + math.radians(azimuth) * PARALLAX
        ca, sa = math.cos(a), math.sin(a)
        composite["u_backdrop"] = self.texture
        composite["u_backdrop_on"] = 1.0
        composite["u_backdrop_square"] = 1.0
        # GLSL's mat2 is column-major: this is [[ca, -sa], [sa, ca]] acting on p.
        composite["u_backdrop_turn"] = np.array([[ca, sa], [-sa, ca]], np.float32)
        composite["u_backdrop_scale"] = float(BASE_EXTENT / self.zoom)
        composite["u_backdrop_extent"] = float(self.extent(size))
        intensity = value(values or {}, "intensity", f.intensity)
        composite["u_backdrop_intensity"] = intensity * DEPTH_DIM


class FractalPlane:
    """A Julia or Mandelbrot set on a square in the scene (placement = "plane")."""

    def __init__(self, fractal: Fractal, hues: list[float] | None = None) -> None:
        self.fractal = fractal
        self.auto_palette = auto_palette(hues or [])
        self.programs, self.sources = escape_programs("fractal_plane.vert",
                                                      "fractal_plane.frag")  # fmt: skip

    def draw(self, view: np.ndarray, proj: np.ndarray, c: tuple[float, float], time: float,
             exposure: float, values: Mapping[str, float]) -> None:  # fmt: skip
        """Add the plane into the bound HDR target (its depth buffer holds the
        sculptures, which hide it); `exposure` is undone so that it keeps its light."""
        f = self.fractal
        params = escape_parameters(f, values, c)
        p = self.programs[is_square(params)]
        _set(p, params, palette_coefficients(f, self.auto_palette))
        p["u_shift"] = float(time * DRIFT_RATE + value(values, "shift", f.shift))
        p["u_extent"] = float(BASE_EXTENT / float(params["zoom"]))  # type: ignore[arg-type]
        p["u_gain"] = value(values, "intensity", f.intensity) * 0.8 / max(exposure, 1e-6)
        model = model_matrix(f.position, f.rotation, f.size * 0.5, 0.0)
        p["u_model"] = np.ascontiguousarray(model.T, dtype=np.float32)
        p["u_view"], p["u_projection"] = view, proj
        gloo.set_state(depth_test=True, depth_func="lequal", depth_mask=False, blend=True,
                       blend_func=("one", "one"), cull_face=False)  # fmt: skip
        p.draw("triangle_strip")
        gloo.set_state(depth_mask=True)


def auto_palette(hues: list[float]) -> tuple[tuple[float, ...], ...]:
    """Cosine-palette coefficients (a, b, c, d) for a backdrop that keeps away from the
    participants' identity hues: from a deep, nearly black shade to a soft light one, in
    the hue farthest from all of theirs (OKLCH), with a slight turn of hue along the way.
    The texture holds display colours, so they are sRGB-encoded here."""
    gap = largest_gap_hue(hues)
    dark = _encode(oklch(0.16, 0.03, gap))
    light = _encode(oklch(0.82, 0.11, gap + 12.0))
    a = tuple(float(v) for v in 0.5 * (light + dark))
    b = tuple(float(v) for v in 0.5 * (light - dark))
    # a + b·cos(2π(t/2 + 1/2)): t = 0 (far outside the set) dark, t = 1 light.
    return a, b, (0.5, 0.5, 0.5), (0.5, 0.5, 0.5)


def _encode(linear: np.ndarray) -> np.ndarray:
    """Linear sRGB to the sRGB encoding a display expects."""
    c = np.clip(linear, 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)
