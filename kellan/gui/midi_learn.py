"""MIDI learn: move a control on the device, then pick the parameter it should drive."""

from __future__ import annotations

from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kellan.dreamscape.frame import Frame
from kellan.dreamscape.params import value_range
from kellan.live.midi import MidiControl

LIVE_FIELDS = (
    "dynamics.unity", "dynamics.turbulence", "dynamics.cohesion", "dynamics.damping",
    "dynamics.separation", "dynamics.alignment", "dynamics.pulse", "protocol.target",
    "protocol.gain", "live.smoothing",
)  # fmt: skip


def bindable(frame: Frame | None) -> list[str]:
    """Every parameter a control can drive now: the live dynamics, the protocol, each
    participant's pleasure, arousal and dominance, each sculpture's spin."""
    names = list(LIVE_FIELDS)
    if frame is not None:
        for p in frame.people:
            names += [f"participants.{p.id}.{axis}" for axis in ("pleasure", "arousal",
                                                                  "dominance")]  # fmt: skip
        names += [f"sculptures.{s.id}.spin" for s in frame.scene.sculptures]
    return [n for n in names if value_range(n) is not None]


class MidiLearnDialog(QDialog):
    def __init__(self, midi: MidiControl, frame: Frame | None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("MIDI learn")
        self.midi = midi
        layout = QVBoxLayout(self)
        self.info = QLabel()
        layout.addWidget(self.info)
        self.target = QComboBox()
        self.target.addItems(bindable(frame))
        layout.addWidget(self.target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        last = self.midi.last_cc
        self.info.setText(
            f"{self.midi.status}\\nLast control moved: "
            + (f"channel {last[0]}, CC {last[1]}" if last else "none yet: move one")
        )
