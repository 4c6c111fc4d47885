"""Which lines a verse could have, most telling first, and which of them it takes.

The verse's first trigger decides its first line (an event's own line, the dream's new
mood, who holds the calm...); every further trigger adds its own first line, then come the
first trigger's other lines, then what else is worth saying (the most unequal share, the
dream's mood, whoever feels most unlike the rest). A verse takes two to four of them,
naming nobody in more than two.
"""

from __future__ import annotations

import random

import numpy as np

from kellan.poetry.grammar import fraction_words, region, tenths_words
from kellan.poetry.moment import Happening, Moment, Person

# Which event leads when several are pending.
EVENT_ORDER = ("rift", "dawn", "healing", "protocol", "protocol_off", "join", "leave")
# Below this Gini a share reads as fair ("the calm is shared out evenly").
FAIR_GINI = 0.12
# Someone "has none" of a share below this fraction of their entitlement.
DEPRIVED_RATIO = 0.5
# A pleasure change this large reads as someone rising or falling, said only while their
# pleasure is above -MOVED_STILL (rising) or below MOVED_STILL (falling); how they feel
# follows only while it agrees (above -AGREES rising, below AGREES falling).
MOVER_DELTA = 0.1
MOVED_STILL = 0.4
AGREES = 0.2
# A Gini that fell by this much since the last verse reads as the share spreading.
SPREAD_DELTA = 0.05
# Nearer the neutral centre than this, a mood reads as "between" moods, not as its region.
BETWEEN_RADIUS = 0.25
# Polarisation above this is worth a line even when it did not move the verse.
APART = 0.3
# Lines that would contradict an event's verse: a rift tears, it does not bring together.
CONTRADICTS = {
    "rift": {"empathy.close", "calm.shared", "calm.spreads", "attention.shared",
             "attention.spreads"},
}  # fmt: skip
MAX_LINES = 4
MAX_LINES_PER_NAME = 2

Line = tuple[str, dict[str, str]]  # (rule key, context)
NAME_VARS = ("name", "holder", "who", "a", "b")


def mood_of(pleasure: float, arousal: float) -> str:
    """The vocabulary of a feeling: its circumplex region, or "between" near neutral."""
    if np.hypot(pleasure, arousal) < BETWEEN_RADIUS:
        return "between"
    return region(pleasure, arousal)


def event_kind(e: Happening) -> str:
    return "protocol_off" if e.kind == "protocol" and not e.enabled else e.kind


