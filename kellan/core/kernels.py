"""The per-particle numba kernel of the dreamscape: noise and every force, fused.

All code that step_particles inlines, and every layout constant it reads, lives in this
one file on purpose: numba's cache checks only the timestamp of the file that defines a
kernel, so a helper or constant taken from another file could leave stale machine code in
the cache after an edit. The grid passes (sort, cell fields, reductions) are in
kellan.core.grid and take everything they need as arguments.

One step (see kellan.core.simulation.Simulation.step):

1. ``grid.counting_sort``: a stable counting sort by cell keeps the state ordered by
   cell; it also sums each owner's centroid and kinetic energy on the way.
2. ``grid.cell_fields`` and ``grid.node_fields``: per-cell density and mean velocity,
   averaged onto the grid's nodes (particle-in-cell).
3. ``step_particles``: every force in one branch-free loop over the runs of particles that
   share a cell, then a semi-implicit Euler step; it also writes each particle's new cell
   for the next sort.

Determinism: every parallel loop writes only its own particle, cell or fixed chunk;
reductions run over a fixed number of chunks (never the thread count) combined serially
in order. No fastmath, so LLVM may neither contract nor reassociate, and vector and scalar
code paths agree. The state is bit-identical for any NUMBA_NUM_THREADS.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

# Columns of the per-participant behaviour table (filled by kellan.core.emotion).
B_TURBULENCE = 0  # speed of the curl-noise flow the group is carried by
B_MAX_SPEED = 1  # speed cap (world units / s)
B_COHESION_OWN = 2  # spring constant toward the participant's own centroid
B_COHESION_ALL = 3  # spring constant toward the collective centroid
B_GUIDE_GAIN = 4  # how strongly the sculptures' guide fields act on this group
B_SEPARATION = 5  # push down the density gradient (personal space)
B_ALIGNMENT = 6  # pull toward the local mean velocity (flocking)
B_RIFT_SIDE = 7  # -1..1: which side of a rift the group is pushed to
B_BUOYANCY = 8  # upward (+) or sinking (-) acceleration: valence rises or sinks
B_TREMOR = 9  # amplitude of the jitter kicks: tension trembles, anger jolts
B_TREMOR_PERIOD = 10  # steps between new kick directions: short is a tremble, long a jolt
B_SWIRL = 11  # spiral around the group's own vertical axis: contentment
B_BREATH = 12  # this step's breath of the group's own rhythm (signed, radial)
B_SPLIT = 13  # push along the polarisation axis: a divided crowd splits
N_BEHAVIOUR = 14

# Layout of the float64 `params` vector handed to `step_particles`.
P_DT = 0
P_DRAG = 1  # rate (1/s) at which particles take on the flow's velocity
P_WORLD_RADIUS = 2
P_NOISE_FREQ = 3
P_NOISE_Z = 4  # drift of the noise field along z: fractional part of time * drift speed
P_WALL = 5
P_CENTRE = 6  # spring that keeps the whole dreamscape on stage
P_FLOW_GAIN = 7  # the protocol's multiplier on the flow speed and the speed cap
P_PULSE = 8  # radial breathing acceleration this step (signed)
P_RIFT = 9  # rift strength this step (0 when none)
P_RIFT_NX = 10
P_RIFT_NY = 11
P_RIFT_NZ = 12
P_RIFT_D = 13  # the rift plane is n . p = d
P_RIFT_WIDTH = 14  # width of the gap that opens along the plane
P_GRID_ORIGIN = 15  # grid corner, the same on all three axes
P_GRID_INV_H = 16  # 1 / cell size
P_GRID_N = 17  # cells per axis
P_RHO0 = 18  # reference density (particles per cell) for separation
P_NOISE_ZI = 19  # integer part of the drift: whole noise cells, folded into the hash
P_STEP = 20  # the step being computed (the tremor's kicks change with it)
P_STAGE = 21  # horizontal stretch of the world: the stage is an ellipsoid, wide as a frame
P_SPLIT_X = 22  # unit axis of the polarisation split
P_SPLIT_Y = 23
P_SPLIT_Z = 24
N_PARAMS = 25

# Channels of the node field (see kellan.core.grid.node_fields and kellan.core.guides):
# density, mean velocity, and the sculptures' summed guide acceleration.
N_DENSITY, N_VX, N_VY, N_VZ, N_GX, N_GY, N_GZ = range(7)
N_NODE = 7

# Fixed blocks of the particle loop: any thread count does the same work in each.
STEP_BLOCKS = 512

_H1 = np.uint32(0x8DA6B343)
_H2 = np.uint32(0xD8163841)
_H3 = np.uint32(0xCB1AB31F)
_K1 = np.uint32(0x7FEB352D)
_K2 = np.uint32(0x846CA68B)
_S16 = np.uint32(16)
_S15 = np.uint32(15)
_U1 = np.uint32(1)
# The per-particle maths runs in float32: AVX2 then works on 8 particles at once instead
# of 4. numba types a bare literal such as 6.0 as float64 and would widen the whole
# expression, so every constant in the hot loop is a typed float32 from this list.
_F0 = np.float32(0.0)
_F1 = np.float32(1.0)
_F2 = np.float32(2.0)
_F6 = np.float32(6.0)
_F10 = np.float32(10.0)
_F15 = np.float32(15.0)
_F30 = np.float32(30.0)
_F11 = np.float32(1.1)
_FHALF = np.float32(0.5)
_FEPS = np.float32(1e-6)
_FTINY = np.float32(1e-9)
_M16 = np.uint32(0xFFFF)
_INV16 = np.float32(2.0 / 65536.0)
_M8 = np.uint32(0xFF)
_S8 = np.uint32(8)
_INV8 = np.float32(2.0 / 255.0)
# Noise coordinates are offset into the positive range so that int() truncation equals
# floor(): math.floor is slow in numba and a branch would stop vectorisation. float32 keeps
# 2^-15 resolution at 512, finer than any feature of the noise.
NOISE_OFFSET = np.float32(512.0)


@njit(inline="always", cache=True)
def _hash3(ix: np.uint32, iy: np.uint32, iz: np.uint32, seed: np.uint32) -> np.uint32:
    # lowbias32 finaliser (Wellons) over a linear mix of the lattice coordinates. numba
    # widens uint32 products to uint64; casting each result back lets LLVM use 32-bit
    # multiplies, which AVX2 has as vector instructions (64-bit ones it has not).
    h = np.uint32(np.uint32(ix * _H1) ^ np.uint32(iy * _H2) ^ np.uint32(iz * _H3) ^ seed)
    h = np.uint32(h ^ (h >> _S16))
    h = np.uint32(h * _K1)
    h = np.uint32(h ^ (h >> _S15))
    h = np.uint32(h * _K2)
    return np.uint32(h ^ (h >> _S16))


@njit(inline="always", cache=True)
def _lattice2(ix: np.uint32, iy: np.uint32, iz: np.uint32, seed: np.uint32) -> tuple:
    # One hash feeds both potentials: its low and high 16 bits are two independent
    # lattice values in [-1, 1), which halves the hashing of the curl flow.
    h = _hash3(ix, iy, iz, seed)
    return (
        np.float32(h & _M16) * _INV16 - _F1,
        np.float32(h >> _S16) * _INV16 - _F1,
    )


@njit(inline="always", cache=True)
def _blend_grad(
    a: np.float32, b: np.float32, c: np.float32, d: np.float32,
    e: np.float32, f: np.float32, g: np.float32, h: np.float32, u: tuple,
) -> tuple:  # fmt: skip
    """Gradient of the trilinear blend (Quilez) of eight corner values; `u` holds the
    fades, their derivatives and the pairwise fade products."""
    ux, uy, uz, dux, duy, duz, uyz, uzx, uxy = u
    k1 = b - a
    k2 = c - a
    k3 = e - a
    k4 = a - b - c + d
    k5 = a - c - e + g
    k6 = a - b - e + f
    k7 = -a + b + c - d + e - f - g + h
    return (
        dux * (k1 + k4 * uy + k6 * uz + k7 * uyz),
        duy * (k2 + k5 * uz + k4 * ux + k7 * uzx),
        duz * (k3 + k6 * ux + k5 * uy + k7 * uxy),
    )


@njit(inline="always", cache=True)
def noise2_grad(
    x: np.float32, y: np.float32, z: np.float32, zshift: np.uint32, seed: np.uint32
) -> tuple:
    """Gradients of two independent value noises A and B on one lattice (quintic fade,
    C2 continuous), float32. Inputs must be positive (see NOISE_OFFSET). `zshift` moves
    the lattice by whole cells along z: the drift's integer part, kept out of the float32
    coordinate so that its resolution never coarsens, however long the show runs.

    Returns (dA/dx, dA/dy, dA/dz, dB/dx, dB/dy, dB/dz).
    """
    ix = np.int32(x)
    iy = np.int32(y)
    iz = np.int32(z)
    fx = x - np.float32(ix)
    fy = y - np.float32(iy)
    fz = z - np.float32(iz)
    ux = fx * fx * fx * (fx * (fx * _F6 - _F15) + _F10)
    uy = fy * fy * fy * (fy * (fy * _F6 - _F15) + _F10)
    uz = fz * fz * fz * (fz * (fz * _F6 - _F15) + _F10)
    dux = _F30 * fx * fx * (fx * (fx - _F2) + _F1)
    duy = _F30 * fy * fy * (fy * (fy - _F2) + _F1)
    duz = _F30 * fz * fz * (fz * (fz - _F2) + _F1)
    x0 = np.uint32(ix)
    y0 = np.uint32(iy)
    z0 = np.uint32(np.uint32(iz) + zshift)
    x1 = np.uint32(x0 + _U1)
    y1 = np.uint32(y0 + _U1)
    z1 = np.uint32(z0 + _U1)
    a, ab = _lattice2(x0, y0, z0, seed)
    b, bb = _lattice2(x1, y0, z0, seed)
    c, cb = _lattice2(x0, y1, z0, seed)
    d, db = _lattice2(x1, y1, z0, seed)
    e, eb = _lattice2(x0, y0, z1, seed)
    f, fb = _lattice2(x1, y0, z1, seed)
    g, gb = _lattice2(x0, y1, z1, seed)
    h, hb = _lattice2(x1, y1, z1, seed)
    u = (ux, uy, uz, dux, duy, duz, uy * uz, uz * ux, ux * uy)
    gax, gay, gaz = _blend_grad(a, b, c, d, e, f, g, h, u)
    gbx, gby, gbz = _blend_grad(ab, bb, cb, db, eb, fb, gb, hb, u)
    return gax, gay, gaz, gbx, gby, gbz


@njit(inline="always", cache=True)
def curl_noise(
    x: np.float32, y: np.float32, z: np.float32, freq: np.float32, drift: np.float32,
    zshift: np.uint32, seed: np.uint32,
) -> tuple:  # fmt: skip
    """A divergence-free noise flow (Bridson et al. 2007), float32.

    The flow is grad(A) x grad(B) for two noise potentials A and B: it is the curl of the
    vector potential A·grad(B), so its divergence is zero, and it needs two noise
    gradients instead of the three of a general vector potential.
    """
    sx = x * freq + NOISE_OFFSET
    sy = y * freq + NOISE_OFFSET
    sz = z * freq + NOISE_OFFSET + drift
    ax, ay, az, bx, by, bz = noise2_grad(sx, sy, sz, zshift, seed)
    # In noise coordinates: the world-space field is this times freq², a constant, so
    # leaving it out keeps the flow speed independent of the noise scale.
    return ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx


@njit(inline="always", cache=True)
def _corners(nodes: np.ndarray, channel: int, n000: int, m: int) -> tuple:
    """One channel of a cell's eight corner nodes, in the order of the weights."""
    n001 = n000 + m * m
    return (
        nodes[n000, channel], nodes[n000 + 1, channel],
        nodes[n000 + m, channel], nodes[n000 + m + 1, channel],
        nodes[n001, channel], nodes[n001 + 1, channel],
        nodes[n001 + m, channel], nodes[n001 + m + 1, channel],
    )  # fmt: skip


