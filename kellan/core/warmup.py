"""Compile (or load from numba's cache) every kernel before the show starts.

A cold compile takes seconds; doing it up front, with a message, means the first frame
of a performance never stalls silently.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from kellan.core.guides import Guide
from kellan.core.simulation import SimConfig, Simulation

# After this long without finishing, the work is a compile, not a cache load: say so.
ANNOUNCE_AFTER_S = 1.5


def warm_up(say: Callable[[str], None] | None = None) -> float:
    """Run one tiny step through every kernel; returns the seconds it took.

    `say` receives a line when the work turns out to be a cold compile.
    """
    import threading

    done = threading.Event()

    def announce() -> None:
        if not done.wait(ANNOUNCE_AFTER_S) and say is not None:
            say("kellan: compiling the particle core (first run only, cached afterwards)…")

    start = time.perf_counter()
    watcher = threading.Thread(target=announce, daemon=True)
    watcher.start()
    sim = Simulation(
        SimConfig(n_particles=64, seed=0, grid=4, reserve=0.25),
        np.zeros((2, 3)),
        np.ones(2),
        [Guide.orbit((0.0, 0.0, 0.0), 1.0, 1.0)],
    )
    sim.join((0.0, 0.0, 0.0))
    sim.leave(0, fade_seconds=sim.dt)
    sim.step(2)
    done.set()
    elapsed = time.perf_counter() - start
    if elapsed > ANNOUNCE_AFTER_S and say is not None:
        say(f"kellan: particle core ready in {elapsed:.1f} s")
    return elapsed
