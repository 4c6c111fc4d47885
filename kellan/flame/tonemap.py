"""flam3's tone map on the CPU: log density, density estimation, spatial filter, gamma,
vibrancy, highlight power and background, to RGBA bytes.

The arithmetic follows flam3 3.1.1's render_rectangle in its units (colour sums scaled by
255, "PREFILTER_WHITE"), so that a histogram with flam3's statistics gives flam3's
picture. Kernels here take everything as arguments (numba's cache rule).
Determinism: the density estimator splats in fixed bands of rows, even bands first, then
odd ones, so no two threads ever add to the same bucket and the order of additions does
not depend on the thread count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from kellan.flame.camera import Camera
from kellan.flame.genome import Flame

WHITE = 255.0  # flam3's PREFILTER_WHITE and WHITE_LEVEL
DE_THRESH = 100  # flam3: below this many hits, one density-estimation kernel per count
DE_KEEP = 100
Arr = np.ndarray


@dataclass(frozen=True)
class ToneConstants:
    """The numbers the log-density tone map needs (also the GPU shader's uniforms)."""

    k1: float  # brightness scale
    k2: float  # 1 / (expected hits per bucket * 255)
    gamma: float
    gamma_threshold: float
    vibrancy: float
    highlight_power: float
    background: tuple[float, float, float]


def tone_constants(flame: Flame, camera: Camera, samples: int) -> ToneConstants:
    """flam3's k1 and k2 for a histogram holding `samples` iterations."""
    k1 = flame.brightness * WHITE * 268.0 / 256.0
    density = max(samples, 1) / (camera.width * camera.height)  # samples per pixel
    k2 = camera.oversample**2 / (camera.area * WHITE * density)
    return ToneConstants(k1, k2, flame.gamma, flame.gamma_threshold, flame.vibrancy,
                         flame.highlight_power, flame.background)  # fmt: skip


@njit(parallel=True, cache=True, error_model="numpy")
def _log_scale(hist: Arr, k1: float, k2: float, out: Arr) -> None:
    """Per bucket: colour * k1 * log(1 + density * k2) / density, in flam3's units."""
    rows, cols = hist.shape[0], hist.shape[1]
    for y in prange(rows):
        for x in range(cols):
            d = hist[y, x, 3] * WHITE
            if d <= 0.0:
                continue
            ls = k1 * math.log(1.0 + d * k2) / d
            for ch in range(4):
                out[y, x, ch] = hist[y, x, ch] * WHITE * ls


def de_filters(radius: float, minimum: float, curve: float, oversample: int) -> tuple:
    """flam3's density-estimation kernels: (widths, coefs, max_index, max_counts), coefs
    (n, 2R+1, 2R+1) holding each kernel over the offsets it reaches (zero beyond)."""
    top = radius * oversample + 1.0
    bottom = minimum * oversample + 1.0
    wanted = math.ceil((top / bottom) ** (1.0 / curve))
    if wanted > DE_KEEP:  # past DE_THRESH hits, kernels are spaced more sparsely
        n = math.ceil(DE_THRESH + (wanted - DE_THRESH) ** curve) + 1
        max_counts = int((n - DE_THRESH) ** (1.0 / curve)) + DE_THRESH
    else:
        n = wanted
        max_counts = n
    half = math.ceil(top) - 1
    off = np.arange(-half, half + 1)
    dist = np.sqrt(off[None, :] ** 2 + off[:, None] ** 2)
    widths, coefs = [], []
    max_index = 0
    for f in range(n):
        hits = f + 1.0 if f < DE_KEEP else (f - DE_KEEP) ** (1.0 / curve) + DE_KEEP + 1.0
        h = top / hits**curve
        if h <= bottom:
            h = bottom
            max_index = f
        inside = dist / h <= 1.0
        g = np.where(inside, np.exp(-2.0 * (1.5 * dist / h) ** 2), 0.0)
        reach = math.ceil(h) - 1  # flam3 normalises over the disc but splats this far
        g = g / g.sum()
        g[np.maximum(np.abs(off)[None, :], np.abs(off)[:, None]) > reach] = 0.0
        widths.append(h)
        coefs.append(g)
        if max_index > 0:
            break
    if max_index == 0:
        max_index = len(widths) - 1
    return np.array(widths), np.array(coefs), max_index, max_counts


@njit(cache=True, error_model="numpy")
def _de_band(hist: Arr, out: Arr, coefs: Arr, max_index: int, max_counts: float, curve: float,
             k1: float, k2: float, os_: int, y0: int, y1: int) -> None:  # fmt: skip
    rows, cols = hist.shape[0], hist.shape[1]
    half = coefs.shape[1] // 2
    ss = os_ // 2
    scale = (os_ / (os_ + 1.0)) ** 2 if os_ % 2 == 0 else 1.0
    for y in range(max(y0, os_ - 1), min(y1, rows - (os_ - 1))):
        for x in range(os_ - 1, cols - (os_ - 1)):
            d = hist[y, x, 3]
            if d <= 0.0:
                continue
            hits = 0.0  # over the pixel's oversampled neighbourhood
            for yy in range(y - ss, y + ss + 1):
                for xx in range(x - ss, x + ss + 1):
                    hits += hist[yy, xx, 3]
            hits *= scale
            if hits > max_counts:
                f = max_index
            elif hits <= DE_THRESH:
                f = int(hits)  # ceil(hits) - 1, for hits > 0
                if f == hits:
                    f -= 1
            else:
                f = DE_THRESH + int((hits - DE_THRESH) ** curve)
            f = min(max(f, 0), max_index)
            dw = d * WHITE
            ls = k1 * math.log(1.0 + dw * k2) / dw
            c0 = hist[y, x, 0] * WHITE * ls
            c1 = hist[y, x, 1] * WHITE * ls
            c2 = hist[y, x, 2] * WHITE * ls
            c3 = dw * ls
            for j in range(-half, half + 1):
                ty = y + j
                if ty < 0 or ty >= rows:
                    continue
                for i in range(-half, half + 1):
                    k = coefs[f, j + half, i + half]
                    tx = x + i
                    if k == 0.0 or tx < 0 or tx >= cols:
                        continue
                    out[ty, tx, 0] += k * c0
                    out[ty, tx, 1] += k * c1
                    out[ty, tx, 2] += k * c2
                    out[ty, tx, 3] += k * c3


@njit(parallel=True, cache=True, error_model="numpy")
def _density_estimate(hist: Arr, out: Arr, coefs: Arr, max_index: int, max_counts: float,
                      curve: float, k1: float, k2: float, os_: int, band: int) -> None:  # fmt: skip
    """Spread each bucket over a Gaussian that is wide where hits are few (flam3's
    adaptive density estimation). Bands of `band` >= 2 * reach rows: even bands, then odd
    bands, so that parallel bands never touch the same rows."""
    rows = hist.shape[0]
    n_bands = (rows + band - 1) // band
    for parity in range(2):
        for b in prange((n_bands + 1 - parity) // 2):
            y0 = (2 * b + parity) * band
            _de_band(hist, out, coefs, max_index, max_counts, curve, k1, k2, os_, y0, y0 + band)


@njit(inline="always", error_model="numpy")
def _alpha(density: float, g: float, linrange: float) -> float:
    """flam3's gamma curve, linear below gamma_threshold so faint areas are not noisy."""
    if density <= 0.0:
        return 0.0
    if density < linrange:
        frac = density / linrange
        return (1.0 - frac) * density * (linrange**g / linrange) + frac * density**g
    return density**g


@njit(inline="always", error_model="numpy")
def _hsv_desaturate(r: float, g: float, b: float, factor: float) -> tuple:
    """Scale the saturation of an RGB colour (0..1) by factor, keeping hue and value."""
    v = max(r, g, b)
    lo = min(r, g, b)
    if v <= 0.0 or v == lo:
        return r, g, b
    # Every channel moves toward v by the same fraction: that is exactly HSV's
    # saturation scaling with hue and value held.
    return v - (v - r) * factor, v - (v - g) * factor, v - (v - b) * factor


@njit(inline="always", error_model="numpy")
def _filtered(acc: Arr, filt: Arr, y: int, x: int) -> tuple:
    """The spatial filter over one pixel's window of oversampled buckets."""
    n = filt.shape[0]
    t0 = 0.0
    t1 = 0.0
    t2 = 0.0
    t3 = 0.0
    for jj in range(n):
        for ii in range(n):
            k = filt[jj, ii]
            t0 += k * acc[y + jj, x + ii, 0]
            t1 += k * acc[y + jj, x + ii, 1]
            t2 += k * acc[y + jj, x + ii, 2]
            t3 += k * acc[y + jj, x + ii, 3]
    return t0, t1, t2, t3


@njit(parallel=True, cache=True, error_model="numpy")
def _finish(acc: Arr, filt: Arr, os_: int, offset: int, gamma: float, linrange: float,
            vibrancy: float, highpow: float, bg: Arr, out: Arr) -> None:  # fmt: skip
    """Per pixel: the spatial filter, then gamma, vibrancy, highlight power and the
    background, and flam3's conversion to bytes."""
    h, w = out.shape[0], out.shape[1]
    g = 1.0 / gamma
    for j in prange(h):
        for i in range(w):
            c0, c1, c2, a = _filtered(acc, filt, offset + j * os_, offset + i * os_)
            alpha = 0.0
            ls = 0.0
            if a > 0.0:
                tmp = a / WHITE
                alpha = _alpha(tmp, g, linrange)
                ls = vibrancy * 256.0 * alpha / tmp
                alpha = min(max(alpha, 0.0), 1.0)
            n0 = 0.0
            n1 = 0.0
            n2 = 0.0
            if ls != 0.0 and (c0 != 0.0 or c1 != 0.0 or c2 != 0.0):
                maxc = max(c0, c1, c2) / WHITE
                maxa = ls * maxc
                if maxa > 255.0 and highpow >= 0.0:
                    # Saturated: scale to the brightest in-gamut colour, then wash the
                    # colour toward white by (255 / maxa)^highpow.
                    newls = 255.0 / maxc
                    f = (newls / ls) ** highpow
                    r, gg, b = _hsv_desaturate(c0 / WHITE * newls / 255.0,
                                               c1 / WHITE * newls / 255.0,
                                               c2 / WHITE * newls / 255.0, f)  # fmt: skip
                    n0, n1, n2 = r * 255.0, gg * 255.0, b * 255.0
                else:
                    adj = 1.0 if maxa <= 255.0 else min(-highpow, 1.0)
                    scale = (1.0 - adj) * (255.0 / maxc) + adj * ls
                    n0, n1, n2 = scale * c0 / WHITE, scale * c1 / WHITE, scale * c2 / WHITE
            for ch in range(3):
                c = (n0, n1, n2)[ch]
                src = (c0, c1, c2)[ch]
                if vibrancy != 1.0 and src > 0.0:
                    c += (1.0 - vibrancy) * 256.0 * (src / WHITE) ** g
                c += (1.0 - alpha) * bg[ch] * 256.0
                c = min(max(c, 0.0), 255.0)
                out[j, i, ch] = np.uint8(int(c))
            out[j, i, 3] = 255


def tone_map(hist: np.ndarray, flame: Flame, camera: Camera, samples: int,
             density_estimation: bool = True) -> np.ndarray:  # fmt: skip
    """RGBA bytes (H, W, 4) from a histogram (rows, columns, 4) of `samples` iterations."""
    c = tone_constants(flame, camera, samples)
    acc = np.zeros(hist.shape)
    os_ = camera.oversample
    if density_estimation and flame.estimator_radius > 0.0:
        _, coefs, max_index, max_counts = de_filters(
            flame.estimator_radius, flame.estimator_minimum, flame.estimator_curve, os_
        )
        band = max(coefs.shape[1], 8)  # >= 2 * reach + 1
        _density_estimate(hist, acc, coefs, max_index, float(max_counts),
                          flame.estimator_curve, c.k1, c.k2, os_, band)  # fmt: skip
    else:
        _log_scale(hist, c.k1, c.k2, acc)
    out = np.empty((camera.height, camera.width, 4), dtype=np.uint8)
    _finish(acc, camera.filter, os_, camera.de_offset, c.gamma, c.gamma_threshold,
            c.vibrancy, c.highlight_power, np.array(c.background, dtype=np.float64),
            out)  # fmt: skip
    return out
