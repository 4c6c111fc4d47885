"""Fractal parameters bound to emotions (`bind = [...]` in a scene's [[fractals]]).

Each binding reads one measure of one source (the collective or a participant) from the
moods the simulation holds, maps it linearly onto its range and eases toward it on the
simulation's fixed step, so a still or a replay at step n sees exactly the values the
live show had there. The renderer reads the values from the Frame and never computes
them itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from kellan.core.emotion import Collective
from kellan.scene.models import Binding, Fractal

PAD_INDEX = {"pleasure": 0, "arousal": 1, "dominance": 2}


def measure_of(binding: Binding, collective: Collective,
               moods: Mapping[str, np.ndarray]) -> float | None:  # fmt: skip
    """The binding's measure now: pleasure, arousal, dominance in -1..1; spread in 0..1
    (the collective's: the mean standard deviation of the three; a participant's: how far
    they stand from the collective mean). None when the participant is not present."""
    if binding.source == "collective":
        pad = collective.mean
        if binding.measure == "spread":
            return float(np.clip(np.mean(collective.spread), 0.0, 1.0))
    else:
        found = moods.get(binding.source)
        if found is None:
            return None
        pad = found
        if binding.measure == "spread":
            distance = float(np.linalg.norm(np.asarray(pad) - collective.mean))
            # Half the largest distance in the PAD cube (2·sqrt(3)) reads as 1: farther
            # than that is as far apart as anyone is in practice.
            return min(1.0, distance / math.sqrt(3.0))
    return float(pad[PAD_INDEX[binding.measure]])


def target_of(binding: Binding, measure: float) -> float:
    lo, hi = binding.range
    share = measure if binding.measure == "spread" else (measure + 1.0) * 0.5
    return lo + (hi - lo) * share


class FractalBindings:
    """The eased values of every fractal's bindings; advanced once per fixed step."""

    def __init__(self, fractals: tuple[Fractal, ...]) -> None:
        self.fractals = fractals
        self.values: list[dict[str, float]] = [{} for _ in fractals]

    def advance(self, dt: float, collective: Collective,
                moods: Mapping[str, np.ndarray]) -> None:  # fmt: skip
        for k, fractal in enumerate(self.fractals):
            values = self.values[k]
            for b in fractal.bind:
                m = measure_of(b, collective, moods)
                if m is None:
                    continue  # an absent participant: hold the last value
                target = target_of(b, m)
                now = values.get(b.param)
                if now is None or b.smoothing <= 0.0:
                    values[b.param] = target  # the first step starts where the mood is
                else:
                    values[b.param] = now + (target - now) * (1.0 - math.exp(-dt / b.smoothing))

    def snapshot(self) -> tuple[dict[str, float], ...]:
        return tuple(dict(v) for v in self.values)

