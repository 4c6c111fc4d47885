"""Thread count of the numba kernels (the state never depends on it)."""

from __future__ import annotations

import numba


def set_threads(n: int) -> int:
    """Use n threads (clamped to what numba was started with); returns the count used."""
    n = max(1, min(int(n), numba.config.NUMBA_NUM_THREADS))
    numba.set_num_threads(n)
    return n
