"""The protocol: Jasper's sleep protocol, a feedback controller that stabilises the chaos.

It steers the dreamscape's kinetic energy (mean ½|v|² per particle) toward a target by
scaling the speed of the turbulent flow and, with it, every group's speed cap (so that
motion driven by the other forces answers too). The control law is integral action on
the log of that multiplier m:

    d(log m)/dt = -gain · log(E / target) / 2

Energy follows the flow speed squared, so half the log error is the log error of the
speed, and the flow speed follows the multiplier with a lag of about 1 / drag seconds.
The loop is an integrator behind a first-order lag, which settles without oscillating
while ``gain ≤ drag / 4`` (critical damping); ``Protocol.effective_gain`` caps the
scene's gain there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_MULTIPLIER = 0.05
MAX_MULTIPLIER = 4.0


@dataclass
class Protocol:
    enabled: bool = False
    target: float = 0.15  # mean kinetic energy per particle, (world units / s)^2 / 2
    gain: float = 0.3  # 1 / s
    multiplier: float = 1.0  # current gain on the flow speed

    def effective_gain(self, drag: float) -> float:
        return min(self.gain, max(drag, 1e-3) / 4.0)

    def update(self, energy: float, dt: float, drag: float) -> float:
        """Advance the controller one step; returns the flow-speed multiplier to use."""
        k = self.effective_gain(drag)
        if self.enabled:
            # Energy goes with the flow speed squared, so half its log error is the log
            # error of the speed: the loop gain is then `gain` whatever the energy level.
            error = 0.5 * math.log(max(energy, 1e-12) / max(self.target, 1e-12))
            # Clamp so that one wild frame cannot slam the actuator.
            step = -k * dt * max(-2.0, min(error, 2.0))
        else:
            # Switched off: hand control back smoothly, the same rate it took it.
            step = -k * dt * math.log(self.multiplier)
        m = self.multiplier * math.exp(step)
        self.multiplier = min(MAX_MULTIPLIER, max(MIN_MULTIPLIER, m))
        return self.multiplier
