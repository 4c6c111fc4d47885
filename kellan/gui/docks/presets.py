"""Presets and cues: snapshot the live state into a named preset, recall it with a
crossfade, rename or delete it, and build, reorder and step through a cue list (the logic
is kellan/live/presets.py). Every edit is saved at once, atomically, beside the scene."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import (
    QDockWidget,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
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
        save = QPushButton("Snapshot…")
        save.clicked.connect(self.snapshot_clicked)
        recall = QPushButton("Recall")
        recall.clicked.connect(lambda: self.list.currentItem() and self.recall(
            self.list.currentItem().text()))  # fmt: skip
        self.rename_button = QPushButton("Rename…")
        self.rename_button.clicked.connect(self.rename_clicked)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the preset (and its cues)")
        self.delete_button.clicked.connect(self.delete_clicked)
        edit = QGridLayout()
        edit.addWidget(save, 0, 0)
        edit.addWidget(recall, 0, 1)
        edit.addWidget(self.rename_button, 1, 0)
        edit.addWidget(self.delete_button, 1, 1)
        layout.addLayout(edit)
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
        cue_row = QGridLayout()
        self.add_cue_button = QPushButton("Add cue")
        self.add_cue_button.setToolTip("Add the selected preset to the end of the cue list")
        self.add_cue_button.clicked.connect(self.add_cue)
        self.remove_cue_button = QPushButton("Remove cue")
        self.remove_cue_button.clicked.connect(self.remove_cue)
        self.up_button = QPushButton("Move up")
        self.up_button.clicked.connect(lambda: self.move_cue(-1))
        self.down_button = QPushButton("Move down")
        self.down_button.clicked.connect(lambda: self.move_cue(1))
        self.next_button = QPushButton("Next cue")
        self.next_button.setToolTip("Recall the next preset of the cue list (N)")
        self.next_button.clicked.connect(self.next_cue)
        cue_row.addWidget(self.add_cue_button, 0, 0)
        cue_row.addWidget(self.remove_cue_button, 0, 1)
        cue_row.addWidget(self.up_button, 1, 0)
        cue_row.addWidget(self.down_button, 1, 1)
        cue_row.addWidget(self.next_button, 2, 0, 1, 2)
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

    def _fill(self, preset_row: int | None = None, cue_row: int | None = None) -> None:
        """Show the presets and cues; the rows given (or else the ones selected now) stay
        selected, so that an edit can be repeated (Move up, Move up, ...)."""
        if preset_row is None:
            preset_row = self.list.currentRow()
        if cue_row is None:
            cue_row = self.cue_list.currentRow()
        self.list.clear()
        self.list.addItems([p.name for p in self.presets])
        self.cue_list.clear()
        for k, name in enumerate(self.cues):
            self.cue_list.addItem(("▶ " if k == self.cue_index else "   ") + name)
        if 0 <= preset_row < self.list.count():
            self.list.setCurrentRow(preset_row)
        if 0 <= cue_row < self.cue_list.count():
            self.cue_list.setCurrentRow(cue_row)

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

    def remove_cue(self) -> None:
        """Take the selected cue out of the list (its preset stays)."""
        k = self.cue_list.currentRow()
        if not 0 <= k < len(self.cues):
            return
        del self.cues[k]
        # The cue played last keeps its mark; removing it, or one before it, moves the
        # mark back one so that Next cue plays what followed.
        if k <= self.cue_index:
            self.cue_index -= 1
        self._save()
        self._fill(cue_row=min(k, len(self.cues) - 1))

    def move_cue(self, step: int) -> None:
        """Move the selected cue `step` places (-1 up, +1 down)."""
        k = self.cue_list.currentRow()
        j = k + step
        if not (0 <= k < len(self.cues) and 0 <= j < len(self.cues)):
            return
        self.cues[k], self.cues[j] = self.cues[j], self.cues[k]
        # The mark of the cue played last travels with it.
        if self.cue_index in (k, j):
            self.cue_index = j if self.cue_index == k else k
        self._save()
        self._fill(cue_row=j)

    def rename_clicked(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        name, ok = QInputDialog.getText(self, "Rename preset", "New name:", text=item.text())
        if ok and name.strip():
            self.rename(item.text(), name.strip())

    def rename(self, old: str, new: str) -> bool:
        """Rename a preset, and its cues with it; False (and said) if the name is taken."""
        if new == old:
            return True
        if any(p.name == new for p in self.presets):
            self.report("Preset not renamed", f"There is already a preset called {new!r}.")
            return False
        for p in self.presets:
            if p.name == old:
                p.name = new
        self.cues = [new if c == old else c for c in self.cues]
        self._save()
        self._fill()
        return True

    def delete_clicked(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        # A preset is the artist's work and there is no undo: ask first.
        question = f"Delete the preset {item.text()!r} and its cues?"
        answer = QMessageBox.question(self, "Delete preset", question)
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(item.text())

    def delete(self, name: str) -> None:
        """Delete a preset and the cues that recall it (they could recall nothing)."""
        played = self.cues[self.cue_index] if 0 <= self.cue_index < len(self.cues) else None
        before = self.cues[: max(self.cue_index, 0)]
        self.presets = [p for p in self.presets if p.name != name]
        self.cues = [c for c in self.cues if c != name]
        # Keep the mark on the cue played last, or just before where it was.
        if played is None:
            self.cue_index = -1
        else:
            self.cue_index = sum(1 for c in before if c != name) - (played == name)
        self._save()
        self._fill(preset_row=min(self.list.currentRow(), len(self.presets) - 1))

    def next_cue(self) -> None:
        if not self.cues:
            return
        self.cue_index = (self.cue_index + 1) % len(self.cues)
        self.recall(self.cues[self.cue_index])
        self._fill()
