"""A plain-numpy twin of kellan.core.kernels: the same physics, vectorised.

It exists for two reasons: tests check the numba kernels against it, and the benchmark
reports the numba/numpy ratio measured side by side. Keep the two in step: any force
added to the kernels is added here too.
"""

from __future__ import annotations

import numpy as np

from kellan.core import grid as G
from kellan.core import kernels as K


def _hash3(ix: np.ndarray, iy: np.ndarray, iz: np.ndarray, seed: np.uint32) -> np.ndarray:
    with np.errstate(over="ignore"):
        h = (ix * K._H1) ^ (iy * K._H2) ^ (iz * K._H3) ^ seed
        h ^= h >> K._S16
        h *= K._K1
        h ^= h >> K._S15
        h *= K._K2
        h ^= h >> K._S16
    return h


def noise2_grad(
    x: np.ndarray, y: np.ndarray, z: np.ndarray, seed: np.uint32, zshift: int = 0
) -> tuple[np.ndarray, ...]:
    """Vectorised twin of kernels.noise2_grad: gradients of the noises A and B."""
    ix, iy, iz = x.astype(np.int32), y.astype(np.int32), z.astype(np.int32)
    fx, fy, fz = x - ix, y - iy, z - iz

    def fade(f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return f * f * f * (f * (f * 6.0 - 15.0) + 10.0), 30.0 * f * f * (f * (f - 2.0) + 1.0)

    (ux, dux), (uy, duy), (uz, duz) = fade(fx), fade(fy), fade(fz)
    x0, y0 = ix.astype(np.uint32), iy.astype(np.uint32)
    with np.errstate(over="ignore"):
        z0 = iz.astype(np.uint32) + np.uint32(zshift & 0xFFFFFFFF)
    one = np.uint32(1)
    x1, y1, z1 = x0 + one, y0 + one, z0 + one
    inv16 = float(K._INV16)
    corners = [(x0, y0, z0), (x1, y0, z0), (x0, y1, z0), (x1, y1, z0),
               (x0, y0, z1), (x1, y0, z1), (x0, y1, z1), (x1, y1, z1)]  # fmt: skip
    hashes = [_hash3(cx, cy, cz, seed) for cx, cy, cz in corners]
    out = []
    for vals in (
        [(h & np.uint32(0xFFFF)) * inv16 - 1.0 for h in hashes],
        [(h >> np.uint32(16)) * inv16 - 1.0 for h in hashes],
    ):
        a, b, c, d, e, f, g, h = vals
        k1, k2, k3 = b - a, c - a, e - a
        k4, k5, k6 = a - b - c + d, a - c - e + g, a - b - e + f
        k7 = -a + b + c - d + e - f - g + h
        out += [
            dux * (k1 + k4 * uy + k6 * uz + k7 * uy * uz),
            duy * (k2 + k5 * uz + k4 * ux + k7 * uz * ux),
            duz * (k3 + k6 * ux + k5 * uy + k7 * ux * uy),
        ]
    return tuple(out)


def curl_noise(
    x: np.ndarray,
    y: np.ndarray,
    z: np.ndarray,
    freq: float,
    drift: float,
    seed: np.uint32,
    zshift: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised twin of kernels.curl_noise: grad(A) x grad(B)."""
    off = float(K.NOISE_OFFSET)
    ax, ay, az, bx, by, bz = noise2_grad(
        x * freq + off, y * freq + off, z * freq + off + drift, seed, zshift
    )
    # In noise coordinates: the world-space field is this times freq², a constant, so
    # leaving it out keeps the flow speed independent of the noise scale.
    return ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx


def cell_index(kin: np.ndarray, origin: float, inv_h: float, g: int) -> np.ndarray:
    """Twin of grid.cell_index, in the same float32 arithmetic."""
    q = ((kin[:3] - np.float32(origin)) * np.float32(inv_h)).astype(np.int32)
    q = np.clip(q, 0, g - 1)
    return ((q[2] * g + q[1]) * g + q[0]).astype(np.int32)


def counting_sort(cell: np.ndarray, n_cells: int) -> tuple[np.ndarray, np.ndarray]:
    """The permutation of the stable sort by cell, and each cell's start index."""
    order = np.argsort(cell, kind="stable")
    counts = np.bincount(cell, minlength=n_cells)
    start = np.concatenate([[0], np.cumsum(counts)])
    return order, start


def group_stats(kin: np.ndarray, owner: np.ndarray, n_groups: int) -> np.ndarray:
    """Twin of the per-owner sums that grid.counting_sort returns."""
    out = np.zeros((n_groups, G.N_GROUP_STATS))
    for k in range(3):
        out[:, k] = np.bincount(owner, weights=kin[k].astype(np.float64), minlength=n_groups)
    out[:, 3] = np.bincount(owner, minlength=n_groups)
    v = kin[3:].astype(np.float64)
    out[:, 4] = np.bincount(owner, weights=(v * v).sum(axis=0), minlength=n_groups)
    return out


def cell_fields(kin: np.ndarray, cell: np.ndarray, n_cells: int) -> np.ndarray:
    """Twin of grid.cell_fields: per-cell count and velocity sums."""
    fields = np.zeros((n_cells, 4))
    fields[:, 0] = np.bincount(cell, minlength=n_cells)
    for k in range(3):
        fields[:, k + 1] = np.bincount(cell, weights=kin[3 + k], minlength=n_cells)
    return fields


def node_fields(fields: np.ndarray, g: int) -> np.ndarray:
    """Twin of grid.node_fields: density and mean velocity at the (g + 1)³ nodes."""
    f = np.zeros((g + 2, g + 2, g + 2, 4))
    f[1:-1, 1:-1, 1:-1] = fields.reshape(g, g, g, 4)  # [z, y, x]
    acc = sum(
        f[1 - dz : g + 2 - dz, 1 - dy : g + 2 - dy, 1 - dx : g + 2 - dx]
        for dz in (0, 1) for dy in (0, 1) for dx in (0, 1)
    )  # fmt: skip
    acc = acc.reshape(-1, 4)
    nodes = np.empty_like(acc)
    nodes[:, 0] = acc[:, 0] * 0.125
    nodes[:, 1:] = acc[:, 1:] / np.maximum(acc[:, :1], 1.0)
    return nodes


def step_particles(
    kin: np.ndarray,
    owner: np.ndarray,
    pid: np.ndarray,
    cell: np.ndarray,
    behaviour: np.ndarray,
    centroids: np.ndarray,
    nodes: np.ndarray,
    params: np.ndarray,
    seed: np.uint32,
) -> None:
    """Vectorised twin of kernels.step_particles, in place on kin (6, N) and cell (N,)."""
    P = params
    dt, drag, radius = P[K.P_DT], P[K.P_DRAG], P[K.P_WORLD_RADIUS]
    x, y, z, ux, uy, uz = (kin[k].astype(np.float64) for k in range(6))
    beh = behaviour[owner].astype(np.float64)
    cen = centroids.astype(np.float64)
    coll = cen[-1]
    own = cen[owner]

    turb = beh[:, K.B_TURBULENCE] * P[K.P_FLOW_GAIN]
    fx, fy, fz = curl_noise(
        x, y, z, P[K.P_NOISE_FREQ], P[K.P_NOISE_Z], seed, int(P[K.P_NOISE_ZI])
    )
    ax = drag * (turb * fx - ux)
    ay = drag * (turb * fy - uy)
    az = drag * (turb * fz - uz)

    kown, kall = beh[:, K.B_COHESION_OWN], beh[:, K.B_COHESION_ALL]
    ax = ax + (kown * (own[:, 0] - x) + kall * (coll[0] - x))
    ay = ay + (kown * (own[:, 1] - y) + kall * (coll[1] - y))
    az = az + (kown * (own[:, 2] - z) + kall * (coll[2] - z))

    origin, inv_h = P[K.P_GRID_ORIGIN], P[K.P_GRID_INV_H]
    g = int(P[K.P_GRID_N])
    m = g + 1
    cz, cy, cx = cell // (g * g), (cell // g) % g, cell % g
    tx = np.clip((x - origin) * inv_h - cx, 0.0, 1.0)
    ty = np.clip((y - origin) * inv_h - cy, 0.0, 1.0)
    tz = np.clip((z - origin) * inv_h - cz, 0.0, 1.0)
    sx, sy, sz = 1.0 - tx, 1.0 - ty, 1.0 - tz
    n000 = (cz.astype(np.int64) * m + cy) * m + cx
    offsets = (0, 1, m, m + 1, m * m, m * m + 1, m * m + m, m * m + m + 1)
    corners = [nodes[n000 + off].astype(np.float64) for off in offsets]
    w = [
        sx * sy * sz, tx * sy * sz, sx * ty * sz, tx * ty * sz,
        sx * sy * tz, tx * sy * tz, sx * ty * tz, tx * ty * tz,
    ]  # fmt: skip
    d = [cn[:, K.N_DENSITY] for cn in corners]
    ddx = sy * sz * (d[1] - d[0]) + ty * sz * (d[3] - d[2])
    ddx = ddx + (sy * tz * (d[5] - d[4]) + ty * tz * (d[7] - d[6]))
    ddy = sx * sz * (d[2] - d[0]) + tx * sz * (d[3] - d[1])
    ddy = ddy + (sx * tz * (d[6] - d[4]) + tx * tz * (d[7] - d[5]))
    ddz = sx * sy * (d[4] - d[0]) + tx * sy * (d[5] - d[1])
    ddz = ddz + (sx * ty * (d[6] - d[2]) + tx * ty * (d[7] - d[3]))
    sep = beh[:, K.B_SEPARATION] / P[K.P_RHO0]
    ax, ay, az = ax - sep * ddx, ay - sep * ddy, az - sep * ddz

    def interp(channel: int) -> np.ndarray:
        return sum(wk * cn[:, channel] for wk, cn in zip(w, corners, strict=True))

    align = beh[:, K.B_ALIGNMENT]
    ax = ax + align * (interp(K.N_VX) - ux)
    ay = ay + align * (interp(K.N_VY) - uy)
    az = az + align * (interp(K.N_VZ) - uz)
    gain = beh[:, K.B_GUIDE_GAIN]
    ax = ax + gain * interp(K.N_GX)
    ay = ay + gain * interp(K.N_GY)
    az = az + gain * interp(K.N_GZ)

    ay = ay + beh[:, K.B_BUOYANCY]
    ox, oy, oz = x - own[:, 0], y - own[:, 1], z - own[:, 2]
    swirl = beh[:, K.B_SWIRL]
    ax, az = ax + swirl * oz, az - swirl * ox
    breath = beh[:, K.B_BREATH] / radius
    ax, ay, az = ax + breath * ox, ay + breath * oy, az + breath * oz
    split = beh[:, K.B_SPLIT]
    ax = ax + split * P[K.P_SPLIT_X]
    ay = ay + split * P[K.P_SPLIT_Y]
    az = az + split * P[K.P_SPLIT_Z]
    period = beh[:, K.B_TREMOR_PERIOD].astype(np.uint32)
    step = np.uint32(int(P[K.P_STEP]) & 0xFFFFFFFF)
    kick = _hash3(pid.astype(np.uint32), step // period, np.uint32(1), seed)
    amp = beh[:, K.B_TREMOR]
    inv8 = 2.0 / 255.0
    ax = ax + amp * ((kick & np.uint32(0xFF)) * inv8 - 1.0)
    ay = ay + amp * (((kick >> np.uint32(8)) & np.uint32(0xFF)) * inv8 - 1.0)
    az = az + amp * (((kick >> np.uint32(16)) & np.uint32(0xFF)) * inv8 - 1.0)

    pulse = P[K.P_PULSE] / radius
    ax, ay, az = ax + pulse * (x - coll[0]), ay + pulse * (y - coll[1]), az + pulse * (z - coll[2])

    n = np.array([P[K.P_RIFT_NX], P[K.P_RIFT_NY], P[K.P_RIFT_NZ]])
    dist = n[0] * x + n[1] * y + n[2] * z - P[K.P_RIFT_D]
    adist = np.abs(dist)
    gap = np.maximum(0.0, 1.0 - adist / P[K.P_RIFT_WIDTH]) * dist / (adist + 1e-6)
    push = P[K.P_RIFT] * (beh[:, K.B_RIFT_SIDE] + 2.0 * gap)
    ax, ay, az = ax + push * n[0], ay + push * n[1], az + push * n[2]

    stage = P[K.P_STAGE]
    ex, ez = x / stage, z / stage
    r = np.sqrt(ex * ex + y * y + ez * ez) + 1e-9
    over = np.maximum(0.0, r - radius) / r
    wall, centre = P[K.P_WALL], P[K.P_CENTRE]
    ax = ax - (wall * over * ex + centre * ex)
    ay = ay - (wall * over * y + centre * y)
    az = az - (wall * over * ez + centre * ez)

    ux, uy, uz = ux + dt * ax, uy + dt * ay, uz + dt * az
    speed = np.sqrt(ux * ux + uy * uy + uz * uz) + 1e-9
    cap = np.minimum(1.0, beh[:, K.B_MAX_SPEED] * P[K.P_FLOW_GAIN] / speed)
    ux, uy, uz = ux * cap, uy * cap, uz * cap
    x, y, z = x + dt * ux, y + dt * uy, z + dt * uz
    r = np.sqrt((x / stage) ** 2 + y * y + (z / stage) ** 2) + 1e-9
    shrink = np.minimum(1.0, 1.1 * radius / r)
    kin[0], kin[1], kin[2] = x * shrink, y * shrink, z * shrink
    kin[3], kin[4], kin[5] = ux, uy, uz
    cell[:] = cell_index(kin, origin, inv_h, g)
