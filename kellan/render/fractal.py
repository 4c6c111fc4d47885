"""The empathy-fractal backdrop: a full-screen Julia set driven by the collective mood."""

from __future__ import annotations

import numpy as np
from vispy import gloo

from kellan.render.shaders import program_sources
from kellan.scene.models import Fractal

PALETTES = {"aurora": 0, "ember": 1, "abyss": 2}


class FractalBackdrop:
    def __init__(self, fractal: Fractal) -> None:
        self.fractal = fractal
        self.sources = program_sources("fullscreen.vert", "julia.frag")
        self.program = gloo.Program(self.sources.vertex.text, self.sources.fragment.text)
        quad = np.array([[-1, -1], [1, -1], [-1, 1], [1, 1]], dtype=np.float32)
        self.program["a_position"] = gloo.VertexBuffer(quad)
        self.program["u_iterations"] = int(fractal.iterations)
        self.program["u_palette"] = PALETTES[fractal.palette]
        self.program["u_zoom"] = float(fractal.zoom)
        self.program["u_intensity"] = float(fractal.intensity)

    def draw(self, c: tuple[float, float], size: tuple[int, int], time: float) -> None:
        p = self.program
        p["u_c"] = c
        p["u_resolution"] = (float(size[0]), float(size[1]))
        p["u_time"] = float(time)
        gloo.set_state(depth_test=False, blend=False, cull_face=False)
        p.draw("triangle_strip")
