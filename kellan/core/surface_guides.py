"""Guide fields that follow a sculpture's surface, not only its centre.

A surface guide is given points sampled on the sculpture's surface (world space) with
their outward normals. At a point p, with s the nearest sample, n its normal, R the
reach and k the strength:

    d = p - s,  r = |d|,  u = d / r (n when r is 0),  w = max(0, 1 - r²/R²)²
    o = u outside the surface (d·n >= 0), -u inside: the way out
    h = r outside, -r inside: the signed height above the surface

attract: a = -k·w·min(1, r / 0.1R)·u   toward the surface; fading in the last tenth of
         the reach so that particles settle on the surface instead of jittering through it
repel:   a =  k·w·o                    away from the surface, out of the sculpture
orbit:   a = -w·(1.5k/R)·(h - 0.4R)·o + k·w·t / max(ρ, 0.25R)
         a ring spring holds particles on a shell 0.4·R off the surface while they
         circulate around the sculpture's vertical axis: t is (dz, 0, -dx) about its centre
         (the same sense as kellan.core.guides), with its part along o removed so that it
         runs along the surface, and ρ is the horizontal distance from the axis (the swirl
         fades near the axis, where its direction is undefined)

The field is sampled on the grid's nodes, as kellan.core.guides does for centre guides,
so its node array can simply be added to theirs: the particle loop pays nothing for it.

The nearest sample comes from a k-d tree built in numba (balanced, implicit: the median
of each range is its node) that keeps each subtree's tight bounding box, so a search
skips every subtree farther than its best distance so far; it starts bounded by the
reach (nodes out of reach cost one box test) or by the previous node's answer. Nodes
are searched in fixed chunks, so the field is the same for any thread count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from kellan.core.guides import node_positions

MODES = {"attract": 0, "orbit": 1, "repel": 2}
_ATTRACT = 0
_ORBIT = 1
_REPEL = 2
_LEAF = 8  # ranges this short are scanned, not split
_CHUNK = 32  # nodes searched in order by one thread, each seeded by the one before
_STACK = 130  # LIFO with two pushes per pop: a balanced tree of 2^64 samples needs 65


@njit(cache=True)
def _build_tree(pts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(order (S,), axis (S,), box (S, 6)): sample order[i] sits at range position i.

    A range [lo, hi) is known by its middle mid = (lo + hi) // 2: box[mid] is the tight
    bounding box (min xyz, max xyz) of its samples. A range longer than _LEAF is split
    along its widest axis, axis[mid], at its median: the sample at mid is the node and
    [lo, mid) and [mid + 1, hi) its subtrees (whose middles differ from mid).
    """
    s = pts.shape[0]
    order = np.arange(s)
    axis = np.zeros(s, np.int8)
    box = np.zeros((s, 6), np.float32)
    stack_lo = np.empty(_STACK, np.int64)
    stack_hi = np.empty(_STACK, np.int64)
    stack_lo[0], stack_hi[0] = 0, s
    top = 1
    while top > 0:
        top -= 1
        lo, hi = stack_lo[top], stack_hi[top]
        if hi <= lo:
            continue
        mid = (lo + hi) // 2
        for k in range(3):
            mn = pts[order[lo], k]
            mx = mn
            for i in range(lo + 1, hi):
                v = pts[order[i], k]
                mn = min(mn, v)
                mx = max(mx, v)
            box[mid, k] = mn
            box[mid, 3 + k] = mx
        if hi - lo <= _LEAF:
            continue
        ax = 0
        for k in range(1, 3):
            if box[mid, 3 + k] - box[mid, k] > box[mid, 3 + ax] - box[mid, ax]:
                ax = k
        keys = np.empty(hi - lo, np.float32)
        for i in range(lo, hi):
            keys[i - lo] = pts[order[i], ax]
        order[lo:hi] = order[lo:hi][np.argsort(keys, kind="mergesort")]
        axis[mid] = ax
        stack_lo[top], stack_hi[top] = lo, mid
        stack_lo[top + 1], stack_hi[top + 1] = mid + 1, hi
        top += 2
    return order, axis, box


@njit(cache=True, inline="always")
def _box_d2(q: np.ndarray, box: np.ndarray, i: int) -> float:
    """Squared distance from q to the box of the range whose middle is i (0 inside)."""
    d2 = np.float32(0.0)
    for k in range(3):
        below = box[i, k] - q[k]
        above = q[k] - box[i, 3 + k]
        e = max(np.float32(0.0), max(below, above))
        d2 += e * e
    return d2


