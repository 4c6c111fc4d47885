"""The dreamscape particles as additive glowing point sprites.

Positions live in three preallocated float vertex buffers, one per axis, matching the
core's structure-of-arrays layout: a frame uploads the core's rows as they are, with no
interleaving copy and no buffer reallocation (unlike vispy's Markers.set_data).
"""

from __future__ import annotations

import numpy as np
from vispy import gloo

from kellan.render.shaders import ProgramSources, program_sources

PALETTE_SIZE = 64  # the scene format allows at most 64 participants


class ParticleLayer:
    def __init__(self, owner: np.ndarray, seed: int) -> None:
        self.sources: ProgramSources = program_sources("particles.vert", "particles.frag")
        self.program = gloo.Program(self.sources.vertex.text, self.sources.fragment.text)
        n = owner.shape[0]
        self._buffers = [gloo.VertexBuffer(np.zeros(n, np.float32)) for _ in range(3)]
        for name, buf in zip(("a_x", "a_y", "a_z"), self._buffers, strict=True):
            self.program[name] = buf
        self.program["a_owner"] = gloo.VertexBuffer(owner.astype(np.float32))
        # A fixed per-particle random number for size/brightness variety, from the scene
        # seed so that screenshots are reproducible.
        rng = np.random.Generator(np.random.PCG64(seed ^ 0x5EED))
        self.program["a_seed"] = gloo.VertexBuffer(
            rng.uniform(0.0, 997.0, n).astype(np.float32)
        )
        self._palette = gloo.Texture2D(
            np.zeros((1, PALETTE_SIZE, 4), np.float32),
            interpolation="nearest",
            internalformat="rgba32f",
        )
        self.program["u_palette"] = self._palette
        self.program["u_palette_size"] = float(PALETTE_SIZE)
        self.program["u_point_size"] = 2.6
        self.program["u_intensity"] = 0.3

    def update(self, pos: np.ndarray, colours: np.ndarray) -> None:
        """Upload positions (3, N) float32 and participant colours (P, 4)."""
        for row, buf in zip(pos, self._buffers, strict=True):
            buf.set_data(row)
        pal = np.zeros((1, PALETTE_SIZE, 4), np.float32)
        pal[0, : len(colours)] = colours
        self._palette.set_data(pal)

    def draw(self, view: np.ndarray, projection: np.ndarray, viewport_height: int) -> None:
        self.program["u_view"] = view
        self.program["u_projection"] = projection
        self.program["u_viewport_height"] = float(viewport_height)
        gloo.set_state(
            depth_test=False, blend=True, blend_func=("src_alpha", "one"), cull_face=False
        )
        self.program.draw("points")
