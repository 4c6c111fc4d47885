"""Kellan's main window, the control room of a show: the canvas in the centre; docks for
the scene and its inspector, the participants, presets and cues, the transport, stats
and plots; perform mode, the record button and hot reload of the scene file.

The menus and keys are built in kellan.gui.actions; each dock lives in kellan.gui.docks.
Everything the window changes goes to the show as an input event (Dreamscape.submit),
like OSC and MIDI, so a recorded session replays the performer's hands too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtGui import QAction, QCloseEvent, QShowEvent
from PyQt6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from kellan.dreamscape import Dreamscape
from kellan.dreamscape.frame import Frame
from kellan.dreamscape.inputs import ProtocolSwitch, Rift, Transport
from kellan.gui.actions import build_actions, fill_recent
from kellan.gui.docks import arrange_docks
from kellan.gui.docks.inspector import SceneDock
from kellan.gui.docks.plots import PlotsDock
from kellan.gui.docks.presets import PresetsDock
from kellan.gui.docks.stats import StatsDock, window_stats
from kellan.gui.docks.transport import TransportDock
from kellan.gui.fit import keep_on_screen, place_first
from kellan.gui.hot_reload import HotReload, plan, renderer_changes
from kellan.gui.midi_learn import learn_midi, midi_learn
from kellan.gui.participants import ParticipantsDock
from kellan.gui.perform import PerformControl, PerformWindow
from kellan.gui.record_control import RecordControl, SessionFolders, set_recording
from kellan.gui.settings import WindowSettings
from kellan.gui.status import StatusLine
from kellan.live.session import SessionError
from kellan.live.show import Show, ShowOptions
from kellan.live.worker import ShowWorker
from kellan.render.canvas import DreamCanvas
from kellan.scene import SceneError, load_scene
from kellan.scene.loader import read_scene_text
from kellan.scene.models import Scene

BANNER_STYLE = "background: #5a1620; color: #ffd9dc; padding: 6px; font-family: monospace;"


@dataclass
class AppOptions:
    """What the command line asks of the app (see `kellan --help`)."""

    osc: bool = True
    osc_host: str | None = None
    osc_port: int | None = None
    record: Path | None = None  # session directory of every show (later ones: part-NNN)
    particles: str | None = None  # override the scene's [render] particles
    sim_threads: int | None = None  # numba threads of the simulation worker
    render_threads: int | None = None  # numba threads of the density splat (GUI thread)
    perform: bool = False  # start in perform mode
    screen: str | None = None  # perform mode's display: an index or a name
    fps_cap: int | None = None  # frames per second at most (0: none); None: as last time
    vsync: bool | None = None  # None: as last time
    keep_session: bool = True  # record every show as a session (the record button needs it)
    state: Path | None = None  # where sculpture traces are kept (default: user data folder)


class MainWindow(QMainWindow):
    def __init__(self, scene: Scene, scene_path: Path | None = None,
                 options: AppOptions | None = None) -> None:  # fmt: skip
        super().__init__()
        self.options = o = options or AppOptions()
        self.settings = WindowSettings()
        self.fps_cap = o.fps_cap if o.fps_cap is not None else self.settings.fps_cap
        self.vsync = o.vsync if o.vsync is not None else self.settings.vsync
        if o.render_threads is not None:
            import numba  # numba's thread count is per calling thread: this is the GUI's

            numba.set_num_threads(min(o.render_threads, numba.config.NUMBA_NUM_THREADS))
        self.scene_path = scene_path
        self.file_scene = scene  # the scene as its file says: hot reload diffs against it
        self.last_error = ""
        self._good_path = scene_path
        self.show_: Show | None = None
        self.worker: ShowWorker | None = None
        self.session_dir: Path | None = None
        self.folders = SessionFolders(o.record, o.keep_session)
        text = read_scene_text(scene_path) if scene_path is not None else ""
        self._start_show(scene, text)
        assert self.worker is not None
        self.canvas = DreamCanvas(scene, self.worker.take, o.particles, app="pyqt6", show=False,
                                  vsync=self.vsync)  # fmt: skip
        self.canvas.set_fps_cap(self.fps_cap)
        self.canvas.on_error = self._on_render_error
        self.canvas.on_warning = self._on_render_warning
        self._build_centre()
        self.perform = PerformControl(self)
        self._build_docks()
        self.recorder = RecordControl(self.statusBar(), self.show_error)
        self.perform_actions: list[QAction] = build_actions(self)
        fill_recent(self)
        self.status = StatusLine(self)
        self.hot = HotReload(self._reloaded, self._reload_failed, self._shaders_changed,
                             self._meshes_changed)  # fmt: skip
        self._set_scene_everywhere(scene, scene_path)
        place_first(self)
        geometry, state = self.settings.layout()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh_status)
        self._timer.start(500)
        self.refresh_status()
        if o.perform:
            QTimer.singleShot(0, lambda: self.perform_action.setChecked(True))

    # -- layout ----------------------------------------------------------------------
    def _build_centre(self) -> None:
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # A broken edit's error stays here, above the picture, until the file is fixed.
        self.banner = QLabel()
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        self.performing_label = QLabel()
        self.performing_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.performing_label.setStyleSheet("color: #8a8aa0; font-size: 18px;")
        self.performing_label.hide()
        layout.addWidget(self.banner)
        layout.addWidget(self.canvas.native, 1)
        layout.addWidget(self.performing_label, 1)
        self.setCentralWidget(centre)

    def _build_docks(self) -> None:
        self.scene_dock = SceneDock(self.send, self.latest_frame, self)
        self.stats = StatsDock(lambda: window_stats(self), self)
        self.participants = ParticipantsDock(self.dreamscape, self.latest_frame, self)
        self.presets = PresetsDock(self.send, self.latest_frame, lambda: self.active.camera,
                                   self.show_error, self)  # fmt: skip
        self.transport = TransportDock(self.send, self.latest_frame, self)
        self.plots = PlotsDock(self.latest_frame, self)
        arrange_docks(self, left=[self.scene_dock, self.stats],
                      right=[self.participants, self.presets],
                      bottom=[self.transport, self.plots])  # fmt: skip

    def docks(self) -> list[QDockWidget]:
        return [self.scene_dock, self.participants, self.presets, self.transport, self.stats,
                self.plots]  # fmt: skip

    # -- the show --------------------------------------------------------------------
    @property
    def _scene_dir(self) -> Path | None:
        return self.scene_path.parent if self.scene_path is not None else None

    @property
    def dreamscape(self) -> Dreamscape:
        assert self.show_ is not None
        return self.show_.ds

    @property
    def active(self) -> DreamCanvas:
        """The canvas the audience sees: the output's while performing."""
        return self.output.canvas if self.output is not None else self.canvas

    def latest_frame(self) -> Frame | None:
        return self.active.last_frame if hasattr(self, "canvas") else None

    def send(self, event: object) -> None:
        """Every control of the window acts through the input path, as OSC does."""
        self.dreamscape.submit("gui", event)  # type: ignore[arg-type]

    def _start_show(self, scene: Scene, text: str) -> None:
        o = self.options
        record = self.folders.next(scene.title)
        opts = ShowOptions(osc=o.osc, osc_host=o.osc_host, osc_port=o.osc_port, record=record,
                           scene_dir=self._scene_dir, state_dir=o.state)  # fmt: skip
        try:
            show = Show(scene, text, opts)
        except (OSError, SessionError) as exc:
            # The show runs without what failed, and only that (a taken port still
            # records; a refused folder still listens): say so, never refuse.
            message = str(exc)
            self.last_error = message
            if isinstance(exc, SessionError):
                opts.record = None
            else:
                opts.osc = False
            try:
                show = Show(scene, text, opts)
            except (OSError, SessionError):
                opts.osc, opts.record = False, None
                show = Show(scene, text, opts)
            QTimer.singleShot(0, lambda: self.show_error("Live input", message))
        self.show_ = show
        self.session_dir = opts.record if show.recorder is not None else None
        note = self.folders.started(self.session_dir)
        if note is not None:  # after the caller's own "restarted" message, added to it
            QTimer.singleShot(0, lambda: self.status.add(note))
        for warning in show.warnings:
            QTimer.singleShot(0, lambda w=warning: self.show_error("Sculpture traces", w))
        self.worker = ShowWorker(show, o.sim_threads)
        self.worker.on_error = lambda msg: QTimer.singleShot(
            0, lambda: self.show_error("The simulation stopped", msg)
        )
        self.worker.start()

    def _stop_show(self) -> None:
        if self.recorder.recording:
            self.set_recording(False)  # the film so far is rendered from the ending show
        if self.worker is not None:
            self.worker.stop()
        if self.show_ is not None:
            self.show_.finish()

    def _restart(self, scene: Scene, text: str) -> None:
        """A new show from `scene` (a new scene, or an edit only a restart can apply)."""
        self._stop_show()
        self._start_show(scene, text)
        assert self.worker is not None
        for canvas in self._canvases():
            canvas.set_scene(scene, self.worker.take)
        if self.output is not None:
            self.output.canvas.share_view(self.canvas)
        self.participants.set_dreamscape(self.dreamscape)
        self.plots.clear()

    def _canvases(self) -> list[DreamCanvas]:
        return [self.canvas] + ([self.output.canvas] if self.output is not None else [])

    def _set_scene_everywhere(self, scene: Scene, path: Path | None) -> None:
        self.file_scene = scene
        self.scene_dock.set_scene(scene)
        self.transport.set_scene(scene)
        self.presets.set_scene_path(path)
        self.hot.watch(path, [Path(s.mesh) for s in scene.sculptures if s.mesh],
                       [Path(f) for x in scene.fractals for f in (x.shader, x.genome) if f])
        if path is not None:
            self.settings.add_recent(path)
            fill_recent(self)
        self.setWindowTitle(f"Kellan — {scene.title}" + (f"  [{path.name}]" if path else ""))

    # -- scenes ----------------------------------------------------------------------
    def choose_scene(self) -> None:
        start = str(self.scene_path.parent) if self.scene_path else ""
        path, _ = QFileDialog.getOpenFileName(
            self, "Open scene", start, "Kellan scenes (*.toml);;All files (*)"
        )
        if path:
            self.open_scene(Path(path))

    def open_scene(self, path: Path) -> bool:
        """Load a scene file; on error, say where and keep the current scene running."""
        try:
            text = read_scene_text(path)
            scene = load_scene(path)
        except SceneError as exc:
            QMessageBox.warning(self, "Scene not loaded", str(exc))
            self.statusBar().showMessage(f"Could not open {path.name}", 8000)
            return False
        problem = self.canvas.check_scene(scene)
        if problem is not None:
            self.show_error("Scene not shown", problem)
            return False
        self._good_path = self.scene_path
        self.scene_path = path
        self._restart(scene, text)
        self._set_scene_everywhere(scene, path)
        self.clear_banner()
        self.refresh_status()
        return True

    def reload_scene(self) -> None:
        if self.scene_path is not None:
            self.hot.reload_now()

    def _reloaded(self, scene: Scene) -> None:
        """The scene file changed and is valid: retune the show live where the change
        allows, restart it where only that can apply the change."""
        assert self.scene_path is not None
        name = self.scene_path.name
        events = plan(self.file_scene, scene)
        if events is not None:
            for event in events:
                self.send(event)
            if renderer_changes(self.file_scene, scene):
                for canvas in self._canvases():
                    canvas.rebuild(scene)
            self.file_scene = scene
            self.scene_dock.set_scene(scene)
            self.clear_banner()
            self.statusBar().showMessage(f"{name} reloaded: {len(events)} change(s) applied "
                                         "live", 5000)  # fmt: skip
            return
        problem = self.canvas.check_scene(scene)
        if problem is not None:
            self._reload_failed(problem)
            return
        if not self._restart_from_file(scene):
            return
        self.statusBar().showMessage(f"{name} reloaded: the show restarted (particles, seed, "
                                     "people or the timeline changed)", 8000)  # fmt: skip

    def _meshes_changed(self, scene: Scene) -> None:
        """A mesh file the scene names changed: a new show with the new shape (its guide
        field, its traces' vertices)."""
        if not self._restart_from_file(scene):
            return
        for canvas in self._canvases():
            canvas.rebuild(scene)
        self.statusBar().showMessage("A mesh changed: the show restarted with it", 8000)

    def _restart_from_file(self, scene: Scene) -> bool:
        """A new show from the scene file as saved (its text goes into the session);
        False, with the banner, when the file cannot be read back."""
        assert self.scene_path is not None
        try:
            text = read_scene_text(self.scene_path)
        except SceneError as exc:
            self._reload_failed(str(exc))
            return False
        self._restart(scene, text)
        self._set_scene_everywhere(scene, self.scene_path)
        self.clear_banner()
        return True

    def _reload_failed(self, message: str) -> None:
        self.last_error = message
        self.banner.setText(f"⚠ {message}\nThe last good version keeps running.")
        self.banner.show()

    def clear_banner(self) -> None:
        self.banner.hide()
        self.banner.clear()

    def _shaders_changed(self) -> None:
        problem = self.canvas.check_scene(self.active.scene)
        if problem is not None:
            self._reload_failed(problem)
            return
        for canvas in self._canvases():
            canvas.rebuild()
        self.clear_banner()
        self.statusBar().showMessage("Shaders reloaded", 4000)

    def _on_render_error(self, message: str) -> None:
        """The canvas could not draw a new scene and went back to the last good one: say
        so outside the paint handler (a modal dialog must not open inside it)."""
        self.scene_path = self._good_path
        QTimer.singleShot(0, lambda: self._reload_failed(message))

    def _on_render_warning(self, message: str) -> None:
        """Part of the scene is left off (a Shadertoy file that does not compile): the
        banner says why, outside the paint handler; the show goes on."""
        QTimer.singleShot(0, lambda: self._warn(message))

    def _warn(self, message: str) -> None:
        self.last_error = message
        self.banner.setText(f"\u26a0 {message}")
        self.banner.show()

    def show_error(self, title: str, message: str) -> None:
        """Report a problem without stopping the show: status bar now, dialog soon."""
        self.last_error = message
        self.statusBar().showMessage(f"{title}: {message.splitlines()[0]}", 15000)
        QTimer.singleShot(0, lambda: QMessageBox.warning(self, title, message))

    # -- playback --------------------------------------------------------------------
    def set_playing(self, playing: bool) -> None:
        self.send(Transport("play" if playing else "pause"))
        self.play_action.setText("Pause" if playing else "Play")
        if self.play_action.isChecked() != playing:
            self.play_action.setChecked(playing)
        self.transport.show_playing(playing)

    def step_once(self) -> None:
        self.send(Transport("step"))

    def trigger_rift(self) -> None:
        """Open a rift now, with the format's default strength, rise and heal."""
        self.send(Rift())
        self.statusBar().showMessage("Rift opened", 3000)

    def set_protocol(self, enabled: bool) -> None:
        frame = self.latest_frame()
        if frame is None or enabled != frame.protocol_on:
            self.send(ProtocolSwitch(enabled))

    @property
    def playing(self) -> bool:
        return self.dreamscape.transport.playing

    # -- perform mode ----------------------------------------------------------------
    def set_performing(self, on: bool) -> None:
        self.perform.set(on)

    def enter_perform(self, screen_choice: str | None = None) -> bool:
        return self.perform.enter(screen_choice)

    def leave_perform(self) -> None:
        self.perform.leave()

    @property
    def output(self) -> PerformWindow | None:
        return self.perform.window if hasattr(self, "perform") else None

    def fill_screen_menu(self) -> None:
        self.perform.fill_screen_menu(self.screen_menu)

    def set_fps_cap(self, cap: int) -> None:
        self.fps_cap = cap
        self.settings.fps_cap = cap
        for canvas in self._canvases():
            canvas.set_fps_cap(cap)

    def set_vsync(self, on: bool) -> None:
        self.vsync = on
        self.settings.vsync = on

    # -- recording -------------------------------------------------------------------
    def set_recording(self, on: bool) -> None:
        set_recording(self, on)

    # -- MIDI ------------------------------------------------------------------------
    def midi_learn(self) -> None:
        """Bind the control moved last to a parameter and save it with the scene."""
        midi_learn(self)

    def learn_midi(self, target: str) -> bool:
        return learn_midi(self, target)

    # -- status ----------------------------------------------------------------------
    def refresh_status(self) -> None:
        self.status.refresh()
        frame = self.latest_frame()
        playing = self.playing
        if self.play_action.isChecked() != playing:
            self.play_action.blockSignals(True)
            self.play_action.setChecked(playing)
            self.play_action.setText("Pause" if playing else "Play")
            self.play_action.blockSignals(False)
        self.transport.show_playing(playing)
        # The timeline can switch the protocol too: keep the toggle honest.
        if frame is not None and self.protocol_action.isChecked() != frame.protocol_on:
            self.protocol_action.blockSignals(True)
            self.protocol_action.setChecked(frame.protocol_on)
            self.protocol_action.blockSignals(False)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The window manager's borders are known once shown: keep the frame on the screen.
        QTimer.singleShot(0, lambda: keep_on_screen(self))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_layout(self.saveGeometry(), self.saveState())
        self._timer.stop()
        self.hot.stop()
        if self.output is not None:
            self.leave_perform()
        self.canvas.stop()
        self._stop_show()
        self.recorder.shutdown()
        super().closeEvent(event)

    # Kept for the status bar's labels (tests read them).
    @property
    def _events(self) -> QLabel:
        return self.status.events

    @property
    def _count(self) -> QLabel:
        return self.status.count
