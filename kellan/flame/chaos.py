"""The chaos game run in batches into a running histogram.

A fixed number of streams (N_STREAMS, never the thread count) iterate in parallel, each
with its own generator; their points are binned in stream order. The same seed and the
same sequence of `run` calls give a bit-identical histogram on any number of threads.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from kellan.flame import kernel as K
from kellan.flame.camera import Camera
from kellan.flame.genome import Flame
from kellan.flame.pack import pack

N_STREAMS = 64  # parallel walkers; enough to keep 16+ cores busy
CHUNK = 16384  # iterations per stream between two binning passes (1M points, 9 MB)


class ChaosGame:
    """Iterates one flame and accumulates its histogram."""

    def __init__(self, flame: Flame, camera: Camera, seed: int,
                 n_streams: int = N_STREAMS) -> None:  # fmt: skip
        self.camera = camera
        self.seed = seed
        self._cam = camera.vector()
        rows, cols = camera.buffer_shape
        self._flat = np.zeros(rows * cols * 4, dtype=np.float32)
        self.states = K.stream_states(seed, n_streams)
        self._xs = np.zeros(n_streams)
        self._ys = np.zeros(n_streams)
        self._cs = np.zeros(n_streams)
        self._last = np.full(n_streams, -1, dtype=np.int64)
        self.reset(flame)
        n = n_streams * CHUNK
        self._tmp = (np.empty(n, dtype=np.int32), np.empty(n, dtype=np.uint8),
                     np.empty(n, dtype=np.float32), np.empty(n, dtype=np.float32))  # fmt: skip
        self._pix = np.empty(n, dtype=np.int32)
        self._col = np.empty(n, dtype=np.float32)
        self._w = np.empty(n, dtype=np.float32)
        self._seg = np.zeros((n_streams, K.N_BANDS + 1), dtype=np.int64)

    def reset(self, flame: Flame, keep: float = 0.0) -> None:
        """Iterate `flame` from now on. keep (0..1) scales the histogram gathered so far
        (0 clears it; 0.5 lets the old picture fade out under the new one). The streams
        restart from the seed, so a reset run is as reproducible as a fresh one."""
        self.flame = flame
        self.packed = pack(flame)
        keep = min(max(float(keep), 0.0), 1.0)
        if keep == 0.0:
            self._flat[:] = 0.0
        else:
            self._flat *= np.float32(keep)
        self.samples = round(getattr(self, "samples", 0) * keep)
        self.states[:] = K.stream_states(self.seed, self.states.shape[0])
        self._last[:] = -1
        self._started = False

    @property
    def histogram(self) -> np.ndarray:
        """(rows, columns, 4) float32 view: r, g, b (palette colour sums) and density.
        float32 as in flam3: half the memory traffic of the random-access binning."""
        rows, cols = self.camera.buffer_shape
        return self._flat.reshape(rows, cols, 4)

    def run(self, samples: int) -> int:
        """Add about `samples` iterations (rounded up to a whole number per stream);
        returns how many were run."""
        n_streams = self.states.shape[0]
        per_stream = max(1, math.ceil(samples / n_streams))
        done = 0
        p = self.packed
        # Hand out streams and bands to threads one at a time (dynamic scheduling): on a
        # shared machine a descheduled thread then delays the others by one item at most.
        with numba.parallel_chunksize(1):
            while done < per_stream:
                n = min(CHUNK, per_stream - done)
                fuse = 0 if self._started else K.FUSE
                self._started = True
                K.iterate(p.X, p.n_std, p.has_final, p.pick, p.chaos, self._cam, self._xs,
                          self._ys, self._cs, self._last, self.states, fuse, n, *self._tmp,
                          self._pix, self._col, self._w, self._seg)  # fmt: skip
                K.bin_points(self._flat, self._pix, self._col, self._w, self._seg, p.palette,
                             p.linear)  # fmt: skip
                done += n
        self.samples += per_stream * n_streams
        return per_stream * n_streams
