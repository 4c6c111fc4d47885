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
