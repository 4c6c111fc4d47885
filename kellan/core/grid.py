"""The uniform grid: stable counting sort by cell, per-cell and per-node fields, and the
per-owner reductions, as numba kernels.

Every kernel here takes what it needs as arguments (no layout constants from other
files), so numba's per-file cache can never hold a stale copy. Parallel loops write only
their own cell, node or fixed chunk; reductions combine fixed chunks in order. Results do
not depend on the thread count.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

# Fixed partitions (never the thread count), so that results are reproducible.
SORT_CHUNKS = 8
# Per owner: sum x, y, z, count, sum |v|^2.
N_GROUP_STATS = 5


# Serial where the work is small or rare: every parallel kernel costs about a second of
# cold compile, and the first run should stay well under 20 s.
@njit(cache=True, nogil=True)
def cell_index(
    kin: np.ndarray, origin: np.float32, inv_h: np.float32, g: int, cell: np.ndarray
) -> None:
    """Grid cell of each particle (clamped into the grid), written to `cell` (int32).

    The float32 arithmetic is the same as at the end of kernels.step_particles, which
    computes the cells of later steps.
    """
    n = kin.shape[1]
    top = np.int32(g - 1)
    gi = np.int32(g)
    for i in range(n):
        qx = min(max(np.int32((kin[0, i] - origin) * inv_h), np.int32(0)), top)
        qy = min(max(np.int32((kin[1, i] - origin) * inv_h), np.int32(0)), top)
        qz = min(max(np.int32((kin[2, i] - origin) * inv_h), np.int32(0)), top)
        cell[i] = (qz * gi + qy) * gi + qx


@njit(parallel=True, cache=True, nogil=True)
def counting_sort(
    cell: np.ndarray,
    n_cells: int,
    kin: np.ndarray,
    kin_out: np.ndarray,
    ids: np.ndarray,
    ids_out: np.ndarray,
    cell_start: np.ndarray,
    n_groups: int,
) -> tuple[np.ndarray, int]:
    """Stable counting sort of the whole state by cell; returns per-owner sums and the
    number of particles that had to be repaired.

    kin (6, N) float32 and ids (2, N) int32 (owner, particle id) are written sorted to
    kin_out / ids_out; cell_start (n_cells + 1) receives each
    cell's first index. SORT_CHUNKS fixed chunks histogram in parallel; the prefix runs
    serially cell by cell, chunk by chunk, so particles keep their relative order within
    a cell (stable) and nothing depends on the thread count.

    Reading every particle anyway, the scatter also sums each owner's position, count and
    |v|^2 per chunk (the returned (n_groups, N_GROUP_STATS) array, chunks added in order):
    centroids and kinetic energy cost no extra pass over memory.

    A particle holding a NaN or an infinity is reset to rest at the centre on the way and
    counted, before any sum sees it: one bad value would otherwise reach every particle
    through the centroids within a step.
    """
    n = cell.shape[0]
    chunk = (n + SORT_CHUNKS - 1) // SORT_CHUNKS
    hist = np.zeros((SORT_CHUNKS, n_cells), dtype=np.int64)
    # Serial: it only streams the cell indices (4 bytes a particle), and a second
    # parallel loop here would add seconds to the first run's compile.
    for k in range(SORT_CHUNKS):
        lo = k * chunk
        hi = min(n, lo + chunk)
        for i in range(lo, hi):
            hist[k, cell[i]] += 1
    running = 0
    for c in range(n_cells):
        cell_start[c] = running
        for k in range(SORT_CHUNKS):
            count = hist[k, c]
            hist[k, c] = running
            running += count
    cell_start[n_cells] = running
    partial = np.zeros((SORT_CHUNKS, n_groups, N_GROUP_STATS))
    repaired = np.zeros(SORT_CHUNKS, dtype=np.int64)
    for k in prange(SORT_CHUNKS):
        lo = k * chunk
        hi = min(n, lo + chunk)
        for i in range(lo, hi):
            c = cell[i]
            j = hist[k, c]
            hist[k, c] = j + 1
            px = kin[0, i]
            py = kin[1, i]
            pz = kin[2, i]
            ux = kin[3, i]
            uy = kin[4, i]
            uz = kin[5, i]
            # x - x is 0 for every finite x and NaN for NaN and both infinities.
            finite = (px - px) + (py - py) + (pz - pz) + (ux - ux) + (uy - uy) + (uz - uz)
            if finite != 0.0:
                px = py = pz = ux = uy = uz = np.float32(0.0)
                repaired[k] += 1
            o = ids[0, i]
            kin_out[0, j] = px
            kin_out[1, j] = py
            kin_out[2, j] = pz
            kin_out[3, j] = ux
            kin_out[4, j] = uy
            kin_out[5, j] = uz
            ids_out[0, j] = o
            ids_out[1, j] = ids[1, i]
            partial[k, o, 0] += px
            partial[k, o, 1] += py
            partial[k, o, 2] += pz
            partial[k, o, 3] += 1.0
            partial[k, o, 4] += np.float64(ux) * ux + np.float64(uy) * uy + np.float64(uz) * uz
    out = np.zeros((n_groups, N_GROUP_STATS))
    for k in range(SORT_CHUNKS):
        for o in range(n_groups):
            for s in range(N_GROUP_STATS):
                out[o, s] += partial[k, o, s]
    return out, repaired.sum()


@njit(cache=True, nogil=True)
def cell_fields(kin: np.ndarray, cell_start: np.ndarray, fields: np.ndarray) -> None:
    """Per-cell particle count and velocity sum into fields (n_cells, 4).

    The state is sorted by cell, so each cell sums its own contiguous run in order.
    Serial: one streaming pass over the velocities, not worth a parallel loop's compile.
    """
    n_cells = cell_start.shape[0] - 1
    for c in range(n_cells):
        lo = cell_start[c]
        hi = cell_start[c + 1]
        sx = 0.0
        sy = 0.0
        sz = 0.0
        for i in range(lo, hi):
            sx += kin[3, i]
            sy += kin[4, i]
            sz += kin[5, i]
        fields[c, 0] = hi - lo
        fields[c, 1] = sx
        fields[c, 2] = sy
        fields[c, 3] = sz


@njit(cache=True, nogil=True)
def node_fields(fields: np.ndarray, g: int, nodes: np.ndarray) -> None:
    """Density and mean velocity at the grid's (g + 1)³ nodes: channels 0..3 of nodes.

    A node's density is the mean particle count of the eight cells around it (cells
    outside the grid count as empty) and its velocity the mean over those cells'
    particles. Interpolating from nodes means the eight values a particle needs are the
    corners of its own cell, shared by every particle of that cell.
    """
    m = g + 1
    for kz in range(m):
        for ky in range(m):
            for kx in range(m):
                count = 0.0
                sx = 0.0
                sy = 0.0
                sz = 0.0
                for dz in range(2):
                    cz = kz - dz
                    for dy in range(2):
                        cy = ky - dy
                        for dx in range(2):
                            cx = kx - dx
                            if 0 <= cx < g and 0 <= cy < g and 0 <= cz < g:
                                c = (cz * g + cy) * g + cx
                                count += fields[c, 0]
                                sx += fields[c, 1]
                                sy += fields[c, 2]
                                sz += fields[c, 3]
                node = (kz * m + ky) * m + kx
                inv = 1.0 / max(count, 1.0)
                nodes[node, 0] = count * 0.125
                nodes[node, 1] = sx * inv
                nodes[node, 2] = sy * inv
                nodes[node, 3] = sz * inv


@njit(cache=True, nogil=True)
def reassign_owner(owner: np.ndarray, old: int, new: int) -> int:
    """Hand every particle of `old` to `new`; returns how many changed hands."""
    n = owner.shape[0]
    changed = 0
    for i in range(n):
        if owner[i] == old:
            owner[i] = new
            changed += 1
    return changed


@njit(cache=True, nogil=True)
def claim_particles(owner: np.ndarray, source: int, dest: int, count: int) -> int:
    """Give `dest` `count` of `source`'s particles, evenly spread over them in state order
    (serial, so the choice is deterministic); returns how many were claimed.

    The state is sorted by grid cell, so taking the first ones would hand a newcomer a
    slab at one edge of the world; every (total/count)-th one samples every cell.
    """
    total = 0
    for i in range(owner.shape[0]):
        if owner[i] == source:
            total += 1
    count = min(count, total)
    if count <= 0:
        return 0
    claimed = 0
    seen = 0
    for i in range(owner.shape[0]):
        if owner[i] == source:
            # Claim the j-th source particle when floor(j * count / total) steps up.
            if ((seen + 1) * count) // total > (seen * count) // total:
                owner[i] = dest
                claimed += 1
            seen += 1
    return claimed
