"""What the poetry engine reads: one moment of the show, and what happened since the last.

A `Moment` is plain data (no simulation objects), so the engine can be fed by the live
app, by a replayed session or by a script, and tested by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kellan.core.emotion import collective
from kellan.core.measures import Measures
from kellan.poetry.grammar import EVENT_KINDS


@dataclass(frozen=True)
class Person:
    """A present participant: id (as in the scene), display name, PAD state, hue."""

    id: str
    name: str
    pad: tuple[float, float, float]
    hue: float


@dataclass(frozen=True)
class Happening:
    """An event since the last moment. `participant` is the id for join and leave;
    `enabled` tells a protocol switching on from one switching off."""

    kind: str
    participant: str | None = None
    enabled: bool = True

    def __post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {self.kind!r}; one of {', '.join(EVENT_KINDS)}")
        if self.kind in ("join", "leave") and not self.participant:
            raise ValueError(f"a {self.kind} event needs the participant's id")


@dataclass(frozen=True)
class Moment:
    """The show at one step. `participants` are the present ones, in the order of
    `measures.slots` (slot order); mean and spread are share-weighted PAD."""

    time: float  # show time, seconds
    step: int
    participants: tuple[Person, ...]
    mean: tuple[float, float, float]
    spread: tuple[float, float, float]
    polarisation: float
    measures: Measures
    events: tuple[Happening, ...] = ()

    def __post_init__(self) -> None:
        if len(self.participants) != len(self.measures.slots):
            raise ValueError(
                f"{len(self.participants)} participants but measures for "
                f"{len(self.measures.slots)} slots"
            )


def moment(
    time: float,
    step: int,
    participants: tuple[Person, ...],
    measures: Measures,
    events: tuple[Happening, ...] = (),
) -> Moment:
    """A Moment with its collective mean, spread and polarisation computed from the
    participants' PAD states, weighted by their entitlement (measures.entitlement)."""
    if not participants:
        zero = (0.0, 0.0, 0.0)
        return Moment(time, step, (), zero, zero, 0.0, measures, tuple(events))
    pad = np.array([p.pad for p in participants], dtype=np.float64)
    c = collective(pad, np.asarray(measures.entitlement, dtype=np.float64))
    m, s = c.mean, c.spread
    return Moment(
        time,
        step,
        tuple(participants),
        (float(m[0]), float(m[1]), float(m[2])),
        (float(s[0]), float(s[1]), float(s[2])),
        float(c.polarisation),
        measures,
        tuple(events),
    )
