"""Pacing a fixed-step show against the wall clock.

The simulation always advances in whole fixed steps; the clock only decides how many are
due. When the machine cannot keep up, the backlog is capped and the show slows down
evenly instead of stalling and then racing (no spiral of death), and `realtime` says by
how much.
"""

from __future__ import annotations

import math
import time
from collections import deque


class ShowClock:
    """How many steps are due, given wall time, speed and pause."""

    def __init__(self, step_hz: float, max_backlog_s: float = 0.25) -> None:
        self.hz = float(step_hz)
        self.max_backlog = max(1, round(max_backlog_s * self.hz))
        self._origin_wall: float | None = None
        self._origin_step = 0
        self._speed = 1.0
        self._playing = True
        # (wall time, step) samples for the real-time factor over the last seconds.
        self._samples: deque[tuple[float, int]] = deque()

    def rebase(self, now: float, step: int) -> None:
        self._origin_wall = now
        self._origin_step = step

    def due(self, now: float, step: int, playing: bool, speed: float) -> int:
        """Steps to run now to stay on time (0 while paused)."""
        if self._origin_wall is None or playing != self._playing or speed != self._speed:
            self._playing, self._speed = playing, speed
            self.rebase(now, step)
        if not playing:
            self._sample(now, step)
            return 0
        assert self._origin_wall is not None
        target = self._origin_step + math.floor((now - self._origin_wall) * self.hz * speed)
        behind = target - step
        if behind > self.max_backlog:
            # Too far behind: let the show fall back by the excess, so it runs slower than
            # real time, evenly, rather than trying to catch up in bursts.
            self._origin_step -= behind - self.max_backlog
            behind = self.max_backlog
        self._sample(now, step)
        return max(0, behind)

    def next_step_at(self, step: int) -> float:
        """Wall time at which step `step + 1` becomes due."""
        if self._origin_wall is None or not self._playing:
            return time.monotonic() + 0.01
        return self._origin_wall + (step + 1 - self._origin_step) / (self.hz * self._speed)

    def _sample(self, now: float, step: int) -> None:
        self._samples.append((now, step))
        while len(self._samples) > 2 and now - self._samples[0][0] > 5.0:
            self._samples.popleft()

    def realtime(self) -> float:
        """Simulated seconds per wall second over the last few seconds (1.0 is real
        time; paused time does not count against it)."""
        if len(self._samples) < 2 or not self._playing:
            return 1.0 if self._playing else 0.0
        (t0, s0), (t1, s1) = self._samples[0], self._samples[-1]
        if t1 <= t0:
            return 1.0
        return (s1 - s0) / self.hz / (t1 - t0)
