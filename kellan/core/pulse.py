"""The pulse: the dreamscape breathes in and out, driven by collective arousal.

Calm crowds breathe slowly and shallowly (9 s period), excited ones quickly and deeply
(3 s). The phase is integrated step by step, so a change of mood changes the tempo without
a jump.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Pulse:
    strength: float = 0.6  # radial acceleration at full arousal, world units / s²
    phase: float = 0.0

    @staticmethod
    def period(mean_arousal: float) -> float:
        a01 = (mean_arousal + 1.0) * 0.5
        return 9.0 - 6.0 * a01

    def advance(self, mean_arousal: float, dt: float) -> float:
        """Step the phase; returns this step's signed radial acceleration."""
        a01 = (mean_arousal + 1.0) * 0.5
        self.phase = (self.phase + 2.0 * math.pi * dt / self.period(mean_arousal)) % (2.0 * math.pi)
        return self.strength * (0.15 + 0.85 * a01) * math.sin(self.phase)
