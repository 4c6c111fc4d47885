"""Stats: how the show is keeping up, and what it is made of."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtGui import QPainter, QPaintEvent
from PyQt6.QtWidgets import QDockWidget, QFormLayout, QLabel, QSizePolicy, QWidget

from kellan.dreamscape.frame import Frame
from kellan.gui.docks import scrolling

if TYPE_CHECKING:
    from kellan.gui.main_window import MainWindow

ROWS = ("fps", "frame time", "real time", "particles", "participants", "energy",
        "gini: calm", "gini: attention", "gini: particles", "polarisation", "empathy",
        "inputs", "rejected", "render scale", "GL renderer")  # fmt: skip
# Rhea's measures (docs/poetry.md): the Gini of each kind of share, 0 fair .. (n-1)/n.
MEASURE_ROWS = {"gini: calm": "gini_calm", "gini: attention": "gini_attention",
                "gini: particles": "gini_particles", "polarisation": "polarisation",
                "empathy": "empathy"}  # fmt: skip


class ValueLabel(QLabel):
    """A value that never widens its dock: a long one (the rejections piling up, a long GL
    renderer name) is cut short with an ellipsis, whole in its tooltip. A dock that grew
    with its text shrank the canvas mid-show."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                              self.contentsRect().width())  # fmt: skip
        painter.drawText(self.contentsRect(), int(self.alignment()), shown)


class StatsDock(QDockWidget):
    def __init__(self, read: Callable[[], dict[str, str]], parent: QWidget | None = None) -> None:
        super().__init__("Stats", parent)
        self.setObjectName("stats")
        self.read = read
        body = QWidget()
        form = QFormLayout(body)
        self.values: dict[str, QLabel] = {}
        for name in ROWS:
            label = ValueLabel("–")
            self.values[name] = label
            form.addRow(name, label)
        self.setWidget(scrolling(body, fixed_width=True))
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(500)

    def refresh(self) -> None:
        for name, text in self.read().items():
            if name in self.values:
                self.values[name].setText(text)


def stats_of(frame: Frame | None, fps: float, realtime: float, playing: bool, scale: float,
             renderer: str) -> dict[str, str]:  # fmt: skip
    out = {
        "fps": f"{fps:.1f}",
        "frame time": f"{1000.0 / fps:.1f} ms" if fps > 0 else "–",
        "real time": f"{realtime:.2f}×" if playing else "paused",
        "render scale": f"{scale:.2f}",
        "GL renderer": renderer,
    }
    if frame is not None:
        out.update({
            "particles": f"{frame.n:,}",
            "participants": str(len(frame.people)),
            "energy": f"{frame.energy:.3f}",
            "inputs": str(frame.applied),
            "rejected": ", ".join(f"{k} {v}" for k, v in frame.rejected.items()) or "none",
        })  # fmt: skip
        scalars = frame.measures.scalars() if frame.measures is not None else {}
        for row, name in MEASURE_ROWS.items():
            out[row] = f"{scalars[name]:.3f}" if name in scalars else "–"
    return out


def window_stats(win: MainWindow) -> dict[str, str]:
    """The stats of the canvas the audience sees (the output's while performing)."""
    canvas = win.active
    r = canvas.renderer
    show = win.show_
    realtime = show.clock.realtime() if show is not None else 0.0
    gl = f"{r.gl_renderer} ({r.mode})" if r is not None else "–"
    return stats_of(canvas.last_frame, canvas.fps, realtime, win.playing,
                    r.scale.value if r is not None else 1.0, gl)  # fmt: skip
