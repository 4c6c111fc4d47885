"""Benchmarks of the sculpture kernels against plain numpy, measured side by side.

    python -m kellan.sculpture.bench [--repeats N]

Prints medians (ms) of: the surface-guide field on the 25³ nodes of a 24-cell grid for
4096 surface samples (numba k-d tree vs numpy brute force), and a trace deposit on the
default torus knot at 25k and 100k particles (numba binned kernel vs numpy pairs, the
numpy side timed on 1024 of the 4096 vertices and scaled).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from kellan.core.guides import node_positions
from kellan.core.surface_guides import SurfaceGuide
from kellan.sculpture.sampling import sample_surface
from kellan.sculpture.shapes import build_shape
from kellan.sculpture.traces import Traces


def _median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()  # compile or warm caches first
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1e3 * float(np.median(times))


def nearest_numpy(nodes: np.ndarray, points: np.ndarray, reach: float) -> np.ndarray:
    """Nearest sample within reach of each node, by every pair (chunks of 512 nodes)."""
    out = np.full(len(nodes), -1, np.int64)
    for a in range(0, len(nodes), 512):
        q = nodes[a : a + 512].astype(np.float32)
        d2 = ((q[:, None, :] - points[None]) ** 2).sum(-1)
        best = d2.argmin(axis=1)
        hit = d2[np.arange(len(q)), best] < reach * reach
        out[a : a + 512] = np.where(hit, best, -1)
    return out


def deposit_numpy(
    verts: np.ndarray, pos: np.ndarray, owner: np.ndarray, radius: float, amount: float, n: int
) -> np.ndarray:
    """The deposit by every (vertex, particle) pair, (V, n) float64, chunks of 256."""
    acc = np.zeros((len(verts), n))
    p = pos.T.astype(np.float32)
    for a in range(0, len(verts), 256):
        v = verts[a : a + 256]
        d2 = ((v[:, None, :] - p[None]) ** 2).sum(-1)
        w = np.clip(1.0 - d2 / (radius * radius), 0.0, None) ** 2 * amount
        for s in range(n):
            acc[a : a + 256, s] = w[:, owner == s].sum(axis=1)
    return acc


def run(repeats: int = 7) -> dict[str, float]:
    results: dict[str, float] = {}
    knot = build_shape("torus_knot", {})
    pts, nrm = sample_surface(knot, 4096, seed=1)
    pts = pts * np.float32(1.5)
    nodes = node_positions(24, -4.0, 8.0 / 24).astype(np.float32)
    guide = SurfaceGuide.build(pts, nrm, "orbit", 2.5, 1.0)
    fast = _median_ms(lambda: guide.acceleration(nodes), repeats)
    build = _median_ms(lambda: SurfaceGuide.build(pts, nrm, "orbit", 2.5, 1.0), repeats)
    slow = _median_ms(lambda: nearest_numpy(nodes, guide.points, 2.5), max(1, repeats // 3))
    print(
        f"surface field, 15625 nodes, 4096 samples: numba {fast:.1f} ms (+ tree {build:.1f} ms)"
        f" | numpy nearest alone {slow:.0f} ms | ratio {slow / fast:.0f}x"
    )
    results.update(field_ms=fast, tree_ms=build, field_numpy_ms=slow)
    verts = knot.vertices * np.float32(1.5)
    rng = np.random.default_rng(0)
    for n in (25_000, 100_000):
        pos = rng.normal(0.0, 1.5, (3, n)).astype(np.float32)
        owner = rng.integers(0, 4, n).astype(np.int32)
        tr = Traces(len(verts), ["a", "b", "c", "d"])
        fast = _median_ms(lambda: tr.deposit(verts, pos, owner, 0.15, 0.01), repeats)  # noqa: B023
        # numpy on the first 1024 vertices only, scaled up: all of them takes ~10 s.
        part = verts[:1024]
        slow = _median_ms(lambda: deposit_numpy(part, pos, owner, 0.15, 0.01, 4), 1)  # noqa: B023
        slow *= len(verts) / len(part)
        print(
            f"deposit, {n} particles, {len(verts)} vertices: numba {fast:.1f} ms | "
            f"numpy (scaled from 1024 vertices) {slow:.0f} ms | ratio {slow / fast:.0f}x"
        )
        results[f"deposit_{n}_ms"] = fast
        results[f"deposit_{n}_numpy_ms"] = slow
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    run(parser.parse_args().repeats)


if __name__ == "__main__":
    main()
