"""The live canvas: a vispy app Canvas that plays a Dreamscape on a fixed time step.

It is backend-agnostic (no Qt import): the GUI asks vispy for the pyqt6 backend and embeds
`canvas.native`; tests and tools may use any other vispy backend.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

import numpy as np
from vispy import app, gloo

from kellan.dreamscape import Dreamscape
from kellan.render.renderer import BACKGROUND, SceneRenderer, camera_for
from kellan.render.shaders import ShaderError

# Most simulation steps run per displayed frame. When rendering is slower than this, the
# dreamscape runs slower than real time instead of stalling (no spiral of death); every
# step is still the same fixed step, so the run stays reproducible.
MAX_STEPS_PER_FRAME = 4


class DreamCanvas(app.Canvas):
    """Draws the dreamscape, steps it while playing, orbits the camera with the mouse."""

    def __init__(self, dreamscape: Dreamscape, **kwargs: object) -> None:
        kwargs.setdefault("size", (1280, 720))
        kwargs.setdefault("title", "Kellan")
        super().__init__(**kwargs)
        self.playing = True
        self.frames_drawn = 0
        self.created_at = time.perf_counter()
        self.first_frame_at: float | None = None
        self._frame_times: deque[float] = deque(maxlen=90)
        self._accum = 0.0
        self._last_tick: float | None = None
        self._renderer: SceneRenderer | None = None
        self._drag_from: np.ndarray | None = None
        # The last dreamscape that drew without error, to fall back on when a newly
        # opened one does not compile: the show goes on.
        self._good: tuple[Dreamscape, object, SceneRenderer] | None = None
        self._broken: Dreamscape | None = None  # failed with nothing to fall back on
        self.on_error: Callable[[str], None] | None = None
        self.set_dreamscape(dreamscape)
        self._timer = app.Timer("auto", connect=self._on_tick, start=True, app=self.app)

    def set_dreamscape(self, dreamscape: Dreamscape) -> None:
        """Show another dreamscape; GL objects are built on the next draw, and if they do
        not compile, the previous dreamscape keeps playing and `on_error` hears why."""
        self.dreamscape = dreamscape
        self.camera = camera_for(dreamscape)
        self._renderer = None
        self._accum = 0.0
        self.update()

    def stop(self) -> None:
        """Stop stepping and drawing for good (the window is closing)."""
        self._timer.stop()
        self.playing = False

    def on_close(self, event: object) -> None:
        self.stop()

    # -- playback ------------------------------------------------------------------
    def set_playing(self, playing: bool) -> None:
        self.playing = playing
        self._last_tick = None

    def _on_tick(self, event: object) -> None:
        now = time.perf_counter()
        if self.playing and self._last_tick is not None:
            hz = self.dreamscape.scene.dynamics.step_hz
            self._accum += now - self._last_tick
            steps = min(int(self._accum * hz), MAX_STEPS_PER_FRAME)
            self._accum = min(self._accum - steps / hz, 1.0 / hz)
            if steps:
                self.dreamscape.simulation.step(steps)
        self._last_tick = now if self.playing else None
        self.update()

    # -- drawing -------------------------------------------------------------------
    def on_draw(self, event: object) -> None:
        if self.dreamscape is self._broken:
            gloo.set_clear_color(BACKGROUND)
            gloo.clear(color=True, depth=True)
            return
        try:
            if self._renderer is None:
                self._renderer = SceneRenderer(self.dreamscape, self.camera)
            self._renderer.draw(self.physical_size)
        except ShaderError as exc:
            self._fall_back(str(exc))
            return
        self._good = (self.dreamscape, self.camera, self._renderer)
        self._count_frame()

    def _fall_back(self, message: str) -> None:
        """A dreamscape failed to draw: go back to the last good one and say why."""
        failed = self.dreamscape
        if self._good is not None and self._good[0] is not failed:
            self.dreamscape, self.camera, self._renderer = self._good
        else:
            # Nothing good to go back to: a dark frame, never a crash or a loop of errors.
            self._renderer = None
            self._broken = failed
            self.playing = False
            gloo.set_clear_color(BACKGROUND)
            gloo.clear(color=True, depth=True)
        if self.on_error is not None:
            self.on_error(message)

    def _count_frame(self) -> None:
        now = time.perf_counter()
        if self.first_frame_at is None:
            self.first_frame_at = now
        self.frames_drawn += 1
        self._frame_times.append(now)

    @property
    def fps(self) -> float:
        """Frames per second over the last ~90 frames (0 until two frames are drawn)."""
        t = self._frame_times
        if len(t) < 2 or t[-1] <= t[0]:
            return 0.0
        return (len(t) - 1) / (t[-1] - t[0])

    def frame_intervals(self) -> np.ndarray:
        return np.diff(np.array(self._frame_times))

    # -- camera controls -----------------------------------------------------------
    def on_mouse_press(self, event: app.canvas.MouseEvent) -> None:
        self._drag_from = np.array(event.pos, dtype=float)

    def on_mouse_release(self, event: app.canvas.MouseEvent) -> None:
        self._drag_from = None

    def on_mouse_move(self, event: app.canvas.MouseEvent) -> None:
        if self._drag_from is None or not event.is_dragging:
            return
        pos = np.array(event.pos, dtype=float)
        dx, dy = pos - self._drag_from
        self._drag_from = pos
        # Half a degree per pixel: a full-width drag turns the sculpture about twice.
        self.camera.orbit(-0.5 * dx, 0.5 * dy)
        self.update()

    def on_mouse_wheel(self, event: app.canvas.MouseEvent) -> None:
        self.camera.zoom(0.9 ** float(event.delta[1]))
        self.update()
