"""Kellan's main window: the canvas in the centre, the participants dock, playback,
File > Open, and a status bar that says how the show is keeping up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtGui import QAction, QCloseEvent, QKeySequence
from PyQt6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox

from kellan.dreamscape import Dreamscape
from kellan.dreamscape.frame import Frame
from kellan.dreamscape.inputs import InputError, ProtocolSwitch, Rift, Transport
from kellan.gui.midi_learn import MidiLearnDialog
from kellan.gui.participants import ParticipantsDock
from kellan.live.session import SessionError
from kellan.live.show import Show, ShowOptions
from kellan.live.worker import ShowWorker
from kellan.render.canvas import DreamCanvas
from kellan.scene import SceneError, load_scene
from kellan.scene.edit import save_midi_mappings
from kellan.scene.loader import read_scene_text
from kellan.scene.models import Scene


@dataclass
class AppOptions:
    """What the command line asks of the app (see `kellan --help`)."""

    osc: bool = True
    osc_host: str | None = None
    osc_port: int | None = None
    record: Path | None = None
    particles: str | None = None  # override the scene's [render] particles
    sim_threads: int | None = None  # numba threads of the simulation worker
    render_threads: int | None = None  # numba threads of the density splat (GUI thread)
    perform: bool = False  # start in perform mode
    screen: str | None = None  # perform mode's display: an index or a name


class MainWindow(QMainWindow):
    def __init__(self, scene: Scene, scene_path: Path | None = None,
                 options: AppOptions | None = None) -> None:  # fmt: skip
        super().__init__()
        self.options = options or AppOptions()
        if self.options.render_threads is not None:
            import numba  # numba's thread count is per calling thread: this is the GUI's

            numba.set_num_threads(min(self.options.render_threads,
                                      numba.config.NUMBA_NUM_THREADS))  # fmt: skip
        self.scene_path = scene_path
        self.last_error = ""
        self._good_path = scene_path
        self.show_: Show | None = None
        self.worker: ShowWorker | None = None
        text = read_scene_text(scene_path) if scene_path is not None else ""
        self._start_show(scene, text, record=self.options.record)
        assert self.worker is not None
        self.canvas = DreamCanvas(scene, self.worker.take, self.options.particles,
                                  app="pyqt6", show=False)  # fmt: skip
        self.canvas.on_error = self._on_render_error
        self.setCentralWidget(self.canvas.native)
        self.participants = ParticipantsDock(self.dreamscape, self.latest_frame, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.participants)
        self._build_actions()
        self._fps = QLabel()
        self._realtime = QLabel()
        self._count = QLabel()
        self._clock = QLabel()
        self._events = QLabel()
        self._inputs = QLabel()
        for label in (self._events, self._inputs, self._fps, self._realtime, self._count,
                      self._clock):  # fmt: skip
            self.statusBar().addPermanentWidget(label)
        self._status_timer = QTimer(self)
        self._status_timer.timeout.connect(self.refresh_status)
        self._status_timer.start(500)
        self._show_scene_title()
        self.refresh_status()
        # Menu, toolbar, dock and status bar: the canvas opens at about 1280x720.
        self.resize(1600, 800)

    # -- the show --------------------------------------------------------------------
    @property
    def dreamscape(self) -> Dreamscape:
        assert self.show_ is not None
        return self.show_.ds

    def latest_frame(self) -> Frame | None:
        return self.canvas.last_frame if hasattr(self, "canvas") else None

    def _start_show(self, scene: Scene, text: str, record: Path | None = None) -> None:
        o = self.options
        opts = ShowOptions(osc=o.osc, osc_host=o.osc_host, osc_port=o.osc_port, record=record)
        try:
            show = Show(scene, text, opts)
        except (OSError, SessionError) as exc:
            # The show runs without what failed (a taken port): say so, never refuse.
            message = str(exc)
            self.last_error = message
            opts.osc = False
            opts.record = None
            show = Show(scene, text, opts)
            QTimer.singleShot(0, lambda: self.show_error("Live input", message))
        self.show_ = show
        self.worker = ShowWorker(show, o.sim_threads)
        self.worker.on_error = lambda msg: QTimer.singleShot(
            0, lambda: self.show_error("The simulation stopped", msg)
        )
        self.worker.start()

    def _stop_show(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        if self.show_ is not None:
            self.show_.finish()

    # -- actions ---------------------------------------------------------------------
    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.open_action = QAction("&Open scene…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.choose_scene)
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.play_action = QAction("Pause", self)
        self.play_action.setCheckable(True)
        self.play_action.setChecked(True)
        self.play_action.setShortcut(QKeySequence("Space"))
        self.play_action.toggled.connect(self.set_playing)
        playback = self.menuBar().addMenu("&Playback")
        playback.addAction(self.play_action)
        # Live events for the performer: the same rift and protocol as the timeline's.
        self.rift_action = QAction("Rift", self)
        self.rift_action.setShortcut(QKeySequence("R"))
        self.rift_action.setToolTip("Tear the two most different groups apart now (R)")
        self.rift_action.triggered.connect(self.trigger_rift)
        self.protocol_action = QAction("Protocol", self)
        self.protocol_action.setCheckable(True)
        self.protocol_action.setShortcut(QKeySequence("P"))
        self.protocol_action.setToolTip("Switch the stabilising protocol on or off (P)")
        self.protocol_action.toggled.connect(self.set_protocol)
        playback.addSeparator()
        playback.addAction(self.rift_action)
        playback.addAction(self.protocol_action)
        live = self.menuBar().addMenu("&Live")
        self.midi_learn_action = QAction("MIDI learn…", self)
        self.midi_learn_action.setShortcut(QKeySequence("Ctrl+M"))
        self.midi_learn_action.setToolTip("Move a control, then pick the parameter it drives")
        self.midi_learn_action.triggered.connect(self.midi_learn)
        live.addAction(self.midi_learn_action)
        view = self.menuBar().addMenu("&View")
        view.addAction(self.participants.toggleViewAction())
        toolbar = self.addToolBar("Playback")
        toolbar.setObjectName("playback")
        toolbar.addAction(self.play_action)
        toolbar.addAction(self.open_action)
        toolbar.addSeparator()
        toolbar.addAction(self.rift_action)
        toolbar.addAction(self.protocol_action)

    def midi_learn(self) -> None:
        """Bind the control moved last to a parameter and save it with the scene."""
        show = self.show_
        if show is None or show.midi is None:
            return
        dialog = MidiLearnDialog(show.midi, self.latest_frame(), self)
        if not dialog.exec() or not dialog.target.currentText():
            return
        self.learn_midi(dialog.target.currentText())

    def learn_midi(self, target: str) -> bool:
        show = self.show_
        assert show is not None and show.midi is not None
        try:
            binding = show.midi.learn(target)
        except InputError as exc:
            self.show_error("MIDI learn", str(exc))
            return False
        message = f"CC {binding.cc} drives {target} ({binding.lo:g}..{binding.hi:g})"
        if self.scene_path is not None:
            try:
                save_midi_mappings(self.scene_path, show.midi.mappings())
                message += f"; saved in {self.scene_path.name}"
            except (OSError, SceneError) as exc:
                self.show_error("MIDI mapping not saved", str(exc))
        self.statusBar().showMessage(message, 8000)
        return True

    def set_playing(self, playing: bool) -> None:
        self.dreamscape.submit("gui", Transport("play" if playing else "pause"))
        self.play_action.setText("Pause" if playing else "Play")
        if self.play_action.isChecked() != playing:
            self.play_action.setChecked(playing)

    def trigger_rift(self) -> None:
        """Open a rift now, with the format's default strength, rise and heal."""
        self.dreamscape.submit("gui", Rift())
        self.statusBar().showMessage("Rift opened", 3000)

    def set_protocol(self, enabled: bool) -> None:
        frame = self.latest_frame()
        if frame is None or enabled != frame.protocol_on:
            self.dreamscape.submit("gui", ProtocolSwitch(enabled))

    @property
    def playing(self) -> bool:
        return self.dreamscape.transport.playing

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
        recording = self.show_ is not None and self.show_.recorder is not None
        self._stop_show()
        if recording:
            self.statusBar().showMessage("Recording ended with the previous scene", 8000)
        self._start_show(scene, text)
        assert self.worker is not None
        self._good_path = self.scene_path
        self.scene_path = path
        self.canvas.set_scene(scene, self.worker.take)
        self.participants.set_dreamscape(self.dreamscape)
        self._show_scene_title()
        self.refresh_status()
        return True

    def _on_render_error(self, message: str) -> None:
        """The canvas could not draw a newly opened scene and went back to the last good
        one: say so outside the paint handler (a modal dialog must not open inside it)."""
        self.scene_path = self._good_path
        self.show_error("Scene not shown", message)
        QTimer.singleShot(0, self._show_scene_title)

    def show_error(self, title: str, message: str) -> None:
        """Report a problem without stopping the show: status bar now, dialog soon."""
        self.last_error = message
        self.statusBar().showMessage(f"{title}: {message.splitlines()[0]}", 15000)
        QTimer.singleShot(0, lambda: QMessageBox.warning(self, title, message))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._status_timer.stop()
        self.canvas.stop()
        self._stop_show()
        super().closeEvent(event)

    # -- status ----------------------------------------------------------------------
    def _show_scene_title(self) -> None:
        scene = self.canvas.scene
        self.setWindowTitle(f"Kellan — {scene.title}")

    def refresh_status(self) -> None:
        frame = self.canvas.last_frame
        show = self.show_
        self._fps.setText(f"{self.canvas.fps:5.1f} fps")
        if show is not None:
            rt = show.clock.realtime()
            self._realtime.setText("paused" if not self.playing else f"{rt:4.2f}× real time")
        self._count.setText(f"{self.canvas.scene.dynamics.particles:,} particles")
        if frame is None:
            return
        self._clock.setText(f"t = {frame.time:6.1f} s")
        # The timeline can switch the protocol too: keep the toggle honest.
        if self.protocol_action.isChecked() != frame.protocol_on:
            self.protocol_action.blockSignals(True)
            self.protocol_action.setChecked(frame.protocol_on)
            self.protocol_action.blockSignals(False)
        events = [f"rift {frame.rift.strength:.1f}"] if frame.rift and frame.rift.strength else []
        events += ["protocol on"] if frame.protocol_on else []
        self._events.setText("  ".join(events))
        inputs = []
        if show is not None and show.osc is not None:
            inputs.append(f"OSC :{show.osc.port}")
        if frame.rejected:
            total = sum(frame.rejected.values())
            inputs.append(f"{total} rejected")
            self._inputs.setToolTip(
                "\n".join(f"{kind}: {n}" for kind, n in frame.rejected.items())
            )
        self._inputs.setText("  ".join(inputs))
