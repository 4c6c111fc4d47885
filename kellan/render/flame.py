"""A fractal flame drawn full-screen from its histogram, tone-mapped on the GPU.

The chaos game runs on the CPU (kellan.flame.progressive.ProgressiveFlame); each frame
its histogram goes up as a float texture and shaders/flame.frag applies flam3's log-density
tone map, with the constants the CPU computes. No Qt here: the same layer draws in the
GUI's canvas and offscreen through EGL.
"""

from __future__ import annotations

import numpy as np
from vispy import gloo

from kellan.flame.tonemap import ToneConstants
from kellan.render.shaders import program_sources


class FlameLayer:
    """Owns the histogram texture and the tone-map program."""

    def __init__(self) -> None:
        self.sources = program_sources("fullscreen.vert", "flame.frag")
        self.program = gloo.Program(self.sources.vertex.text, self.sources.fragment.text)
        self.program["a_position"] = gloo.VertexBuffer(
            np.array([[-1, -1], [1, -1], [-1, 1], [1, 1]], np.float32)
        )
        self._texture: gloo.Texture2D | None = None

    def update(self, histogram: np.ndarray, constants: ToneConstants) -> None:
        """Upload a (height, width, 4) histogram and the tone map's constants."""
        data = np.ascontiguousarray(histogram, dtype=np.float32)
        if self._texture is None or self._texture.shape[:2] != data.shape[:2]:
            # Nearest, not linear: the log tone map makes even a sliver of a bright
            # neighbour visible, so texels must not bleed. Size the ProgressiveFlame to
            # the viewport for a sharp picture.
            self._texture = gloo.Texture2D(data, internalformat="rgba32f",
                                           interpolation="nearest")  # fmt: skip
            self.program["u_hist"] = self._texture
        else:
            self._texture.set_data(data)
        p = self.program
        p["u_k1"] = float(constants.k1)
        p["u_k2"] = float(constants.k2)
        p["u_inv_gamma"] = 1.0 / float(constants.gamma)
        p["u_linrange"] = float(constants.gamma_threshold)
        p["u_vibrancy"] = float(constants.vibrancy)
        p["u_highpow"] = float(constants.highlight_power)
        p["u_background"] = tuple(float(v) for v in constants.background)

    def draw(self, size: tuple[int, int], additive: bool = False) -> None:
        """Draw over the whole viewport of `size` (w, h); additive to lay it over others."""
        if self._texture is None:
            return
        if additive:
            gloo.set_state(depth_test=False, blend=True, blend_func=("one", "one"),
                           cull_face=False)  # fmt: skip
        else:
            gloo.set_state(depth_test=False, blend=False, cull_face=False)
        gloo.set_viewport(0, 0, size[0], size[1])
        self.program.draw("triangle_strip")
