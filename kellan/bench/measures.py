"""Benchmark of the per-frame measures, side by side in one run:
`kellan bench measures [--sizes 25000,1000000] [--json]`.

For each size it takes medians of: the whole `measure()` call, the numba tally alone, its
numpy twin, and one simulation step on the same state, so the measures' cost can be read
against a frame's. No figure is asserted anywhere: shared machines are noisy.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence

import numba
import numpy as np

from kellan.bench.args import counts, whole
from kellan.bench.core import _median_ms, full_model
from kellan.core import measures as M
from kellan.core.simulation import N_GROUPS

# The sculptures of the benchmark model (kellan.bench.full_model's two guides).
CENTRES = np.array([[0.0, 0.0, 0.0], [2.0, 1.0, 0.0]])


def bench_measures(n: int, repeats: int) -> dict[str, float]:
    sim = full_model(n)
    sim.step(3)
    s = sim.state
    M.measure(sim, CENTRES)  # compile or load from the cache
    measure_ms = _median_ms(lambda: M.measure(sim, CENTRES), repeats)
    cen = CENTRES.astype(np.float32)
    r2 = np.full(len(cen), M.DEFAULT_RADIUS**2, dtype=np.float32)
    slow2 = np.float32(M.DEFAULT_CALM_SPEED**2)
    tally_ms = _median_ms(lambda: M.tally(s.kin, s.owner, cen, r2, slow2, N_GROUPS), repeats)
    numpy_ms = _median_ms(
        lambda: M.tally_reference(s.kin, s.owner, cen, r2, slow2, N_GROUPS), max(3, repeats // 4)
    )
    step_ms = _median_ms(sim.step, repeats)
    return {
        "n": n,
        "measure_ms": round(measure_ms, 3),
        "tally_ms": round(tally_ms, 3),
        "numpy_tally_ms": round(numpy_ms, 2),
        "ratio": round(numpy_ms / tally_ms, 1),
        "step_ms": round(step_ms, 2),
        "share_of_step": round(measure_ms / step_ms, 3),
        "threads": numba.get_num_threads(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kellan bench measures", description=__doc__.splitlines()[0])
    p.add_argument(
        "--sizes",
        type=counts,
        default=counts("25000,1000000"),
        help="particle counts, comma-separated",
    )
    p.add_argument("--repeats", type=whole(1, 10_000), default=21, help="calls timed per size")
    p.add_argument("--json", action="store_true", help="print one JSON list instead of a table")
    args = p.parse_args(argv)
    rows = []
    for n in args.sizes:
        row = bench_measures(n, args.repeats)
        rows.append(row)
        if not args.json:
            print(
                f"N={n:>9,}  measure {row['measure_ms']:7.3f} ms (median of {args.repeats})  "
                f"tally {row['tally_ms']:7.3f} ms  numpy tally {row['numpy_tally_ms']:8.2f} ms  "
                f"ratio {row['ratio']:5.1f}x  step {row['step_ms']:7.2f} ms  "
                f"measure/step {100 * row['share_of_step']:.1f} %  [{row['threads']} threads]",
                flush=True,
            )
    if args.json:
        print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
