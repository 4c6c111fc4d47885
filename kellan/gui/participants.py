"""The participants dock: one circumplex pad per person, live.

Each card shows a person's identity colour and name, a pad on Russell's circumplex
(pleasure across, arousal up, with the eight circumplex words around it) and a dominance
slider. Dragging the pad sends the new mood through the input path, like any other
source; moods that arrive by OSC, MIDI or the timeline move the pads too. The filled dot
is where the input points; the ring is the mood the particles feel now, gliding after it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PyQt6.QtCore import QPointF, QRectF, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PyQt6.QtWidgets import (
    QDockWidget,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from kellan.dreamscape import ID_RULE, Dreamscape, valid_id
from kellan.dreamscape.frame import Frame
from kellan.dreamscape.inputs import InputError, Join, Leave, SetEmotion

# The eight circumplex regions, counter-clockwise from pure pleasure (0°).
CIRCUMPLEX_WORDS = ("happy", "excited", "alert", "tense", "upset", "sad", "tired", "calm")
CARD_WIDTH = 140
# Drags send at most this often: a pad is an instrument, not a flood.
SEND_EVERY_S = 1.0 / 30.0


def identity_colour(hue: float) -> QColor:
    return QColor.fromHsvF((hue % 360.0) / 360.0, 0.75, 0.95)


class CircumplexPad(QWidget):
    """Drag a point in the pleasure/arousal plane."""

    moved = pyqtSignal(float, float)  # pleasure, arousal

    def __init__(self, parent: QWidget | None = None, size: int = 124) -> None:
        super().__init__(parent)
        self.setFixedSize(size, size)
        self.target = (0.0, 0.0)
        self.current = (0.0, 0.0)
        self.colour = QColor(200, 200, 220)
        self.dragging = False
        self._last_sent = 0.0
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip("Drag: pleasure (left-right), arousal (down-up)")

    def _square(self) -> QRectF:
        m = 14.0
        return QRectF(m, m, self.width() - 2 * m, self.height() - 2 * m)

    def to_widget(self, pleasure: float, arousal: float) -> QPointF:
        r = self._square()
        return QPointF(r.center().x() + pleasure * r.width() / 2,
                       r.center().y() - arousal * r.height() / 2)  # fmt: skip

    def to_pad(self, x: float, y: float) -> tuple[float, float]:
        r = self._square()
        p = (x - r.center().x()) / (r.width() / 2)
        a = -(y - r.center().y()) / (r.height() / 2)
        return max(-1.0, min(1.0, p)), max(-1.0, min(1.0, a))

    def set_state(self, target: tuple[float, float], current: tuple[float, float]) -> None:
        if not self.dragging:
            self.target = target
        self.current = current
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self._square()
        p.fillRect(self.rect(), QColor(18, 18, 26))
        p.setPen(QPen(QColor(70, 70, 90), 1))
        p.drawEllipse(r)
        p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()))
        p.drawLine(QPointF(r.center().x(), r.top()), QPointF(r.center().x(), r.bottom()))
        font = QFont(self.font())
        font.setPointSizeF(6.5)
        p.setFont(font)
        p.setPen(QColor(150, 150, 175))
        for k, word in enumerate(CIRCUMPLEX_WORDS):
            ang = math.radians(45.0 * k)
            c = QPointF(r.center().x() + math.cos(ang) * (r.width() / 2 + 2),
                        r.center().y() - math.sin(ang) * (r.height() / 2 + 2))  # fmt: skip
            # Kept inside the pad: "upset" and "happy" sit on its left and right edges.
            x = min(max(c.x() - 22, 0.0), self.width() - 44.0)
            box = QRectF(x, c.y() - 6, 44, 12)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, word)
        now = self.to_widget(*self.current)
        p.setPen(QPen(self.colour, 1.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(now, 7.0, 7.0)
        aim = self.to_widget(*self.target)
        p.setPen(QPen(QColor(255, 255, 255), 1))
        p.setBrush(self.colour)
        p.drawEllipse(aim, 4.5, 4.5)
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.dragging = True
            self._drag_to(event.position(), force=True)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.dragging:
            self._drag_to(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.dragging:
            self._drag_to(event.position(), force=True)
            self.dragging = False

    def _drag_to(self, pos: QPointF, force: bool = False) -> None:
        self.target = self.to_pad(pos.x(), pos.y())
        self.update()
        now = time.monotonic()
        if force or now - self._last_sent >= SEND_EVERY_S:
            self._last_sent = now
            self.moved.emit(*self.target)


class ParticipantCard(QFrame):
    """One person: colour, name, pad, dominance, leave."""

    def __init__(self, dock: ParticipantsDock, participant_id: str) -> None:
        super().__init__()
        self.dock = dock
        self.participant_id = participant_id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"participant-{participant_id}")
        self.setFixedWidth(CARD_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        head = QHBoxLayout()
        self.swatch = QLabel()
        self.swatch.setFixedSize(12, 12)
        self.name = QLabel(participant_id)
        self.name.setToolTip(participant_id)
        self.leave = QPushButton("×")
        self.leave.setFixedWidth(22)
        self.leave.setToolTip(f"{participant_id} leaves (their particles fade to the commons)")
        self.leave.clicked.connect(lambda: dock.send(Leave(participant_id)))
        head.addWidget(self.swatch)
        head.addWidget(self.name, 1)
        head.addWidget(self.leave)
        layout.addLayout(head)
        self.pad = CircumplexPad()
        self.pad.moved.connect(self._pad_moved)
        layout.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignHCenter)
        self.dominance = QSlider(Qt.Orientation.Horizontal)
        self.dominance.setRange(-100, 100)
        self.dominance.setToolTip("Dominance: yielding (left) to in control (right)")
        self.dominance.sliderReleased.connect(self._dominance_moved)
        self.dominance.valueChanged.connect(self._dominance_dragged)
        layout.addWidget(self.dominance)

    def _pad_moved(self, pleasure: float, arousal: float) -> None:
        self.dock.send(SetEmotion(self.participant_id, pad=(pleasure, arousal, None)))

    def _dominance_dragged(self, value: int) -> None:
        if self.dominance.isSliderDown():
            return  # sent on release (or by the keyboard below), not 200 times a drag
        self._dominance_moved()

    def _dominance_moved(self) -> None:
        value = self.dominance.value() / 100.0
        self.dock.send(SetEmotion(self.participant_id, pad=(None, None, value)))

    def show_state(self, name: str, hue: float, target: tuple[float, float, float],
                   current: tuple[float, float, float]) -> None:  # fmt: skip
        colour = identity_colour(hue)
        self.swatch.setStyleSheet(f"background: {colour.name()}; border-radius: 6px;")
        self.name.setText(name)
        self.pad.colour = colour
        self.pad.set_state((target[0], target[1]), (current[0], current[1]))
        if not self.dominance.isSliderDown():
            self.dominance.blockSignals(True)
            self.dominance.setValue(round(target[2] * 100))
            self.dominance.blockSignals(False)


class ParticipantsDock(QDockWidget):
    """Every participant's card, and a field to let someone new join."""

    COLUMNS = 2

    def __init__(self, dreamscape: Dreamscape, frames: Callable[[], Frame | None],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__("Participants", parent)
        self.setObjectName("participants")
        self.ds = dreamscape
        self.frames = frames
        self.cards: dict[str, ParticipantCard] = {}
        body = QWidget()
        outer = QVBoxLayout(body)
        join_row = QHBoxLayout()
        self.join_id = QLineEdit()
        self.join_id.setPlaceholderText("id of someone new")
        self.join_id.returnPressed.connect(self.join_clicked)
        self.join_button = QPushButton("Join")
        self.join_button.clicked.connect(self.join_clicked)
        join_row.addWidget(self.join_id, 1)
        join_row.addWidget(self.join_button)
        outer.addLayout(join_row)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.grid_host)
        # Two columns of cards and the scroll bar, whatever the window's width.
        body.setMinimumWidth(self.COLUMNS * (CARD_WIDTH + 6) + 40)
        outer.addWidget(scroll, 1)
        self.setWidget(body)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(100)
        self.refresh()

    def set_dreamscape(self, dreamscape: Dreamscape) -> None:
        self.ds = dreamscape
        for card in self.cards.values():
            card.deleteLater()
        self.cards.clear()
        self.refresh()

    def send(self, event: object) -> None:
        self.ds.submit("gui", event)  # type: ignore[arg-type]

    def join_clicked(self) -> None:
        pid = self.join_id.text().strip().lower()
        # The show checks these only at its next step, where a refusal is just counted:
        # say why here, and keep the text for the performer to correct.
        if not valid_id(pid):
            self.message.setText(f"{pid[:40]!r} is not an id: {ID_RULE}")
            return
        if pid in self.cards:
            self.message.setText(f"{pid!r} is already here")
            return
        try:
            event = Join(pid)
        except InputError as exc:
            self.message.setText(str(exc))
            return
        self.send(event)
        self.join_id.clear()
        self.message.setText("")

    def refresh(self) -> None:
        """Match the cards to who is present and show their moods (from the latest
        frame: the simulation itself belongs to its own thread)."""
        frame = self.frames()
        if frame is None:
            return
        people = frame.people
        ids = [p.id for p in people]
        gone = [pid for pid in self.cards if pid not in ids]
        for pid in gone:
            self.cards.pop(pid).deleteLater()
        added = False
        for person in people:
            if person.id not in self.cards:
                self.cards[person.id] = ParticipantCard(self, person.id)
                added = True
        if gone or added:
            for k, pid in enumerate(ids):
                self.grid.addWidget(self.cards[pid], k // self.COLUMNS, k % self.COLUMNS)
                self.cards[pid].show()
        for person in people:
            self.cards[person.id].show_state(person.name, person.hue, person.target,
                                             person.mood)  # fmt: skip
