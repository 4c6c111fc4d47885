"""The empathy-fractal backdrop: a full-screen Julia set driven by the collective mood.

The set is computed at half the viewport's resolution and stretched with linear
filtering: a soft backdrop loses nothing visible, and software GL (llvmpipe) pays a
quarter of the per-pixel iterations.
"""

from __future__ import annotations

import numpy as np
from vispy import gloo

from kellan.render.shaders import program_sources
from kellan.scene.models import Fractal

PALETTES = {"aurora": 0, "ember": 1, "abyss": 2}
RESOLUTION_SCALE = 0.5


class FractalBackdrop:
    def __init__(self, fractal: Fractal) -> None:
        self.fractal = fractal
        self.sources = program_sources("fullscreen.vert", "julia.frag")
        self.program = gloo.Program(self.sources.vertex.text, self.sources.fragment.text)
        blit = program_sources("fullscreen.vert", "blit.frag")
        self._blit = gloo.Program(blit.vertex.text, blit.fragment.text)
        quad = gloo.VertexBuffer(np.array([[-1, -1], [1, -1], [-1, 1], [1, 1]], np.float32))
        self.program["a_position"] = quad
        self._blit["a_position"] = quad
        self.program["u_iterations"] = int(fractal.iterations)
        self.program["u_palette"] = PALETTES[fractal.palette]
        self.program["u_zoom"] = float(fractal.zoom)
        self.program["u_intensity"] = float(fractal.intensity)
        self._target: gloo.FrameBuffer | None = None
        self._texture: gloo.Texture2D | None = None

    def _target_for(self, size: tuple[int, int]) -> tuple[gloo.FrameBuffer, tuple[int, int]]:
        w = max(1, int(size[0] * RESOLUTION_SCALE))
        h = max(1, int(size[1] * RESOLUTION_SCALE))
        if self._texture is None or self._texture.shape[:2] != (h, w):
            self._texture = gloo.Texture2D(shape=(h, w, 4), interpolation="linear")
            self._target = gloo.FrameBuffer(self._texture)
            self._blit["u_texture"] = self._texture
        assert self._target is not None
        return self._target, (w, h)

    def draw(self, c: tuple[float, float], size: tuple[int, int], time: float) -> None:
        """Draw the backdrop over the whole viewport of `size` (w, h)."""
        p = self.program
        p["u_c"] = c
        p["u_time"] = float(time)
        target, (w, h) = self._target_for(size)
        p["u_resolution"] = (float(w), float(h))
        gloo.set_state(depth_test=False, blend=False, cull_face=False)
        with target:
            gloo.set_viewport(0, 0, w, h)
            p.draw("triangle_strip")
        gloo.set_viewport(0, 0, size[0], size[1])
        self._blit.draw("triangle_strip")
