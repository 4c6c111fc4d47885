"""Typed input events: the one language every source speaks.

OSC, MIDI, the window's controls, the scene's timeline and a replay all produce these
events; the dreamscape applies them at a step boundary and nothing else changes the
show. Each event turns into a JSON object and back (`to_json` / `from_json`), which is
what a session's `inputs.jsonl` holds, one per line, with the step it took effect at.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Literal

from kellan.core.emotion import PLUTCHIK_ANGLES_DEG

PLUTCHIK_ORDER = ("joy", "trust", "fear", "surprise", "sadness", "disgust", "anger",
                  "anticipation")  # fmt: skip
assert set(PLUTCHIK_ORDER) == set(PLUTCHIK_ANGLES_DEG)
SOURCES = ("osc", "midi", "gui", "timeline", "replay")
Source = Literal["osc", "midi", "gui", "timeline", "replay"]
Pad = tuple[float | None, float | None, float | None]


class InputError(ValueError):
    """An input event that is malformed or out of range; `kind` names the reason for the
    rejection counts ("out_of_range", "not_finite", "unknown_participant", ...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _finite(value: float, what: str) -> float:
    v = float(value)
    if not math.isfinite(v):
        raise InputError("not_finite", f"{what} must be finite, got {value!r}")
    return v


def _in_range(value: float, lo: float, hi: float, what: str) -> float:
    v = _finite(value, what)
    if not lo <= v <= hi:
        raise InputError("out_of_range", f"{what} must be {lo:g}..{hi:g}, got {v:g}")
    return v


@dataclass(frozen=True)
class SetEmotion:
    """A participant's mood: PAD axes (None keeps an axis) or Plutchik's eight primaries,
    reached over `ramp` seconds. `participant` may be "*" for everyone present."""

    participant: str
    pad: Pad | None = None
    plutchik: tuple[float, ...] | None = None
    ramp: float = 0.0
    type: Literal["emotion"] = "emotion"

    def __post_init__(self) -> None:
        if (self.pad is None) == (self.plutchik is None):
            raise InputError("bad_arguments", "an emotion needs either pad or plutchik")
        if self.pad is not None:
            if len(self.pad) != 3:
                raise InputError("bad_arguments", "pad needs 3 values")
            for v, axis in zip(self.pad, ("pleasure", "arousal", "dominance"), strict=True):
                if v is not None:
                    _in_range(v, -1.0, 1.0, axis)
        if self.plutchik is not None:
            if len(self.plutchik) != 8:
                raise InputError("bad_arguments", "plutchik needs 8 values")
            for v, name in zip(self.plutchik, PLUTCHIK_ORDER, strict=True):
                _in_range(v, 0.0, 1.0, name)
        _in_range(self.ramp, 0.0, 600.0, "ramp")


@dataclass(frozen=True)
class Join:
    """Someone joins by id: hue and name are chosen for them when not given."""

    participant: str
    name: str | None = None
    hue: float | None = None
    pad: tuple[float, float, float] = (0.0, 0.0, 0.0)
    share: float = 1.0
    type: Literal["join"] = "join"

    def __post_init__(self) -> None:
        if self.hue is not None:
            _in_range(self.hue, 0.0, 359.999999, "hue")
        for v, axis in zip(self.pad, ("pleasure", "arousal", "dominance"), strict=True):
            _in_range(v, -1.0, 1.0, axis)
        _in_range(self.share, 1e-6, 1000.0, "share")
        if self.name is not None and not 1 <= len(self.name) <= 80:
            raise InputError("out_of_range", "a name is 1..80 characters")


@dataclass(frozen=True)
class Leave:
    """Someone leaves: their particles fade back into the commons."""

    participant: str
    fade: float | None = None
    type: Literal["leave"] = "leave"

    def __post_init__(self) -> None:
        if self.fade is not None:
            _in_range(self.fade, 1e-3, 120.0, "fade")


@dataclass(frozen=True)
class Rift:
    """A rift opens now."""

    strength: float = 2.5
    rise: float = 0.4
    heal: float = 6.0
    width: float = 0.6
    normal: tuple[float, float, float] | None = None
    type: Literal["rift"] = "rift"

    def __post_init__(self) -> None:
        _in_range(self.strength, 0.0, 50.0, "strength")
        _in_range(self.rise, 1e-3, 10.0, "rise")
        _in_range(self.heal, 1e-3, 120.0, "heal")
        _in_range(self.width, 1e-3, 20.0, "width")
        if self.normal is not None:
            vals = [_finite(v, "normal") for v in self.normal]
            if len(vals) != 3 or max(abs(v) for v in vals) == 0.0:
                raise InputError("out_of_range", "a rift normal is 3 values, not all zero")


@dataclass(frozen=True)
class ProtocolSwitch:
    """Jasper's protocol switches on or off."""

    enabled: bool
    type: Literal["protocol"] = "protocol"


@dataclass(frozen=True)
class SetParam:
    """A scene field by its dotted path (`dynamics.unity`, `participants.rhea.hue`), with
    a value validated as the scene file's would be."""

    path: str
    value: float | int | bool | str
    type: Literal["param"] = "param"

    def __post_init__(self) -> None:
        if not 1 <= len(self.path) <= 200:
            raise InputError("bad_arguments", "a parameter path is 1..200 characters")
        if isinstance(self.value, float):
            _finite(self.value, self.path)


@dataclass(frozen=True)
class Transport:
    """play, pause, step (one step while paused) or speed (a factor of real time)."""

    action: Literal["play", "pause", "step", "speed"]
    value: float | None = None
    type: Literal["transport"] = "transport"

    def __post_init__(self) -> None:
        if self.action not in ("play", "pause", "step", "speed"):
            raise InputError("bad_arguments", f"unknown transport action {self.action!r}")
        if self.action == "speed":
            if self.value is None:
                raise InputError("bad_arguments", "speed needs a value")
            _in_range(self.value, 0.05, 8.0, "speed")


InputEvent = SetEmotion | Join | Leave | Rift | ProtocolSwitch | SetParam | Transport
_TYPES: dict[str, type] = {
    "emotion": SetEmotion, "join": Join, "leave": Leave, "rift": Rift,
    "protocol": ProtocolSwitch, "param": SetParam, "transport": Transport,
}  # fmt: skip


@dataclass(frozen=True)
class Applied:
    """An input as it took effect: at this step, from this source."""

    step: int
    source: str
    event: InputEvent

    def to_json(self) -> dict[str, Any]:
        return {"step": self.step, "source": self.source, **to_json(self.event)}


def to_json(event: InputEvent) -> dict[str, Any]:
    data = asdict(event)
    return {"type": data.pop("type"), **{k: v for k, v in data.items() if v is not None}}


def from_json(data: dict[str, Any]) -> InputEvent:
    """An event from its JSON object; InputError when it is not one."""
    if not isinstance(data, dict):
        raise InputError("bad_arguments", "an input event is a JSON object")
    kind = data.get("type")
    cls = _TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise InputError("bad_arguments", f"unknown input type {str(kind)[:40]!r}")
    fields = {k: v for k, v in data.items() if k not in ("type", "step", "source")}
    for key in ("pad", "plutchik", "normal"):
        if isinstance(fields.get(key), list):
            fields[key] = tuple(fields[key])
    try:
        return cls(**fields)
    except TypeError as exc:
        raise InputError("bad_arguments", f"{kind}: {exc}") from None
