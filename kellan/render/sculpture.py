"""A holographic sculpture: a procedural or loaded mesh with the hologram material
(kellan.render.hologram, shaders/hologram.*), added into the HDR float target.

Its passes, in order: a depth pre-pass (the nearest surface only, no colour), then the
additive ones, each depth-tested against it so the back faces never muddy the front:
the emission, the halo (the back of an inflated shell: a soft ring around the
silhouette, which the bloom widens) and, when asked for, the wireframe (the mesh's
edges as lines). The renderer runs every sculpture's pre-pass before any light, so
sculptures hide each other whatever their order in the scene.
"""

from __future__ import annotations

import numpy as np
from vispy import gloo

from kellan.dreamscape.frame import SculptureView
from kellan.render.camera import gl
from kellan.render.hologram import HologramUniforms, hologram_uniforms
from kellan.render.shaders import ProgramSources, program_sources
from kellan.render.wireframe import unique_edges
from kellan.scene.models import Sculpture
from kellan.sculpture.build import sculpture_mesh
from kellan.sculpture.transform import model_matrix


def _program(vertex: str, fragment: str) -> tuple[gloo.Program, ProgramSources]:
    src = program_sources(vertex, fragment)
    return gloo.Program(src.vertex.text, src.fragment.text), src


class SculptureLayer:
    def __init__(self, sculpture: Sculpture) -> None:
        self.sculpture = sculpture
        mesh = sculpture_mesh(sculpture.shape, sculpture.params, sculpture.mesh,
                              sculpture.normalize)  # fmt: skip
        self.mesh = mesh
        self.program, self.sources = _program("hologram.vert", "hologram.frag")
        self.depth, self.depth_sources = _program("hologram.vert", "depth.frag")
        self.halo, self.halo_sources = _program("hologram.vert", "halo.frag")
        self.wire, self.wire_sources = _program("hologram.vert", "wire.frag")
        positions = gloo.VertexBuffer(mesh.vertices)
        normals = gloo.VertexBuffer(mesh.normals)
        self._blank = np.zeros((len(mesh.vertices), 4), np.float32)
        self._traces = gloo.VertexBuffer(self._blank)
        self._traces_shown: np.ndarray | None = None
        for prog in self.programs():
            prog["a_position"] = positions
            prog["a_normal"] = normals
            prog["a_trace"] = self._traces
        self._faces = gloo.IndexBuffer(mesh.faces)
        self._edges: gloo.IndexBuffer | None = None  # built the first time it is shown
        self.uniforms = HologramUniforms()

    def programs(self) -> tuple[gloo.Program, ...]:
        return (self.program, self.depth, self.halo, self.wire)

    def all_sources(self) -> list[ProgramSources]:
        return [self.sources, self.depth_sources, self.halo_sources, self.wire_sources]

    def model_matrix(self, time: float, state: SculptureView | None = None) -> np.ndarray:
        """Where it stands: from the show's state when given (its spin follows the mood),
        else turning at its own rate."""
        if state is not None:
            return state.model
        s = self.sculpture
        return model_matrix(s.position, s.rotation, s.scale, s.spin * time)

    def prepare(self, view: np.ndarray, projection: np.ndarray, eye: np.ndarray, time: float,
                sculpture: Sculpture | None = None, state: SculptureView | None = None,
                ) -> None:  # fmt: skip
        """Set this frame's uniforms (show time `time`); `sculpture` carries live changes
        to its look, `state` the show's view of it this step."""
        if sculpture is not None:
            self.sculpture = sculpture
        model = self.model_matrix(time, state)
        u = hologram_uniforms(self.sculpture, state, time, model)
        self.uniforms = u
        self._show_traces(state.traces if state is not None else None)
        model_gl = gl(model)
        eye_t = tuple(float(v) for v in eye)
        for prog in self.programs():
            prog["u_model"] = model_gl
            prog["u_view"] = view
            prog["u_projection"] = projection
            prog["u_inflate"] = 0.0
            for name, value in u.shared.items():
                prog[name] = value
        for name, value in u.light.items():
            self.program[name] = value
        self.program["u_eye"] = eye_t
        self.halo["u_eye"] = eye_t
        self.halo["u_inflate"] = u.halo_inflate
        self.halo["u_halo_color"] = u.halo_color
        self.wire["u_wire_color"] = u.wire_color

    def _show_traces(self, traces: np.ndarray | None) -> None:
        """Upload the traces' patina when it changed (zeros when there is none)."""
        if traces is not None and traces.shape != self._blank.shape:
            traces = None  # not this mesh's (a shape changed under a running show)
        if traces is self._traces_shown:
            return
        self._traces.set_data(self._blank if traces is None else
                              np.ascontiguousarray(traces, np.float32))  # fmt: skip
        self._traces_shown = traces

    def draw_depth(self) -> None:
        """The pre-pass: the nearest surface's depth, no colour. With a wireframe it
        lies a little deeper (polygon offset) so the edges on the front pass the test."""
        wire = self.sculpture.material.wireframe > 0.0
        gloo.set_state(depth_test=True, blend=False, cull_face=False, depth_func="less",
                       polygon_offset_fill=wire)  # fmt: skip
        if wire:
            gloo.set_polygon_offset(1.0, 2.0)
        gloo.set_color_mask(False, False, False, False)
        self.depth.draw("triangles", self._faces)
        gloo.set_color_mask(True, True, True, True)
        gloo.set_state(polygon_offset_fill=False)

    def draw_light(self) -> None:
        """The additive passes over the pre-pass: emission, halo, wireframe."""
        m = self.sculpture.material
        gloo.set_state(depth_test=True, depth_func="lequal", blend=True,
                       blend_func=("one", "one"), cull_face=False)  # fmt: skip
        gloo.set_depth_mask(False)
        self.program.draw("triangles", self._faces)
        if m.halo > 0.0:
            # The shell's back faces only: its front would veil the sculpture itself.
            gloo.set_state(cull_face=True)
            gloo.set_cull_face("front")
            self.halo.draw("triangles", self._faces)
            gloo.set_state(cull_face=False)
        if m.wireframe > 0.0:
            if self._edges is None:
                self._edges = gloo.IndexBuffer(unique_edges(self.mesh.faces, self.mesh.vertices))
            self.wire.draw("lines", self._edges)
        gloo.set_depth_mask(True)

    def draw(self, view: np.ndarray, projection: np.ndarray, eye: np.ndarray, time: float,
             sculpture: Sculpture | None = None, state: SculptureView | None = None,
             ) -> None:  # fmt: skip
        """Everything at once, for a sculpture drawn on its own: see `prepare`."""
        self.prepare(view, projection, eye, time, sculpture, state)
        self.draw_depth()
        self.draw_light()
