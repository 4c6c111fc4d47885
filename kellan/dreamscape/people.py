"""Who is taking part: ids, names and identity hues, and the core slot each one holds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Person:
    id: str
    name: str
    hue: float
    slot: int
    present: bool = True  # False while their particles fade back into the commons


def display_name(participant_id: str) -> str:
    """A name for someone who joined with only an id: "guest-7" -> "Guest 7"."""
    words = participant_id.replace("_", " ").replace("-", " ").split()
    return " ".join(w.capitalize() for w in words) or participant_id


def spaced_hue(taken: list[float]) -> float:
    """The whole-degree hue farthest (around the wheel) from every hue in `taken`; the
    lowest such hue on ties, so the choice is deterministic."""
    if not taken:
        return 200.0
    candidates = np.arange(360.0)
    t = np.asarray(taken, dtype=np.float64)
    d = np.abs(candidates[:, None] - t[None, :]) % 360.0
    gap = np.minimum(d, 360.0 - d).min(axis=1)
    return float(candidates[int(np.argmax(gap))])


class Roster:
    """Everyone who holds (or is fading out of) a core slot, by id and by slot."""

    def __init__(self) -> None:
        self.by_id: dict[str, Person] = {}

    def add(self, person: Person) -> None:
        self.by_id[person.id] = person

    def get(self, participant_id: str) -> Person | None:
        return self.by_id.get(participant_id)

    def present(self) -> list[Person]:
        """Present participants in slot order."""
        return sorted((p for p in self.by_id.values() if p.present), key=lambda p: p.slot)

    def at_slot(self, slot: int) -> Person | None:
        for person in self.by_id.values():
            if person.slot == slot:
                return person
        return None

    def release(self, slot: int) -> None:
        """The slot's particles have faded into the commons: forget who held it."""
        for pid, person in list(self.by_id.items()):
            if person.slot == slot and not person.present:
                del self.by_id[pid]
