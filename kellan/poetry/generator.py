"""Rhea's poetry engine: a verse when the dream changes markedly, never on a timer.

`PoetryEngine.observe(moment)` compares the moment with the state at the last verse (the
*mark*) and writes a new verse when any of these holds (docs/poetry.md, "Triggers"):

- ``opening``: the first moment with someone present;
- an event since the last verse: rift, healing, protocol (``protocol_off`` when it switches
  off), dawn, join, leave. Events are never dropped: held until a verse can be written;
- ``mood``: the collective mean (pleasure, arousal) has left the circumplex region it was
  in at the mark: it is at least `mood_radius` from the centre and more than
  45°/2 + `mood_hysteresis` from that region's centre angle;
- ``gini_calm``, ``gini_attention``, ``gini_particles``: a Gini moved by `gini` or more;
- ``polarisation`` by `polarisation` or more, ``empathy`` by `empathy` or more;
- ``person``: one participant's (pleasure, arousal) moved `person` or more.

and at least `min_gap` seconds of show time have passed since the last verse. Until a
verse is written the mark stays, so a slow drift counts once it adds up. Same seed and
same moments give the same verses: each verse draws from a `random.Random` seeded from
(seed, step), and the memory of recently used lines is itself a function of the moments.
"""

from __future__ import annotations

import hashlib
import random
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from kellan.core.measures import Measures
from kellan.poetry.grammar import (
    GRAMMAR,
    REGIONS,
    Expansion,
    Grammar,
    angle,
    angular_distance,
    region,
)
from kellan.poetry.moment import Happening, Moment, Person
from kellan.poetry.plan import BETWEEN_RADIUS, EVENT_ORDER, Plan, choose, event_kind, gist

# Which trigger names the verse when several fire at once: events (in EVENT_ORDER), then
STATE_ORDER = (
    "mood", "gini_calm", "gini_attention", "polarisation", "empathy", "person", "gini_particles",
)  # fmt: skip
# How each trigger reads in the anthology's headings.
TRIGGER_LABELS = {
    "opening": "opening",
    "rift": "the rift",
    "healing": "healing",
    "protocol": "the protocol begins",
    "protocol_off": "the protocol lets go",
    "dawn": "dawn",
    "join": "someone joins",
    "leave": "someone leaves",
    "mood": "the mood turns",
    "gini_calm": "the calm changes hands",
    "gini_attention": "the sculptures' attention shifts",
    "gini_particles": "the dream's share shifts",
    "polarisation": "polarisation moves",
    "empathy": "empathy moves",
    "person": "one heart moves",
}
# A measure "moved" a verse when it changed by at least half its trigger threshold.
MOVED_FRACTION = 0.5


@dataclass(frozen=True)
class Thresholds:
    """What counts as a marked change (see the module docstring)."""

    min_gap: float = 4.0  # seconds of show time between verses
    event_gap: float = 1.0  # ... when an event is among the triggers
    mood_radius: float = BETWEEN_RADIUS  # how far from neutral a mood has a region
    mood_hysteresis: float = 7.5  # degrees past a region's border
    gini: float = 0.10
    polarisation: float = 0.08
    empathy: float = 0.10
    person: float = 0.5  # pleasure/arousal distance one participant moved
    fractions: float = 0.10  # near_fraction, calm_fraction: reported, never triggers

    def for_scalar(self, name: str) -> float:
        if name.startswith("gini_"):
            return self.gini
        return {"polarisation": self.polarisation, "empathy": self.empathy}.get(
            name, self.fractions
        )


@dataclass(frozen=True)
class Verse:
    """A verse and what moved it."""

    lines: tuple[str, ...]
    time: float  # show time, seconds
    step: int
    trigger: str  # the first of `triggers` in EVENT_ORDER, then STATE_ORDER
    triggers: tuple[str, ...]
    moved: tuple[tuple[str, float, float], ...]  # (measure, at the last verse, now)
    measures: Measures
    events: tuple[tuple[float, Happening], ...]  # (show time seen, event)
    people: tuple[Person, ...]  # who was present
    vocab: tuple[str, ...]  # the grammar rules it drew on, in order

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class _Mark:
    """The state at the last verse, which later moments are compared with."""

    time: float
    step: int
    region: str | None
    mean: tuple[float, float]
    scalars: dict[str, float]
    pads: dict[str, tuple[float, float]] = field(default_factory=dict)


def _rng(seed: int, step: int) -> random.Random:
    digest = hashlib.blake2b(f"kellan-poetry:{seed}:{step}".encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "little"))


