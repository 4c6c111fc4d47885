"""The thread budget of a process: set before numba's pool or Mesa's rasteriser starts."""

from __future__ import annotations

import os

from kellan.core.threads import thread_split


def apply_budget(sim_threads: int | None, gl_threads: int | None) -> tuple[int, int]:
    """Choose the simulation's threads and the renderer's, automatically unless given,
    and tell Mesa's llvmpipe through LP_NUM_THREADS (an explicit LP_NUM_THREADS in the
    environment wins over the automatic choice, --gl-threads over both). Returns
    (simulation threads, density-splat threads)."""
    cores = os.cpu_count() or 1
    auto_sim, auto_gl, auto_splat = thread_split(cores)
    sim = sim_threads or auto_sim
    gl = gl_threads or int(os.environ.get("LP_NUM_THREADS", "0") or 0) or auto_gl
    if gl_threads is not None or "LP_NUM_THREADS" not in os.environ:
        os.environ["LP_NUM_THREADS"] = str(gl)
    return sim, (gl_threads if gl_threads is not None else auto_splat)
