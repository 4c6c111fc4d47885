"""Transport: play, pause, step, speed, and the timeline's events against the show's
time."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from kellan.dreamscape.frame import Frame
from kellan.dreamscape.inputs import Transport
from kellan.scene.models import Scene

SPEEDS = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)


class TransportDock(QDockWidget):
    def __init__(self, send: Callable[[object], None], frames: Callable[[], Frame | None],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__("Transport", parent)
        self.setObjectName("transport")
        self.send = send
        self.frames = frames
        body = QWidget()
        layout = QVBoxLayout(body)
        row = QHBoxLayout()
        self.play = QPushButton("Pause")
        self.play.setCheckable(True)
        self.play.setChecked(True)
        self.play.toggled.connect(self._play)
        self.step = QPushButton("Step")
        self.step.setToolTip("One fixed step while paused")
        self.step.clicked.connect(lambda: self.send(Transport("step")))
        row.addWidget(self.play)
        row.addWidget(self.step)
        layout.addLayout(row)
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(0, len(SPEEDS) - 1)
        self.speed.setValue(SPEEDS.index(1.0))
        self.speed.valueChanged.connect(self._speed)
        self.speed_label = QLabel("1× real time")
        layout.addWidget(self.speed_label)
        layout.addWidget(self.speed)
        self.clock = QLabel("t = 0.0 s")
        layout.addWidget(self.clock)
        self.events = QListWidget()
        layout.addWidget(self.events, 1)
        self.setWidget(body)
        self._times: list[float] = []
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(200)

    def _play(self, playing: bool) -> None:
        self.play.setText("Pause" if playing else "Play")
        self.send(Transport("play" if playing else "pause"))

    def _speed(self, index: int) -> None:
        speed = SPEEDS[index]
        self.speed_label.setText(f"{speed:g}× real time")
        self.send(Transport("speed", speed))

    def nudge_speed(self, direction: int) -> None:
        self.speed.setValue(min(max(self.speed.value() + direction, 0), len(SPEEDS) - 1))

    def show_playing(self, playing: bool) -> None:
        """Reflect play/pause set elsewhere (the Space key, OSC) without sending it."""
        if self.play.isChecked() != playing:
            self.play.blockSignals(True)
            self.play.setChecked(playing)
            self.play.setText("Pause" if playing else "Play")
            self.play.blockSignals(False)

    def set_scene(self, scene: Scene) -> None:
        self.events.clear()
        self._times = []
        for e in sorted(scene.events, key=lambda e: e.at):
            who = getattr(e, "participant", "")
            QListWidgetItem(f"{e.at:7.1f} s   {e.kind} {who}".rstrip(), self.events)
            self._times.append(e.at)

    def refresh(self) -> None:
        frame = self.frames()
        if frame is None:
            return
        self.clock.setText(f"t = {frame.time:.1f} s   (step {frame.step})")
        for k, t in enumerate(self._times):
            item = self.events.item(k)
            if item is not None:
                font = item.font()
                font.setStrikeOut(t <= frame.time)
                item.setFont(font)
