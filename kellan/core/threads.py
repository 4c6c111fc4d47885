"""Thread count of the numba kernels (the state never depends on it)."""

from __future__ import annotations

import numba


def available_threads() -> int:
    """The most threads numba can use in this process (NUMBA_NUM_THREADS at start-up)."""
    return int(numba.config.NUMBA_NUM_THREADS)


def set_threads(n: int) -> int:
    """Use n threads; returns n. More than are available is refused, never clamped, so a
    reproducibility check on "4 threads" cannot silently run on 2."""
    n = int(n)
    limit = available_threads()
    if not 1 <= n <= limit:
        raise ValueError(
            f"{n} threads requested; 1..{limit} are available (NUMBA_NUM_THREADS={limit})"
        )
    numba.set_num_threads(n)
    return n


def thread_split(cores: int) -> tuple[int, int]:
    """How the simulation and the renderer share `cores`: (simulation threads, render
    threads). The simulation steps on its own worker; the renderer's threads are
    llvmpipe's rasteriser (LP_NUM_THREADS) and the density splat, which take turns on the
    GUI thread. Two pools each as large as the machine fight over the same cores: on 2
    cores, a 2-thread step fell to a third of its speed under load (see README,
    "Threads"), so each side gets its own half."""
    cores = max(1, int(cores))
    if cores == 1:
        return 1, 1
    sim = max(1, cores // 2)
    return sim, max(1, cores - sim)
