"""The live canvas: a vispy app Canvas that draws the latest frame of a running show.

It steps nothing itself: the show runs on its own worker thread (kellan.live.worker)
and the canvas draws whatever complete frame was published last, at the display's pace.
It is backend-agnostic (no Qt import): the GUI asks vispy for the pyqt6 backend and
embeds `canvas.native`; tests and tools may use any other vispy backend.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

import numpy as np
from vispy import app, gloo

from kellan.dreamscape.frame import Frame
from kellan.render.camera import OrbitCamera
from kellan.render.renderer import BACKGROUND, SceneRenderer, camera_for
from kellan.render.shaders import ShaderError
from kellan.scene.models import Scene

FrameSource = Callable[[], Frame | None]


class DreamCanvas(app.Canvas):
    """Draws frames, orbits the camera with the mouse, counts what it draws."""

    def __init__(self, scene: Scene, frames: FrameSource, particles: str | None = None,
                 **kwargs: object) -> None:  # fmt: skip
        kwargs.setdefault("size", (1280, 720))
        kwargs.setdefault("title", "Kellan")
        super().__init__(**kwargs)
        self.particles = particles
        self.frames_drawn = 0
        self.created_at = time.perf_counter()
        self.first_frame_at: float | None = None
        self.first_frame_time = 0.0  # show time of the first frame drawn
        self.last_frame: Frame | None = None
        self._frame_times: deque[float] = deque(maxlen=90)
        self._intervals: list[float] = []
        self._renderer: SceneRenderer | None = None
        self._drag_from: np.ndarray | None = None
        # The last scene that drew without error, to fall back on when a newly opened
        # one does not compile: the show goes on.
        self._good: tuple[Scene, FrameSource, OrbitCamera, SceneRenderer] | None = None
        self._broken: Scene | None = None  # failed with nothing to fall back on
        self.on_error: Callable[[str], None] | None = None
        # A part of the scene that cannot draw and is left off (a user's shader that does
        # not compile): said, while the rest draws on.
        self.on_warning: Callable[[str], None] | None = None
        self._scene_camera: object = None  # the [camera] the current camera came from
        self.set_scene(scene, frames)
        self._timer = app.Timer(0.0, connect=self._on_tick, start=True, app=self.app)

    def set_fps_cap(self, fps: float) -> None:
        """Draw at most `fps` frames a second (0: as fast as the machine goes)."""
        self._timer.interval = 1.0 / fps if fps > 0 else 0.0

    def set_scene(self, scene: Scene, frames: FrameSource) -> None:
        """Show another scene's frames; GL objects are built on the next draw."""
        self.scene = scene
        self.frames = frames
        self.camera = camera_for(scene)
        self._scene_camera = scene.camera
        self._renderer = None
        self.update()

    def _follow_scene_camera(self, frame: Frame) -> None:
        """A live change of [camera] (inspector, preset, OSC) moves the view; the mouse's
        orbit and zoom act on top until the next such change."""
        live = frame.scene.camera
        if live == self._scene_camera:
            return
        self._scene_camera = live
        self.camera = camera_for(frame.scene)
        if self._renderer is not None:
            self._renderer.camera = self.camera

    def check_scene(self, scene: Scene) -> str | None:
        """Compile a scene's programs in this canvas's context before switching to it;
        the error text (file:line) when they fail, None when they compile (or when there
        is no context yet to try them in)."""
        try:
            self.set_current()
            SceneRenderer(scene, particles=self.particles).check()
        except ShaderError as exc:
            return str(exc)
        except Exception:
            return None
        return None

    def stop(self) -> None:
        """Stop drawing (the window is closing, or another canvas shows the output)."""
        self._timer.stop()

    def resume(self) -> None:
        self._timer.start()
        self.update()

    def rebuild(self, scene: Scene | None = None) -> None:
        """Build the GL side again on the next draw (new shaders, or a scene change that
        the renderer sets up once, such as the particle renderer), keeping the view."""
        if scene is not None:
            self.scene = scene
        self._renderer = None
        self._broken = None
        self.update()

    def share_view(self, other: DreamCanvas) -> None:
        """Look through another canvas's camera (the mouse's orbit and zoom included)."""
        self.camera = other.camera
        self._scene_camera = other._scene_camera
        if self._renderer is not None:
            self._renderer.camera = self.camera

    def on_close(self, event: object) -> None:
        self.stop()

    def _on_tick(self, event: object) -> None:
        self.update()

    # -- drawing -------------------------------------------------------------------
    @property
    def renderer(self) -> SceneRenderer | None:
        return self._renderer

    def on_draw(self, event: object) -> None:
        if self.scene is self._broken:
            gloo.set_clear_color(BACKGROUND)
            gloo.clear(color=True, depth=True)
            return
        frame = self.frames()
        if frame is None:
            gloo.set_clear_color(BACKGROUND)
            gloo.clear(color=True, depth=True)
            return
        self._follow_scene_camera(frame)
        try:
            if self._renderer is None:
                self._renderer = SceneRenderer(self.scene, self.camera, self.particles)
                if self._renderer.warnings and self.on_warning is not None:
                    # A backdrop that cannot draw is left off; the show goes on.
                    self.on_warning("\n".join(self._renderer.warnings))
            self._renderer.draw(frame, self.physical_size)
        except ShaderError as exc:
            self._fall_back(str(exc))
            return
        self._good = (self.scene, self.frames, self.camera, self._renderer)
        self.last_frame = frame
        self._count_frame(frame)

    def _fall_back(self, message: str) -> None:
        """A scene failed to draw: go back to the last good one and say why."""
        failed = self.scene
        if self._good is not None and self._good[0] is not failed:
            self.scene, self.frames, self.camera, self._renderer = self._good
        else:
            # Nothing good to go back to: a dark frame, never a crash or a loop of errors.
            self._renderer = None
            self._broken = failed
            gloo.set_clear_color(BACKGROUND)
            gloo.clear(color=True, depth=True)
        if self.on_error is not None:
            self.on_error(message)

    def _count_frame(self, frame: Frame) -> None:
        now = time.perf_counter()
        if self.first_frame_at is None:
            self.first_frame_at = now
            self.first_frame_time = frame.time
        elif self._frame_times:
            self._intervals.append(now - self._frame_times[-1])
            if self._renderer is not None:
                self._renderer.scale.record(now - self._frame_times[-1])
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
        """Every interval between drawn frames since the first (seconds)."""
        return np.array(self._intervals)

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
        if self._renderer is not None:
            self._renderer.camera = self.camera
        self.update()

    def on_mouse_wheel(self, event: app.canvas.MouseEvent) -> None:
        self.camera.zoom(0.9 ** float(event.delta[1]))
        self.update()
