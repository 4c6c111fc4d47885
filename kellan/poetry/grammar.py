"""A small production system for Rhea's verses: rules, their expansion, the circumplex.

A grammar is a table of rules, each a key with alternatives. An alternative is text with
two kinds of slot:

- ``<key>`` expands another rule (a fragment: a simile, an image);
- ``{var}`` takes a value from the context (a participant's display name, a fraction
  in words), filled in last, so user text is never parsed as grammar.

Which alternative is taken is drawn from a seeded ``random.Random`` the caller passes
in, among the alternatives not used recently (the caller's memory); when every one has
been, the one used longest ago is taken. The same seed and the same history give the
same words. The words themselves live in
kellan.poetry.vocabulary; this module is the machine and the map of feelings.

The map: the pleasure/arousal plane of PAD (Russell's circumplex) cut into eight 45°
regions centred on the angles below (0° = pure pleasure, 90° = pure arousal).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kellan.poetry.vocabulary import RULES

# Centre angle of each region, degrees, counter-clockwise from pure pleasure.
REGIONS: dict[str, float] = {
    "happy": 0.0,
    "excited": 45.0,
    "alert": 90.0,
    "tense": 135.0,
    "upset": 180.0,
    "sad": 225.0,
    "tired": 270.0,
    "calm": 315.0,
}
# Event kinds the vocabulary speaks of.
EVENT_KINDS = ("rift", "healing", "protocol", "dawn", "join", "leave")

_SLOT = re.compile(r"<([a-z0-9_.]+)>|\{([a-z_]+)\}")
_MAX_DEPTH = 6


def angle(pleasure: float, arousal: float) -> float:
    """Angle on the circumplex, degrees in [0, 360)."""
    return math.degrees(math.atan2(arousal, pleasure)) % 360.0


def region(pleasure: float, arousal: float) -> str:
    """The region of a pleasure/arousal point: the nearest centre angle (ties go to the
    region after, counter-clockwise). The origin reads as "calm"."""
    a = angle(pleasure, arousal)
    names = list(REGIONS)
    return names[int((a + 22.5) // 45.0) % 8]


def angular_distance(a: float, b: float) -> float:
    """Smallest difference between two angles, degrees in [0, 180]."""
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)


def fraction_words(f: float) -> str:
    """A share in plain words, for lines that count ("two in three of the slow motes")."""
    steps = (
        (0.97, "all"),
        (0.86, "nearly all"),
        (0.70, "three in four"),
        (0.60, "two in three"),
        (0.52, "more than half"),
        (0.45, "half"),
        (0.36, "two in five"),
        (0.29, "a third"),
        (0.22, "a quarter"),
        (0.15, "one in five"),
        (0.07, "one in ten"),
        (0.0, "hardly any"),
    )
    for floor, words in steps:
        if f >= floor:
            return words
    return "none"


NUMBER_WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight",
                "nine", "ten")  # fmt: skip


def tenths_words(f: float) -> str:
    """A share as "N" of every ten, in words."""
    return NUMBER_WORDS[min(10, max(0, round(f * 10)))]


@dataclass
class Expansion:
    """What one expansion drew on: (rule key, alternative) pairs, in order."""

    used: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Grammar:
    rules: Mapping[str, tuple[str, ...]]

    def __post_init__(self) -> None:
        for key, alts in self.rules.items():
            if not alts:
                raise ValueError(f"rule {key!r} has no alternatives")
            for alt in alts:
                for m in _SLOT.finditer(alt):
                    if m.group(1) and m.group(1) not in self.rules:
                        raise ValueError(f"rule {key!r} refers to unknown rule <{m.group(1)}>")

    def has(self, key: str) -> bool:
        return key in self.rules

    def variables(self, key: str) -> set[str]:
        """Every {var} an expansion of `key` may need, through its fragments."""
        out: set[str] = set()
        todo, seen = [key], set()
        while todo:
            k = todo.pop()
            if k in seen:
                continue
            seen.add(k)
            for alt in self.rules[k]:
                for m in _SLOT.finditer(alt):
                    if m.group(1):
                        todo.append(m.group(1))
                    else:
                        out.add(m.group(2))
        return out

    def expand(
        self,
        key: str,
        context: Mapping[str, str],
        rng: random.Random,
        recent: Sequence[str] = (),
        trace: Expansion | None = None,
    ) -> str:
        """Expand rule `key`: pick an alternative not in `recent` (oldest first), or the
        one used longest ago, expand its fragments, then fill its {vars} from `context`."""
        last = {alt: i for i, alt in enumerate(recent)}
        text = self._pick(key, rng, last, trace, 0)
        return _SLOT.sub(lambda m: context[m.group(2)], text)

    def _pick(
        self,
        key: str,
        rng: random.Random,
        last: Mapping[str, int],
        trace: Expansion | None,
        depth: int,
    ) -> str:
        if depth > _MAX_DEPTH:
            raise ValueError(f"rule {key!r} nests deeper than {_MAX_DEPTH}")
        alts = self.rules[key]
        fresh = [a for a in alts if a not in last]
        # Fresh ones at random; when none is left, the one used longest ago.
        alt = fresh[rng.randrange(len(fresh))] if fresh else min(alts, key=lambda a: last[a])
        if trace is not None:
            trace.used.append((key, alt))

        def sub(m: re.Match[str]) -> str:
            if m.group(1):
                return self._pick(m.group(1), rng, last, trace, depth + 1)
            return m.group(0)  # {var}: filled after all fragments are in

        return _SLOT.sub(sub, alt)


GRAMMAR = Grammar(RULES)
