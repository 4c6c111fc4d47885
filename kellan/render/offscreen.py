"""Render stills without a window: vispy's EGL backend (surfaceless) or any GL app."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from vispy import app, gloo

from kellan.dreamscape import Dreamscape
from kellan.dreamscape.frame import Frame
from kellan.render.renderer import SceneRenderer
from kellan.scene.models import Scene


@dataclass(frozen=True)
class GLInfo:
    renderer: str
    version: str
    backend: str


_canvas: app.Canvas | None = None


def _offscreen_canvas() -> app.Canvas:
    """One hidden canvas per process: EGL first, since it needs neither X nor Qt."""
    global _canvas
    if _canvas is None:
        os.environ.setdefault("EGL_PLATFORM", "surfaceless")
        # An Application of our own rather than vispy's global default, so that a GUI in
        # the same process keeps its Qt backend.
        try:
            application = app.Application("egl")
        except Exception:  # no libEGL: fall back to whatever GL app vispy finds
            application = app.use_app()
        _canvas = app.Canvas(show=False, size=(16, 16), app=application)
    return _canvas


def timing_target(size: tuple[int, int]) -> tuple[gloo.FrameBuffer, Callable[[], None]]:
    """For benchmarks: an offscreen RGBA8 target of `size` on the hidden canvas (made
    current), and a sync that returns only when the GL has finished, so a stage's clock
    stops after its work, not after its commands were queued."""
    canvas = _offscreen_canvas()
    canvas.set_current()
    w, h = size
    fbo = gloo.FrameBuffer(gloo.Texture2D(shape=(h, w, 4), internalformat="rgba8"),
                           gloo.RenderBuffer((h, w)))  # fmt: skip

    def sync() -> None:
        canvas.context.flush_commands()
        gloo.gl.glFinish()

    return fbo, sync


def gl_info() -> GLInfo:
    canvas = _offscreen_canvas()
    canvas.set_current()
    return GLInfo(
        renderer=str(gloo.gl.glGetParameter(gloo.gl.GL_RENDERER)),
        version=str(gloo.gl.glGetParameter(gloo.gl.GL_VERSION)),
        backend=canvas.app.backend_name,
    )


def render_dreamscape(dreamscape: Dreamscape, size: tuple[int, int],
                      particles: str | None = None) -> np.ndarray:  # fmt: skip
    """Draw the dreamscape as it is now into an RGBA uint8 array (h, w, 4)."""
    return render_frame(dreamscape.snapshot(), size, particles)


def render_frame(frame: Frame, size: tuple[int, int], particles: str | None = None,
                 renderer: SceneRenderer | None = None) -> np.ndarray:  # fmt: skip
    """Draw one frame as a still: its exposure from itself alone, reproducibly."""
    canvas = _offscreen_canvas()
    canvas.set_current()
    w, h = size
    fbo = gloo.FrameBuffer(
        gloo.Texture2D(shape=(h, w, 4), internalformat="rgba8"), gloo.RenderBuffer((h, w))
    )
    renderer = renderer or SceneRenderer(frame.scene, particles=particles)
    renderer.draw(frame, (w, h), still=True, target=fbo)
    with fbo:
        image = np.array(fbo.read(alpha=True))
    image[..., 3] = 255  # the frame is opaque; additive alpha is an artefact of blending
    return image


def render_scene(scene: Scene, time: float, size: tuple[int, int],
                 particles: str | None = None) -> np.ndarray:  # fmt: skip
    """Simulate `scene` from its seed up to `time` seconds and render one frame."""
    dreamscape = Dreamscape(scene)
    dreamscape.advance_to(time)
    return render_dreamscape(dreamscape, size, particles)
