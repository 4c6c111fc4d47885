"""Kellan's main window: canvas in the centre, playback, File > Open, status bar."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QTimer
from PyQt6.QtGui import QAction, QCloseEvent, QKeySequence
from PyQt6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox

from kellan.core.rift import RiftSpec
from kellan.dreamscape import Dreamscape
from kellan.render.canvas import DreamCanvas
from kellan.scene import SceneError, load_scene
from kellan.scene.models import Scene


class MainWindow(QMainWindow):
    def __init__(self, scene: Scene, scene_path: Path | None = None) -> None:
        super().__init__()
        self.scene_path = scene_path
        self.last_error = ""
        self.canvas = DreamCanvas(Dreamscape(scene), app="pyqt6", show=False)
        self.canvas.on_error = self._on_render_error
        self._good_path = scene_path
        self.setCentralWidget(self.canvas.native)
        self._build_actions()
        self._fps = QLabel()
        self._count = QLabel()
        self._clock = QLabel()
        self._events = QLabel()
        for label in (self._events, self._fps, self._count, self._clock):
            self.statusBar().addPermanentWidget(label)
        self._status_timer = QTimer(self)
        self._status_timer.timeout.connect(self.refresh_status)
        self._status_timer.start(500)
        self._show_scene_title()
        self.refresh_status()
        # Menu, toolbar and status bar take about 70 px: the canvas opens at 1280x720.
        self.resize(1280, 790)

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
        toolbar = self.addToolBar("Playback")
        toolbar.setObjectName("playback")
        toolbar.addAction(self.play_action)
        toolbar.addAction(self.open_action)
        toolbar.addSeparator()
        toolbar.addAction(self.rift_action)
        toolbar.addAction(self.protocol_action)

    # -- actions ---------------------------------------------------------------------
    def set_playing(self, playing: bool) -> None:
        self.canvas.set_playing(playing)
        self.play_action.setText("Pause" if playing else "Play")
        if self.play_action.isChecked() != playing:
            self.play_action.setChecked(playing)

    def trigger_rift(self) -> None:
        """Open a rift now, with the format's default strength, rise and heal."""
        sim = self.canvas.dreamscape.simulation
        sim.schedule_rift(RiftSpec(start=sim.time))
        self.statusBar().showMessage("Rift opened", 3000)

    def set_protocol(self, enabled: bool) -> None:
        self.canvas.dreamscape.simulation.protocol.enabled = enabled

    @property
    def playing(self) -> bool:
        return self.canvas.playing

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
            scene = load_scene(path)
        except SceneError as exc:
            QMessageBox.warning(self, "Scene not loaded", str(exc))
            self.statusBar().showMessage(f"Could not open {path.name}", 8000)
            return False
        self._good_path = self.scene_path
        self.scene_path = path
        self.canvas.set_dreamscape(Dreamscape(scene))
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
        super().closeEvent(event)

    # -- status ----------------------------------------------------------------------
    def _show_scene_title(self) -> None:
        scene = self.canvas.dreamscape.scene
        self.setWindowTitle(f"Kellan — {scene.title}")
        self.protocol_action.setChecked(self.canvas.dreamscape.simulation.protocol.enabled)

    def refresh_status(self) -> None:
        ds = self.canvas.dreamscape
        self._fps.setText(f"{self.canvas.fps:5.1f} fps")
        self._count.setText(f"{ds.scene.dynamics.particles:,} particles")
        self._clock.setText(f"t = {ds.time:6.1f} s")
        sim = ds.simulation
        # The timeline can switch the protocol too: keep the toggle honest.
        if self.protocol_action.isChecked() != sim.protocol.enabled:
            self.protocol_action.setChecked(sim.protocol.enabled)
        rift = sim.rift_strength()
        events = [f"rift {rift:.1f}"] if rift > 0 else []
        events += ["protocol on"] if sim.protocol.enabled else []
        self._events.setText("  ".join(events))
