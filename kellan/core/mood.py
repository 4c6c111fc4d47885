"""Moods glide: a change of emotion reaches the particles smoothly, inside the fixed step.

Each participant slot has a target PAD. A change moves the target along a straight line
over `ramp` seconds (0: at once), and the mood the particles feel follows the target
through a first-order lag with time constant `smoothing` seconds:

    mood += (target - mood) · (1 - exp(-dt / smoothing))

so a jump in the input never jumps the picture. Everything advances in whole steps, so
the glide is as deterministic as the rest of the core.
"""

from __future__ import annotations

import math

import numpy as np


class MoodGlide:
    """Targets, ramps and the smoothed moods of every slot, (slots, 3) float64."""

    def __init__(self, mood: np.ndarray, smoothing: float, dt: float) -> None:
        self.mood = np.array(mood, dtype=np.float64)
        self.ramp_start = self.mood.copy()
        self.ramp_end = self.mood.copy()
        n = self.mood.shape[0]
        self.ramp_from = np.zeros(n, dtype=np.int64)  # step the ramp began
        self.ramp_steps = np.zeros(n, dtype=np.int64)  # its length in steps (0: a jump)
        self.dt = dt
        self.set_smoothing(smoothing)

    def set_smoothing(self, seconds: float) -> None:
        self.smoothing = max(0.0, float(seconds))
        self.alpha = 1.0 if self.smoothing <= 0 else 1.0 - math.exp(-self.dt / self.smoothing)

    def target(self, step: int) -> np.ndarray:
        """Where every slot's ramp stands at `step`."""
        span = np.maximum(self.ramp_steps, 1)
        frac = np.clip((step - self.ramp_from) / span, 0.0, 1.0)
        frac[self.ramp_steps == 0] = 1.0
        return self.ramp_start + (self.ramp_end - self.ramp_start) * frac[:, None]

    def target_of(self, slot: int, step: int) -> np.ndarray:
        """Where one slot's ramp stands at `step` (the same as target(step)[slot])."""
        n = self.ramp_steps[slot]
        if n == 0:
            return self.ramp_end[slot].copy()
        frac = min(1.0, max(0.0, (step - self.ramp_from[slot]) / n))
        return self.ramp_start[slot] + (self.ramp_end[slot] - self.ramp_start[slot]) * frac

    def aim(self, slot: int, pad: np.ndarray, ramp_seconds: float, step: int) -> None:
        """Glide `slot` toward `pad` over `ramp_seconds`, starting from where its ramp is."""
        self.ramp_start[slot] = self.target_of(slot, step)
        self.ramp_end[slot] = [min(1.0, max(-1.0, float(v))) for v in pad]
        self.ramp_from[slot] = step
        self.ramp_steps[slot] = round(max(0.0, ramp_seconds) / self.dt)

    def place(self, slot: int, pad: np.ndarray) -> None:
        """Set `slot`'s mood at once, with no glide (a participant who arrives)."""
        p = np.clip(pad, -1.0, 1.0)
        self.mood[slot] = self.ramp_start[slot] = self.ramp_end[slot] = p
        self.ramp_steps[slot] = 0

    def advance(self, step: int) -> bool:
        """One fixed step of the lag toward the targets; True when any mood moved."""
        delta = (self.target(step) - self.mood) * self.alpha
        if not np.any(np.abs(delta) > 1e-12):
            return False
        self.mood += delta
        return True

    def state(self) -> np.ndarray:
        """Everything that decides later moods, for the state digest."""
        return np.concatenate(
            [self.mood.ravel(), self.ramp_start.ravel(), self.ramp_end.ravel(),
             self.ramp_from.astype(np.float64), self.ramp_steps.astype(np.float64)]
        )  # fmt: skip
