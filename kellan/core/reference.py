"""A plain-numpy step with the same physics as kellan.core.kernels.

It exists for two reasons: tests check the numba step against it, and the benchmark
reports the numba/numpy ratio measured side by side. Keep the two in step: any force
added to the kernel is added here too.
"""

from __future__ import annotations

import numpy as np

from kellan.core import kernels as K

_M32 = np.uint64(0xFFFFFFFF)


def _hash3(ix: np.ndarray, iy: np.ndarray, iz: np.ndarray, seed: np.uint64) -> np.ndarray:
    h = ((ix * K._H1) ^ (iy * K._H2) ^ (iz * K._H3) ^ seed) & _M32
    h ^= h >> K._S16
    h = (h * K._K1) & _M32
    h ^= h >> K._S15
    h = (h * K._K2) & _M32
    h ^= h >> K._S16
    return h


def noise_grad(
    x: np.ndarray, y: np.ndarray, z: np.ndarray, seed: np.uint64
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised twin of kernels.noise_grad."""
    ix = x.astype(np.int64)
    iy = y.astype(np.int64)
    iz = z.astype(np.int64)
    fx, fy, fz = x - ix, y - iy, z - iz

    def fade(f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return f**3 * (f * (f * 6.0 - 15.0) + 10.0), 30.0 * f * f * (f * (f - 2.0) + 1.0)

    (ux, dux), (uy, duy), (uz, duz) = fade(fx), fade(fy), fade(fz)
    x0, y0, z0 = ix.astype(np.uint64), iy.astype(np.uint64), iz.astype(np.uint64)
    one = np.uint64(1)

    def lat(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        return _hash3(a, b, c, seed) * K._INV32 - 1.0

    a = lat(x0, y0, z0)
    b = lat(x0 + one, y0, z0)
    c = lat(x0, y0 + one, z0)
    d = lat(x0 + one, y0 + one, z0)
    e = lat(x0, y0, z0 + one)
    f = lat(x0 + one, y0, z0 + one)
    g = lat(x0, y0 + one, z0 + one)
    h = lat(x0 + one, y0 + one, z0 + one)
    k1, k2, k3 = b - a, c - a, e - a
    k4, k5, k6 = a - b - c + d, a - c - e + g, a - b - e + f
    k7 = -a + b + c - d + e - f - g + h
    n = a + k1 * ux + k2 * uy + k3 * uz + k4 * ux * uy + k5 * uy * uz + k6 * uz * ux
    n = n + k7 * ux * uy * uz
    gx = dux * (k1 + k4 * uy + k6 * uz + k7 * uy * uz)
    gy = duy * (k2 + k5 * uz + k4 * ux + k7 * uz * ux)
    gz = duz * (k3 + k6 * ux + k5 * uy + k7 * ux * uy)
    return n, gx, gy, gz


def curl_noise(
    x: np.ndarray, y: np.ndarray, z: np.ndarray, freq: float, drift: float, seed: np.uint64
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised twin of kernels.curl_noise."""
    sx = x * freq + K.NOISE_OFFSET
    sy = y * freq + K.NOISE_OFFSET
    sz = z * freq + K.NOISE_OFFSET + drift
    _, _ax, ay, az = noise_grad(sx, sy, sz, seed ^ K.SEED_PSI[0])
    _, bx, _by, bz = noise_grad(sx + 31.416, sy, sz, seed ^ K.SEED_PSI[1])
    _, cx, cy, _cz = noise_grad(sx, sy + 47.853, sz, seed ^ K.SEED_PSI[2])
    return (cy - bz) * freq, (az - cx) * freq, (bx - ay) * freq


def group_sums(pos: np.ndarray, owner: np.ndarray, n_groups: int) -> np.ndarray:
    """Per-owner sums and counts, (n_groups, 4), like kernels.group_sums."""
    out = np.zeros((n_groups, 4))
    for k in range(3):
        out[:, k] = np.bincount(owner, weights=pos[k].astype(np.float64), minlength=n_groups)
    out[:, 3] = np.bincount(owner, minlength=n_groups)
    return out


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
    """Vectorised twin of kernels.step_particles, in place."""
    dt = params[K.P_DT]
    drag = params[K.P_DAMPING]
    radius = params[K.P_WORLD_RADIUS]
    wall = params[K.P_WALL]
    centre = params[K.P_CENTRE]
    x, y, z = (pos[k].astype(np.float64) for k in range(3))
    vx, vy, vz = (vel[k].astype(np.float64) for k in range(3))
    beh = behaviour[owner]
    gain = beh[:, K.B_GUIDE_GAIN]
    cx, cy, cz = curl_noise(
        x, y, z, params[K.P_NOISE_FREQ], params[K.P_TIME] * params[K.P_NOISE_DRIFT], seed
    )
    own = centroids[owner]
    coll = centroids[-1]
    kown = beh[:, K.B_COHESION_OWN]
    kall = beh[:, K.B_COHESION_ALL]
    turb = beh[:, K.B_TURBULENCE]
    ax = drag * (turb * cx - vx) + (kown * (own[:, 0] - x) + kall * (coll[0] - x))
    ay = drag * (turb * cy - vy) + (kown * (own[:, 1] - y) + kall * (coll[1] - y))
    az = drag * (turb * cz - vz) + (kown * (own[:, 2] - z) + kall * (coll[2] - z))
    for g in guides:
        dx, dy, dz = x - g[K.G_CX], y - g[K.G_CY], z - g[K.G_CZ]
        r = np.sqrt(dx * dx + dy * dy + dz * dz) + 1e-6
        gr = g[K.G_RADIUS]
        q = np.maximum(0.0, 1.0 - (r * r) / (gr * gr))
        w = gain * q * q
        radial = g[K.G_PUSH] - g[K.G_RING] * (r - 0.6 * gr)
        rh = np.sqrt(dx * dx + dz * dz) + 1e-6
        ax = ax + w * (radial * dx / r + g[K.G_SWIRL] * dz / rh)
        ay = ay + w * (radial * dy / r)
        az = az + w * (radial * dz / r - g[K.G_SWIRL] * dx / rh)
    r = np.sqrt(x * x + y * y + z * z) + 1e-9
    over = np.maximum(0.0, r - radius)
    ax = ax - (wall * over * x / r + centre * x)
    ay = ay - (wall * over * y / r + centre * y)
    az = az - (wall * over * z / r + centre * z)
    vx = vx + dt * ax
    vy = vy + dt * ay
    vz = vz + dt * az
    speed = np.sqrt(vx * vx + vy * vy + vz * vz) + 1e-9
    cap = np.minimum(1.0, beh[:, K.B_MAX_SPEED] / speed)
    vx, vy, vz = vx * cap, vy * cap, vz * cap
    x, y, z = x + dt * vx, y + dt * vy, z + dt * vz
    r = np.sqrt(x * x + y * y + z * z) + 1e-9
    shrink = np.minimum(1.0, 1.1 * radius / r)
    pos[0], pos[1], pos[2] = x * shrink, y * shrink, z * shrink
    vel[0], vel[1], vel[2] = vx, vy, vz
