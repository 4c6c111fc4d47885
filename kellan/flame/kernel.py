"""The chaos game of fractal flames (Draves & Reckase) in numba: every flam3 variation,
the xform step, and the binning of points into a colour/density histogram.

Everything the kernels inline, and every constant they read, lives in this one file on
purpose: numba's cache checks only the timestamp of the file that defines a kernel, so a
variation or a layout constant taken from another file could leave stale machine code in
the cache after an edit. That is why this file is long; it has one job.

Layout. A genome is packed (kellan.flame.pack) into one float64 table X with a row per
xform (the final xform last) and the columns C_* below: the affine coefficients in flam3's
``coefs`` order (a d b e c f, x' = a*x + b*y + c, y' = d*x + e*y + f), the post transform,
colour, colour speed, opacity, the active variations as (number, weight) pairs, and every
variation parameter at C_PARAM + P_*. Precomputed parameters (julian's root count, ...) sit
in their own P_* slots, filled by the packer.

Randomness. Each stream owns a splitmix64 counter (a counter-based generator: state
s_k = seed + k * golden ratio, output = mix(s_k)). A render uses a fixed number of streams,
whatever the thread count; each stream writes its points to its own slice of a buffer, and
``bin_points`` adds them to the histogram in buffer order, each histogram row owned by one
band. So the histogram is bit-identical for any NUMBA_NUM_THREADS.

Variation formulas follow flam3 3.1.1's definitions (including its conventions: flam3's
"atan" is atan2(x, y), its "sina" is x / r and "cosa" is y / r).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

F = float
Arr = np.ndarray
U64 = np.uint64

EPS = 1e-10  # flam3's guard against division by zero
BAD = 1e10  # a coordinate beyond this counts as diverged (flam3's badvalue)
FUSE = 20  # iterations each stream runs before it plots, to settle onto the attractor
MAX_VARS = 32  # active variations per xform
PICK_GRAIN = 16384  # entries of the xform lookup table (flam3's CHOOSE_XFORM_GRAIN)
N_BANDS = 64  # bands of histogram rows that binning hands to threads (fixed, for determinism)

# Columns of the xform table X.
C_COEF = 0  # 6 columns: a d b e c f
C_POST = 6  # 6 columns, same order
C_HAS_POST = 12
C_COLOR = 13
C_SPEED = 14  # colour speed: new colour = speed * xform colour + (1 - speed) * old
C_OPACITY = 15  # flam3's "vis_adjusted" opacity (0 = never plotted)
C_PRE_BLUR = 16  # weight of pre_blur, which moves the point before the other variations
C_FLAGS = 17  # which angles to precompute (F_* bits)
C_NVARS = 18
C_VARS = 19  # MAX_VARS pairs (variation number, weight)
C_PARAM = C_VARS + 2 * MAX_VARS
F_ATAN_XY = 1  # atan2(x, y), flam3's "precalc_atan"
F_ATAN_YX = 2  # atan2(y, x), flam3's "precalc_atanyx"
F_LINEAR_ONLY = 4  # the xform's only variation is linear (and no pre_blur)

# Camera vector handed to the kernels (see kellan.flame.camera.Camera.vector).
K_COS = 0  # rotation about (K_RX, K_RY)
K_SIN = 1
K_RX = 2
K_RY = 3
K_X0 = 4  # buffer's left edge in flame units
K_Y0 = 5  # buffer's top edge (flam3 puts small y at the top row)
K_SX = 6  # buckets per flame unit
K_SY = 7
K_W = 8  # buffer size in buckets
K_H = 9
K_ROTATE = 10  # 1 when the rotation is not the identity
N_CAMERA = 11

# Variation numbers, as flam3 numbers them (checked against kellan.flame.variations).
V_LINEAR = 0
V_SINUSOIDAL = 1
V_SPHERICAL = 2
V_SWIRL = 3
V_HORSESHOE = 4
V_POLAR = 5
V_HANDKERCHIEF = 6
V_HEART = 7
V_DISC = 8
V_SPIRAL = 9
V_HYPERBOLIC = 10
V_DIAMOND = 11
V_EX = 12
V_JULIA = 13
V_BENT = 14
V_WAVES = 15
V_FISHEYE = 16
V_POPCORN = 17
V_EXPONENTIAL = 18
V_POWER = 19
V_COSINE = 20
V_RINGS = 21
V_FAN = 22
V_BLOB = 23
V_PDJ = 24
V_FAN2 = 25
V_RINGS2 = 26
V_EYEFISH = 27
V_BUBBLE = 28
V_CYLINDER = 29
V_PERSPECTIVE = 30
V_NOISE = 31
V_JULIAN = 32
V_JULIASCOPE = 33
V_BLUR = 34
V_GAUSSIAN_BLUR = 35
V_RADIAL_BLUR = 36
V_PIE = 37
V_NGON = 38
V_CURL = 39
V_RECTANGLES = 40
V_ARCH = 41
V_TANGENT = 42
V_SQUARE = 43
V_RAYS = 44
V_BLADE = 45
V_SECANT2 = 46
V_TWINTRIAN = 47
V_CROSS = 48
V_DISC2 = 49
V_SUPER_SHAPE = 50
V_FLOWER = 51
V_CONIC = 52
V_PARABOLA = 53
V_BENT2 = 54
V_BIPOLAR = 55
V_BOARDERS = 56
V_BUTTERFLY = 57
V_CELL = 58
V_CPOW = 59
V_CURVE = 60
V_EDISC = 61
V_ELLIPTIC = 62
V_ESCHER = 63
V_FOCI = 64
V_LAZYSUSAN = 65
V_LOONIE = 66
V_PRE_BLUR = 67
V_MODULUS = 68
V_OSCILLOSCOPE = 69
V_POLAR2 = 70
V_POPCORN2 = 71
V_SCRY = 72
V_SEPARATION = 73
V_SPLIT = 74
V_SPLITS = 75
V_STRIPES = 76
V_WEDGE = 77
V_WEDGE_JULIA = 78
V_WEDGE_SPH = 79
V_WHORL = 80
V_WAVES2 = 81
V_EXP = 82
V_LOG = 83
V_SIN = 84
V_COS = 85
V_TAN = 86
V_SEC = 87
V_CSC = 88
V_COT = 89
V_SINH = 90
V_COSH = 91
V_TANH = 92
V_SECH = 93
V_CSCH = 94
V_COTH = 95
V_AUGER = 96
V_FLUX = 97
V_MOBIUS = 98

# Which variations read which precomputed angle (the packer sets C_FLAGS from these).
NEEDS_ATAN_XY = frozenset({
    V_POLAR, V_HANDKERCHIEF, V_HEART, V_DISC, V_EX, V_JULIA, V_FAN, V_BLOB, V_FAN2,
    V_DISC2, V_POLAR2,
})  # fmt: skip
NEEDS_ATAN_YX = frozenset({
    V_JULIAN, V_JULIASCOPE, V_RADIAL_BLUR, V_NGON, V_SUPER_SHAPE, V_FLOWER, V_CPOW,
    V_ESCHER, V_WEDGE, V_WEDGE_JULIA, V_WEDGE_SPH, V_WHORL, V_LOG,
})  # fmt: skip

# Variation parameters and precomputed values: X[i, C_PARAM + P_*].
P_BLOB_LOW = 0
P_BLOB_HIGH = 1
P_BLOB_WAVES = 2
P_PDJ_A = 3
P_PDJ_B = 4
P_PDJ_C = 5
P_PDJ_D = 6
P_FAN2_X = 7
P_FAN2_Y = 8
P_RINGS2_VAL = 9
P_PERSPECTIVE_ANGLE = 10
P_PERSPECTIVE_DIST = 11
P_JULIAN_POWER = 12
P_JULIAN_DIST = 13
P_JULIASCOPE_POWER = 14
P_JULIASCOPE_DIST = 15
P_RADIAL_BLUR_ANGLE = 16
P_PIE_SLICES = 17
P_PIE_ROTATION = 18
P_PIE_THICKNESS = 19
P_NGON_SIDES = 20
P_NGON_POWER = 21
P_NGON_CIRCLE = 22
P_NGON_CORNERS = 23
P_CURL_C1 = 24
P_CURL_C2 = 25
P_RECTANGLES_X = 26
P_RECTANGLES_Y = 27
P_DISC2_ROT = 28
P_DISC2_TWIST = 29
P_SUPER_SHAPE_RND = 30
P_SUPER_SHAPE_M = 31
P_SUPER_SHAPE_N1 = 32
P_SUPER_SHAPE_N2 = 33
P_SUPER_SHAPE_N3 = 34
P_SUPER_SHAPE_HOLES = 35
P_FLOWER_PETALS = 36
P_FLOWER_HOLES = 37
P_CONIC_ECCENTRICITY = 38
P_CONIC_HOLES = 39
P_PARABOLA_HEIGHT = 40
P_PARABOLA_WIDTH = 41
P_BENT2_X = 42
P_BENT2_Y = 43
P_BIPOLAR_SHIFT = 44
P_CELL_SIZE = 45
P_CPOW_R = 46
P_CPOW_I = 47
P_CPOW_POWER = 48
P_CURVE_XAMP = 49
P_CURVE_YAMP = 50
P_CURVE_XLENGTH = 51
P_CURVE_YLENGTH = 52
P_ESCHER_BETA = 53
P_LAZYSUSAN_SPIN = 54
P_LAZYSUSAN_SPACE = 55
P_LAZYSUSAN_TWIST = 56
P_LAZYSUSAN_X = 57
P_LAZYSUSAN_Y = 58
P_MODULUS_X = 59
P_MODULUS_Y = 60
P_OSCOPE_SEPARATION = 61
P_OSCOPE_FREQUENCY = 62
P_OSCOPE_AMPLITUDE = 63
P_OSCOPE_DAMPING = 64
P_POPCORN2_X = 65
P_POPCORN2_Y = 66
P_POPCORN2_C = 67
P_SEPARATION_X = 68
P_SEPARATION_XINSIDE = 69
P_SEPARATION_Y = 70
P_SEPARATION_YINSIDE = 71
P_SPLIT_XSIZE = 72
P_SPLIT_YSIZE = 73
P_SPLITS_X = 74
P_SPLITS_Y = 75
P_STRIPES_SPACE = 76
P_STRIPES_WARP = 77
P_WEDGE_ANGLE = 78
P_WEDGE_HOLE = 79
P_WEDGE_COUNT = 80
P_WEDGE_SWIRL = 81
P_WEDGE_JULIA_ANGLE = 82
P_WEDGE_JULIA_COUNT = 83
P_WEDGE_JULIA_POWER = 84
P_WEDGE_JULIA_DIST = 85
P_WEDGE_SPH_ANGLE = 86
P_WEDGE_SPH_COUNT = 87
P_WEDGE_SPH_HOLE = 88
P_WEDGE_SPH_SWIRL = 89
P_WHORL_INSIDE = 90
P_WHORL_OUTSIDE = 91
P_WAVES2_SCALEX = 92
P_WAVES2_SCALEY = 93
P_WAVES2_FREQX = 94
P_WAVES2_FREQY = 95
P_AUGER_FREQ = 96
P_AUGER_WEIGHT = 97
P_AUGER_SYM = 98
P_AUGER_SCALE = 99
P_FLUX_SPREAD = 100
P_MOBIUS_RE_A = 101
P_MOBIUS_RE_B = 102
P_MOBIUS_RE_C = 103
P_MOBIUS_RE_D = 104
P_MOBIUS_IM_A = 105
P_MOBIUS_IM_B = 106
P_MOBIUS_IM_C = 107
P_MOBIUS_IM_D = 108
P_JULIAN_RN = 109
P_JULIAN_CN = 110
P_JULIASCOPE_RN = 111
P_JULIASCOPE_CN = 112
P_PERSP_VSIN = 113
P_PERSP_VFCOS = 114
P_RBLUR_SPIN = 115
P_RBLUR_ZOOM = 116
P_WAVES_DX2 = 117
P_WAVES_DY2 = 118
P_DISC2_TIMESPI = 119
P_DISC2_SINADD = 120
P_DISC2_COSADD = 121
P_SS_PM4 = 122
P_SS_PNEG1_N1 = 123
P_WJULIA_CF = 124
P_WJULIA_RN = 125
P_WJULIA_CN = 126
N_PARAMS = 127

# splitmix64 constants (uint64 so that numba keeps the arithmetic in 64-bit integers).
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_SH30 = np.uint64(30)
_SH27 = np.uint64(27)
_SH31 = np.uint64(31)
_SH11 = np.uint64(11)
_SH_PICK = np.uint64(64 - 14)  # top 14 bits index the PICK_GRAIN-entry xform table
_INV53 = 1.0 / 9007199254740992.0  # 2**-53
_PI = math.pi
_TWO_PI = 2.0 * math.pi
_HALF_PI = 0.5 * math.pi
_INV_PI = 1.0 / math.pi
_BUTTERFLY = 4.0 / math.sqrt(3.0 * math.pi)
_EDISC = 11.57034632  # flam3's normalisation of edisc

# error_model="numpy": a division by zero gives inf or NaN, as in C, and the point is then
# reset as diverged (flam3 relies on this), instead of raising ZeroDivisionError.
# The small hot helpers (generator, pick, xform) are inlined at numba IR level; the 98
# variations are ordinary functions behind one dispatch (LLVM inlines what pays): inlining
# all of them at IR level made the first compile take minutes.
_inline = njit(error_model="numpy")
_always = njit(inline="always", error_model="numpy")


@_always
def rand_bits(s: np.uint64) -> tuple:
    """Advance a splitmix64 counter; returns (new state, 64 random bits)."""
    s = s + _GOLDEN
    z = s
    z = (z ^ (z >> _SH30)) * _MIX1
    z = (z ^ (z >> _SH27)) * _MIX2
    return s, z ^ (z >> _SH31)


@_always
def rand01(s: np.uint64) -> tuple:
    """Advance a splitmix64 counter; returns (new state, uniform float in [0, 1))."""
    s, z = rand_bits(s)
    return s, float(z >> _SH11) * _INV53


@_always
def _fused_gauss(s: np.uint64) -> tuple:
    """flam3's cheap bell curve: the sum of four uniforms minus 2, in [-2, 2]."""
    s, u1 = rand01(s)
    s, u2 = rand01(s)
    s, u3 = rand01(s)
    s, u4 = rand01(s)
    return s, u1 + u2 + u3 + u4 - 2.0


