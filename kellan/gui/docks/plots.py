"""Plots of the last minute (pyqtgraph): the collective's pleasure and arousal, the
polarisation, the energy and the protocol's target."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QDockWidget, QHBoxLayout, QWidget

from kellan.dreamscape.frame import Frame

WINDOW_S = 60.0


class PlotsDock(QDockWidget):
    def __init__(self, frames: Callable[[], Frame | None], parent: QWidget | None = None) -> None:
        super().__init__("Plots", parent)
        self.setObjectName("plots")
        self.frames = frames
        pg.setConfigOptions(antialias=True, background=(20, 20, 26), foreground=(200, 200, 210))
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(2, 2, 2, 2)
        self.mood = pg.PlotWidget(title="collective mood")
        self.mood.setYRange(-1, 1)
        self.mood.addLegend(offset=(5, 5))
        self.pleasure = self.mood.plot(pen=pg.mkPen((240, 200, 90), width=2), name="pleasure")
        self.arousal = self.mood.plot(pen=pg.mkPen((230, 90, 160), width=2), name="arousal")
        self.polar = self.mood.plot(pen=pg.mkPen((150, 150, 255), width=2), name="polarisation")
        self.energy_plot = pg.PlotWidget(title="energy and the protocol's target")
        self.energy_plot.addLegend(offset=(5, 5))
        self.energy = self.energy_plot.plot(pen=pg.mkPen((120, 220, 200), width=2), name="energy")
        self.target = self.energy_plot.plot(pen=pg.mkPen((220, 220, 220), width=1,
                                                         style=pg.QtCore.Qt.PenStyle.DashLine),
                                            name="target (protocol on)")  # fmt: skip
        for w in (self.mood, self.energy_plot):
            w.setLabel("bottom", "seconds")
            layout.addWidget(w)
        self.setWidget(body)
        self.samples: deque[tuple[float, float, float, float, float, float]] = deque()
        self._last_step = -1
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(250)

    def clear(self) -> None:
        self.samples.clear()
        self._last_step = -1

    def refresh(self) -> None:
        frame = self.frames()
        if frame is None or frame.step == self._last_step:
            return
        self._last_step = frame.step
        c = frame.collective
        target = frame.scene.protocol.target if frame.protocol_on else float("nan")
        self.samples.append((frame.time, float(c.mean[0]), float(c.mean[1]),
                             float(c.polarisation), frame.energy, target))  # fmt: skip
        while self.samples and self.samples[0][0] < frame.time - WINDOW_S:
            self.samples.popleft()
        if not self.isVisible():
            return
        data = np.array(self.samples)
        t = data[:, 0]
        self.pleasure.setData(t, data[:, 1])
        self.arousal.setData(t, data[:, 2])
        self.polar.setData(t, data[:, 3])
        self.energy.setData(t, data[:, 4])
        self.target.setData(t, data[:, 5], connect="finite")