class Plan:
    """The candidate lines for one verse, from the moment and the state at the last verse
    (`before`: (pleasure, arousal) by id and the scalar measures; None at the opening)."""

    def __init__(
        self,
        moment: Moment,
        before_pads: dict[str, tuple[float, float]] | None,
        before_scalars: dict[str, float] | None,
        names: dict[str, str],
        pending: list[tuple[float, Happening]],
    ) -> None:
        self.m = moment
        self.before_pads = before_pads or {}
        self.before = before_scalars
        self.names = names
        self.pending = sorted(pending, key=lambda te: EVENT_ORDER.index(event_kind(te[1])))
        self.people = moment.participants
        self.pad = np.array([p.pad for p in self.people], dtype=np.float64).reshape(-1, 3)
        self.ent = np.asarray(moment.measures.entitlement, dtype=np.float64)

    # -- who --------------------------------------------------------------------------
    def person_line(self, p: Person) -> Line:
        return (f"{mood_of(p.pad[0], p.pad[1])}.person", {"name": p.name})

    def dream_line(self) -> Line:
        return (f"{mood_of(self.m.mean[0], self.m.mean[1])}.dream", {})

    def by_distance(self) -> list[Person]:
        """Participants, the one who feels most unlike the collective first."""
        d = np.hypot(self.pad[:, 0] - self.m.mean[0], self.pad[:, 1] - self.m.mean[1])
        return [self.people[i] for i in np.argsort(-d, kind="stable")]

    def farthest_pair(self) -> tuple[Person, Person] | None:
        if len(self.people) < 2:
            return None
        d = np.sqrt(((self.pad[:, None, :] - self.pad[None, :, :]) ** 2).sum(axis=-1))
        i, j = np.unravel_index(int(np.argmax(d)), d.shape)
        # The more troubled of the two (lower pleasure) is named first.
        a, b = sorted((int(i), int(j)), key=lambda k: (self.pad[k, 0], k))
        return self.people[a], self.people[b]

    def mover(self) -> tuple[Person, float] | None:
        """Whose pleasure changed most since the last verse, and by how much."""
        best: tuple[Person, float] | None = None
        for p in self.people:
            was = self.before_pads.get(p.id)
            if was is not None:
                delta = p.pad[0] - was[0]
                if best is None or abs(delta) > abs(best[1]):
                    best = (p, delta)
        return best

    def mover_lines(self, rise_only: bool = False) -> list[Line]:
        """Whoever's pleasure moved most: a rising or falling line, then how they feel.

        Someone still content is not said to fall "through the floor", nor someone still
        miserable to rise: then only how they feel now is said."""
        mv = self.mover()
        if mv is None or abs(mv[1]) < MOVER_DELTA or (rise_only and mv[1] < 0):
            return []
        p, delta = mv
        sign = 1.0 if delta > 0 else -1.0
        feel = [self.person_line(p)]
        if sign * p.pad[0] > -MOVED_STILL:
            agrees = sign * p.pad[0] > -AGREES
            return [("rise" if delta > 0 else "fall", {"name": p.name}), *(feel if agrees else [])]
        return [] if rise_only else feel

    def roles(self, shares: tuple[float, ...]) -> tuple[Person, float, Person, float] | None:
        """(most over entitlement, their share, most under, their share / entitlement)."""
        s = np.asarray(shares, dtype=np.float64)
        if len(s) < 2 or s.sum() <= 0:
            return None
        ratio = s / self.ent
        hi, lo = int(np.argmax(ratio)), int(np.argmin(ratio))
        return self.people[hi], float(s[hi]), self.people[lo], float(ratio[lo])

    def _fell(self, name: str) -> bool:
        """Did this Gini fall markedly since the last verse?"""
        now = self.m.measures.scalars()[name]
        return self.before is not None and now <= self.before[name] - SPREAD_DELTA

    # -- inequality -----------------------------------------------------------------------
    def calm_lines(self) -> list[Line]:
        ms = self.m.measures
        r = self.roles(ms.calm)
        if r is None:
            return []
        if ms.gini_calm < FAIR_GINI:
            return [("calm.shared", {})]
        holder, share, without, ratio = r
        out: list[Line] = [("calm.spreads", {})] if self._fell("gini_calm") else []
        if ratio < DEPRIVED_RATIO:
            out.append(("calm.without", {"who": without.name}))
        words = {
            "holder": holder.name,
            "frac": fraction_words(share),
            "tenths": tenths_words(share),
        }
        out.append(("calm.holder", words))
        return out

    def attention_lines(self) -> list[Line]:
        ms = self.m.measures
        r = self.roles(ms.attention)
        if r is None:
            return []
        if ms.gini_attention < FAIR_GINI:
            return [("attention.shared", {})]
        holder, share, unheard, ratio = r
        out: list[Line] = [("attention.spreads", {})] if self._fell("gini_attention") else []
        if ratio < DEPRIVED_RATIO:
            out.append(("attention.unheard", {"who": unheard.name}))
        out.append(("attention.holder", {"holder": holder.name, "tenths": tenths_words(share)}))
        return out

    def particle_lines(self) -> list[Line]:
        ms = self.m.measures
        r = self.roles(ms.particles)
        if r is None or ms.gini_particles < FAIR_GINI:
            return []
        holder, _, who, _ = r
        return [("particles.uneven", {"holder": holder.name, "who": who.name})]

    def unequal_first(self) -> list[Line]:
        """The lines of the most unequal share first."""
        ms = self.m.measures
        kinds = sorted(
            ((ms.gini_calm, self.calm_lines), (ms.gini_attention, self.attention_lines)),
            key=lambda kv: -kv[0],
        )
        return [line for _, fn in kinds for line in fn()]

    def apart_lines(self) -> list[Line]:
        pair = self.farthest_pair()
        if pair is None:
            return []
        a, b = pair
        return [("polar.apart", {"a": a.name, "b": b.name}), self.person_line(a)]

    # -- events -----------------------------------------------------------------------------
    def event_lines(self) -> list[Line]:
        out: list[Line] = []
        for _, e in self.pending:
            kind = event_kind(e)
            if kind == "rift":
                pair = self.farthest_pair()
                if pair is not None:
                    out.append(("rift", {"a": pair[0].name, "b": pair[1].name}))
            elif kind in ("join", "leave"):
                pid = e.participant or ""
                out.append((kind, {"name": self.names.get(pid, pid)}))
            else:
                out.append((kind, {}))
        return out

    def follow_up(self, kind: str) -> list[Line]:
        """What comes after an event's line."""
        if kind == "rift":
            pair = self.farthest_pair()
            return ([self.person_line(pair[0])] if pair else []) + self.unequal_first()
        if kind == "dawn":
            return [*self.mover_lines(rise_only=True)[:1], self.dream_line(), *self.calm_lines()]
        if kind in ("protocol", "protocol_off"):
            return [*self.calm_lines(), self.dream_line()]
        if kind == "healing":
            return [self.dream_line(), *self.unequal_first()]
        if kind == "join":
            pid = self.pending[0][1].participant
            return [self.person_line(p) for p in self.people if p.id == pid]
        return [self.dream_line(), *self.unequal_first()]

    # -- by trigger -------------------------------------------------------------------------
    def lines_for(self, reason: str) -> list[Line]:
        if reason == "opening":
            return [self.dream_line(), *(self.person_line(p) for p in self.by_distance())]
        if reason in EVENT_ORDER:
            return [*self.event_lines()[:2], *self.follow_up(reason)]
        if reason == "mood":
            return [self.dream_line(), self.person_line(self.by_distance()[0])]
        if reason == "gini_calm":
            return self.calm_lines()
        if reason == "gini_attention":
            return self.attention_lines()
        if reason == "gini_particles":
            return self.particle_lines()
        if reason in ("polarisation", "empathy"):
            before = self.before[reason] if self.before else 0.0
            grew = self.m.measures.scalars()[reason] > before
            if grew == (reason == "polarisation"):
                return self.apart_lines()
            return [("empathy.close", {})]
        if reason == "person":
            return self.mover_lines()
        return []

    def candidates(self, reasons: list[str], rng: random.Random) -> list[Line]:
        # The first trigger's first line, one line for each other trigger, then the rest
        # of the first trigger's lines: a verse touches everything that moved it.
        first = self.lines_for(reasons[0])
        lines = first[:1]
        for reason in reasons[1:]:
            lines += self.lines_for(reason)[:1]
        lines += first[1:]
        tail = [*self.unequal_first(), self.dream_line(), self.person_line(self.by_distance()[0])]
        if self.m.measures.polarisation > APART:
            tail.insert(rng.randrange(len(tail) + 1), self.apart_lines()[0])
        banned = set().union(*(CONTRADICTS.get(r, set()) for r in reasons))
        return [line for line in lines + tail if line[0] not in banned]