@njit(cache=True, inline="always")
def _nearest(
    q: np.ndarray, tp: np.ndarray, axis: np.ndarray, box: np.ndarray, best: int,
    best_d2: float, s_lo: np.ndarray, s_hi: np.ndarray,
) -> int:  # fmt: skip
    """Index (tree order) of the sample nearest to q closer than sqrt(best_d2), else
    `best`. A subtree is skipped when its tight box lies beyond the best distance yet."""
    s_lo[0], s_hi[0] = 0, tp.shape[0]
    top = 1
    while top > 0:
        top -= 1
        lo, hi = s_lo[top], s_hi[top]
        if hi <= lo:
            continue
        mid = (lo + hi) // 2
        if _box_d2(q, box, mid) >= best_d2:
            continue
        if hi - lo <= _LEAF:
            for i in range(lo, hi):
                dx = q[0] - tp[i, 0]
                dy = q[1] - tp[i, 1]
                dz = q[2] - tp[i, 2]
                d2 = dx * dx + dy * dy + dz * dz
                if d2 < best_d2:
                    best_d2 = d2
                    best = i
            continue
        dx = q[0] - tp[mid, 0]
        dy = q[1] - tp[mid, 1]
        dz = q[2] - tp[mid, 2]
        d2 = dx * dx + dy * dy + dz * dz
        if d2 < best_d2:
            best_d2 = d2
            best = mid
        # The far side goes on the stack first, so the near side is searched first.
        if q[axis[mid]] < tp[mid, axis[mid]]:
            s_lo[top], s_hi[top], s_lo[top + 1], s_hi[top + 1] = mid + 1, hi, lo, mid
        else:
            s_lo[top], s_hi[top], s_lo[top + 1], s_hi[top + 1] = lo, mid, mid + 1, hi
        top += 2
    return best


@njit(cache=True, parallel=True)
def _nearest_chunks(
    nodes: np.ndarray, tp: np.ndarray, axis: np.ndarray, box: np.ndarray, reach: float
) -> np.ndarray:
    """Nearest sample within reach of every node, or -1. Fixed chunks of _CHUNK nodes in
    order: each search starts bounded by the distance to the previous node's answer
    (grid neighbours have near answers), so the result does not depend on threads."""
    m = nodes.shape[0]
    out = np.full(m, -1, np.int64)
    r2 = np.float32(reach * reach)
    n_chunks = (m + _CHUNK - 1) // _CHUNK
    for c in prange(n_chunks):
        s_lo = np.empty(_STACK, np.int64)
        s_hi = np.empty(_STACK, np.int64)
        q = np.empty(3, np.float32)
        guess = -1
        for i in range(c * _CHUNK, min(m, (c + 1) * _CHUNK)):
            q[0], q[1], q[2] = nodes[i, 0], nodes[i, 1], nodes[i, 2]
            best, best_d2 = -1, r2
            if guess >= 0:
                dx = q[0] - tp[guess, 0]
                dy = q[1] - tp[guess, 1]
                dz = q[2] - tp[guess, 2]
                d2 = dx * dx + dy * dy + dz * dz
                if d2 < r2:
                    # The bound is just above the guess so that the search itself still
                    # picks among ties: the answer never depends on the guess.
                    best_d2 = d2 * np.float32(1.0001) + np.float32(1e-12)
            out[i] = _nearest(q, tp, axis, box, best, best_d2, s_lo, s_hi)
            if out[i] >= 0:
                guess = out[i]
    return out


