"""Draws frames of a scene with gloo calls; shared by the window's canvas, stills,
recordings and the frame benchmark.

It needs a current GL context and knows nothing about windows: whoever owns the context
(vispy's Qt canvas, an EGL canvas offscreen) calls `draw` with the latest Frame.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import numpy as np
from vispy import gloo

from kellan.core.simulation import N_GROUPS
from kellan.dreamscape.frame import Frame
from kellan.render.backdrops import MandelbulbBackdrop, ScreenBackdrop, ShadertoyBackdrop
from kellan.render.camera import Framing, OrbitCamera, gl
from kellan.render.density import DensityLayer, footprint
from kellan.render.flame_backdrop import FlameBackdrop
from kellan.render.fractal import FractalBackdrop, FractalPlane
from kellan.render.hdr import HdrPipeline, RenderScale
from kellan.render.moments import MomentLayer, flash
from kellan.render.particles import PaletteTexture, SpriteLayer
from kellan.render.sculpture import SculptureLayer
from kellan.render.shaders import ProgramSources, ShaderError
from kellan.render.verses import VerseOverlay
from kellan.scene.models import Fractal, Scene

log = logging.getLogger("kellan.render")
BACKGROUND = (0.0, 0.0, 0.012, 1.0)
SOFTWARE_GL = ("llvmpipe", "softpipe", "swrast", "software")
# Stages timed per frame; "antialias" (the FXAA pass) is also counted in "tonemap", so
# the four first ones add up to the frame.
STAGES = ("backdrop", "sculptures", "particles", "tonemap", "antialias")


Backdrop = FractalBackdrop | ScreenBackdrop


def make_backdrop(fractal: Fractal, hues: list[float], seed: int) -> Backdrop:
    """The backdrop that draws a fractal of this kind."""
    if fractal.kind == "mandelbulb":
        return MandelbulbBackdrop(fractal, hues)
    if fractal.kind == "shadertoy":
        return ShadertoyBackdrop(fractal)
    if fractal.kind == "flame":
        return FlameBackdrop(fractal, seed)
    return FractalBackdrop(fractal, hues)


def _values(frame: Frame, k: int) -> dict[str, float]:
    """The bindings' values of the scene's k-th fractal in this frame."""
    return frame.fractal_params[k] if k < len(frame.fractal_params) else {}


def _faded(frame: Frame, k: int) -> dict[str, float]:
    """The values to light the k-th fractal with: its intensity (bound or not) times how
    much of it shows in its `during` window's fades. Only the light fades; the set itself
    is not recomputed for it."""
    fractal = frame.scene.fractals[k]
    values = dict(_values(frame, k))
    values["intensity"] = values.get("intensity", fractal.intensity) * fractal.presence(frame.time)
    return values


def camera_for(scene: Scene) -> OrbitCamera:
    c = scene.camera
    return OrbitCamera(c.distance, c.azimuth, c.elevation, c.fov, c.target)


def particle_mode(choice: str, gl_renderer: str) -> str:
    """ "sprites" or "density": `auto` picks density on software GL, sprites on a GPU."""
    if choice in ("sprites", "density"):
        return choice
    name = gl_renderer.lower()
    return "density" if any(s in name for s in SOFTWARE_GL) else "sprites"


def antialias_mode(choice: str, gl_renderer: str, live: bool = False) -> str:
    """ "fxaa" or "off". The frame is drawn into float targets, which gloo cannot
    multisample, so FXAA on the finished picture is the anti-aliasing there is. `auto`
    uses it for stills and recordings everywhere, and live on a GPU (a fraction of a ms);
    the live view on software GL goes without it: there the pass cost 20 ms of a 50 ms
    frame at 1280x720 (kellan bench frame --antialias fxaa,off), and that view is
    usually drawn at a reduced scale and stretched anyway."""
    if choice in ("fxaa", "off"):
        return choice
    software = any(s in gl_renderer.lower() for s in SOFTWARE_GL)
    return "off" if live and software else "fxaa"


def _on_screen(scene: Scene, mvp: np.ndarray) -> list[tuple[float, float]]:
    """Where the sculptures stand in clip space (those in front of the camera): the
    verse keeps away from them."""
    out = []
    for s in scene.sculptures:
        clip = mvp @ np.array([*s.position, 1.0])
        if clip[3] > 1e-6:
            out.append((float(clip[0] / clip[3]), float(clip[1] / clip[3])))
    return out


class SceneRenderer:
    """Backdrop, sculptures and particles through the HDR pipeline."""

    def __init__(self, scene: Scene, camera: OrbitCamera | None = None,
                 particles: str | None = None) -> None:  # fmt: skip
        self.scene = scene
        self.camera = camera or camera_for(scene)
        gl_name = str(gloo.gl.glGetParameter(gloo.gl.GL_RENDERER))
        self.gl_renderer = gl_name
        self.mode = particle_mode(particles or scene.render.particles, gl_name)
        self.hdr = HdrPipeline()
        self.palette = PaletteTexture(N_GROUPS)
        hues = [p.hue for p in scene.participants]
        # Backdrops in scene order (the first one shown at a frame's time is drawn) and
        # planes, each with its index in the scene's [[fractals]]. One that cannot draw
        # (a shader that does not compile, a broken genome) is left off and says why in
        # `warnings`: the show goes on without it.
        self.warnings: list[str] = []
        self.backdrops: list[tuple[int, Backdrop]] = []
        self.planes: list[tuple[int, FractalPlane]] = []
        for k, f in enumerate(scene.fractals):
            if f.placement == "plane":
                self.planes.append((k, FractalPlane(f, hues)))
                continue
            backdrop = make_backdrop(f, hues, scene.seed)
            if backdrop.error is not None:
                self.warnings.append(backdrop.error)
                log.warning("%s", backdrop.error)
            else:
                self.backdrops.append((k, backdrop))
        self.sculptures = [SculptureLayer(s) for s in scene.sculptures]
        n = scene.dynamics.particles
        self.sprites = SpriteLayer(n, self.palette) if self.mode == "sprites" else None
        self.density = DensityLayer() if self.mode == "density" else None
        self.timings: dict[str, float] = {}
        self.framing = Framing()
        self.moments = MomentLayer()
        self.verses = VerseOverlay()
        self.view_camera = self.camera
        # The live view's resolution scale: 1 unless the frame rate asks for less (stills
        # and recordings always render at full size).
        self.scale = RenderScale(scene.render.scale, self.mode == "density")
        # Called between stages when timing them (the frame benchmark): it must wait
        # until the GL has finished, or every stage looks free but the last.
        self.sync: Callable[[], None] | None = None

    def _shown_backdrop(self, frame: Frame) -> tuple[int, Backdrop] | None:
        """The backdrop drawn at this frame: the first one the scene shows now."""
        fractals = frame.scene.fractals
        for k, backdrop in self.backdrops:
            if k < len(fractals) and fractals[k].kind == backdrop.fractal.kind and \
                    fractals[k].shown_at(frame.time):  # fmt: skip
                backdrop.fractal = fractals[k]  # live edits (zoom, intensity) apply
                return k, backdrop
        return None

    def sources(self) -> list[ProgramSources]:
        out = list(self.hdr.sources)
        out += [b.sources for _, b in self.backdrops if b.sources is not None]
        out += [p.sources for _, p in self.planes]
        out += [src for s in self.sculptures for src in s.all_sources()]
        out.append(self.moments.sources)
        out.append(self.verses.sources)
        if self.sprites is not None:
            out += [self.sprites.sources, self.sprites.streak_sources]
        return out

    def check(self) -> None:
        """Compile every program now; ShaderError with file:line when one fails."""
        details = [d for d in (src.diagnose() for src in self.sources()) if d]
        if details:
            raise ShaderError("\n".join(details))

    def draw(self, frame: Frame, size: tuple[int, int], still: bool = False,
             target: gloo.FrameBuffer | None = None) -> None:  # fmt: skip
        """Draw `frame` at `size` (w, h) into `target` (default: the bound framebuffer).

        `still`: the exposure comes from this frame alone and the backdrop is computed in
        full, so the image depends on nothing but the frame (stills, recordings)."""
        try:
            self._draw(frame, size, still, target)
        except RuntimeError as exc:
            # vispy compiles lazily and its message loses which file a line is in:
            # recompile each program directly to report real file:line positions.
            details = [d for d in (src.diagnose() for src in self.sources()) if d]
            raise ShaderError("\n".join(details) or str(exc)) from None

    def _mark(self, stage: str, since: float) -> float:
        if self.sync is not None:
            self.sync()
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + (now - since) * 1000.0
        return now

    def _draw(self, frame: Frame, out_size: tuple[int, int], still: bool,
              target: gloo.FrameBuffer | None) -> None:  # fmt: skip
        scale = 1.0 if still else self.scale.value
        size = (max(16, round(out_size[0] * scale)), max(16, round(out_size[1] * scale)))
        w, h = size
        scene = frame.scene
        d = scene.dynamics
        cam = self.framing.view(self.camera, scene.camera, (d.world_radius, d.stage),
                                frame.centroids[-1], w / max(h, 1), frame.time, still)  # fmt: skip
        self.view_camera = cam
        view_m, proj_m = cam.view(), cam.projection(w / max(h, 1))
        view, proj = gl(view_m), gl(proj_m)
        t0 = time.perf_counter()
        shown = self._shown_backdrop(frame)
        if shown is not None:
            k, backdrop = shown
            values = _values(frame, k)
            if isinstance(backdrop, FractalBackdrop):
                backdrop.prepare(frame.julia_c, size, frame.time, full=still, values=values)
            else:
                backdrop.prepare(frame, size, still, values)
        t0 = self._mark("backdrop", t0)

        radius, gain = footprint(scene.render.point_size, proj_m[1, 1], h, cam.distance,
                                 frame.n / float(w * h))  # fmt: skip
        image = None
        if self.density is not None:
            mvp = (proj_m @ view_m).astype(np.float32)
            image = self.density.update(frame, mvp, size, radius, gain, scene.render.streaks)
        t0 = self._mark("particles", t0)
        hdr = self.hdr.begin(size, image)
        with hdr:
            gloo.set_viewport(0, 0, w, h)
            eye = cam.eye()
            # Every sculpture's depth first, then their light: each hides what stands
            # behind it, whichever comes first in the scene.
            for k, layer in enumerate(self.sculptures):
                live = scene.sculptures[k] if k < len(scene.sculptures) else None
                state = frame.sculptures[k] if k < len(frame.sculptures) else None
                layer.prepare(view, proj, eye, frame.time, live, state)
                layer.draw_depth()
            for layer in self.sculptures:
                layer.draw_light()
            self.moments.draw(frame, view, proj)
            t0 = self._mark("sculptures", t0)
            if self.sprites is not None:
                self.palette.set(frame.palette)
                self.sprites.update(frame)
                self.sprites.draw(view, proj, h, scene.render.point_size, scene.render.streaks)
        t0 = self._mark("particles", t0)

        r = scene.render
        small = self.hdr.reduce()
        exposure = self.hdr.update_exposure(small, r.exposure, r.auto_exposure,
                                            None if still else frame.time)  # fmt: skip
        if r.bloom > 0:
            self.hdr.bloom(exposure, r.brightness, r.gamma, r.bloom)
        if self.planes:
            with self.hdr.hdr:
                gloo.set_viewport(0, 0, w, h)
                for k, plane in self.planes:
                    if k < len(scene.fractals) and scene.fractals[k].shown_at(frame.time):
                        plane.fractal = scene.fractals[k]
                        plane.draw(view, proj, frame.julia_c, frame.time, exposure,
                                   _faded(frame, k))  # fmt: skip
        if shown is not None:
            k, backdrop = shown
            backdrop.uniforms(self.hdr.underlay, size, frame.time, cam.azimuth,
                              _faded(frame, k))  # fmt: skip
        else:
            u = self.hdr.underlay
            u["u_backdrop"] = self.hdr.black
            u["u_backdrop_on"] = 0.0
            u["u_backdrop_square"] = 1.0
            u["u_backdrop_turn"] = np.eye(2, dtype=np.float32)
            u["u_backdrop_scale"] = 1.0
            u["u_backdrop_extent"] = 1.0
            u["u_backdrop_intensity"] = 0.0
        self.hdr.draw_underlay(bloom=r.bloom > 0)
        c = self.hdr.set_composite(exposure, r.brightness * flash(frame), r.gamma, r.vibrancy)
        gloo.set_state(blend=False, depth_test=False, cull_face=False)
        antialias = antialias_mode(r.antialias, self.gl_renderer, live=not still) == "fxaa"
        if antialias:
            with self.hdr.antialias_target(size):
                gloo.set_viewport(0, 0, w, h)
                c.draw("triangle_strip")
            t0 = self._mark("tonemap", t0)
            c = self.hdr.fxaa
        if size != out_size:
            # Drawn smaller to hold the frame rate: composite, then stretch to the output.
            with self.hdr.frame_target(size):
                gloo.set_viewport(0, 0, w, h)
                c.draw("triangle_strip")
            c = self.hdr.stretch
        ow, oh = out_size
        # The verse goes on last, at the output's own size, so it stays sharp.
        anchors = _on_screen(scene, proj_m @ view_m)
        if target is not None:
            with target:
                gloo.set_viewport(0, 0, ow, oh)
                c.draw("triangle_strip")
                self.verses.draw(frame, out_size, anchors)
        else:
            gloo.set_viewport(0, 0, ow, oh)
            c.draw("triangle_strip")
            self.verses.draw(frame, out_size, anchors)
        if antialias:
            end = self._mark("antialias", t0)
            self.timings["tonemap"] += (end - t0) * 1000.0
        else:
            self._mark("tonemap", t0)
