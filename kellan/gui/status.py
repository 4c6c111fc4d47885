"""The status bar: how the show keeps up, what is happening in it, and what listens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PyQt6.QtWidgets import QLabel

if TYPE_CHECKING:
    from kellan.gui.main_window import MainWindow


class StatusLine:
    def __init__(self, win: MainWindow) -> None:
        self.win = win
        self.events = QLabel()
        self.inputs = QLabel()
        self.fps = QLabel()
        self.realtime = QLabel()
        self.count = QLabel()
        self.clock = QLabel()
        self.recording = QLabel()
        self.recording.setStyleSheet("color: #ff6070; font-weight: bold;")
        for label in (self.recording, self.events, self.inputs, self.fps, self.realtime,
                      self.count, self.clock):  # fmt: skip
            win.statusBar().addPermanentWidget(label)

    def refresh(self) -> None:
        win = self.win
        canvas = win.active
        frame = canvas.last_frame
        show = win.show_
        self.fps.setText(f"{canvas.fps:5.1f} fps")
        if show is not None:
            rt = show.clock.realtime()
            self.realtime.setText("paused" if not win.playing else f"{rt:4.2f}× real time")
        self.count.setText(f"{canvas.scene.dynamics.particles:,} particles")
        rec = win.recorder
        self.recording.setText("● REC" if rec.recording else "")
        if frame is None:
            return
        self.clock.setText(f"t = {frame.time:6.1f} s")
        events = [f"rift {frame.rift.strength:.1f}"] if frame.rift and frame.rift.strength else []
        events += ["protocol on"] if frame.protocol_on else []
        self.events.setText("  ".join(events))
        inputs = []
        if show is not None and show.osc is not None:
            inputs.append(f"OSC :{show.osc.port}")
        if show is not None and show.midi is not None:
            # MIDI's state (or why it is off) was seen only in the MIDI-learn dialog.
            inputs.append(show.midi.status)
        if frame.rejected:
            total = sum(frame.rejected.values())
            inputs.append(f"{total} rejected")
            self.inputs.setToolTip("\n".join(f"{kind}: {n}" for kind, n in frame.rejected.items()))
        self.inputs.setText("  ".join(inputs))

    def add(self, note: str) -> None:
        """Say `note` in the status bar, after what it says now (a restart's own message
        stays readable)."""
        bar = self.win.statusBar()
        before = bar.currentMessage()
        bar.showMessage(f"{before}; {note}" if before else note[:1].upper() + note[1:], 15000)