def _names_in(line: Line) -> set[str]:
    return {v for k, v in line[1].items() if k in NAME_VARS}


def gist(line: Line) -> tuple[str, frozenset[str]]:
    """What a line says, whatever its words: its rule and the names in it."""
    return line[0], frozenset(_names_in(line))


def choose(
    candidates: list[Line], want: int, said: frozenset[tuple[str, frozenset[str]]] = frozenset()
) -> list[Line]:
    """Up to `want` (2..MAX_LINES) candidates in order: each rule once, nobody named in
    more than MAX_LINES_PER_NAME lines; never fewer than two when two exist. Lines whose
    gist is in `said` (the last verses') go to the back, except the first: it is what
    moved this verse."""
    want = max(2, min(want, MAX_LINES))
    if candidates:
        rest = candidates[1:]
        candidates = [
            candidates[0],
            *(c for c in rest if gist(c) not in said),
            *(c for c in rest if gist(c) in said),
        ]
    out: list[Line] = []
    keys: set[str] = set()
    named: dict[str, int] = {}
    skipped: list[Line] = []
    for line in candidates:
        if len(out) == want:
            break
        if line[0] in keys:
            continue
        if any(named.get(n, 0) >= MAX_LINES_PER_NAME for n in _names_in(line)):
            skipped.append(line)
            continue
        out.append(line)
        keys.add(line[0])
        for n in _names_in(line):
            named[n] = named.get(n, 0) + 1
    for line in skipped:
        if len(out) >= 2:
            break
        if line[0] not in keys:
            out.append(line)
            keys.add(line[0])
    return out
