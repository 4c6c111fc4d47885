"""Colour in a perceptual space: OKLCH (Björn Ottosson's Oklab, 2020) to linear sRGB.

Equal lightness L and chroma C look equally light and colourful at every hue, which HSV's
"value" does not (HSV amber and cyan at equal value differ widely in lightness). The
sRGB gamut limits chroma at some hues, so an out-of-gamut colour is brought in by lowering
its chroma at the same lightness and hue (clipping in Oklab), never by clipping each
channel, which would shift the hue.
"""

from __future__ import annotations

import numpy as np

# Oklab -> LMS' (cube-rooted) -> LMS -> linear sRGB, from Ottosson's reference.
_LAB_TO_LMS = np.array([
    [1.0, 0.3963377774, 0.2158037573],
    [1.0, -0.1055613458, -0.0638541728],
    [1.0, -0.0894841775, -1.2914855480],
])  # fmt: skip
_LMS_TO_RGB = np.array([
    [4.0767416621, -3.3077115913, 0.2309699292],
    [-1.2684380046, 2.6097574011, -0.3413193965],
    [-0.0041960863, -0.7034186147, 1.7076147010],
])  # fmt: skip


def oklch_to_linear(lightness: np.ndarray, chroma: np.ndarray, hue_deg: np.ndarray) -> np.ndarray:
    """Linear sRGB (..., 3) of OKLCH colours, without gamut mapping (may leave 0..1)."""
    h = np.deg2rad(np.asarray(hue_deg, dtype=np.float64))
    c = np.asarray(chroma, dtype=np.float64)
    lab = np.stack([np.asarray(lightness, dtype=np.float64) + 0 * c, c * np.cos(h),
                    c * np.sin(h)], axis=-1)  # fmt: skip
    lms = (lab @ _LAB_TO_LMS.T) ** 3
    return lms @ _LMS_TO_RGB.T


def oklch(lightness: np.ndarray, chroma: np.ndarray, hue_deg: np.ndarray) -> np.ndarray:
    """Linear sRGB (..., 3) in gamut: the chroma is lowered, at the same lightness and
    hue, until every channel fits 0..1 (bisection, 16 halvings: under 1e-5 of chroma)."""
    lightness = np.clip(np.asarray(lightness, dtype=np.float64), 0.0, 1.0)
    chroma = np.maximum(np.asarray(chroma, dtype=np.float64), 0.0)
    hue = np.asarray(hue_deg, dtype=np.float64)
    shape = np.broadcast(lightness, chroma, hue).shape
    lightness, chroma, hue = (np.broadcast_to(a, shape) for a in (lightness, chroma, hue))
    lo = np.zeros(shape)
    hi = chroma.copy()
    inside = _in_gamut(oklch_to_linear(lightness, hi, hue))
    lo = np.where(inside, hi, lo)
    for _ in range(16):
        mid = 0.5 * (lo + hi)
        ok = _in_gamut(oklch_to_linear(lightness, mid, hue))
        lo = np.where(ok, mid, lo)
        hi = np.where(ok, hi, mid)
    return np.clip(oklch_to_linear(lightness, lo, hue), 0.0, 1.0)


def _in_gamut(rgb: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    return np.all((rgb >= -eps) & (rgb <= 1.0 + eps), axis=-1)


def largest_gap_hue(hues: list[float] | np.ndarray) -> float:
    """The whole-degree hue farthest around the wheel from every hue given (the lowest
    such hue on ties): where a backdrop's colours can live without taking anyone's."""
    hues = np.asarray(hues, dtype=np.float64)
    if hues.size == 0:
        return 250.0
    candidates = np.arange(360.0)
    d = np.abs(candidates[:, None] - hues[None, :]) % 360.0
    gap = np.minimum(d, 360.0 - d).min(axis=1)
    return float(candidates[int(np.argmax(gap))])
