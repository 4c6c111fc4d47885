"""The numba step of the particle dreamscape.

All jitted code lives in this one file on purpose: numba's cache checks only the
timestamp of the file that defines a kernel, so a helper inlined from another file could
leave stale machine code in the cache after an edit.

Determinism: every parallel loop writes only its own particle (or its own fixed chunk),
and the one reduction (group sums) runs over a fixed number of chunks that are combined
serially in chunk order. The result is bit-identical for any NUMBA_NUM_THREADS. No
fastmath: LLVM may then not contract or reassociate, so vector and scalar paths agree.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

# Layout of the float64 `params` vector handed to `step_particles`.
P_DT = 0
P_DAMPING = 1
P_WORLD_RADIUS = 2
P_NOISE_FREQ = 3
P_TIME = 4
P_NOISE_DRIFT = 5
P_WALL = 6
P_CENTRE = 7  # spring that keeps the whole dreamscape on stage
N_PARAMS = 8

# Columns of the per-participant behaviour table (filled by kellan.core.emotion).
# They live here, next to the kernels that read them, so that numba's per-file cache can
# never hold a kernel compiled against an older layout.
B_TURBULENCE = 0  # amplitude of the curl-noise drive
B_MAX_SPEED = 1  # speed cap (world units / s)
B_COHESION_OWN = 2  # spring constant toward the participant's own centroid
B_COHESION_ALL = 3  # spring constant toward the collective centroid
B_GUIDE_GAIN = 4  # how strongly the sculptures' guide fields act on this group
N_BEHAVIOUR = 5

# Layout of one row of the `guides` table (sculptures acting as guide fields).
G_CX, G_CY, G_CZ, G_RADIUS, G_PUSH, G_SWIRL, G_RING = range(7)
N_GUIDE = 7

# Fixed partition for reductions: independent of the thread count by construction.
REDUCE_CHUNKS = 64

_M32 = np.uint64(0xFFFFFFFF)
_H1 = np.uint64(0x8DA6B343)
_H2 = np.uint64(0xD8163841)
_H3 = np.uint64(0xCB1AB31F)
_K1 = np.uint64(0x7FEB352D)
_K2 = np.uint64(0x846CA68B)
_S16 = np.uint64(16)
_S15 = np.uint64(15)
_INV32 = 2.0 / 4294967296.0
# Noise coordinates are offset into the positive range so that int() truncation equals
# floor(): math.floor is slow in numba and a branch would stop vectorisation.
NOISE_OFFSET = 512.0
# Seeds of the three scalar potentials whose curl is the turbulence velocity.
SEED_PSI = (np.uint64(0x9E3779B9), np.uint64(0x85EBCA6B), np.uint64(0xC2B2AE35))


@njit(inline="always", cache=True)
def _hash3(ix: np.uint64, iy: np.uint64, iz: np.uint64, seed: np.uint64) -> np.uint64:
    # lowbias32 finaliser (Wellons) over a linear mix of the lattice coordinates.
    h = ((ix * _H1) ^ (iy * _H2) ^ (iz * _H3) ^ seed) & _M32
    h ^= h >> _S16
    h = (h * _K1) & _M32
    h ^= h >> _S15
    h = (h * _K2) & _M32
    h ^= h >> _S16
    return h


@njit(inline="always", cache=True)
def _lattice(ix: np.uint64, iy: np.uint64, iz: np.uint64, seed: np.uint64) -> float:
    return _hash3(ix, iy, iz, seed) * _INV32 - 1.0


@njit(inline="always", cache=True)
def noise_grad(x: float, y: float, z: float, seed: np.uint64) -> tuple:
    """Value noise in [-1, 1] with its analytic gradient (quintic fade, C2 continuous).

    Inputs must be positive (see NOISE_OFFSET). Returns (n, dn/dx, dn/dy, dn/dz).
    """
    ix = np.int64(x)
    iy = np.int64(y)
    iz = np.int64(z)
    fx = x - ix
    fy = y - iy
    fz = z - iz
    ux = fx * fx * fx * (fx * (fx * 6.0 - 15.0) + 10.0)
    uy = fy * fy * fy * (fy * (fy * 6.0 - 15.0) + 10.0)
    uz = fz * fz * fz * (fz * (fz * 6.0 - 15.0) + 10.0)
    dux = 30.0 * fx * fx * (fx * (fx - 2.0) + 1.0)
    duy = 30.0 * fy * fy * (fy * (fy - 2.0) + 1.0)
    duz = 30.0 * fz * fz * (fz * (fz - 2.0) + 1.0)
    x0 = np.uint64(ix)
    y0 = np.uint64(iy)
    z0 = np.uint64(iz)
    one = np.uint64(1)
    a = _lattice(x0, y0, z0, seed)
    b = _lattice(x0 + one, y0, z0, seed)
    c = _lattice(x0, y0 + one, z0, seed)
    d = _lattice(x0 + one, y0 + one, z0, seed)
    e = _lattice(x0, y0, z0 + one, seed)
    f = _lattice(x0 + one, y0, z0 + one, seed)
    g = _lattice(x0, y0 + one, z0 + one, seed)
    h = _lattice(x0 + one, y0 + one, z0 + one, seed)
    k1 = b - a
    k2 = c - a
    k3 = e - a
    k4 = a - b - c + d
    k5 = a - c - e + g
    k6 = a - b - e + f
    k7 = -a + b + c - d + e - f - g + h
    n = a + k1 * ux + k2 * uy + k3 * uz + k4 * ux * uy + k5 * uy * uz + k6 * uz * ux
    n += k7 * ux * uy * uz
    gx = dux * (k1 + k4 * uy + k6 * uz + k7 * uy * uz)
    gy = duy * (k2 + k5 * uz + k4 * ux + k7 * uz * ux)
    gz = duz * (k3 + k6 * ux + k5 * uy + k7 * ux * uy)
    return n, gx, gy, gz


@njit(inline="always", cache=True)
def curl_noise(x: float, y: float, z: float, freq: float, drift: float, seed: np.uint64) -> tuple:
    """Curl of a three-component noise potential (Bridson et al. 2007): divergence-free."""
    sx = x * freq + NOISE_OFFSET
    sy = y * freq + NOISE_OFFSET
    sz = z * freq + NOISE_OFFSET + drift
    _, _ax, ay, az = noise_grad(sx, sy, sz, seed ^ SEED_PSI[0])
    _, bx, _by, bz = noise_grad(sx + 31.416, sy, sz, seed ^ SEED_PSI[1])
    _, cx, cy, _cz = noise_grad(sx, sy + 47.853, sz, seed ^ SEED_PSI[2])
    # psi = (A, B, C); curl psi = (dC/dy - dB/dz, dA/dz - dC/dx, dB/dx - dA/dy)
    return (cy - bz) * freq, (az - cx) * freq, (bx - ay) * freq


@njit(parallel=True, cache=True)
def group_sums(pos: np.ndarray, owner: np.ndarray, n_groups: int) -> np.ndarray:
    """Per-owner position sums and counts, shape (n_groups, 4): x, y, z, count.

    Chunks are fixed (REDUCE_CHUNKS) and combined in order, so the float sums are the
    same whatever the thread count.
    """
    n = owner.shape[0]
    chunk = (n + REDUCE_CHUNKS - 1) // REDUCE_CHUNKS
    partial = np.zeros((REDUCE_CHUNKS, n_groups, 4))
    for c in prange(REDUCE_CHUNKS):
        lo = c * chunk
        hi = min(n, lo + chunk)
        for i in range(lo, hi):
            o = owner[i]
            partial[c, o, 0] += pos[0, i]
            partial[c, o, 1] += pos[1, i]
            partial[c, o, 2] += pos[2, i]
            partial[c, o, 3] += 1.0
    out = np.zeros((n_groups, 4))
    for c in range(REDUCE_CHUNKS):
        for o in range(n_groups):
            for k in range(4):
                out[o, k] += partial[c, o, k]
    return out


@njit(parallel=True, cache=True, error_model="numpy")
def step_particles(
    pos: np.ndarray,
    vel: np.ndarray,
    owner: np.ndarray,
    behaviour: np.ndarray,
    centroids: np.ndarray,
    guides: np.ndarray,
    params: np.ndarray,
    seed: np.uint64,
) -> None:
    """Advance every particle one fixed time step, in place.

    pos, vel: (3, N) float32 (structure of arrays); owner: (N,) int32;
    behaviour: (P, N_BEHAVIOUR) from kellan.core.emotion.behaviour_table;
    centroids: (P + 1, 3), the last row is the collective centroid;
    guides: (G, N_GUIDE); params: (N_PARAMS,).
    """
    n = owner.shape[0]
    dt = params[P_DT]
    drag = params[P_DAMPING]
    radius = params[P_WORLD_RADIUS]
    freq = params[P_NOISE_FREQ]
    drift = params[P_TIME] * params[P_NOISE_DRIFT]
    wall = params[P_WALL]
    centre = params[P_CENTRE]
    n_guides = guides.shape[0]
    coll = centroids.shape[0] - 1
    for i in prange(n):
        o = owner[i]
        x = np.float64(pos[0, i])
        y = np.float64(pos[1, i])
        z = np.float64(pos[2, i])
        vx = np.float64(vel[0, i])
        vy = np.float64(vel[1, i])
        vz = np.float64(vel[2, i])
        turb = behaviour[o, B_TURBULENCE]
        kown = behaviour[o, B_COHESION_OWN]
        kall = behaviour[o, B_COHESION_ALL]
        gain = behaviour[o, B_GUIDE_GAIN]

        # Drag toward the divergence-free curl flow: particles are carried by it rather
        # than pushed, so they neither clump in sinks nor thin out.
        cx, cy, cz = curl_noise(x, y, z, freq, drift, seed)
        ax = drag * (turb * cx - vx)
        ay = drag * (turb * cy - vy)
        az = drag * (turb * cz - vz)
        ax += kown * (centroids[o, 0] - x) + kall * (centroids[coll, 0] - x)
        ay += kown * (centroids[o, 1] - y) + kall * (centroids[coll, 1] - y)
        az += kown * (centroids[o, 2] - z) + kall * (centroids[coll, 2] - z)

        for g in range(n_guides):
            dx = x - guides[g, G_CX]
            dy = y - guides[g, G_CY]
            dz = z - guides[g, G_CZ]
            r = np.sqrt(dx * dx + dy * dy + dz * dz) + 1e-6
            gr = guides[g, G_RADIUS]
            q = max(0.0, 1.0 - (r * r) / (gr * gr))
            w = gain * q * q
            radial = guides[g, G_PUSH] - guides[g, G_RING] * (r - 0.6 * gr)
            rh = np.sqrt(dx * dx + dz * dz) + 1e-6
            swirl = guides[g, G_SWIRL]
            ax += w * (radial * dx / r + swirl * dz / rh)
            ay += w * (radial * dy / r)
            az += w * (radial * dz / r - swirl * dx / rh)

        r = np.sqrt(x * x + y * y + z * z) + 1e-9
        over = max(0.0, r - radius)
        ax -= wall * over * x / r + centre * x
        ay -= wall * over * y / r + centre * y
        az -= wall * over * z / r + centre * z

        vx += dt * ax
        vy += dt * ay
        vz += dt * az
        speed = np.sqrt(vx * vx + vy * vy + vz * vz) + 1e-9
        cap = min(1.0, behaviour[o, B_MAX_SPEED] / speed)
        vx *= cap
        vy *= cap
        vz *= cap
        x += dt * vx
        y += dt * vy
        z += dt * vz
        # Hard world bound: nothing ever leaves 1.1 x the world radius.
        r = np.sqrt(x * x + y * y + z * z) + 1e-9
        shrink = min(1.0, 1.1 * radius / r)
        pos[0, i] = x * shrink
        pos[1, i] = y * shrink
        pos[2, i] = z * shrink
        vel[0, i] = vx
        vel[1, i] = vy
        vel[2, i] = vz
