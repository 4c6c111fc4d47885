"""Backdrops drawn into a texture the shape of the view: a Mandelbulb, a fractal flame
and a Shadertoy shader (the escape-time sets turn a square texture instead; see
kellan/render/fractal.py). The underlay pass reads the texture 1:1 over the view.

Every backdrop is driven by the Frame alone (time, collective mood, the bindings' eased
values), so a still is reproducible; `full` (stills) draws all of it at once, live
frames may spread the work over several frames.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from vispy import gloo

from kellan.dreamscape.frame import Frame
from kellan.render.fractal import PALETTES, auto_palette, palette_coefficients, value
from kellan.render.hdr import QUAD, fullscreen
from kellan.render.shaders import ProgramSources, ShaderError, compile_log, program_sources
from kellan.scene.models import Fractal

STRIPS = 4


def _texture(size: tuple[int, int]) -> gloo.Texture2D:
    w, h = size
    return gloo.Texture2D(shape=(h, w, 4), format="rgba", internalformat="rgba8",
                          interpolation="linear", wrapping="clamp_to_edge")  # fmt: skip


class ScreenBackdrop:
    """A texture covering the view at `scale` of its size, and the underlay's uniforms."""

    scale = 1.0

    def __init__(self, fractal: Fractal) -> None:
        self.fractal = fractal
        self.texture: gloo.Texture2D | None = None
        self.fbo: gloo.FrameBuffer | None = None
        self.tex_size = (0, 0)
        self.sources: ProgramSources | None = None
        self.error: str | None = None  # set when it cannot draw: the backdrop is off

    def target(self, size: tuple[int, int]) -> tuple[int, int]:
        w, h = size
        s = (max(8, round(w * self.scale)), max(8, round(h * self.scale)))
        if self.texture is None or s != self.tex_size:
            self.texture = _texture(s)
            self.fbo = gloo.FrameBuffer(self.texture)
            self.tex_size = s
        return s

    def prepare(self, frame: Frame, size: tuple[int, int], full: bool,
                values: Mapping[str, float]) -> None:  # fmt: skip
        raise NotImplementedError

    def uniforms(self, underlay: gloo.Program, size: tuple[int, int], time: float,
                 azimuth: float = 0.0,
                 values: Mapping[str, float] | None = None) -> None:  # fmt: skip
        underlay["u_backdrop"] = self.texture
        underlay["u_backdrop_on"] = 1.0
        underlay["u_backdrop_square"] = 0.0
        underlay["u_backdrop_turn"] = np.eye(2, dtype=np.float32)
        underlay["u_backdrop_scale"] = 1.0
        underlay["u_backdrop_extent"] = 1.0
        underlay["u_backdrop_intensity"] = value(values or {}, "intensity",
                                                 self.fractal.intensity)  # fmt: skip


class MandelbulbBackdrop(ScreenBackdrop):
    """A ray-marched Mandelbulb, turning; live frames redraw a strip each."""

    def __init__(self, fractal: Fractal, hues: list[float]) -> None:
        super().__init__(fractal)
        self.scale = fractal.resolution
        self.program, self.sources = fullscreen("mandelbulb.frag")
        self.palette = palette_coefficients(fractal, auto_palette(hues))
        self.next_strip = 0
        self.filled = False

    def prepare(self, frame: Frame, size: tuple[int, int], full: bool,
                values: Mapping[str, float]) -> None:  # fmt: skip
        f = self.fractal
        self.scale = f.resolution
        tw, th = self.target(size)
        p = self.program
        p["u_power"] = value(values, "power", f.default_power())
        p["u_steps"] = int(f.steps)
        p["u_angle"] = math.radians(frame.time * value(values, "spin", f.spin))
        p["u_aspect"] = size[0] / max(size[1], 1)
        p["u_palette"] = PALETTES[f.palette]
        p["u_shift"] = value(values, "shift", f.shift)
        p["u_hue"] = math.radians(value(values, "hue", f.hue))
        p["u_zoom"] = max(0.05, value(values, "zoom", f.zoom))
        p["u_pal_a"], p["u_pal_b"], p["u_pal_c"], p["u_pal_d"] = self.palette
        # Live, a quarter of the rows a frame (the bulb turns slowly: the seams do not
        # show); the first frame and stills draw all of it.
        strips = range(STRIPS) if full or not self.filled else [self.next_strip]
        gloo.set_state(blend=False, depth_test=False, cull_face=False, scissor_test=True)
        assert self.fbo is not None
        with self.fbo:
            gloo.set_viewport(0, 0, tw, th)
            for k in strips:
                y0, y1 = th * k // STRIPS, th * (k + 1) // STRIPS
                gloo.set_scissor(0, y0, tw, y1 - y0)
                p.draw("triangle_strip")
        gloo.set_state(scissor_test=False)
        self.filled = True
        if not full:
            self.next_strip = (self.next_strip + 1) % STRIPS


class ShadertoyBackdrop(ScreenBackdrop):
    """A user's Shadertoy shader; one that does not compile leaves the backdrop off and
    says why, with the line in the user's file."""

    def __init__(self, fractal: Fractal) -> None:
        super().__init__(fractal)
        self.scale = fractal.resolution
        self.program: gloo.Program | None = None
        self.last_time: float | None = None
        assert fractal.shader is not None
        path = Path(fractal.shader)
        try:
            self.sources = program_sources("fullscreen.vert", "shadertoy.frag", user=path)
        except ShaderError as exc:
            self.error = f"{path.name}: {exc}"
            return
        log = compile_log(self.sources.fragment, "fragment").strip()
        if log:
            self.error = f"shader {path} does not compile; the backdrop is off:\n{log}"
            self.sources = None
            return
        self.program, _ = fullscreen_from(self.sources)

    def prepare(self, frame: Frame, size: tuple[int, int], full: bool,
                values: Mapping[str, float]) -> None:  # fmt: skip
        if self.program is None:
            return
        f = self.fractal
        self.scale = f.resolution
        tw, th = self.target(size)
        speed = value(values, "speed", f.speed)
        t = frame.time * speed
        dt = 0.0 if self.last_time is None or full else max(0.0, t - self.last_time)
        self.last_time = t
        p = self.program
        p["iResolution"] = (float(tw), float(th), 1.0)
        p["iTime"] = float(t)
        p["iTimeDelta"] = float(dt if not full else 1.0 / frame.scene.dynamics.step_hz)
        p["iFrame"] = int(frame.step)
        p["iMouse"] = (0.0, 0.0, 0.0, 0.0)
        mean = frame.collective.mean
        p["uPleasure"], p["uArousal"], p["uDominance"] = (float(v) for v in mean)
        p["uSpread"] = float(min(1.0, max(0.0, np.mean(frame.collective.spread))))
        gloo.set_state(blend=False, depth_test=False, cull_face=False)
        assert self.fbo is not None
        with self.fbo:
            gloo.set_viewport(0, 0, tw, th)
            p.draw("triangle_strip")


def fullscreen_from(sources: ProgramSources) -> tuple[gloo.Program, ProgramSources]:
    """A full-screen program from sources already loaded (and compiled once to check)."""
    prog = gloo.Program(sources.vertex.text, sources.fragment.text)
    prog["a_position"] = gloo.VertexBuffer(QUAD)
    return prog, sources
