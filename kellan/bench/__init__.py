"""Benchmarks: `kellan bench core|frame|osc|flame|fractals|measures [--json]`.

Every figure is a median over repeats, and every ratio compares two medians measured side
by side in the same run: these machines are shared and noisy, and timed unit tests would
only measure the noise.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from kellan.bench.core import _median_ms, full_model

__all__ = ["_median_ms", "full_model", "main"]

BENCHES = {
    "core": "the particle core: numba step against the numpy twin, compile times",
    "frame": "a frame at 1280x720, stage by stage, sprites against density, and capacity",
    "osc": "an OSC flood into a headless show: pace kept, every message applied or counted",
    "flame": "the fractal-flame chaos game, against flam3-render where it is installed",
    "fractals": "each kind of empathy fractal as the backdrop at 1280x720, live and still",
    "measures": "Rhea's per-frame measures against a step",
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help") or args[0] not in BENCHES:
        print("usage: kellan bench {" + ",".join(BENCHES) + "} [--json] [options]\n")
        for name, what in BENCHES.items():
            print(f"  {name:<9} {what}")
        return 0 if args[:1] in (["-h"], ["--help"]) else 2
    name, rest = args[0], args[1:]
    if name == "core":
        from kellan.bench.core import main as run
    elif name == "frame":
        from kellan.bench.frame import main as run
    elif name == "osc":
        from kellan.bench.osc import main as run
    elif name == "flame":
        from kellan.flame.bench import main as run
    elif name == "fractals":
        from kellan.bench.fractals import main as run
    else:
        from kellan.bench.measures import main as run
    return run(rest)
