"""The dreamscape particles as additive glowing point sprites, into the float target.

Positions, owners and ids live in preallocated float vertex buffers, one per row of the
core's structure-of-arrays state: a frame uploads the rows as they are, with no
interleaving copy and no reallocation (unlike vispy's Markers.set_data). Colour is
looked up on the GPU: the owners' palette is a small texture, and each particle's
brightness and size variation is a hash of its id (shaders/lib/jitter.glsl), so nothing
per particle is gathered on the CPU. Nothing is uploaded when the step has not changed.
"""

from __future__ import annotations

import numpy as np
from vispy import gloo

from kellan.dreamscape.frame import Frame
from kellan.render.density import SPRITE_INTENSITY
from kellan.render.shaders import ProgramSources, program_sources


class PaletteTexture:
    """The owners' palette (slots x 1, RGBA float), shared by both particle renderers."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self.texture = gloo.Texture2D(
            shape=(1, slots, 4), format="rgba", internalformat="rgba32f", interpolation="nearest"
        )

    def set(self, palette: np.ndarray) -> None:
        self.texture.set_data(np.ascontiguousarray(palette[None, :, :], dtype=np.float32))


class SpriteLayer:
    def __init__(self, n: int, palette: PaletteTexture) -> None:
        self.sources: ProgramSources = program_sources("particles.vert", "particles.frag")
        self.program = gloo.Program(self.sources.vertex.text, self.sources.fragment.text)
        self.n = n
        self._buffers = {
            name: gloo.VertexBuffer(np.zeros(n, np.float32))
            for name in ("a_x", "a_y", "a_z", "a_owner", "a_pid")
        }
        for name, buf in self._buffers.items():
            self.program[name] = buf
        self.program["u_palette"] = palette.texture
        self.program["u_slots"] = float(palette.slots)
        self.program["u_intensity"] = SPRITE_INTENSITY
        self._uploaded_step = -1
        self.uploads = 0
        # Streaks: every particle twice (head and tail) as a line.
        self.streak_sources = program_sources("streak.vert", "streak.frag")
        self.streak = gloo.Program(self.streak_sources.vertex.text,
                                   self.streak_sources.fragment.text)  # fmt: skip
        self._lines = {
            name: gloo.VertexBuffer(np.zeros(2 * n, np.float32))
            for name in ("a_x", "a_y", "a_z", "a_vx", "a_vy", "a_vz", "a_owner", "a_pid")
        }
        for name, buf in self._lines.items():
            self.streak[name] = buf
        self.streak["a_end"] = gloo.VertexBuffer(np.tile(np.array([0.0, 1.0], np.float32), n))
        self.streak["u_palette"] = palette.texture
        self.streak["u_slots"] = float(palette.slots)
        self.streak["u_intensity"] = SPRITE_INTENSITY

    def update(self, frame: Frame) -> None:
        """Upload the frame's particles, unless this step is already on the GPU."""
        if frame.step == self._uploaded_step:
            return
        for row, name in zip(frame.pos, ("a_x", "a_y", "a_z"), strict=True):
            self._buffers[name].set_data(row)
        # Owner (< 65) and id (< 2^24) are exact as float32.
        owner = frame.owner.astype(np.float32)
        pid = frame.pid.astype(np.float32)
        self._buffers["a_owner"].set_data(owner)
        self._buffers["a_pid"].set_data(pid)
        rows = (*frame.pos, *frame.vel, owner, pid)
        names = ("a_x", "a_y", "a_z", "a_vx", "a_vy", "a_vz", "a_owner", "a_pid")
        for row, name in zip(rows, names, strict=True):
            self._lines[name].set_data(np.repeat(np.asarray(row, np.float32), 2))
        self._uploaded_step = frame.step
        self.uploads += 1

    def draw(self, view: np.ndarray, projection: np.ndarray, viewport_height: int,
             point_size: float, streak: float = 0.0) -> None:  # fmt: skip
        if streak > 0:
            s = self.streak
            s["u_view"] = view
            s["u_projection"] = projection
            s["u_streak"] = float(streak)
            gloo.set_state(depth_test=False, blend=True, blend_func=("one", "one"),
                           cull_face=False)  # fmt: skip
            s.draw("lines")
        p = self.program
        p["u_view"] = view
        p["u_projection"] = projection
        p["u_viewport_height"] = float(viewport_height)
        p["u_point_size"] = float(point_size)
        gloo.set_state(depth_test=False, blend=True, blend_func=("one", "one"), cull_face=False)
        p.draw("points")
