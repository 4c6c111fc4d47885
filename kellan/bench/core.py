"""The particle core's benchmark, measured side by side in one run: `kellan bench core
[--json]` (numba step against the numpy twin, compile times, memory).

These machines are shared and noisy, so every figure is a median over repeated steps,
and the numba/numpy ratio compares two medians taken in the same process on the same
state. Timed unit tests would only measure the noise.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence

import numpy as np

from kellan.bench.args import counts, whole
from kellan.core import grid as G
from kellan.core import kernels as K
from kellan.core.guides import Guide
from kellan.core.protocol import Protocol
from kellan.core.rift import RiftSpec
from kellan.core.simulation import N_GROUPS, SimConfig, Simulation

# Four participants that disagree, as in the festival scene.
PAD = np.array([[0.55, -0.15, 0.6], [0.75, 0.7, 0.2], [0.2, -0.65, 0.45], [-0.5, 0.5, -0.4]])


def full_model(n: int, backend: str = "numba") -> Simulation:
    """A simulation with every force on: flow, cohesion, two guides, separation and
    alignment, pulse, an open rift, the protocol, and a commons."""
    sim = Simulation(
        SimConfig(n_particles=n, seed=20261125, reserve=0.1),
        PAD,
        np.array([1.0, 1.2, 0.9, 0.9]),
        [Guide.orbit((0.0, 0.0, 0.0), 3.2, 1.1), Guide.attract((2.0, 1.0, 0.0), 1.5, 0.8)],
        backend=backend,
        protocol=Protocol(enabled=True, target=0.15),
    )
    sim.schedule_rift(RiftSpec(start=0.0, strength=2.5, rise=0.1, heal=1000.0))
    return sim


def _median_ms(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1000.0 * statistics.median(times)


def _jit_times() -> tuple[float, float]:
    """Cold compile and warm (cache hit) start of the kernels, each in a fresh process
    with a private numba cache, so that the project's own cache does not count."""
    code = "from kellan.core.warmup import warm_up; print(warm_up())"
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        out = []
        for _ in range(2):
            res = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
            )
            out.append(float(res.stdout.strip().splitlines()[-1]))
    return out[0], out[1]


def bytes_per_particle(sim: Simulation) -> float:
    """Memory the simulation holds per particle: state, sort buffers and cell indices."""
    per = [sim.state.kin, sim.state.ids, sim._kin2, sim._ids2, sim._cell]
    return sum(a.nbytes for a in per) / sim.config.n_particles


def bench_core(n: int, repeats: int, numpy_repeats: int) -> dict[str, float]:
    sim = full_model(n)
    sim.step(3)  # compile or load, and settle the sort
    step_ms = _median_ms(sim.step, repeats)
    # The passes of one step, timed alone on the same state.
    s = sim.state
    kin2, ids2 = np.empty_like(s.kin), np.empty_like(s.ids)
    sort_ms = _median_ms(
        lambda: G.counting_sort(
            sim._cell, sim._n_cells, s.kin, kin2, s.ids, ids2, sim._cell_start, N_GROUPS
        ),
        repeats,
    )
    fields_ms = _median_ms(
        lambda: (
            G.cell_fields(s.kin, sim._cell_start, sim._fields),
            G.node_fields(sim._fields, sim.config.grid, sim._nodes),
        ),
        repeats,
    )
    cen = sim.centroids().astype(np.float32)
    kin, cell = s.kin.copy(), sim._cell.copy()
    forces_ms = _median_ms(
        lambda: K.step_particles(
            kin,
            s.owner,
            s.pid,
            cell,
            sim._cell_start,
            sim._behaviour32,
            cen,
            sim._nodes,
            sim._params,
            sim._seed,
        ),
        repeats,
    )
    ref = full_model(n, backend="numpy")
    ref.step(1)
    numpy_ms = _median_ms(ref.step, numpy_repeats)
    return {
        "n": n,
        "step_ms": round(step_ms, 3),
        "steps_per_s": round(1000.0 / step_ms, 1),
        "numpy_step_ms": round(numpy_ms, 2),
        "ratio": round(numpy_ms / step_ms, 2),
        "sort_ms": round(sort_ms, 3),
        "fields_ms": round(fields_ms, 3),
        "forces_ms": round(forces_ms, 3),
        "bytes_per_particle": round(bytes_per_particle(sim), 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kellan bench core", description=__doc__.splitlines()[0])
    p.add_argument(
        "--sizes",
        type=counts,
        default=counts("100000,1000000"),
        help="particle counts, comma-separated",
    )
    p.add_argument(
        "--repeats", type=whole(1, 10_000), default=21, help="numba steps timed per size"
    )
    p.add_argument(
        "--numpy-repeats", type=whole(1, 1_000), default=3, help="numpy steps timed per size"
    )
    p.add_argument("--json", action="store_true", help="print one JSON list instead of a table")
    p.add_argument(
        "--skip-jit", action="store_true", help="do not measure cold and warm compile times"
    )
    args = p.parse_args(argv)

    import numba

    # Not measured is null in the JSON (NaN is not JSON) and "not measured" in the table.
    cold, warm = (None, None) if args.skip_jit else _jit_times()
    rows = []
    for n in args.sizes:
        row = bench_core(n, args.repeats, args.numpy_repeats)
        row.update(
            jit_cold_s=None if cold is None else round(cold, 2),
            jit_warm_s=None if warm is None else round(warm, 2),
        )
        row["threads"] = numba.get_num_threads()
        rows.append(row)
        if not args.json:
            print(
                f"N={n:>9,}  step {row['step_ms']:8.2f} ms (median of {args.repeats})  "
                f"{row['steps_per_s']:7.1f} steps/s  numpy {row['numpy_step_ms']:9.1f} ms  "
                f"ratio {row['ratio']:6.1f}x  [sort+stats {row['sort_ms']:.2f}, fields "
                f"{row['fields_ms']:.2f}, forces {row['forces_ms']:.2f} ms]  "
                f"{row['bytes_per_particle']:.0f} B/particle",
                flush=True,
            )
    if args.json:
        print(json.dumps(rows, allow_nan=False))
    elif cold is None or warm is None:
        print(f"JIT: not measured (--skip-jit); {rows[0]['threads']} numba threads")
    else:
        print(
            f"JIT: cold compile {cold:.1f} s, warm start from cache {warm:.2f} s; "
            f"{rows[0]['threads']} numba threads"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