class PoetryEngine:
    """Turns a stream of moments into verses; see the module docstring."""

    def __init__(
        self,
        seed: int,
        thresholds: Thresholds | None = None,
        memory: int = 48,
        grammar: Grammar = GRAMMAR,
    ) -> None:
        self.seed = int(seed)
        self.thresholds = thresholds or Thresholds()
        self.grammar = grammar
        self._recent: deque[str] = deque(maxlen=memory)  # alternatives used lately
        self._said: deque[frozenset] = deque(maxlen=2)  # gists of the last two verses
        self._mark: _Mark | None = None
        self._pending: list[tuple[float, Happening]] = []
        self._names: dict[str, str] = {}  # every id seen, for those who left

    def observe(self, moment: Moment) -> Verse | None:
        """A new verse if the moment differs markedly from the last verse's, else None."""
        for p in moment.participants:
            self._names[p.id] = p.name
        self._pending.extend((moment.time, e) for e in moment.events)
        if not moment.participants:
            return None
        reasons = self._reasons(moment)
        if not reasons:
            return None
        mark = self._mark
        th = self.thresholds
        gap = th.event_gap if any(r in EVENT_ORDER for r in reasons) else th.min_gap
        if mark is not None and moment.time - mark.time < gap:
            return None
        verse = self._write(moment, reasons)
        self._mark = self._mark_of(moment)
        self._pending = []
        return verse

    # -- triggers -----------------------------------------------------------------------
    def _region_of(self, moment: Moment, mark: _Mark | None) -> str | None:
        p, a = moment.mean[0], moment.mean[1]
        if np.hypot(p, a) < self.thresholds.mood_radius:
            return mark.region if mark else None
        return region(p, a)

    def _mark_of(self, moment: Moment) -> _Mark:
        return _Mark(
            time=moment.time,
            step=moment.step,
            region=self._region_of(moment, self._mark),
            mean=(moment.mean[0], moment.mean[1]),
            scalars=moment.measures.scalars(),
            pads={p.id: (p.pad[0], p.pad[1]) for p in moment.participants},
        )

    def _reasons(self, moment: Moment) -> list[str]:
        mark = self._mark
        if mark is None:
            return ["opening"]
        th = self.thresholds
        out = []
        for _, e in self._pending:
            kind = event_kind(e)
            if kind not in out:
                out.append(kind)
        p, a = moment.mean[0], moment.mean[1]
        if np.hypot(p, a) >= th.mood_radius:
            centre = REGIONS.get(mark.region or "", None)
            if centre is None or angular_distance(angle(p, a), centre) > 22.5 + th.mood_hysteresis:
                out.append("mood")
        now = moment.measures.scalars()
        for name in ("gini_calm", "gini_attention", "gini_particles", "polarisation", "empathy"):
            if abs(now[name] - mark.scalars[name]) >= th.for_scalar(name):
                out.append(name)
        for person in moment.participants:
            before = mark.pads.get(person.id)
            if (
                before is not None
                and np.hypot(person.pad[0] - before[0], person.pad[1] - before[1]) >= th.person
            ):
                out.append("person")
                break
        order = ("opening", *EVENT_ORDER, *STATE_ORDER)
        return sorted(out, key=order.index)

    def _moved(self, moment: Moment) -> tuple[tuple[str, float, float], ...]:
        mark = self._mark
        if mark is None:
            return ()
        out = []
        for name, value in moment.measures.scalars().items():
            before = mark.scalars[name]
            if abs(value - before) >= MOVED_FRACTION * self.thresholds.for_scalar(name):
                out.append((name, before, value))
        for axis, k in (("mean_pleasure", 0), ("mean_arousal", 1)):
            if abs(moment.mean[k] - mark.mean[k]) >= 0.1:
                out.append((axis, mark.mean[k], moment.mean[k]))
        return tuple(out)

    # -- writing --------------------------------------------------------------------------
    def _write(self, moment: Moment, reasons: list[str]) -> Verse:
        rng = _rng(self.seed, moment.step)
        mark = self._mark
        plan = Plan(
            moment,
            mark.pads if mark else None,
            mark.scalars if mark else None,
            self._names,
            self._pending,
        )
        candidates = plan.candidates(reasons, rng)
        said = frozenset().union(*self._said)
        want = 2 + (rng.random() < 0.65) + (rng.random() < 0.35)
        chosen = choose(candidates, want, said)
        self._said.append(frozenset(gist(c) for c in chosen))
        trace = Expansion()
        lines = []
        recent = list(self._recent)
        for key, ctx in chosen:
            start = len(trace.used)
            line = self.grammar.expand(key, ctx, rng, recent, trace)
            if trace.used[start][1].startswith(("{frac}", "{tenths}")):
                line = line[:1].upper() + line[1:]
            lines.append(line)
            recent.extend(alt for _, alt in trace.used[start:])
        self._recent.extend(alt for _, alt in trace.used)
        return Verse(
            lines=tuple(lines),
            time=moment.time,
            step=moment.step,
            trigger=reasons[0],
            triggers=tuple(reasons),
            moved=self._moved(moment),
            measures=moment.measures,
            events=tuple(self._pending),
            people=moment.participants,
            vocab=tuple(key for key, _ in trace.used),
        )
