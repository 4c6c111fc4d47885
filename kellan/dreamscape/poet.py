"""Rhea's poetry in a running show: the measures, the moments and the verses.

A `Poet` watches a Dreamscape after every step. It only reads the simulation (the
state hash never depends on it) and is fed the same steps live, headless, in stills and
in replays, so the same show gives the same measures and the same verses:

- the measures (kellan.core.measures) are taken every MEASURE_EVERY steps, and at any
  step where something happened; the Frame carries the latest;
- the events the poetry engine knows are read off the state, never off the wall clock:
  join and leave (who is present), rift (a new rift opened), healing (an open rift's
  push fell below HEALING_BELOW of its peak), protocol (it switched on or off), dawn (the
  collective pleasure rose past DAWN_ABOVE, having been below DAWN_BELOW since the last
  dawn);
- a `PoetryEngine` seeded with the scene's seed gets a Moment at each of those steps
  and writes a verse when the dream has changed markedly.

Listeners (the session's anthology, measures log and OSC output) are called on the
stepping thread with each verse and each measure sample.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from kellan.core.measures import DEFAULT_RADIUS, Measures, measure
from kellan.poetry.generator import PoetryEngine, Verse
from kellan.poetry.moment import Happening, Person, moment
from kellan.scene.models import Scene

if TYPE_CHECKING:  # the Dreamscape owns its Poet: imported for the types only
    from kellan.dreamscape import Dreamscape

# Measures every 3 steps: 20 Hz at the usual 60 Hz step, about the window's frame rate,
# at a third of the cost of measuring every step (0.3-0.5 ms at 25k particles).
MEASURE_EVERY = 3
# "Healing" is said once the rift's push has fallen below this fraction of its peak.
HEALING_BELOW = 0.5
# Dawn: the share-weighted mean pleasure climbs past DAWN_ABOVE; it can only come again
# after it has sunk below DAWN_BELOW (so a mood hovering at the line is one dawn).
DAWN_ABOVE = 0.6
DAWN_BELOW = 0.4
# The festival scene's knot (scale 1.6) holds its orbit within about 2.2 units
# (kellan.core.measures.DEFAULT_RADIUS): other sculptures count as near in proportion.
REFERENCE_SCALE = 1.6
# Verses kept for the picture: the live one and the one it replaces (crossfade).
KEEP_FOR_PICTURE = 2


@dataclass(frozen=True)
class VerseView:
    """A verse as the picture and the window read it."""

    n: int  # 1, 2, ... in the show's anthology
    lines: tuple[str, ...]
    time: float  # show seconds it was written at
    step: int
    trigger: str


MeasureListener = Callable[[float, int, Measures, tuple[Happening, ...]], None]
VerseListener = Callable[[Verse, int], None]


def centres_and_radii(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    """The sculptures' centres (S, 3) and the radius within which a particle is "near"
    each one (S,), for the attention measure."""
    centres = np.array([s.position for s in scene.sculptures], dtype=np.float32).reshape(-1, 3)
    radii = np.array(
        [DEFAULT_RADIUS * s.scale / REFERENCE_SCALE for s in scene.sculptures], dtype=np.float32
    )
    return centres, radii


class Poet:
    """Measures and verses of one Dreamscape (see the module docstring)."""

    def __init__(self, scene: Scene, present: tuple[str, ...], protocol_on: bool) -> None:
        self.engine = PoetryEngine(seed=scene.seed)
        self.centres, self.radii = centres_and_radii(scene)
        self.measures: Measures | None = None
        self.verses: list[VerseView] = []
        self.measure_listeners: list[MeasureListener] = []
        self.verse_listeners: list[VerseListener] = []
        self._present = present
        self._protocol = protocol_on
        self._rift_start: float | None = None
        self._healing_said = True
        self._dawn_armed = False
        self._pending: list[Happening] = []
        self.happened: list[tuple[float, Happening]] = []  # every event, with its show time

    def recent(self) -> tuple[VerseView, ...]:
        """The verses the picture may still show (the newest last)."""
        return tuple(self.verses[-KEEP_FOR_PICTURE:])

    def observe(self, ds: Dreamscape) -> None:
        """After a step: read what happened, and measure (and perhaps write) when due."""
        sim = ds.simulation
        self._pending += self._happenings(ds)
        step = sim.state.frame
        if step % MEASURE_EVERY and not self._pending:
            return
        self._watch_dawn(float(sim.mean_pad()[0]))
        m = measure(sim, self.centres, self.radii)
        self.measures = m
        by_slot = {p.slot: p for p in ds.roster.by_id.values()}
        people = tuple(
            Person(by_slot[s].id, by_slot[s].name, tuple(float(v) for v in sim.pad[s]),
                   float(by_slot[s].hue))  # type: ignore[arg-type]
            if s in by_slot else Person(f"slot-{s}", "someone", (0.0, 0.0, 0.0), 0.0)
            for s in m.slots
        )  # fmt: skip
        events, self._pending = tuple(self._pending), []
        self.happened += [(sim.time, e) for e in events]
        now = moment(sim.time, step, people, m, events)
        for listener in self.measure_listeners:
            listener(sim.time, step, m, now.events)
        verse = self.engine.observe(now)
        if verse is None:
            return
        n = len(self.verses) + 1
        self.verses.append(VerseView(n, verse.lines, verse.time, verse.step, verse.trigger))
        for vl in self.verse_listeners:
            vl(verse, n)

    def _watch_dawn(self, pleasure: float) -> None:
        # Decided on measuring steps only (the share-weighted mean pleasure, as the
        # moment's), so the dawn lands on the same step however the show is run.
        if pleasure < DAWN_BELOW:
            self._dawn_armed = True
        elif pleasure > DAWN_ABOVE and self._dawn_armed:
            self._dawn_armed = False
            self._pending.append(Happening("dawn"))

    def _happenings(self, ds: Dreamscape) -> list[Happening]:
        sim = ds.simulation
        out: list[Happening] = []
        present = tuple(p.id for p in ds.roster.present())
        if present != self._present:
            before = set(self._present)
            out += [Happening("join", pid) for pid in present if pid not in before]
            out += [Happening("leave", pid) for pid in self._present if pid not in present]
            self._present = present
        on = bool(sim.protocol.enabled)
        if on != self._protocol:
            out.append(Happening("protocol", enabled=on))
            self._protocol = on
        rift = sim.rift
        if rift is not None and rift.spec.start != self._rift_start:
            self._rift_start = rift.spec.start
            self._healing_said = False
            out.append(Happening("rift"))
        elif rift is not None and not self._healing_said:
            age = sim.time - rift.spec.start
            if age > rift.spec.rise and sim.rift_strength() < HEALING_BELOW * rift.spec.strength:
                self._healing_said = True
                out.append(Happening("healing"))
        return out
