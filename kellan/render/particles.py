"""The dreamscape particles as additive glowing point sprites.

Positions live in three preallocated float vertex buffers, one per axis, matching the
core's structure-of-arrays layout: a frame uploads the core's rows as they are, with no
interleaving copy and no buffer reallocation (unlike vispy's Markers.set_data). Colours
are per particle, gathered from the owners' palette each frame.
"""

from __future__ import annotations

import numpy as np
from vispy import gloo

from kellan.render.shaders import ProgramSources, program_sources


class ParticleLayer:
    def __init__(self, n: int, seed: int) -> None:
        self.sources: ProgramSources = program_sources("particles.vert", "particles.frag")
        self.program = gloo.Program(self.sources.vertex.text, self.sources.fragment.text)
        self._buffers = [gloo.VertexBuffer(np.zeros(n, np.float32)) for _ in range(3)]
        for name, buf in zip(("a_x", "a_y", "a_z"), self._buffers, strict=True):
            self.program[name] = buf
        # A fixed per-particle variation of brightness and size, from the scene seed so
        # that screenshots are reproducible.
        rng = np.random.Generator(np.random.PCG64(seed ^ 0x5EED))
        self._jitter = rng.uniform(0.6, 1.4, n).astype(np.float32)
        self._colour_buffer = gloo.VertexBuffer(np.zeros((n, 4), np.float32))
        self.program["a_color"] = self._colour_buffer
        self.program["u_point_size"] = 1.5
        self.program["u_intensity"] = 0.7

    def update(
        self, pos: np.ndarray, owner: np.ndarray, pid: np.ndarray, palette: np.ndarray
    ) -> None:
        """Upload positions (3, N) float32 and per-particle colours from the owners'
        palette (slots, 4), whose alpha is the sprite size scale. The core keeps its state
        sorted by grid cell, so the order changes every step and colours follow it;
        `pid` keeps each particle's own variation with it."""
        for row, buf in zip(pos, self._buffers, strict=True):
            buf.set_data(row)
        jitter = self._jitter[pid]
        colour = palette[owner]
        colour[:, :3] *= (0.55 + 0.45 * (jitter - 0.6) / 0.8)[:, None]
        colour[:, 3] *= jitter
        self._colour_buffer.set_data(colour)

    def draw(self, view: np.ndarray, projection: np.ndarray, viewport_height: int) -> None:
        self.program["u_view"] = view
        self.program["u_projection"] = projection
        self.program["u_viewport_height"] = float(viewport_height)
        gloo.set_state(
            depth_test=False, blend=True, blend_func=("src_alpha", "one"), cull_face=False
        )
        self.program.draw("points")
