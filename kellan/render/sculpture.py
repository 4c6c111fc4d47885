"""A holographic sculpture: a procedural mesh with a fresnel-rim hologram material,
added into the float target after a depth pre-pass."""

from __future__ import annotations

import colorsys

import numpy as np
from vispy import gloo

from kellan.dreamscape.frame import SculptureView
from kellan.render.camera import gl
from kellan.render.shaders import program_sources
from kellan.scene.models import Sculpture
from kellan.sculpture.build import sculpture_mesh
from kellan.sculpture.transform import model_matrix


class SculptureLayer:
    def __init__(self, sculpture: Sculpture) -> None:
        self.sculpture = sculpture
        verts, normals, faces = sculpture_mesh(sculpture.shape, sculpture.params, sculpture.mesh,
                                               sculpture.normalize)  # fmt: skip
        self.sources = program_sources("hologram.vert", "hologram.frag")
        self.program = gloo.Program(self.sources.vertex.text, self.sources.fragment.text)
        positions = gloo.VertexBuffer(verts)
        self.program["a_position"] = positions
        self.program["a_normal"] = gloo.VertexBuffer(normals)
        # The depth pre-pass runs the same vertices through a shader that shades nothing.
        depth = program_sources("hologram.vert", "depth.frag")
        self.depth_sources = depth
        self.depth = gloo.Program(depth.vertex.text, depth.fragment.text)
        self.depth["a_position"] = positions
        self._faces = gloo.IndexBuffer(faces)
        # In the float target the particles around it add up to many times 1.0: the
        # hologram emits on the same scale, or the tone map would dim it to nothing.
        self.program["u_opacity"] = 3.0
        self.program["u_glitch"] = 1.0

    def model_matrix(self, time: float, state: SculptureView | None = None) -> np.ndarray:
        """Where it stands: from the show's state when given (its spin follows the mood),
        else turning at its own rate."""
        if state is not None:
            return state.model
        s = self.sculpture
        return model_matrix(s.position, s.rotation, s.scale, s.spin * time)

    def draw(self, view: np.ndarray, projection: np.ndarray, eye: np.ndarray, time: float,
             sculpture: Sculpture | None = None, state: SculptureView | None = None,
             ) -> None:  # fmt: skip
        """Draw at show time `time`; `sculpture` carries live changes to its look,
        `state` the show's view of it this step."""
        if sculpture is not None:
            self.sculpture = sculpture
        s = self.sculpture
        p = self.program
        d = self.depth
        p["u_color"] = colorsys.hsv_to_rgb(s.hue / 360.0, 0.65, 1.0)
        p["u_rim_power"] = s.rim_power
        p["u_eye"] = tuple(float(v) for v in eye)
        model = gl(self.model_matrix(time, state))
        for prog in (p, d):
            prog["u_model"] = model
            prog["u_view"] = view
            prog["u_projection"] = projection
            prog["u_time"] = float(time)
            prog["u_glitch"] = 1.0
        # Depth pre-pass: lay down the nearest surface only, so the additive pass below
        # shows the front shell and not the back faces through it.
        gloo.set_state(depth_test=True, blend=False, cull_face=False, depth_func="less")
        gloo.set_color_mask(False, False, False, False)
        d.draw("triangles", self._faces)
        gloo.set_color_mask(True, True, True, True)
        gloo.set_state(depth_test=True, depth_func="lequal", blend=True, blend_func=("one", "one"))
        gloo.set_depth_mask(False)
        p.draw("triangles", self._faces)
        gloo.set_depth_mask(True)