# ---- the variations --------------------------------------------------------------------
# Each takes the affine image (tx, ty), r2 = tx² + ty², r = sqrt(r2), the angles axy =
# atan2(tx, ty) and ayx = atan2(ty, tx) (valid when the xform's flags ask for them), the
# variation's weight w, the xform table X with the xform's row i (for parameters), and the
# generator state s. Each returns its contribution (dx, dy) and the new state.


@_inline
def _linear(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    return w * tx, w * ty, s


@_inline
def _sinusoidal(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    return w * math.sin(tx), w * math.sin(ty), s


@_inline
def _spherical(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    k = w / (r2 + EPS)
    return k * tx, k * ty, s


@_inline
def _swirl(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    sn = math.sin(r2)
    cs = math.cos(r2)
    return w * (sn * tx - cs * ty), w * (cs * tx + sn * ty), s


@_inline
def _horseshoe(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    k = w / (r + EPS)
    return k * (tx - ty) * (tx + ty), k * 2.0 * tx * ty, s


@_inline
def _polar(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    return w * axy * _INV_PI, w * (r - 1.0), s


@_inline
def _handkerchief(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    return w * r * math.sin(axy + r), w * r * math.cos(axy - r), s


@_inline
def _heart(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    a = r * axy
    return w * r * math.sin(a), -w * r * math.cos(a), s


@_inline
def _disc(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    a = w * axy * _INV_PI
    return a * math.sin(_PI * r), a * math.cos(_PI * r), s


@_inline
def _spiral(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    re = r + EPS
    k = w / re
    return k * (ty / r + math.sin(re)), k * (tx / r - math.cos(re)), s


@_inline
def _hyperbolic(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    re = r + EPS
    return w * (tx / r) / re, w * (ty / r) * re, s


@_inline
def _diamond(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    return w * (tx / r) * math.cos(r), w * (ty / r) * math.sin(r), s


@_inline
def _ex(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    n0 = math.sin(axy + r)
    n1 = math.cos(axy - r)
    m0 = n0 * n0 * n0 * r
    m1 = n1 * n1 * n1 * r
    return w * (m0 + m1), w * (m0 - m1), s


@_inline
def _julia(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u = rand01(s)
    a = 0.5 * axy + (_PI if u >= 0.5 else 0.0)  # one of the two square roots at random
    k = w * math.sqrt(r)
    return k * math.cos(a), k * math.sin(a), s


@_inline
def _bent(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    nx = 2.0 * tx if tx < 0.0 else tx
    ny = 0.5 * ty if ty < 0.0 else ty
    return w * nx, w * ny, s


@_inline
def _waves(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    nx = tx + X[i, C_COEF + 2] * math.sin(ty * X[i, C_PARAM + P_WAVES_DX2])
    ny = ty + X[i, C_COEF + 3] * math.sin(tx * X[i, C_PARAM + P_WAVES_DY2])
    return w * nx, w * ny, s


@_inline
def _fisheye(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    k = 2.0 * w / (r + 1.0)
    return k * ty, k * tx, s  # flam3 swaps x and y here


@_inline
def _popcorn(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    nx = tx + X[i, C_COEF + 4] * math.sin(math.tan(3.0 * ty))
    ny = ty + X[i, C_COEF + 5] * math.sin(math.tan(3.0 * tx))
    return w * nx, w * ny, s


@_inline
def _exponential(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    k = w * math.exp(tx - 1.0)
    a = _PI * ty
    return k * math.cos(a), k * math.sin(a), s


@_inline
def _power(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    sina = tx / r
    k = w * r**sina
    return k * (ty / r), k * sina, s


@_inline
def _cosine(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    a = _PI * tx
    return w * math.cos(a) * math.cosh(ty), -w * math.sin(a) * math.sinh(ty), s


@_inline
def _rings(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    c = X[i, C_COEF + 4]
    dx = c * c + EPS
    k = w * (np.fmod(r + dx, 2.0 * dx) - dx + r * (1.0 - dx))
    return k * (ty / r), k * (tx / r), s


@_inline
def _fan(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    c = X[i, C_COEF + 4]
    dx = _PI * (c * c + EPS)
    half = 0.5 * dx
    a = axy + (-half if np.fmod(axy + X[i, C_COEF + 5], dx) > half else half)
    return w * r * math.cos(a), w * r * math.sin(a), s


@_inline
def _blob(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    lo = X[i, C_PARAM + P_BLOB_LOW]
    hi = X[i, C_PARAM + P_BLOB_HIGH]
    k = r * (lo + (hi - lo) * (0.5 + 0.5 * math.sin(X[i, C_PARAM + P_BLOB_WAVES] * axy)))
    return w * (tx / r) * k, w * (ty / r) * k, s


@_inline
def _pdj(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    q = C_PARAM
    nx = math.sin(X[i, q + P_PDJ_A] * ty) - math.cos(X[i, q + P_PDJ_B] * tx)
    ny = math.sin(X[i, q + P_PDJ_C] * tx) - math.cos(X[i, q + P_PDJ_D] * ty)
    return w * nx, w * ny, s


@_inline
def _fan2(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    fx = X[i, C_PARAM + P_FAN2_X]
    dy = X[i, C_PARAM + P_FAN2_Y]
    dx = _PI * (fx * fx + EPS)
    half = 0.5 * dx
    t = axy + dy - dx * int((axy + dy) / dx)
    a = axy - half if t > half else axy + half
    return w * r * math.sin(a), w * r * math.cos(a), s


@_inline
def _rings2(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    v = X[i, C_PARAM + P_RINGS2_VAL]
    dx = v * v + EPS
    k = r - 2.0 * dx * int((r + dx) / (2.0 * dx)) + r * (1.0 - dx)
    return w * (tx / r) * k, w * (ty / r) * k, s


@_inline
def _eyefish(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    k = 2.0 * w / (r + 1.0)
    return k * tx, k * ty, s


@_inline
def _bubble(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    k = w / (0.25 * r2 + 1.0)
    return k * tx, k * ty, s


@_inline
def _cylinder(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    return w * math.sin(tx), w * ty, s


@_inline
def _perspective(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    dist = X[i, C_PARAM + P_PERSPECTIVE_DIST]
    t = 1.0 / (dist - ty * X[i, C_PARAM + P_PERSP_VSIN])
    return w * dist * tx * t, w * X[i, C_PARAM + P_PERSP_VFCOS] * ty * t, s


@_inline
def _noise(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u1 = rand01(s)
    s, u2 = rand01(s)
    a = _TWO_PI * u1
    k = w * u2
    return tx * k * math.cos(a), ty * k * math.sin(a), s


@_inline
def _julian(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u = rand01(s)
    root = int(X[i, C_PARAM + P_JULIAN_RN] * u)  # one of the |power| roots at random
    a = (ayx + _TWO_PI * root) / X[i, C_PARAM + P_JULIAN_POWER]
    k = w * r2 ** X[i, C_PARAM + P_JULIAN_CN]
    return k * math.cos(a), k * math.sin(a), s


@_inline
def _juliascope(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u = rand01(s)
    root = int(X[i, C_PARAM + P_JULIASCOPE_RN] * u)
    if root & 1 == 0:
        a = (_TWO_PI * root + ayx) / X[i, C_PARAM + P_JULIASCOPE_POWER]
    else:
        a = (_TWO_PI * root - ayx) / X[i, C_PARAM + P_JULIASCOPE_POWER]
    k = w * r2 ** X[i, C_PARAM + P_JULIASCOPE_CN]
    return k * math.cos(a), k * math.sin(a), s


@_inline
def _blur(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u1 = rand01(s)
    s, u2 = rand01(s)
    a = _TWO_PI * u1
    return w * u2 * math.cos(a), w * u2 * math.sin(a), s


@_inline
def _gaussian_blur(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u = rand01(s)
    a = _TWO_PI * u
    s, g = _fused_gauss(s)
    return w * g * math.cos(a), w * g * math.sin(a), s


@_inline
def _radial_blur(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, g = _fused_gauss(s)
    g = w * g
    a = ayx + X[i, C_PARAM + P_RBLUR_SPIN] * g
    rz = X[i, C_PARAM + P_RBLUR_ZOOM] * g - 1.0
    return r * math.cos(a) + rz * tx, r * math.sin(a) + rz * ty, s


@_inline
def _pie(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    slices = X[i, C_PARAM + P_PIE_SLICES]
    s, u1 = rand01(s)
    s, u2 = rand01(s)
    s, u3 = rand01(s)
    sl = int(u1 * slices + 0.5)
    a = X[i, C_PARAM + P_PIE_ROTATION] + _TWO_PI * (
        sl + u2 * X[i, C_PARAM + P_PIE_THICKNESS]
    ) / slices
    return w * u3 * math.cos(a), w * u3 * math.sin(a), s


@_inline
def _ngon(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    q = C_PARAM
    rf = r2 ** (0.5 * X[i, q + P_NGON_POWER])
    b = _TWO_PI / X[i, q + P_NGON_SIDES]
    phi = ayx - b * math.floor(ayx / b)
    if phi > 0.5 * b:
        phi -= b
    amp = X[i, q + P_NGON_CORNERS] * (1.0 / (math.cos(phi) + EPS) - 1.0) + X[i, q + P_NGON_CIRCLE]
    amp /= rf + EPS
    return w * tx * amp, w * ty * amp, s


@_inline
def _curl(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    c1 = X[i, C_PARAM + P_CURL_C1]
    c2 = X[i, C_PARAM + P_CURL_C2]
    re = 1.0 + c1 * tx + c2 * (tx * tx - ty * ty)
    im = c1 * ty + 2.0 * c2 * tx * ty
    k = w / (re * re + im * im)
    return (tx * re + ty * im) * k, (ty * re - tx * im) * k, s


@_inline
def _rectangles(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    rx = X[i, C_PARAM + P_RECTANGLES_X]
    ry = X[i, C_PARAM + P_RECTANGLES_Y]
    nx = tx if rx == 0.0 else (2.0 * math.floor(tx / rx) + 1.0) * rx - tx
    ny = ty if ry == 0.0 else (2.0 * math.floor(ty / ry) + 1.0) * ry - ty
    return w * nx, w * ny, s


@_inline
def _arch(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u = rand01(s)
    a = u * w * _PI
    sn = math.sin(a)
    return w * sn, w * sn * sn / math.cos(a), s


@_inline
def _tangent(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    return w * math.sin(tx) / math.cos(ty), w * math.tan(ty), s


@_inline
def _square(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u1 = rand01(s)
    s, u2 = rand01(s)
    return w * (u1 - 0.5), w * (u2 - 0.5), s


@_inline
def _rays(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u = rand01(s)
    k = w * math.tan(w * u * _PI) * w / (r2 + EPS)
    return k * math.cos(tx), k * math.sin(ty), s


@_inline
def _blade(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u = rand01(s)
    a = u * w * r
    sn = math.sin(a)
    cs = math.cos(a)
    return w * tx * (cs + sn), w * tx * (cs - sn), s


@_inline
def _secant2(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    cr = math.cos(w * r)
    inv = 1.0 / cr
    return w * tx, w * (inv + 1.0) if cr < 0.0 else w * (inv - 1.0), s


@_inline
def _twintrian(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u = rand01(s)
    a = u * w * r
    sn = math.sin(a)
    sq = sn * sn
    diff = math.log10(sq) + math.cos(a) if sq > 0.0 else -30.0
    if diff != diff or diff > BAD or diff < -BAD:
        diff = -30.0
    return w * tx * diff, w * tx * (diff - sn * _PI), s


@_inline
def _cross(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    d = tx * tx - ty * ty
    k = w * math.sqrt(1.0 / (d * d + EPS))
    return k * tx, k * ty, s


@_inline
def _disc2(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    t = X[i, C_PARAM + P_DISC2_TIMESPI] * (tx + ty)
    k = w * axy * _INV_PI
    return (
        (math.sin(t) + X[i, C_PARAM + P_DISC2_COSADD]) * k,
        (math.cos(t) + X[i, C_PARAM + P_DISC2_SINADD]) * k,
        s,
    )


@_inline
def _super_shape(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    q = C_PARAM
    th = X[i, q + P_SS_PM4] * ayx + 0.25 * _PI
    t1 = abs(math.cos(th)) ** X[i, q + P_SUPER_SHAPE_N2]
    t2 = abs(math.sin(th)) ** X[i, q + P_SUPER_SHAPE_N3]
    rnd = X[i, q + P_SUPER_SHAPE_RND]
    s, u = rand01(s)
    k = (
        w
        * (rnd * u + (1.0 - rnd) * r - X[i, q + P_SUPER_SHAPE_HOLES])
        * (t1 + t2) ** X[i, q + P_SS_PNEG1_N1]
        / r
    )
    return k * tx, k * ty, s


@_inline
def _flower(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u = rand01(s)
    k = w * (u - X[i, C_PARAM + P_FLOWER_HOLES]) * math.cos(X[i, C_PARAM + P_FLOWER_PETALS] * ayx)
    k /= r
    return k * tx, k * ty, s


@_inline
def _conic(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u = rand01(s)
    e = X[i, C_PARAM + P_CONIC_ECCENTRICITY]
    k = w * (u - X[i, C_PARAM + P_CONIC_HOLES]) * e / (1.0 + e * tx / r) / r
    return k * tx, k * ty, s


@_inline
def _parabola(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    s, u1 = rand01(s)
    s, u2 = rand01(s)
    sn = math.sin(r)
    return (
        X[i, C_PARAM + P_PARABOLA_HEIGHT] * w * sn * sn * u1,
        X[i, C_PARAM + P_PARABOLA_WIDTH] * w * math.cos(r) * u2,
        s,
    )


@_inline
def _bent2(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    nx = tx * X[i, C_PARAM + P_BENT2_X] if tx < 0.0 else tx
    ny = ty * X[i, C_PARAM + P_BENT2_Y] if ty < 0.0 else ty
    return w * nx, w * ny, s


@_inline
def _bipolar(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    t = r2 + 1.0
    x2 = 2.0 * tx
    y = 0.5 * math.atan2(2.0 * ty, r2 - 1.0) - _HALF_PI * X[i, C_PARAM + P_BIPOLAR_SHIFT]
    if y > _HALF_PI:
        y = -_HALF_PI + np.fmod(y + _HALF_PI, _PI)
    elif y < -_HALF_PI:
        y = _HALF_PI - np.fmod(_HALF_PI - y, _PI)
    return w * 0.5 * _INV_PI * math.log((t + x2) / (t - x2)), w * 2.0 * _INV_PI * y, s


@_inline
def _boarders(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    rx = np.rint(tx)
    ry = np.rint(ty)
    ox = tx - rx
    oy = ty - ry
    s, u = rand01(s)
    nx = 0.5 * ox + rx
    ny = 0.5 * oy + ry
    if u < 0.75:  # three times in four, push the point out onto a border
        if abs(ox) >= abs(oy):
            if ox >= 0.0:
                nx += 0.25
                ny += 0.25 * oy / ox
            else:
                nx -= 0.25
                ny -= 0.25 * oy / ox
        elif oy >= 0.0:
            ny += 0.25
            nx += 0.25 * ox / oy
        else:
            ny -= 0.25
            nx -= 0.25 * ox / oy
    return w * nx, w * ny, s


@_inline
def _butterfly(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    y2 = 2.0 * ty
    k = w * _BUTTERFLY * math.sqrt(abs(ty * tx) / (EPS + tx * tx + y2 * y2))
    return k * tx, k * y2, s


@_inline
def _cell(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    size = X[i, C_PARAM + P_CELL_SIZE]
    cx = math.floor(tx / size)
    cy = math.floor(ty / size)
    dx = tx - cx * size
    dy = ty - cy * size
    # Interleave the cells of the four quadrants into the first one.
    if cy >= 0:
        cy = 2 * cy
        cx = 2 * cx if cx >= 0 else -(2 * cx + 1)
    else:
        cy = -(2 * cy + 1)
        cx = 2 * cx if cx >= 0 else -(2 * cx + 1)
    return w * (dx + cx * size), -w * (dy + cy * size), s


@_inline
def _cpow(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    power = X[i, C_PARAM + P_CPOW_POWER]
    vc = X[i, C_PARAM + P_CPOW_R] / power
    vd = X[i, C_PARAM + P_CPOW_I] / power
    lnr = 0.5 * math.log(r2)
    s, u = rand01(s)
    a = vc * ayx + vd * lnr + (_TWO_PI / power) * math.floor(power * u)
    m = w * math.exp(vc * lnr - vd * ayx)
    return m * math.cos(a), m * math.sin(a), s


@_inline
def _curve(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    q = C_PARAM
    xl = max(X[i, q + P_CURVE_XLENGTH] ** 2, 1e-20)
    yl = max(X[i, q + P_CURVE_YLENGTH] ** 2, 1e-20)
    return (
        w * (tx + X[i, q + P_CURVE_XAMP] * math.exp(-ty * ty / xl)),
        w * (ty + X[i, q + P_CURVE_YAMP] * math.exp(-tx * tx / yl)),
        s,
    )


@_inline
def _edisc(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    t = r2 + 1.0
    x2 = 2.0 * tx
    xmax = 0.5 * (math.sqrt(t + x2) + math.sqrt(t - x2))
    a1 = math.log(xmax + math.sqrt(xmax - 1.0))
    a2 = -math.acos(tx / xmax)
    snv = math.sin(a1)
    if ty > 0.0:
        snv = -snv
    k = w / _EDISC
    return k * math.cosh(a2) * math.cos(a1), k * math.sinh(a2) * snv, s


@_inline
def _elliptic(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    t = r2 + 1.0
    x2 = 2.0 * tx
    xmax = 0.5 * (math.sqrt(t + x2) + math.sqrt(t - x2))
    a = tx / xmax
    b = 1.0 - a * a
    b = math.sqrt(b) if b > 0.0 else 0.0
    ssx = xmax - 1.0
    ssx = math.sqrt(ssx) if ssx > 0.0 else 0.0
    k = w / _HALF_PI
    ly = k * math.log(xmax + ssx)
    return k * math.atan2(a, b), ly if ty > 0.0 else -ly, s


@_inline
def _escher(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    beta = X[i, C_PARAM + P_ESCHER_BETA]
    vc = 0.5 * (1.0 + math.cos(beta))
    vd = 0.5 * math.sin(beta)
    lnr = 0.5 * math.log(r2)
    m = w * math.exp(vc * lnr - vd * ayx)
    n = vc * ayx + vd * lnr
    return m * math.cos(n), m * math.sin(n), s


@_inline
def _foci(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    ex = 0.5 * math.exp(tx)
    enx = 0.25 / ex
    k = w / (ex + enx - math.cos(ty))
    return k * (ex - enx), k * math.sin(ty), s


@_inline
def _lazysusan(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    q = C_PARAM
    lx = X[i, q + P_LAZYSUSAN_X]
    ly = X[i, q + P_LAZYSUSAN_Y]
    x = tx - lx
    y = ty + ly
    d = math.sqrt(x * x + y * y)
    if d < w:
        a = math.atan2(y, x) + X[i, q + P_LAZYSUSAN_SPIN] + X[i, q + P_LAZYSUSAN_TWIST] * (w - d)
        return w * d * math.cos(a) + lx, w * d * math.sin(a) - ly, s
    k = w * (1.0 + X[i, q + P_LAZYSUSAN_SPACE] / d)
    return k * x + lx, k * y - ly, s


@_inline
def _loonie(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    w2 = w * w
    if r2 < w2:
        k = w * math.sqrt(w2 / r2 - 1.0)
        return k * tx, k * ty, s
    return w * tx, w * ty, s


@_inline
def _wrap_modulus(t: F, m: F) -> F:
    """flam3's modulus fold of t into [-m, m]."""
    if t > m:
        return -m + np.fmod(t + m, 2.0 * m)
    if t < -m:
        return m - np.fmod(m - t, 2.0 * m)
    return t


@_inline
def _modulus(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    mx = X[i, C_PARAM + P_MODULUS_X]
    my = X[i, C_PARAM + P_MODULUS_Y]
    return w * _wrap_modulus(tx, mx), w * _wrap_modulus(ty, my), s


@_inline
def _oscilloscope(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    q = C_PARAM
    damping = X[i, q + P_OSCOPE_DAMPING]
    amp = X[i, q + P_OSCOPE_AMPLITUDE]
    if damping != 0.0:
        amp *= math.exp(-abs(tx) * damping)
    t = amp * math.cos(_TWO_PI * X[i, q + P_OSCOPE_FREQUENCY] * tx) + X[i, q + P_OSCOPE_SEPARATION]
    return w * tx, -w * ty if abs(ty) <= t else w * ty, s


@_inline
def _polar2(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    k = w * _INV_PI
    return k * axy, 0.5 * k * math.log(r2), s


@_inline
def _popcorn2(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    c = X[i, C_PARAM + P_POPCORN2_C]
    nx = tx + X[i, C_PARAM + P_POPCORN2_X] * math.sin(math.tan(ty * c))
    ny = ty + X[i, C_PARAM + P_POPCORN2_Y] * math.sin(math.tan(tx * c))
    return w * nx, w * ny, s


@_inline
def _scry(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    k = 1.0 / (r * (r2 + 1.0 / (w + EPS)))
    return k * tx, k * ty, s


@_inline
def _separate(t: F, sep: F, inside: F) -> F:
    d = math.sqrt(t * t + sep * sep)
    return d - t * inside if t > 0.0 else -(d + t * inside)


@_inline
def _separation(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    q = C_PARAM
    nx = _separate(tx, X[i, q + P_SEPARATION_X], X[i, q + P_SEPARATION_XINSIDE])
    ny = _separate(ty, X[i, q + P_SEPARATION_Y], X[i, q + P_SEPARATION_YINSIDE])
    return w * nx, w * ny, s


@_inline
def _split(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    nx = tx if math.cos(ty * X[i, C_PARAM + P_SPLIT_YSIZE] * _PI) >= 0.0 else -tx
    ny = ty if math.cos(tx * X[i, C_PARAM + P_SPLIT_XSIZE] * _PI) >= 0.0 else -ty
    return w * nx, w * ny, s


@_inline
def _splits(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    sx = X[i, C_PARAM + P_SPLITS_X]
    sy = X[i, C_PARAM + P_SPLITS_Y]
    return w * (tx + sx if tx >= 0.0 else tx - sx), w * (ty + sy if ty >= 0.0 else ty - sy), s


@_inline
def _stripes(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    rx = math.floor(tx + 0.5)
    ox = tx - rx
    return (
        w * (ox * (1.0 - X[i, C_PARAM + P_STRIPES_SPACE]) + rx),
        w * (ty + ox * ox * X[i, C_PARAM + P_STRIPES_WARP]),
        s,
    )


@_inline
def _wedge_fold(a: F, count: F, angle: F) -> F:
    """Shrink the angle a into `count` wedges separated by gaps of `angle`."""
    c = math.floor((count * a + _PI) * _INV_PI * 0.5)
    return a * (1.0 - angle * count * _INV_PI * 0.5) + c * angle


@_inline
def _wedge(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    q = C_PARAM
    a = _wedge_fold(ayx + X[i, q + P_WEDGE_SWIRL] * r, X[i, q + P_WEDGE_COUNT],
                    X[i, q + P_WEDGE_ANGLE])  # fmt: skip
    k = w * (r + X[i, q + P_WEDGE_HOLE])
    return k * math.cos(a), k * math.sin(a), s


@_inline
def _wedge_julia(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    q = C_PARAM
    k = w * r2 ** X[i, q + P_WJULIA_CN]
    s, u = rand01(s)
    root = int(X[i, q + P_WJULIA_RN] * u)
    a = (ayx + _TWO_PI * root) / X[i, q + P_WEDGE_JULIA_POWER]
    c = math.floor((X[i, q + P_WEDGE_JULIA_COUNT] * a + _PI) * _INV_PI * 0.5)
    a = a * X[i, q + P_WJULIA_CF] + c * X[i, q + P_WEDGE_JULIA_ANGLE]
    return k * math.cos(a), k * math.sin(a), s


@_inline
def _wedge_sph(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    q = C_PARAM
    inv = 1.0 / (r + EPS)
    a = _wedge_fold(ayx + X[i, q + P_WEDGE_SPH_SWIRL] * inv, X[i, q + P_WEDGE_SPH_COUNT],
                    X[i, q + P_WEDGE_SPH_ANGLE])  # fmt: skip
    k = w * (inv + X[i, q + P_WEDGE_SPH_HOLE])
    return k * math.cos(a), k * math.sin(a), s


@_inline
def _whorl(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    turn = X[i, C_PARAM + P_WHORL_INSIDE] if r < w else X[i, C_PARAM + P_WHORL_OUTSIDE]
    a = ayx + turn / (w - r)
    return w * r * math.cos(a), w * r * math.sin(a), s


@_inline
def _waves2(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    q = C_PARAM
    nx = tx + X[i, q + P_WAVES2_SCALEX] * math.sin(ty * X[i, q + P_WAVES2_FREQX])
    ny = ty + X[i, q + P_WAVES2_SCALEY] * math.sin(tx * X[i, q + P_WAVES2_FREQY])
    return w * nx, w * ny, s


# The complex-plane functions of z = tx + i*ty (exp, log, sin, ... coth).


@_inline
def _exp(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    e = w * math.exp(tx)
    return e * math.cos(ty), e * math.sin(ty), s


@_inline
def _log(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    return w * 0.5 * math.log(r2), w * ayx, s


@_inline
def _sin(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    return w * math.sin(tx) * math.cosh(ty), w * math.cos(tx) * math.sinh(ty), s


@_inline
def _cos(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    return w * math.cos(tx) * math.cosh(ty), -w * math.sin(tx) * math.sinh(ty), s


@_inline
def _tan(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    d = w / (math.cos(2.0 * tx) + math.cosh(2.0 * ty))
    return d * math.sin(2.0 * tx), d * math.sinh(2.0 * ty), s


@_inline
def _sec(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    d = 2.0 * w / (math.cos(2.0 * tx) + math.cosh(2.0 * ty))
    return d * math.cos(tx) * math.cosh(ty), d * math.sin(tx) * math.sinh(ty), s


@_inline
def _csc(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    d = 2.0 * w / (math.cosh(2.0 * ty) - math.cos(2.0 * tx))
    return d * math.sin(tx) * math.cosh(ty), -d * math.cos(tx) * math.sinh(ty), s


@_inline
def _cot(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    d = w / (math.cosh(2.0 * ty) - math.cos(2.0 * tx))
    return d * math.sin(2.0 * tx), -d * math.sinh(2.0 * ty), s


@_inline
def _sinh(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    return w * math.sinh(tx) * math.cos(ty), w * math.cosh(tx) * math.sin(ty), s


@_inline
def _cosh(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    return w * math.cosh(tx) * math.cos(ty), w * math.sinh(tx) * math.sin(ty), s


@_inline
def _tanh(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    d = w / (math.cos(2.0 * ty) + math.cosh(2.0 * tx))
    return d * math.sinh(2.0 * tx), d * math.sin(2.0 * ty), s


@_inline
def _sech(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    d = 2.0 * w / (math.cos(2.0 * ty) + math.cosh(2.0 * tx))
    return d * math.cos(ty) * math.cosh(tx), -d * math.sin(ty) * math.sinh(tx), s


@_inline
def _csch(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    d = 2.0 * w / (math.cosh(2.0 * tx) - math.cos(2.0 * ty))
    return d * math.sinh(tx) * math.cos(ty), -d * math.cosh(tx) * math.sin(ty), s


@_inline
def _coth(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    d = w / (math.cosh(2.0 * tx) - math.cos(2.0 * ty))
    return d * math.sinh(2.0 * tx), d * math.sin(2.0 * ty), s


@_inline
def _auger(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    q = C_PARAM
    f = X[i, q + P_AUGER_FREQ]
    aw = X[i, q + P_AUGER_WEIGHT]
    sc = X[i, q + P_AUGER_SCALE]
    sx = math.sin(f * tx)
    sy = math.sin(f * ty)
    dy = ty + aw * (0.5 * sc * sx + abs(ty) * sx)
    dx = tx + aw * (0.5 * sc * sy + abs(tx) * sy)
    return w * (tx + X[i, q + P_AUGER_SYM] * (dx - tx)), w * dy, s


@_inline
def _flux(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    xp = tx + w
    xm = tx - w
    k = w * (2.0 + X[i, C_PARAM + P_FLUX_SPREAD]) * math.sqrt(
        math.sqrt(ty * ty + xp * xp) / math.sqrt(ty * ty + xm * xm)
    )
    a = 0.5 * (math.atan2(ty, xm) - math.atan2(ty, xp))
    return k * math.cos(a), k * math.sin(a), s


@_inline
def _mobius(
    tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    q = C_PARAM
    ra = X[i, q + P_MOBIUS_RE_A]
    ia = X[i, q + P_MOBIUS_IM_A]
    rc = X[i, q + P_MOBIUS_RE_C]
    ic = X[i, q + P_MOBIUS_IM_C]
    ru = ra * tx - ia * ty + X[i, q + P_MOBIUS_RE_B]
    iu = ra * ty + ia * tx + X[i, q + P_MOBIUS_IM_B]
    rv = rc * tx - ic * ty + X[i, q + P_MOBIUS_RE_D]
    iv = rc * ty + ic * tx + X[i, q + P_MOBIUS_IM_D]
    k = w / (rv * rv + iv * iv)
    return k * (ru * rv + iu * iv), k * (iu * rv - ru * iv), s


@_inline
def _variation(
    v: int, tx: F, ty: F, r2: F, r: F, axy: F, ayx: F, w: F, X: Arr, i: int, s: U64
) -> tuple:
    """Dispatch on the variation number (LLVM turns the chain into a jump table)."""
    if v == V_LINEAR:
        return _linear(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SINUSOIDAL:
        return _sinusoidal(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SPHERICAL:
        return _spherical(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SWIRL:
        return _swirl(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_HORSESHOE:
        return _horseshoe(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_POLAR:
        return _polar(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_HANDKERCHIEF:
        return _handkerchief(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_HEART:
        return _heart(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_DISC:
        return _disc(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SPIRAL:
        return _spiral(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_HYPERBOLIC:
        return _hyperbolic(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_DIAMOND:
        return _diamond(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_EX:
        return _ex(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_JULIA:
        return _julia(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_BENT:
        return _bent(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_WAVES:
        return _waves(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_FISHEYE:
        return _fisheye(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_POPCORN:
        return _popcorn(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_EXPONENTIAL:
        return _exponential(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_POWER:
        return _power(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_COSINE:
        return _cosine(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_RINGS:
        return _rings(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_FAN:
        return _fan(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_BLOB:
        return _blob(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_PDJ:
        return _pdj(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_FAN2:
        return _fan2(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_RINGS2:
        return _rings2(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_EYEFISH:
        return _eyefish(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_BUBBLE:
        return _bubble(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_CYLINDER:
        return _cylinder(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_PERSPECTIVE:
        return _perspective(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_NOISE:
        return _noise(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_JULIAN:
        return _julian(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_JULIASCOPE:
        return _juliascope(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_BLUR:
        return _blur(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_GAUSSIAN_BLUR:
        return _gaussian_blur(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_RADIAL_BLUR:
        return _radial_blur(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_PIE:
        return _pie(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_NGON:
        return _ngon(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_CURL:
        return _curl(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_RECTANGLES:
        return _rectangles(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_ARCH:
        return _arch(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_TANGENT:
        return _tangent(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SQUARE:
        return _square(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_RAYS:
        return _rays(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_BLADE:
        return _blade(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SECANT2:
        return _secant2(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_TWINTRIAN:
        return _twintrian(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_CROSS:
        return _cross(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_DISC2:
        return _disc2(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SUPER_SHAPE:
        return _super_shape(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_FLOWER:
        return _flower(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_CONIC:
        return _conic(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_PARABOLA:
        return _parabola(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_BENT2:
        return _bent2(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_BIPOLAR:
        return _bipolar(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_BOARDERS:
        return _boarders(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_BUTTERFLY:
        return _butterfly(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_CELL:
        return _cell(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_CPOW:
        return _cpow(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_CURVE:
        return _curve(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_EDISC:
        return _edisc(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_ELLIPTIC:
        return _elliptic(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_ESCHER:
        return _escher(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_FOCI:
        return _foci(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_LAZYSUSAN:
        return _lazysusan(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_LOONIE:
        return _loonie(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_MODULUS:
        return _modulus(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_OSCILLOSCOPE:
        return _oscilloscope(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_POLAR2:
        return _polar2(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_POPCORN2:
        return _popcorn2(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SCRY:
        return _scry(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SEPARATION:
        return _separation(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SPLIT:
        return _split(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SPLITS:
        return _splits(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_STRIPES:
        return _stripes(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_WEDGE:
        return _wedge(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_WEDGE_JULIA:
        return _wedge_julia(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_WEDGE_SPH:
        return _wedge_sph(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_WHORL:
        return _whorl(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_WAVES2:
        return _waves2(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_EXP:
        return _exp(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_LOG:
        return _log(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SIN:
        return _sin(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_COS:
        return _cos(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_TAN:
        return _tan(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SEC:
        return _sec(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_CSC:
        return _csc(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_COT:
        return _cot(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SINH:
        return _sinh(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_COSH:
        return _cosh(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_TANH:
        return _tanh(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_SECH:
        return _sech(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_CSCH:
        return _csch(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_COTH:
        return _coth(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_AUGER:
        return _auger(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_FLUX:
        return _flux(tx, ty, r2, r, axy, ayx, w, X, i, s)
    if v == V_MOBIUS:
        return _mobius(tx, ty, r2, r, axy, ayx, w, X, i, s)
    return 0.0, 0.0, s  # pre_blur acts in apply_xform, before the others


@_always
def apply_xform(X: Arr, i: int, x: F, y: F, c: F, s: U64) -> tuple:
    """One xform on the point (x, y) with colour c: affine, variations, post transform.
    Returns (x', y', c', s)."""
    speed = X[i, C_SPEED]
    nc = speed * X[i, C_COLOR] + (1.0 - speed) * c
    tx = X[i, C_COEF] * x + X[i, C_COEF + 2] * y + X[i, C_COEF + 4]
    ty = X[i, C_COEF + 1] * x + X[i, C_COEF + 3] * y + X[i, C_COEF + 5]
    pre = X[i, C_PRE_BLUR]
    if pre != 0.0:
        # pre_blur jitters the affine image itself, before the other variations see it.
        s, g = _fused_gauss(s)
        s, u = rand01(s)
        tx += pre * g * math.cos(_TWO_PI * u)
        ty += pre * g * math.sin(_TWO_PI * u)
    flags = int(X[i, C_FLAGS])
    if flags & F_LINEAR_ONLY:
        # Plain affine xforms (symmetry copies, most of many genomes): no radius, no call.
        px = X[i, C_VARS + 1] * tx
        py = X[i, C_VARS + 1] * ty
        if X[i, C_HAS_POST] != 0.0:
            qx = X[i, C_POST] * px + X[i, C_POST + 2] * py + X[i, C_POST + 4]
            qy = X[i, C_POST + 1] * px + X[i, C_POST + 3] * py + X[i, C_POST + 5]
            return qx, qy, nc, s
        return px, py, nc, s
    r2 = tx * tx + ty * ty
    r = math.sqrt(r2)
    axy = math.atan2(tx, ty) if flags & F_ATAN_XY else 0.0
    ayx = math.atan2(ty, tx) if flags & F_ATAN_YX else 0.0
    px = 0.0
    py = 0.0
    for j in range(int(X[i, C_NVARS])):
        v = int(X[i, C_VARS + 2 * j])
        w = X[i, C_VARS + 2 * j + 1]
        if v == V_LINEAR:  # the commonest by far; spare it the call
            px += w * tx
            py += w * ty
        else:
            dx, dy, s = _variation(v, tx, ty, r2, r, axy, ayx, w, X, i, s)
            px += dx
            py += dy
    if X[i, C_HAS_POST] != 0.0:
        qx = X[i, C_POST] * px + X[i, C_POST + 2] * py + X[i, C_POST + 4]
        qy = X[i, C_POST + 1] * px + X[i, C_POST + 3] * py + X[i, C_POST + 5]
        return qx, qy, nc, s
    return px, py, nc, s


@njit(parallel=True, cache=True, error_model="numpy")
def iterate(
    X: Arr, n_std: int, has_final: bool, pick: Arr, chaos: bool, cam: Arr, xs: Arr, ys: Arr,
    cs: Arr, last: Arr, states: Arr, fuse: int, n: int, tmp_pix: Arr, tmp_band: Arr,
    tmp_col: Arr, tmp_w: Arr, out_pix: Arr, out_col: Arr, out_w: Arr, seg: Arr,
) -> None:
    """Run every stream n plotted iterations (after `fuse` unplotted ones).

    Stream k continues from (xs[k], ys[k], cs[k]) with generator state states[k]; its
    points go to out_*[k*n:(k+1)*n] sorted (stably) by band of histogram rows, band b at
    seg[k, b]:seg[k, b + 1] (N_BANDS bands): out_pix the flat bucket index, out_col the
    palette coordinate, out_w the opacity. Points that miss the histogram are dropped.
    tmp_* are scratch of the same size. When fuse > 0 the stream starts afresh from a
    random point. The state arrays are updated in place.
    """
    n_streams = states.shape[0]
    w_buckets = int(cam[K_W])
    fw = cam[K_W]
    fh = cam[K_H]
    band_scale = N_BANDS / fh
    rotated = cam[K_ROTATE] != 0.0
    for k in prange(n_streams):
        s = states[k]
        x = xs[k]
        y = ys[k]
        c = cs[k]
        prev = last[k]
        if fuse > 0:
            s, u = rand01(s)
            x = 2.0 * u - 1.0
            s, u = rand01(s)
            y = 2.0 * u - 1.0
            s, c = rand01(s)
            prev = -1
        base = k * n
        kept = 0
        counts = seg[k]  # per-band counts first, band starts at the end
        counts[:] = 0
        for it in range(-fuse, n):
            # Choose the xform by weight: a table lookup on 14 random bits, branch-free.
            s, z = rand_bits(s)
            xf = int(pick[prev + 1 if chaos else 0, int(z >> _SH_PICK)])
            nx, ny, nc, s = apply_xform(X, xf, x, y, c, s)
            if nx != nx or ny != ny or nx > BAD or nx < -BAD or ny > BAD or ny < -BAD:
                # Diverged: restart from a random point, as flam3 does; plot nothing.
                s, u = rand01(s)
                x = 2.0 * u - 1.0
                s, u = rand01(s)
                y = 2.0 * u - 1.0
                c = nc
                continue
            x = nx
            y = ny
            c = nc
            prev = xf
            px = x
            py = y
            pc = c
            if has_final:
                fo = X[n_std, C_OPACITY]
                use = True
                if fo != 1.0:
                    s, u = rand01(s)
                    use = u < fo
                if use:
                    px, py, pc, s = apply_xform(X, n_std, x, y, c, s)
            if it < 0:
                continue
            if rotated:
                dx = px - cam[K_RX]
                dy = py - cam[K_RY]
                px = dx * cam[K_COS] - dy * cam[K_SIN] + cam[K_RX]
                py = dx * cam[K_SIN] + dy * cam[K_COS] + cam[K_RY]
            fx = (px - cam[K_X0]) * cam[K_SX]
            fy = (py - cam[K_Y0]) * cam[K_SY]
            opacity = X[xf, C_OPACITY]
            # NaN and inf fail these tests too, so a diverged final xform plots nothing.
            if fx >= 0.0 and fx < fw and fy >= 0.0 and fy < fh and opacity > 0.0:
                row = int(fy)
                band = min(int(row * band_scale), N_BANDS - 1)
                tmp_pix[base + kept] = row * w_buckets + int(fx)
                tmp_band[base + kept] = band
                tmp_col[base + kept] = pc
                tmp_w[base + kept] = opacity
                counts[band + 1] += 1
                kept += 1
        # Stable counting sort of this stream's points by band, so that binning can give
        # each band to one thread and read only its own points.
        for b in range(N_BANDS):
            counts[b + 1] += counts[b]
        for j in range(base, base + kept):
            b = tmp_band[j]
            dst = base + counts[b]
            counts[b] += 1
            out_pix[dst] = tmp_pix[j]
            out_col[dst] = tmp_col[j]
            out_w[dst] = tmp_w[j]
        # counts[b] now ends band b; turn the row into band starts (seg[k, b]).
        for b in range(N_BANDS, 0, -1):
            counts[b] = base + counts[b - 1]
        counts[0] = base
        states[k] = s
        xs[k] = x
        ys[k] = y
        cs[k] = c
        last[k] = prev


@njit(parallel=True, cache=True, error_model="numpy")
def bin_points(
    hist: Arr, pix: Arr, col: Arr, wgt: Arr, seg: Arr, palette: Arr, linear: bool
) -> None:
    """Add the points to the flat histogram (r, g, b, density per bucket).

    Band b of histogram rows takes, stream by stream, the points `iterate` sorted into
    seg[k, b]:seg[k, b + 1]. No two bands share a bucket, and each bucket receives its
    points in stream order, then iteration order, whatever the thread count: the sums are
    bit-identical. palette is (256, 4), rgb premultiplied by alpha; linear selects flam3's
    "linear" palette mode over "step".
    """
    n_streams = seg.shape[0]
    for b in prange(N_BANDS):
        for k in range(n_streams):
            for i in range(seg[k, b], seg[k, b + 1]):
                t = col[i] * 256.0
                w = wgt[i]
                o = 4 * pix[i]
                if linear:
                    j = int(t) if t > 0.0 else 0
                    f = t - j if t > 0.0 else 0.0
                    if j >= 255:
                        j = 254
                        f = 1.0
                    for ch in range(4):
                        hist[o + ch] += w * (palette[j, ch] * (1.0 - f) + palette[j + 1, ch] * f)
                else:
                    j = int(t) if t > 0.0 else 0
                    if j > 255:
                        j = 255
                    for ch in range(4):
                        hist[o + ch] += w * palette[j, ch]


@njit(cache=True, error_model="numpy")
def apply_xform_at(X: Arr, i: int, x: F, y: F, c: F, state: U64) -> tuple:
    """apply_xform for one point (used by the tests to check each variation)."""
    return apply_xform(X, i, x, y, c, state)


@njit(cache=True, error_model="numpy")
def random_sequence(state: U64, n: int) -> Arr:
    """The first n uniforms a generator in `state` yields (for the tests)."""
    out = np.empty(n)
    s = state
    for k in range(n):
        s, out[k] = rand01(s)
    return out


def stream_states(seed: int, n_streams: int) -> np.ndarray:
    """Independent starting states for n_streams generators from one seed."""
    mask = (1 << 64) - 1

    def mix(z: int) -> int:
        z = (z + 0x9E3779B97F4A7C15) & mask
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        return z ^ (z >> 31)

    base = mix(int(seed) & mask)
    return np.array([mix(base ^ mix(k + 1)) for k in range(n_streams)], dtype=np.uint64)