@njit(cache=True, parallel=True)
def _field(
    nodes: np.ndarray, nearest: np.ndarray, tp: np.ndarray, tn: np.ndarray, mode: int,
    reach: float, strength: float, cx: float, cz: float,
) -> np.ndarray:  # fmt: skip
    m = nodes.shape[0]
    acc = np.zeros((m, 3), np.float32)
    big_r = np.float32(reach)
    r2 = big_r * big_r
    k = np.float32(strength)
    ring = np.float32(1.5) * k / big_r
    soft = np.float32(0.1) * big_r
    shell = np.float32(0.4) * big_r
    rho0 = np.float32(0.25) * big_r
    for i in prange(m):
        j = nearest[i]
        if j < 0:
            continue
        qx, qy, qz = nodes[i, 0], nodes[i, 1], nodes[i, 2]
        dx, dy, dz = qx - tp[j, 0], qy - tp[j, 1], qz - tp[j, 2]
        nx, ny, nz = tn[j, 0], tn[j, 1], tn[j, 2]
        d2 = dx * dx + dy * dy + dz * dz
        if d2 >= r2:
            continue
        r = np.sqrt(d2)
        if r > np.float32(1e-6):
            ux, uy, uz = dx / r, dy / r, dz / r
        else:
            ux, uy, uz = nx, ny, nz
        q = np.float32(1.0) - d2 / r2
        w = q * q
        side = np.float32(1.0) if dx * nx + dy * ny + dz * nz >= 0.0 else np.float32(-1.0)
        ox, oy, oz = side * ux, side * uy, side * uz
        if mode == _ATTRACT:
            g = -k * w * min(np.float32(1.0), r / soft)
            acc[i, 0], acc[i, 1], acc[i, 2] = g * ux, g * uy, g * uz
        elif mode == _REPEL:
            g = k * w
            acc[i, 0], acc[i, 1], acc[i, 2] = g * ox, g * oy, g * oz
        else:
            g = -w * ring * (side * r - shell)
            tx, tz = qz - cz, -(qx - cx)
            rho = np.sqrt(tx * tx + tz * tz)
            along = tx * ox + tz * oz
            sx, sy, sz = tx - along * ox, -along * oy, tz - along * oz
            f = k * w / max(rho, rho0)
            acc[i, 0] = g * ox + f * sx
            acc[i, 1] = g * oy + f * sy
            acc[i, 2] = g * oz + f * sz
    return acc


@dataclass(frozen=True, eq=False)
class SurfaceGuide:
    """A sculpture's surface as a guide. Build it with `SurfaceGuide.build`."""

    points: np.ndarray  # (S, 3) float32, in k-d tree order
    normals: np.ndarray  # (S, 3) float32, unit, outward
    axis: np.ndarray  # (S,) int8: split axis of each tree node
    box: np.ndarray  # (S, 6) float32: tight box of each tree range
    mode: str
    radius: float  # reach from the surface, world units
    strength: float
    centre: tuple[float, float, float]  # the orbit's vertical axis passes through it

    @classmethod
    def build(
        cls,
        points: np.ndarray,
        normals: np.ndarray,
        mode: str,
        radius: float,
        strength: float,
        centre: tuple[float, float, float] | None = None,
    ) -> SurfaceGuide:
        """A guide from surface samples (S, 3) and their outward normals, in world space.

        `centre` defaults to the middle of the samples' bounding box.
        """
        if mode not in MODES:
            raise ValueError(f"guide mode must be one of {', '.join(MODES)}, not {mode!r}")
        if not radius > 0.0:
            raise ValueError(f"guide radius must be positive, not {radius}")
        pts = np.ascontiguousarray(points, dtype=np.float32)
        nrm = np.ascontiguousarray(normals, dtype=np.float32)
        if pts.ndim != 2 or pts.shape[1] != 3 or len(pts) == 0 or nrm.shape != pts.shape:
            raise ValueError("surface samples must be non-empty (S, 3) points and normals")
        order, axis, box = _build_tree(pts)
        if centre is None:
            lo, hi = pts.min(axis=0), pts.max(axis=0)
            centre = tuple(float(c) for c in 0.5 * (lo + hi))
        return cls(
            np.ascontiguousarray(pts[order]),
            np.ascontiguousarray(nrm[order]),
            axis,
            box,
            mode,
            float(radius),
            float(strength),
            (float(centre[0]), float(centre[1]), float(centre[2])),
        )

    def acceleration(self, nodes: np.ndarray) -> np.ndarray:
        """The field at positions (M, 3): (M, 3) float32."""
        q = np.ascontiguousarray(nodes, dtype=np.float32).reshape(-1, 3)
        near = _nearest_chunks(q, self.points, self.axis, self.box, self.radius)
        return _field(
            q, near, self.points, self.normals, MODES[self.mode], self.radius,
            self.strength, self.centre[0], self.centre[2],
        )  # fmt: skip

    def nearest(self, nodes: np.ndarray) -> np.ndarray:
        """Index into `points` of the nearest sample within reach of each node, or -1."""
        q = np.ascontiguousarray(nodes, dtype=np.float32).reshape(-1, 3)
        return _nearest_chunks(q, self.points, self.axis, self.box, self.radius)


def surface_guide_field(
    guides: list[SurfaceGuide], g: int, origin: float, cell: float
) -> np.ndarray:
    """The summed surface-guide acceleration on the (g + 1)³ grid nodes, (M, 3) float32:
    the same node order as kellan.core.guides.guide_field, to add to it."""
    pts = node_positions(g, origin, cell)
    total = np.zeros(pts.shape, np.float32)
    for guide in guides:
        total += guide.acceleration(pts)
    return total
