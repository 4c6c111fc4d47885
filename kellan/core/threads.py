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


def thread_split(cores: int) -> tuple[int, int, int]:
    """How the simulation and the renderer share `cores`: (simulation threads, llvmpipe
    threads, density-splat threads).

    The simulation steps on its own worker with half the cores. The renderer's pools take
    turns on the GUI thread: the splat (numba) runs first, then llvmpipe rasterises while
    the GUI thread waits, so llvmpipe gets every core and the splat the other half.
    Measured in the window on 2 cores (default scene, README "Threads"): 1/2/1 gave 19.9
    fps, 2/2/2 gave 17.7, 1/1/1 15.0, and 1/1/2 12.9; numba's step and llvmpipe each
    slow down badly when both want every core at once."""
    cores = max(1, int(cores))
    half = max(1, cores // 2)
    return half, cores, half
