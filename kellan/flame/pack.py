"""Lay a Flame out as the arrays the chaos-game kernel reads (see kellan.flame.kernel)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kellan.flame import kernel as K
from kellan.flame.genome import Flame, FlameError, Xform
from kellan.flame.variations import PARAM_DEFAULTS, VARIATION_NUMBER

N_COLUMNS = K.C_PARAM + K.N_PARAMS


@dataclass(frozen=True)
class Packed:
    """A flame ready for the kernel."""

    X: np.ndarray  # (n_std [+ 1 final], N_COLUMNS) float64
    n_std: int  # ordinary xforms; the final xform, if any, is row n_std
    has_final: bool
    pick: np.ndarray  # (n_std + 1, PICK_GRAIN) uint8: xform for 14 random bits; row 0
    # plain weights, row j + 1 after xform j (xaos)
    chaos: bool  # whether rows after the first are used
    palette: np.ndarray  # (256, 4): rgb premultiplied by alpha, alpha
    linear: bool  # flam3's "linear" palette mode


def param_slot(name: str) -> int:
    """The kernel's P_* index of a variation parameter."""
    return int(getattr(K, "P_" + name.upper()))


def visibility(opacity: float) -> float:
    """flam3's perceptual opacity curve: 10^log2(opacity) (0 stays 0, 1 stays 1)."""
    return 0.0 if opacity <= 0.0 else 10.0 ** math.log2(opacity)


def _row(xf: Xform, where: str) -> np.ndarray:
    row = np.zeros(N_COLUMNS)
    row[K.C_COEF : K.C_COEF + 6] = xf.coefs
    row[K.C_POST : K.C_POST + 6] = xf.post
    row[K.C_HAS_POST] = float(tuple(xf.post) != (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    row[K.C_COLOR] = xf.color
    row[K.C_SPEED] = xf.color_speed
    row[K.C_OPACITY] = visibility(xf.opacity)
    flags = 0
    n = 0
    for name, weight in xf.variations:
        v = VARIATION_NUMBER[name]
        if v == K.V_PRE_BLUR:
            row[K.C_PRE_BLUR] += weight
            continue
        if n == K.MAX_VARS:
            raise FlameError(f"{where}: more than {K.MAX_VARS} variations in one xform")
        row[K.C_VARS + 2 * n] = v
        row[K.C_VARS + 2 * n + 1] = weight
        n += 1
        flags |= K.F_ATAN_XY if v in K.NEEDS_ATAN_XY else 0
        flags |= K.F_ATAN_YX if v in K.NEEDS_ATAN_YX else 0
    row[K.C_NVARS] = n
    if n == 1 and row[K.C_VARS] == K.V_LINEAR and row[K.C_PRE_BLUR] == 0.0:
        flags |= K.F_LINEAR_ONLY
    row[K.C_FLAGS] = flags
    p = dict(PARAM_DEFAULTS)
    p.update(xf.params)
    q = K.C_PARAM
    for name, value in p.items():
        row[q + param_slot(name)] = value
    _precompute(row, p, xf.coefs)
    return row


def _precompute(row: np.ndarray, p: dict[str, float], coefs: tuple[float, ...]) -> None:
    """Values the variations need that depend only on their parameters."""
    q = K.C_PARAM
    row[q + K.P_JULIAN_RN] = abs(p["julian_power"])
    row[q + K.P_JULIAN_CN] = p["julian_dist"] / p["julian_power"] / 2.0 if p["julian_power"] else 0
    row[q + K.P_JULIASCOPE_RN] = abs(p["juliascope_power"])
    jp = p["juliascope_power"]
    row[q + K.P_JULIASCOPE_CN] = p["juliascope_dist"] / jp / 2.0 if jp else 0.0
    angle = p["perspective_angle"] * math.pi / 2.0
    row[q + K.P_PERSP_VSIN] = math.sin(angle)
    row[q + K.P_PERSP_VFCOS] = p["perspective_dist"] * math.cos(angle)
    row[q + K.P_RBLUR_SPIN] = math.sin(p["radial_blur_angle"] * math.pi / 2.0)
    row[q + K.P_RBLUR_ZOOM] = math.cos(p["radial_blur_angle"] * math.pi / 2.0)
    row[q + K.P_WAVES_DX2] = 1.0 / (coefs[4] ** 2 + K.EPS)
    row[q + K.P_WAVES_DY2] = 1.0 / (coefs[5] ** 2 + K.EPS)
    twist = p["disc2_twist"]
    row[q + K.P_DISC2_TIMESPI] = p["disc2_rot"] * math.pi
    sin_add, cos_add = math.sin(twist), math.cos(twist) - 1.0
    if abs(twist) > 2.0 * math.pi:  # flam3 scales the offset for twists past a full turn
        k = 1.0 + twist - math.copysign(2.0 * math.pi, twist)
        sin_add, cos_add = sin_add * k, cos_add * k
    row[q + K.P_DISC2_SINADD] = sin_add
    row[q + K.P_DISC2_COSADD] = cos_add
    row[q + K.P_SS_PM4] = p["super_shape_m"] / 4.0
    n1 = p["super_shape_n1"]
    row[q + K.P_SS_PNEG1_N1] = -1.0 / n1 if n1 else 0.0
    row[q + K.P_SUPER_SHAPE_RND] = min(max(p["super_shape_rnd"], 0.0), 1.0)
    wj = p["wedge_julia_power"]
    row[q + K.P_WJULIA_CF] = 1.0 - p["wedge_julia_angle"] * p["wedge_julia_count"] / math.pi / 2
    row[q + K.P_WJULIA_RN] = abs(wj)
    row[q + K.P_WJULIA_CN] = p["wedge_julia_dist"] / wj / 2.0 if wj else 0.0


def pack(flame: Flame) -> Packed:
    """The kernel's arrays for a flame."""
    rows = [_row(xf, f"{flame.source}:{xf.line}") for xf in flame.xforms]
    if flame.final_xform is not None:
        rows.append(_row(flame.final_xform, f"{flame.source}:{flame.final_xform.line}"))
    X = np.ascontiguousarray(np.array(rows))
    n = len(flame.xforms)
    weights = np.array([xf.weight for xf in flame.xforms])
    cum = np.zeros((n + 1, n))
    cum[0] = np.cumsum(weights) / weights.sum()
    chaos = False
    for j, xf in enumerate(flame.xforms):
        factors = np.ones(n)
        given = np.array(xf.chaos[:n])
        factors[: len(given)] = given
        chaos |= bool(np.any(factors != 1.0))
        w = weights * factors
        if w.sum() <= 0.0:
            raise FlameError(
                f"{flame.source}:{xf.line}: its chaos leaves no xform to follow xform {j}"
            )
        cum[j + 1] = np.cumsum(w) / w.sum()
    # Cumulative weights to a lookup table, as flam3 does: entry k holds the xform whose
    # slice of [0, 1) contains the middle of the k-th of PICK_GRAIN steps.
    steps = (np.arange(K.PICK_GRAIN) + 0.5) / K.PICK_GRAIN
    pick = np.empty((n + 1, K.PICK_GRAIN), dtype=np.uint8)
    for r in range(n + 1):
        pick[r] = np.minimum(np.searchsorted(cum[r], steps, side="right"), n - 1)
    pal = np.array(flame.palette, dtype=np.float64).reshape(256, 4)
    pal[:, :3] *= pal[:, 3:4]
    return Packed(X, n, flame.final_xform is not None, pick, chaos, pal,
                  flame.palette_mode == "linear")  # fmt: skip
