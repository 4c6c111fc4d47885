"""The scene's timeline as input events, each due at a fixed step."""

from __future__ import annotations

import math

from kellan.dreamscape.inputs import (
    PLUTCHIK_ORDER,
    InputEvent,
    Join,
    Leave,
    ProtocolSwitch,
    Rift,
    SetEmotion,
)
from kellan.scene.models import (
    EmotionEvent,
    Event,
    JoinEvent,
    LeaveEvent,
    ProtocolEvent,
    RiftEvent,
    Scene,
)


def step_of(seconds: float, step_hz: float) -> int:
    """The first step at or after `seconds` (what the core's time reaches then)."""
    return max(0, math.ceil(seconds * step_hz - 1e-9))


def input_of(event: Event) -> InputEvent:
    """A scene event as the input event that carries it out."""
    if isinstance(event, RiftEvent):
        return Rift(event.strength, event.rise, event.heal, event.width, event.normal)
    if isinstance(event, ProtocolEvent):
        return ProtocolSwitch(event.enabled)
    if isinstance(event, EmotionEvent):
        if event.plutchik is not None:
            values = tuple(getattr(event.plutchik, name) for name in PLUTCHIK_ORDER)
            return SetEmotion(event.participant, plutchik=values, ramp=event.ramp)
        e = event.emotion
        assert e is not None
        return SetEmotion(event.participant, pad=(e.pleasure, e.arousal, e.dominance),
                          ramp=event.ramp)  # fmt: skip
    if isinstance(event, JoinEvent):
        e = event.emotion
        return Join(event.participant, event.name, event.hue,
                    (e.pleasure, e.arousal, e.dominance), event.share)  # fmt: skip
    if isinstance(event, LeaveEvent):
        return Leave(event.participant, event.fade)
    raise TypeError(f"not a scene event: {event!r}")


class Timeline:
    """The scene's events in order of their steps (ties keep the file's order)."""

    def __init__(self, scene: Scene) -> None:
        hz = scene.dynamics.step_hz
        order = sorted(range(len(scene.events)), key=lambda k: (scene.events[k].at, k))
        self.items: list[tuple[int, InputEvent]] = [
            (step_of(scene.events[k].at, hz), input_of(scene.events[k])) for k in order
        ]
        self._next = 0

    def due(self, step: int) -> list[InputEvent]:
        """The events due at or before `step` that have not been taken yet."""
        out = []
        while self._next < len(self.items) and self.items[self._next][0] <= step:
            out.append(self.items[self._next][1])
            self._next += 1
        return out

    def skip_to(self, step: int) -> None:
        """Drop everything before `step` (a show resumed from a later point)."""
        while self._next < len(self.items) and self.items[self._next][0] < step:
            self._next += 1
