"""Compile (or load from numba's cache) the flame kernels before real work, saying so
when it is a cold compile rather than leaving the terminal silent for half a minute."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from kellan.flame.camera import camera_for
from kellan.flame.chaos import ChaosGame
from kellan.flame.genome import Flame, Xform
from kellan.flame.tonemap import tone_map

ANNOUNCE_AFTER_S = 1.5


def tiny_flame() -> Flame:
    """A two-xform flame with a final xform, 8x8 pixels."""
    white = tuple((1.0, 1.0, 1.0, 1.0) for _ in range(256))
    return Flame(
        xforms=(Xform(weight=1.0, coefs=(0.5, 0.0, 0.0, 0.5, 0.5, 0.0)),
                Xform(weight=1.0, color=1.0, variations=(("spherical", 1.0),))),
        final_xform=Xform(variations=(("linear", 1.0),)),
        palette=white, size=(8, 8), scale=4.0,
    )  # fmt: skip


def warm_up(say: Callable[[str], None] | None = None, density_estimation: bool | None = None,
            ) -> float:  # fmt: skip
    """Run the flame kernels once on a tiny flame; returns the seconds it took.
    density_estimation: warm only that tone-map path (None: both)."""
    done = threading.Event()

    def announce() -> None:
        if not done.wait(ANNOUNCE_AFTER_S) and say is not None:
            say("kellan: compiling the flame kernels (first run only, cached afterwards)...")

    start = time.perf_counter()
    threading.Thread(target=announce, daemon=True).start()
    try:
        flame = tiny_flame()
        cam = camera_for(flame)
        game = ChaosGame(flame, cam, seed=0)
        game.run(64)
        for de in (True, False):
            if density_estimation in (None, de):
                tone_map(game.histogram, flame, cam, game.samples, density_estimation=de)
    finally:
        done.set()
    elapsed = time.perf_counter() - start
    if elapsed > ANNOUNCE_AFTER_S and say is not None:
        say(f"kellan: flame kernels ready in {elapsed:.1f} s")
    return elapsed
