"""Presets and cues: snapshot the live state into a named preset, recall it with a
crossfade, and step through a cue list (the logic is kellan/live/presets.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import (
    QDockWidget,
    QDoubleSpinBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kellan.dreamscape.frame import Frame
from kellan.live.presets import (
    CAMERA,
    Preset,
    PresetError,
    load_presets,
    mood_events,
    number_events,
    presets_path,
    save_presets,
    scene_number,
    snapshot,
    targets,
)

STEP_S = 1.0 / 15.0  # the crossfade's numbers move this often


class PresetsDock(QDockWidget):
    def __init__(self, send: Callable[[object], None], frames: Callable[[], Frame | None],
                 camera: Callable[[], Any], report: Callable[[str, str], None],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__("Presets", parent)
        self.setObjectName("presets")
        self.send = send
        self.frames = frames
        self.camera = camera
        self.report = report
        self.presets: list[Preset] = []
        self.cues: list[str] = []
        self.cue_index = -1
        self.path: Path | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda item: self.recall(item.text()))
        layout.addWidget(QLabel("Presets (double-click to recall)"))
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        save = QPushButton("Snapshot…")
        save.clicked.connect(self.snapshot_clicked)
        recall = QPushButton("Recall")
        recall.clicked.connect(lambda: self.list.currentItem() and self.recall(
            self.list.currentItem().text()))  # fmt: skip
        row.addWidget(save)
        row.addWidget(recall)
        layout.addLayout(row)
        fade = QHBoxLayout()
        fade.addWidget(QLabel("crossfade"))
        self.crossfade = QDoubleSpinBox()
        self.crossfade.setRange(0.0, 60.0)
        self.crossfade.setValue(3.0)
        self.crossfade.setSuffix(" s")
        fade.addWidget(self.crossfade)
        layout.addLayout(fade)
        layout.addWidget(QLabel("Cue list"))
        self.cue_list = QListWidget()
        layout.addWidget(self.cue_list, 1)
        cue_row = QHBoxLayout()
        add = QPushButton("Add cue")
        add.clicked.connect(self.add_cue)
        nxt = QPushButton("Next cue")
        nxt.setToolTip("Recall the next preset of the cue list (N)")
        nxt.clicked.connect(self.next_cue)
        cue_row.addWidget(add)
        cue_row.addWidget(nxt)
        layout.addLayout(cue_row)
        self.setWidget(body)
        self._fade: tuple[float, float, dict[str, float], dict[str, float]] | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)

    # -- files -----------------------------------------------------------------------
    def set_scene_path(self, scene_path: Path | None) -> None:
        self.path = presets_path(scene_path) if scene_path is not None else None
        self.presets, self.cues, self.cue_index = [], [], -1
        if self.path is not None:
            try:
                self.presets, self.cues = load_presets(self.path)
            except PresetError as exc:
                self.report("Presets not loaded", str(exc))
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        self.list.addItems([p.name for p in self.presets])
        self.cue_list.clear()
        for k, name in enumerate(self.cues):
            self.cue_list.addItem(("▶ " if k == self.cue_index else "   ") + name)

    def _save(self) -> None:
        if self.path is None:
            return
        try:
            save_presets(self.path, self.presets, self.cues)
        except PresetError as exc:
            self.report("Presets not saved", str(exc))

    # -- actions ---------------------------------------------------------------------
    def snapshot_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, "Snapshot", "Preset name:")
        if ok and name.strip():
            self.snapshot(name.strip())

    def snapshot(self, name: str) -> Preset | None:
        frame = self.frames()
        if frame is None:
            return None
        preset = snapshot(name, frame, self.camera())
        self.presets = [p for p in self.presets if p.name != name] + [preset]
        self._save()
        self._fill()
        return preset

    def recall(self, name: str) -> bool:
        preset = next((p for p in self.presets if p.name == name), None)
        frame = self.frames()
        if preset is None or frame is None:
            return False
        seconds = float(self.crossfade.value())
        for event in mood_events(preset, {p.id for p in frame.people}, seconds):
            self.send(event)
        cam = self.camera()
        view = {k: float(getattr(cam, k)) for k in CAMERA}
        goal = targets(preset, view)
        start = {path: value for path in goal
                 if (value := scene_number(frame.scene, path)) is not None}  # fmt: skip
        # The camera starts from what is seen now (the mouse's orbit included), not from
        # the scene's [camera], so the recall does not jump.
        start.update({f"camera.{k}": v for k, v in view.items()})
        self._fade = (time.monotonic(), seconds, start, goal)
        self._tick()
        self._timer.start(round(STEP_S * 1000))
        return True

    @property
    def fading(self) -> bool:
        return self._fade is not None

    def _tick(self) -> None:
        if self._fade is None:
            return
        t0, seconds, start, goal = self._fade
        f = 1.0 if seconds <= 0 else (time.monotonic() - t0) / seconds
        for event in number_events(start, goal, f):
            self.send(event)
        if f >= 1.0:
            self._fade = None
            self._timer.stop()

    def recall_index(self, k: int) -> bool:
        """Recall the k-th preset of the list (Ctrl+1 is the first)."""
        return k < len(self.presets) and self.recall(self.presets[k].name)

    def add_cue(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.cues.append(item.text())
            self._save()
            self._fill()

    def next_cue(self) -> None:
        if not self.cues:
            return
        self.cue_index = (self.cue_index + 1) % len(self.cues)
        self.recall(self.cues[self.cue_index])
        self._fill()
