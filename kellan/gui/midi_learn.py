"""MIDI learn: move a control on the device, then pick the parameter it should drive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kellan.dreamscape.frame import Frame
from kellan.dreamscape.inputs import InputError
from kellan.dreamscape.params import value_range
from kellan.live.midi import MidiControl
from kellan.scene import SceneError
from kellan.scene.edit import save_midi_mappings

if TYPE_CHECKING:
    from kellan.gui.main_window import MainWindow

LIVE_FIELDS = (
    "dynamics.unity", "dynamics.turbulence", "dynamics.cohesion", "dynamics.damping",
    "dynamics.separation", "dynamics.alignment", "dynamics.pulse", "protocol.target",
    "protocol.gain", "live.smoothing",
)  # fmt: skip
# The dialog says the control moved last this often (ms) while it is open.
REFRESH_MS = 100


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
        # The performer moves a control while the dialog is open: say which, as it happens.
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(REFRESH_MS)
        self.refresh()

    def refresh(self) -> None:
        last = self.midi.last_cc
        self.info.setText(
            f"{self.midi.status}\nLast control moved: "
            + (f"channel {last[0]}, CC {last[1]}" if last else "none yet: move one")
        )


def midi_learn(win: MainWindow) -> None:
    """Bind the control moved last to a parameter, chosen in a dialog."""
    show = win.show_
    if show is None or show.midi is None:
        return
    dialog = MidiLearnDialog(show.midi, win.latest_frame(), win)
    if not dialog.exec() or not dialog.target.currentText():
        return
    learn_midi(win, dialog.target.currentText())


def learn_midi(win: MainWindow, target: str) -> bool:
    """Bind the control moved last to `target` and save the mapping with the scene."""
    show = win.show_
    assert show is not None and show.midi is not None
    try:
        binding = show.midi.learn(target)
    except InputError as exc:
        win.show_error("MIDI learn", str(exc))
        return False
    message = f"CC {binding.cc} drives {target} ({binding.lo:g}..{binding.hi:g})"
    if win.scene_path is not None:
        try:
            save_midi_mappings(win.scene_path, show.midi.mappings())
            message += f"; saved in {win.scene_path.name}"
        except (OSError, SceneError) as exc:
            win.show_error("MIDI mapping not saved", str(exc))
    win.statusBar().showMessage(message, 8000)
    return True
