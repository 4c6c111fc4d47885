"""Sculptures that remember: per-vertex traces left by each participant's particles.

Each vertex holds, per participant, an accumulated amount (float32). `deposit` adds to
every vertex within `radius` of a particle, weighted by the smooth falloff
(1 - d²/r²)², for the participant who owns the particle. `colours` turns the amounts
into a glowing patina: the participants' colours mixed by amount, with an alpha that
rises with the total and saturates (1 - exp(-total / saturation)).

Columns are keyed by participant id, not by the core's owner slots: slots are handed
out as people join and are reused after they leave, and differ between runs, so each
deposit says which participant holds which slot.

The deposit kernel bins the particles near the sculpture into a uniform grid (cell =
radius) with a stable counting sort, then runs in parallel over vertices; each vertex
sums the particles of its 27 neighbouring cells in the sorted order, so the result is
bit-identical for any thread count.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from numba import njit, prange

_MAX_CELLS = 64  # grid cells per axis at most; past that the cells grow beyond the radius


@njit(cache=True)
def _bin_particles(
    pos: np.ndarray, col_of: np.ndarray, owner: np.ndarray, lo: np.ndarray, cell: float,
    dims: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """The particles inside the grid that belong to a traced participant, sorted by cell
    (stable: ascending particle index within a cell): (start (cells + 1,) offsets, xyz
    (K, 3) float32 positions, col (K,) their participant columns). Copied out in sorted
    order so that the vertex loop reads them contiguously."""
    n = pos.shape[1]
    nx, ny, nz = dims[0], dims[1], dims[2]
    cells = nx * ny * nz
    cell_of = np.full(n, -1, np.int64)
    count = np.zeros(cells + 1, np.int64)
    inv = np.float32(1.0) / np.float32(cell)
    n_slots = col_of.shape[0]
    for j in range(n):
        o = owner[j]
        if o < 0 or o >= n_slots or col_of[o] < 0:
            continue
        fx = (pos[0, j] - lo[0]) * inv
        fy = (pos[1, j] - lo[1]) * inv
        fz = (pos[2, j] - lo[2]) * inv
        # Compare as floats before int(): a far-off particle would overflow the int.
        if not (fx >= 0.0 and fy >= 0.0 and fz >= 0.0 and fx < nx and fy < ny and fz < nz):
            continue
        c = (int(fz) * ny + int(fy)) * nx + int(fx)
        cell_of[j] = c
        count[c + 1] += 1
    for c in range(cells):
        count[c + 1] += count[c]
    xyz = np.empty((count[cells], 3), np.float32)
    col = np.empty(count[cells], np.int64)
    fill = count[:cells].copy()
    for j in range(n):
        c = cell_of[j]
        if c >= 0:
            t = fill[c]
            xyz[t, 0], xyz[t, 1], xyz[t, 2] = pos[0, j], pos[1, j], pos[2, j]
            col[t] = col_of[owner[j]]
            fill[c] += 1
    return count, xyz, col


@njit(cache=True, parallel=True)
def _deposit(
    acc: np.ndarray, verts: np.ndarray, start: np.ndarray, xyz: np.ndarray, col: np.ndarray,
    lo: np.ndarray, cell: float, dims: np.ndarray, radius: float, amount: float,
) -> None:  # fmt: skip
    nx, ny, nz = dims[0], dims[1], dims[2]
    inv = np.float32(1.0) / np.float32(cell)
    r2 = np.float32(radius) * np.float32(radius)
    inv_r2 = np.float32(1.0) / r2
    k = np.float32(amount)
    for v in prange(verts.shape[0]):
        x, y, z = verts[v, 0], verts[v, 1], verts[v, 2]
        # Vertices lie inside the grid, at least one cell from its edge.
        cx = int((x - lo[0]) * inv)
        cy = int((y - lo[1]) * inv)
        cz = int((z - lo[2]) * inv)
        for gz in range(max(cz - 1, 0), min(cz + 2, nz)):
            for gy in range(max(cy - 1, 0), min(cy + 2, ny)):
                # The three cells along x are adjacent in the sorted order: one run.
                base = (gz * ny + gy) * nx
                first = start[base + max(cx - 1, 0)]
                last = start[base + min(cx + 2, nx)]
                for t in range(first, last):
                    dx = xyz[t, 0] - x
                    dy = xyz[t, 1] - y
                    dz = xyz[t, 2] - z
                    d2 = dx * dx + dy * dy + dz * dz
                    if d2 < r2:
                        q = np.float32(1.0) - d2 * inv_r2
                        acc[v, col[t]] += k * q * q


class Traces:
    """Per-vertex, per-participant trace amounts of one sculpture."""

    def __init__(self, n_vertices: int, ids: Sequence[str] = ()) -> None:
        if len(set(ids)) != len(ids):
            raise ValueError(f"participant ids repeat: {list(ids)}")
        self.n_vertices = int(n_vertices)
        self.ids: list[str] = list(ids)
        self.amounts = np.zeros((self.n_vertices, len(self.ids)), np.float32)

    @property
    def n_slots(self) -> int:
        return len(self.ids)

    def column(self, participant: str) -> int:
        """The column of `participant`, added (empty) if they have none yet."""
        if participant not in self.ids:
            self.ids.append(participant)
            pad = np.zeros((self.n_vertices, 1), np.float32)
            self.amounts = np.ascontiguousarray(np.concatenate([self.amounts, pad], axis=1))
        return self.ids.index(participant)

    def deposit(
        self,
        vertex_positions: np.ndarray,
        particle_pos: np.ndarray,
        owner: np.ndarray,
        radius: float,
        amount: float,
        slot_ids: Sequence[str | None] | None = None,
    ) -> None:
        """Add traces from particles (3, N) float32 owned by slots `owner` (N,) int32.

        `vertex_positions` (V, 3) are the sculpture's vertices in world space, `amount`
        what one particle leaves on a vertex it touches (times the falloff). `slot_ids[s]`
        names the participant holding owner slot s (None: nobody, e.g. the commons); by
        default slot s is column s. Particles of other slots leave nothing.
        """
        verts = np.ascontiguousarray(vertex_positions, dtype=np.float32)
        if verts.shape != (self.n_vertices, 3):
            raise ValueError(f"expected ({self.n_vertices}, 3) vertices, got {verts.shape}")
        if not radius > 0.0:
            raise ValueError(f"trace radius must be positive, not {radius}")
        pos = np.ascontiguousarray(particle_pos, dtype=np.float32)
        own = np.ascontiguousarray(owner, dtype=np.int32)
        if self.n_vertices == 0 or pos.shape[1] == 0:
            return
        if slot_ids is None:
            col_of = np.arange(self.n_slots, dtype=np.int64)
        else:
            col_of = np.array(
                [-1 if pid is None else self.column(pid) for pid in slot_ids], np.int64
            )
        # One empty cell of margin beyond reach on each side: a vertex's 27 cells exist.
        cell = np.float32(radius)
        extent = verts.max(axis=0) - verts.min(axis=0)
        cell = np.float32(max(cell, float(extent.max()) / (_MAX_CELLS - 4)))
        lo = (verts.min(axis=0) - 2 * cell).astype(np.float32)
        dims = (np.floor(extent / cell).astype(np.int64) + 5).astype(np.int64)
        start, xyz, col = _bin_particles(pos, col_of, own, lo, cell, dims)
        _deposit(self.amounts, verts, start, xyz, col, lo, cell, dims, float(radius), float(amount))

    def decay(self, seconds: float, half_life: float | None) -> None:
        """Fade by `seconds` of time; half_life None (or infinite) keeps traces forever."""
        if half_life is None or math.isinf(half_life):
            return
        if not half_life > 0.0:
            raise ValueError(f"half-life must be positive (or None: permanent), not {half_life}")
        self.amounts *= np.float32(0.5 ** (seconds / half_life))

    def colours(
        self, hues_rgb: np.ndarray | Mapping[str, Sequence[float]], saturation: float = 1.0
    ) -> np.ndarray:
        """The patina (V, 4) float32 RGBA in 0..1: each vertex the mix of its participants'
        colours by amount; alpha 1 - exp(-total / saturation). `hues_rgb` is (n_slots, 3)
        in column order, or a mapping from participant id (absent ids: pale grey)."""
        if isinstance(hues_rgb, Mapping):
            grey = (0.75, 0.75, 0.75)
            rows = [tuple(hues_rgb.get(pid, grey)) for pid in self.ids]
            hues = np.array(rows, np.float64).reshape(-1, 3)
        else:
            hues = np.asarray(hues_rgb, np.float64).reshape(-1, 3)
        if len(hues) != self.n_slots:
            raise ValueError(f"expected {self.n_slots} colours, got {len(hues)}")
        a = self.amounts.astype(np.float64)
        total = a.sum(axis=1)
        mix = a @ hues
        rgb = np.divide(mix, total[:, None], out=np.zeros_like(mix), where=total[:, None] > 0)
        alpha = 1.0 - np.exp(-total / saturation)
        return np.concatenate([rgb, alpha[:, None]], axis=1).astype(np.float32)

    def remapped(self, ids: Sequence[str]) -> Traces:
        """A copy whose first columns are `ids` in that order (new ones empty), followed by
        any other participants this one holds: nobody's traces are dropped."""
        order = list(ids) + [pid for pid in self.ids if pid not in ids]
        out = Traces(self.n_vertices, order)
        for i, pid in enumerate(self.ids):
            out.amounts[:, order.index(pid)] = self.amounts[:, i]
        return out