@njit(inline="always", cache=True)
def _interp(w: tuple, v: tuple) -> np.float32:
    """Trilinear interpolation: eight weights times eight corner values."""
    out = w[0] * v[0] + w[1] * v[1]
    out += w[2] * v[2] + w[3] * v[3]
    out += w[4] * v[4] + w[5] * v[5]
    out += w[6] * v[6] + w[7] * v[7]
    return out


@njit(parallel=True, cache=True, nogil=True, error_model="numpy")
def step_particles(
    kin: np.ndarray,
    owner: np.ndarray,
    pid: np.ndarray,
    cell: np.ndarray,
    cell_start: np.ndarray,
    behaviour: np.ndarray,
    centroids: np.ndarray,
    nodes: np.ndarray,
    params: np.ndarray,
    seed: np.uint32,
) -> None:
    """Advance every particle one fixed time step, in place; every force in one loop.

    kin: (6, N) float32 rows x, y, z, vx, vy, vz, sorted by cell; owner, pid: (N,) int32;
    cell: (N,) int32, receives each particle's new cell for the next sort; cell_start:
    (cells + 1,) from the sort. Tables are float32: behaviour (P, N_BEHAVIOUR); centroids
    (P + 1, 3), the last row the collective centroid; nodes ((g + 1)³, N_NODE).
    params: (N_PARAMS,) float64.

    The loop walks fixed blocks of particles and, inside a block, the runs of particles
    that share a cell: the eight corner nodes of that cell are loaded once per run, and
    the inner loop over the run is branch-free and vectorises.
    """
    n = owner.shape[0]
    dt = np.float32(params[P_DT])
    drag = np.float32(params[P_DRAG])
    radius = np.float32(params[P_WORLD_RADIUS])
    freq = np.float32(params[P_NOISE_FREQ])
    drift = np.float32(params[P_NOISE_Z])
    zshift = np.uint32(np.int64(params[P_NOISE_ZI]) & np.int64(0xFFFFFFFF))
    wall = np.float32(params[P_WALL])
    centre = np.float32(params[P_CENTRE])
    flow_gain = np.float32(params[P_FLOW_GAIN])
    pulse = np.float32(params[P_PULSE] / params[P_WORLD_RADIUS])
    rift = np.float32(params[P_RIFT])
    rnx = np.float32(params[P_RIFT_NX])
    rny = np.float32(params[P_RIFT_NY])
    rnz = np.float32(params[P_RIFT_NZ])
    rd = np.float32(params[P_RIFT_D])
    inv_width = np.float32(1.0 / params[P_RIFT_WIDTH])
    origin = np.float32(params[P_GRID_ORIGIN])
    inv_h = np.float32(params[P_GRID_INV_H])
    g = np.int64(params[P_GRID_N])
    m = g + 1
    top = np.int32(g - 1)
    gi = np.int32(g)
    inv_rho0 = np.float32(1.0 / params[P_RHO0])
    bound = _F11 * radius
    step = np.uint32(np.int64(params[P_STEP]) & np.int64(0xFFFFFFFF))
    inv_stage = np.float32(1.0 / params[P_STAGE])
    spx = np.float32(params[P_SPLIT_X])
    spy = np.float32(params[P_SPLIT_Y])
    spz = np.float32(params[P_SPLIT_Z])
    inv_radius = _F1 / radius
    coll = centroids.shape[0] - 1
    ccx = centroids[coll, 0]
    ccy = centroids[coll, 1]
    ccz = centroids[coll, 2]
    x = kin[0]
    y = kin[1]
    z = kin[2]
    vx = kin[3]
    vy = kin[4]
    vz = kin[5]
    block = (n + STEP_BLOCKS - 1) // STEP_BLOCKS
    for b in prange(STEP_BLOCKS):
        lo = b * block
        hi = min(n, lo + block)
        c = np.searchsorted(cell_start, lo, side="right") - 1
        start = lo
        while start < hi:
            stop = min(np.int64(cell_start[c + 1]), hi)
            if stop > start:
                # The particles start..stop all lie in cell c: load its corner nodes once.
                cz = c // (g * g)
                cy = (c // g) % g
                cx = c % g
                n000 = (cz * m + cy) * m + cx
                n100 = n000 + 1
                n010 = n000 + m
                n110 = n010 + 1
                n001 = n000 + m * m
                n101 = n001 + 1
                n011 = n001 + m
                n111 = n011 + 1
                d000 = nodes[n000, N_DENSITY]
                d100 = nodes[n100, N_DENSITY]
                d010 = nodes[n010, N_DENSITY]
                d110 = nodes[n110, N_DENSITY]
                d001 = nodes[n001, N_DENSITY]
                d101 = nodes[n101, N_DENSITY]
                d011 = nodes[n011, N_DENSITY]
                d111 = nodes[n111, N_DENSITY]
                # Hoisted by hand: LLVM cannot prove the stores below leave `nodes` alone.
                vxc = _corners(nodes, N_VX, n000, m)
                vyc = _corners(nodes, N_VY, n000, m)
                vzc = _corners(nodes, N_VZ, n000, m)
                gxc = _corners(nodes, N_GX, n000, m)
                gyc = _corners(nodes, N_GY, n000, m)
                gzc = _corners(nodes, N_GZ, n000, m)
                base_x = np.float32(cx)
                base_y = np.float32(cy)
                base_z = np.float32(cz)
                # Unsigned bounds: numba then knows i >= 0 and drops the negative-index
                # wraparound that otherwise stops LLVM from vectorising this loop.
                for i in range(np.uint64(start), np.uint64(stop)):
                    o = owner[i]
                    px = x[i]
                    py = y[i]
                    pz = z[i]
                    ux = vx[i]
                    uy = vy[i]
                    uz = vz[i]

                    # Drag toward the divergence-free flow: particles are carried by it
                    # rather than pushed, so they neither clump in sinks nor thin out.
                    turb = behaviour[o, B_TURBULENCE] * flow_gain
                    fx, fy, fz = curl_noise(px, py, pz, freq, drift, zshift, seed)
                    ax = drag * (turb * fx - ux)
                    ay = drag * (turb * fy - uy)
                    az = drag * (turb * fz - uz)

                    # Cohesion: to the own group and to the collective, balanced by unity.
                    kown = behaviour[o, B_COHESION_OWN]
                    kall = behaviour[o, B_COHESION_ALL]
                    ax += kown * (centroids[o, 0] - px) + kall * (ccx - px)
                    ay += kown * (centroids[o, 1] - py) + kall * (ccy - py)
                    az += kown * (centroids[o, 2] - pz) + kall * (ccz - pz)

                    # Trilinear weights inside the cell, for everything on the nodes.
                    tx = min(max((px - origin) * inv_h - base_x, _F0), _F1)
                    ty = min(max((py - origin) * inv_h - base_y, _F0), _F1)
                    tz = min(max((pz - origin) * inv_h - base_z, _F0), _F1)
                    sx = _F1 - tx
                    sy = _F1 - ty
                    sz = _F1 - tz
                    w000 = sx * sy * sz
                    w100 = tx * sy * sz
                    w010 = sx * ty * sz
                    w110 = tx * ty * sz
                    w001 = sx * sy * tz
                    w101 = tx * sy * tz
                    w011 = sx * ty * tz
                    w111 = tx * ty * tz

                    # Separation: down the gradient of the interpolated density.
                    ddx = sy * sz * (d100 - d000) + ty * sz * (d110 - d010)
                    ddx += sy * tz * (d101 - d001) + ty * tz * (d111 - d011)
                    ddy = sx * sz * (d010 - d000) + tx * sz * (d110 - d100)
                    ddy += sx * tz * (d011 - d001) + tx * tz * (d111 - d101)
                    ddz = sx * sy * (d001 - d000) + tx * sy * (d101 - d100)
                    ddz += sx * ty * (d011 - d010) + tx * ty * (d111 - d110)
                    sep = behaviour[o, B_SEPARATION] * inv_rho0
                    ax -= sep * ddx
                    ay -= sep * ddy
                    az -= sep * ddz

                    # Alignment toward the local mean velocity, and the sculptures'
                    # guide fields, both interpolated from the nodes.
                    align = behaviour[o, B_ALIGNMENT]
                    gain = behaviour[o, B_GUIDE_GAIN]
                    w = (w000, w100, w010, w110, w001, w101, w011, w111)
                    mvx = _interp(w, vxc)
                    mvy = _interp(w, vyc)
                    mvz = _interp(w, vzc)
                    ax += align * (mvx - ux)
                    ay += align * (mvy - uy)
                    az += align * (mvz - uz)
                    gdx = _interp(w, gxc)
                    gdy = _interp(w, gyc)
                    gdz = _interp(w, gzc)
                    ax += gain * gdx
                    ay += gain * gdy
                    az += gain * gdz

                    # The group's own mood: it rises or sinks (valence), spirals
                    # around its own axis (contentment), breathes in its own rhythm
                    # (arousal), and a divided crowd splits along the polarisation axis.
                    ay += behaviour[o, B_BUOYANCY]
                    ox = px - centroids[o, 0]
                    oy = py - centroids[o, 1]
                    oz = pz - centroids[o, 2]
                    swirl = behaviour[o, B_SWIRL]
                    ax += swirl * oz
                    az -= swirl * ox
                    breath = behaviour[o, B_BREATH] * inv_radius
                    ax += breath * ox
                    ay += breath * oy
                    az += breath * oz
                    split = behaviour[o, B_SPLIT]
                    ax += split * spx
                    ay += split * spy
                    az += split * spz
                    # Tremor: a kick in a direction that changes every few steps, from
                    # a hash of the particle and the step: a fast change trembles, a
                    # slow one jolts (jagged turns). Branch-free and seeded.
                    period = np.uint32(behaviour[o, B_TREMOR_PERIOD])
                    kick = _hash3(np.uint32(pid[i]), step // period, _U1, seed)
                    amp = behaviour[o, B_TREMOR]
                    ax += amp * (np.float32(kick & _M8) * _INV8 - _F1)
                    ay += amp * (np.float32((kick >> _S8) & _M8) * _INV8 - _F1)
                    az += amp * (np.float32((kick >> _S16) & _M8) * _INV8 - _F1)

                    # Pulse: the whole dreamscape breathes in and out around its centre.
                    ax += pulse * (px - ccx)
                    ay += pulse * (py - ccy)
                    az += pulse * (pz - ccz)

                    # Rift: each group is pushed to its side of the plane, and a gap
                    # tears open along the plane itself.
                    dist = rnx * px + rny * py + rnz * pz - rd
                    adist = abs(dist)
                    gap = max(_F0, _F1 - adist * inv_width) * dist / (adist + _FEPS)
                    push = rift * (behaviour[o, B_RIFT_SIDE] + _F2 * gap)
                    ax += push * rnx
                    ay += push * rny
                    az += push * rnz

                    # Stage: a soft wall at the world's ellipsoid (wider than high, to
                    # fill a 16:9 frame) and a weak pull to the centre.
                    ex = px * inv_stage
                    ez = pz * inv_stage
                    r = np.sqrt(ex * ex + py * py + ez * ez) + _FTINY
                    over = max(_F0, r - radius) / r
                    ax -= wall * over * ex + centre * ex
                    ay -= wall * over * py + centre * py
                    az -= wall * over * ez + centre * ez

                    ux += dt * ax
                    uy += dt * ay
                    uz += dt * az
                    speed = np.sqrt(ux * ux + uy * uy + uz * uz) + _FTINY
                    cap = min(_F1, behaviour[o, B_MAX_SPEED] * flow_gain / speed)
                    ux *= cap
                    uy *= cap
                    uz *= cap
                    px += dt * ux
                    py += dt * uy
                    pz += dt * uz
                    # Hard world bound: nothing ever leaves 1.1 x the world's ellipsoid.
                    ex = px * inv_stage
                    ez = pz * inv_stage
                    r = np.sqrt(ex * ex + py * py + ez * ez) + _FTINY
                    shrink = min(_F1, bound / r)
                    px *= shrink
                    py *= shrink
                    pz *= shrink
                    x[i] = px
                    y[i] = py
                    z[i] = pz
                    vx[i] = ux
                    vy[i] = uy
                    vz[i] = uz
                    # The new cell, for the next step's sort.
                    qx = min(max(np.int32((px - origin) * inv_h), np.int32(0)), top)
                    qy = min(max(np.int32((py - origin) * inv_h), np.int32(0)), top)
                    qz = min(max(np.int32((pz - origin) * inv_h), np.int32(0)), top)
                    cell[i] = (qz * gi + qy) * gi + qx
            start = stop
            c += 1
