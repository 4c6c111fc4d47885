"""MIDI control changes onto parameters, with a learn mode (mido + python-rtmidi).

Both libraries are the optional extra `kellan[midi]`. Without them, or without a MIDI
device, MIDI is simply off and `status` says why: a quiet, stated condition, not an error.

A mapping (`[[live.midi]]` in the scene) binds a controller number (and optionally a
channel) to a parameter path; CC 0..127 spans the mapping's min..max, by default the
parameter's own range. Learn mode: arm it, move a control, then click a parameter (or
name one): the next control change binds to it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kellan.dreamscape import Dreamscape
from kellan.dreamscape.inputs import InputError, SetParam
from kellan.dreamscape.params import value_range
from kellan.scene.models import MidiMap

log = logging.getLogger("kellan.midi")


@dataclass(frozen=True)
class Binding:
    cc: int
    channel: int | None  # 1..16, None for any
    target: str
    lo: float
    hi: float

    def value(self, cc_value: int) -> float:
        return self.lo + (self.hi - self.lo) * max(0, min(127, cc_value)) / 127.0


def binding_of(mapping: MidiMap) -> Binding:
    """A scene mapping with its range filled in; InputError if the target has none."""
    rng = value_range(mapping.target)
    lo = mapping.min if mapping.min is not None else (rng[0] if rng else None)
    hi = mapping.max if mapping.max is not None else (rng[1] if rng else None)
    if lo is None or hi is None:
        raise InputError("unknown_parameter",
                         f"{mapping.target}: not a numeric parameter with a range; give min "
                         "and max")  # fmt: skip
    return Binding(mapping.cc, mapping.channel, mapping.target, lo, hi)


class MidiControl:
    """Turns control-change messages into SetParam inputs for a Dreamscape."""

    def __init__(self, dreamscape: Dreamscape, mappings: tuple[MidiMap, ...] = ()) -> None:
        self.ds = dreamscape
        self.bindings: list[Binding] = []
        self.problems: list[str] = []
        for m in mappings:
            try:
                self.bindings.append(binding_of(m))
            except InputError as exc:
                self.problems.append(str(exc))
        self.last_cc: tuple[int, int] | None = None  # (channel 1..16, cc) of the last move
        self._learn: Callable[[Binding], None] | None = None
        self._lock = threading.Lock()
        self._ports: list[Any] = []
        self.status = "MIDI off"

    # -- messages ------------------------------------------------------------------------
    def handle(self, message: Any) -> int:
        """One mido message; returns how many inputs it submitted."""
        if getattr(message, "type", None) != "control_change":
            return 0
        channel = int(message.channel) + 1
        cc, value = int(message.control), int(message.value)
        with self._lock:
            self.last_cc = (channel, cc)
        sent = 0
        for b in self.bindings:
            matches = b.cc == cc and (b.channel is None or b.channel == channel)
            if matches and self.ds.submit("midi", SetParam(b.target, round(b.value(value), 6))):
                sent += 1
        return sent

    # -- learn mode ----------------------------------------------------------------------
    def learn(self, target: str, channel_specific: bool = False) -> Binding:
        """Bind the control moved last to `target` (the "move a control, then click a
        parameter" gesture); InputError when no control has moved or the target has no
        range."""
        with self._lock:
            last = self.last_cc
        if last is None:
            raise InputError("bad_arguments", "move a MIDI control first")
        channel, cc = last
        mapping = MidiMap(cc=cc, channel=channel if channel_specific else None, target=target)
        binding = binding_of(mapping)
        self.bindings = [b for b in self.bindings if (b.cc, b.channel) != (cc, binding.channel)]
        self.bindings.append(binding)
        return binding

    def mappings(self) -> tuple[MidiMap, ...]:
        """The bindings as scene mappings, to save with the scene."""
        return tuple(MidiMap(cc=b.cc, channel=b.channel, target=b.target, min=b.lo, max=b.hi)
                     for b in self.bindings)  # fmt: skip

    # -- devices -------------------------------------------------------------------------
    def open_all(self) -> str:
        """Listen to every MIDI input port; returns (and keeps) a one-line status."""
        try:
            import mido
        except ImportError:
            self.status = "MIDI off: install the extra kellan[midi] (mido, python-rtmidi)"
            return self.status
        try:
            names = mido.get_input_names()
        except Exception as exc:
            self.status = f"MIDI off: no MIDI backend ({type(exc).__name__})"
            return self.status
        if not names:
            self.status = "MIDI off: no MIDI input device"
            return self.status
        for name in names:
            try:
                self._ports.append(mido.open_input(name, callback=self.handle))
            except Exception as exc:
                log.warning("MIDI: cannot open %s: %s", name, exc)
        self.status = f"MIDI: {len(self._ports)} input(s): {', '.join(names)}"
        return self.status

    def close(self) -> None:
        for port in self._ports:
            with contextlib.suppress(Exception):  # closing is best effort
                port.close()
        self._ports.clear()
