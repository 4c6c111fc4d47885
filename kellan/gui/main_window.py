"""Kellan's main window: canvas in the centre, playback, File > Open, status bar."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QTimer
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox

from kellan.dreamscape import Dreamscape
from kellan.render.canvas import DreamCanvas
from kellan.scene import SceneError, load_scene
from kellan.scene.models import Scene


class MainWindow(QMainWindow):
    def __init__(self, scene: Scene, scene_path: Path | None = None) -> None:
        super().__init__()
        self.scene_path = scene_path
        self.canvas = DreamCanvas(Dreamscape(scene), app="pyqt6", show=False)
        self.setCentralWidget(self.canvas.native)
        self._build_actions()
        self._fps = QLabel()
        self._count = QLabel()
        self._clock = QLabel()
        for label in (self._fps, self._count, self._clock):
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
        toolbar = self.addToolBar("Playback")
        toolbar.setObjectName("playback")
        toolbar.addAction(self.play_action)
        toolbar.addAction(self.open_action)

    # -- actions ---------------------------------------------------------------------
    def set_playing(self, playing: bool) -> None:
        self.canvas.set_playing(playing)
        self.play_action.setText("Pause" if playing else "Play")
        if self.play_action.isChecked() != playing:
            self.play_action.setChecked(playing)

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
        self.scene_path = path
        self.canvas.set_dreamscape(Dreamscape(scene))
        self._show_scene_title()
        self.refresh_status()
        return True

    # -- status ----------------------------------------------------------------------
    def _show_scene_title(self) -> None:
        scene = self.canvas.dreamscape.scene
        self.setWindowTitle(f"Kellan — {scene.title}")

    def refresh_status(self) -> None:
        ds = self.canvas.dreamscape
        self._fps.setText(f"{self.canvas.fps:5.1f} fps")
        self._count.setText(f"{ds.scene.dynamics.particles:,} particles")
        self._clock.setText(f"t = {ds.time:6.1f} s")
