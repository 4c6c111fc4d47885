"""Draws one Dreamscape with gloo calls; shared by the GUI canvas and offscreen stills.

It needs a current GL context and knows nothing about windows: whoever owns the context
(vispy app Canvas in the GUI, an EGL canvas offscreen) calls `draw`.
"""

from __future__ import annotations

from vispy import gloo

from kellan.dreamscape import Dreamscape
from kellan.render.camera import OrbitCamera, gl
from kellan.render.fractal import FractalBackdrop
from kellan.render.particles import ParticleLayer
from kellan.render.sculpture import SculptureLayer
from kellan.render.shaders import ProgramSources, ShaderError

BACKGROUND = (0.0, 0.0, 0.012, 1.0)


def camera_for(dreamscape: Dreamscape) -> OrbitCamera:
    c = dreamscape.scene.camera
    return OrbitCamera(c.distance, c.azimuth, c.elevation, c.fov, c.target)


class SceneRenderer:
    """Backdrop, then sculptures, then particles, each with its own blend state."""

    def __init__(self, dreamscape: Dreamscape, camera: OrbitCamera | None = None) -> None:
        self.dreamscape = dreamscape
        self.camera = camera or camera_for(dreamscape)
        scene = dreamscape.scene
        sim = dreamscape.simulation
        self.backdrops = [FractalBackdrop(f) for f in scene.fractals]
        self.sculptures = [SculptureLayer(s) for s in scene.sculptures]
        self.particles = ParticleLayer(sim.config.n_particles, scene.seed)

    def _sources(self) -> list[ProgramSources]:
        layers = [*self.backdrops, *self.sculptures, self.particles]
        return [layer.sources for layer in layers]

    def draw(self, size: tuple[int, int]) -> None:
        """Draw the current state into the bound framebuffer of the given size (w, h)."""
        try:
            self._draw(size)
        except RuntimeError as exc:
            # vispy compiles lazily and its message loses which file a line is in:
            # recompile each program directly to report real file:line positions.
            details = [d for d in (src.diagnose() for src in self._sources()) if d]
            raise ShaderError("\n".join(details) or str(exc)) from None

    def _draw(self, size: tuple[int, int]) -> None:
        w, h = size
        ds = self.dreamscape
        t = ds.time
        gloo.set_viewport(0, 0, w, h)
        gloo.set_clear_color(BACKGROUND)
        gloo.clear(color=True, depth=True)
        view = gl(self.camera.view())
        proj = gl(self.camera.projection(w / max(h, 1)))
        c = ds.julia_c()
        for backdrop in self.backdrops:
            backdrop.draw(c, (w, h), t)
        gloo.clear(color=False, depth=True)
        eye = self.camera.eye()
        for sculpture in self.sculptures:
            sculpture.draw(view, proj, eye, t)
        state = ds.simulation.state
        self.particles.update(state.pos, state.owner, state.pid, ds.colours())
        self.particles.draw(view, proj, h)
