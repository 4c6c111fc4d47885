"""The density renderer's kernels: project every particle and splat it into a float
image on the CPU (numba), for machines whose GL is software.

llvmpipe pays per vertex for point sprites (1M sprites: about 600 ms a frame here); a
CPU splat into a float image, tone-mapped in a shader, costs a fraction of that and keeps
the hue of dense regions. Steps, all in this file because numba's cache checks only the
timestamp of the file that defines a kernel:

1. `project`: each particle's head (where it is) and tail (where it was `streak`
   seconds ago: motion streaks, so speed reads in a still) to pixel coordinates, culled
   against the image and the camera (behind the camera or outside the frame it gets bin
   -1 and is never drawn);
2. `bin_sort`: a stable counting sort of the visible particles by the band of rows
   their head lies in, into contiguous copies, in fixed chunks;
3. `splat_bands`: each band of BAND_ROWS rows is owned by one task, which adds every
   particle that reaches into it (from its own bin and REACH bins either side) as a
   tent footprint of `radius` pixels, repeated along its streak, into its own rows only.
   Every pixel is summed by one task, in the particles' original order, so the image is
   bit-identical for any thread count.

The image is (h, w, 4) float32, row 0 at the bottom (as a GL texture): colour-weighted
sums in r, g, b and the weight (how much is there) in a.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

BAND_ROWS = 8
MAX_RADIUS = 4
MAX_TAIL = 12.0  # pixels: a streak never spans more than this (plus its footprint)
MAX_SAMPLES = 8  # footprints along the longest streak
REACH = 2  # bins either side a band looks into: (MAX_TAIL + MAX_RADIUS) / BAND_ROWS
# Colour variation per particle (brightness 0.55..1 and size), from a hash of its id:
# the same recipe as shaders/lib/jitter.glsl's particle_jitter, so both renderers agree.
_HM = np.uint32(0x9E3779B1)
_HK = np.uint32(0x85EBCA6B)
_S15 = np.uint32(15)
_S13 = np.uint32(13)
_INV24 = np.float32(1.0 / 16777216.0)
_F0 = np.float32(0.0)
_F1 = np.float32(1.0)
_FHALF = np.float32(0.5)
_FB = np.float32(BAND_ROWS)
_FOFF = np.float32(BAND_ROWS * (REACH + 1))  # offset so that int() floors near the edge


@njit(inline="always", cache=True)
def particle_jitter(pid: np.int32) -> np.float32:
    """A fixed value in [0, 1) per particle id (murmur-style finaliser, 24 bits)."""
    h = np.uint32(np.uint32(pid) * _HM)
    h = np.uint32(h ^ (h >> _S15))
    h = np.uint32(h * _HK)
    h = np.uint32(h ^ (h >> _S13))
    return np.float32(h >> np.uint32(8)) * _INV24


# Fixed chunks of the particle passes (never the thread count): reproducible results.
CHUNKS = 16


@njit(inline="always", cache=True)
def _to_pixel(mvp: np.ndarray, x: np.float32, y: np.float32, z: np.float32,
              fw: np.float32, fh: np.float32) -> tuple:  # fmt: skip
    cx = mvp[0, 0] * x + mvp[0, 1] * y + mvp[0, 2] * z + mvp[0, 3]
    cy = mvp[1, 0] * x + mvp[1, 1] * y + mvp[1, 2] * z + mvp[1, 3]
    cw = mvp[3, 0] * x + mvp[3, 1] * y + mvp[3, 2] * z + mvp[3, 3]
    ok = cw > np.float32(1e-4)
    inv = _F1 / cw if ok else _F0
    sx = (cx * inv * _FHALF + _FHALF) * fw - _FHALF
    sy = (cy * inv * _FHALF + _FHALF) * fh - _FHALF
    return sx, sy, ok


@njit(parallel=True, cache=True, nogil=True)
def project(
    pos: np.ndarray, vel: np.ndarray, streak: float, mvp: np.ndarray, width: int,
    height: int, radius: int, n_bins: int, px: np.ndarray, py: np.ndarray,
    tx: np.ndarray, ty: np.ndarray, bins: np.ndarray, hist: np.ndarray,
) -> None:  # fmt: skip
    """Pixel coordinates of every particle's head (px, py) and tail (tx, ty; GL's rows,
    y up) and its bin (int32, -1: not drawn); per-chunk counts into hist (CHUNKS,
    n_bins + 1), slot 0 counting the particles not drawn. The tail is where the particle
    was `streak` seconds ago, shortened to MAX_TAIL pixels.

    Bin k + REACH holds the particles whose head row lies in band k; the bins below and
    above hold those just outside the image whose streak or footprint still reaches in."""
    n = pos.shape[1]
    fw = np.float32(width)
    fh = np.float32(height)
    margin = np.float32(radius) + np.float32(MAX_TAIL)
    s = np.float32(streak)
    chunk = (n + CHUNKS - 1) // CHUNKS
    for k in prange(CHUNKS):
        for b in range(n_bins + 1):
            hist[k, b] = 0
        for i in range(k * chunk, min(n, (k + 1) * chunk)):
            x = pos[0, i]
            y = pos[1, i]
            z = pos[2, i]
            sx, sy, ok = _to_pixel(mvp, x, y, z, fw, fh)
            ex, ey, ok2 = _to_pixel(mvp, x - s * vel[0, i], y - s * vel[1, i],
                                    z - s * vel[2, i], fw, fh)  # fmt: skip
            # Shorten a long streak to MAX_TAIL pixels (and drop it when the tail is
            # behind the camera).
            dx = ex - sx
            dy = ey - sy
            length = np.sqrt(dx * dx + dy * dy) + np.float32(1e-9)
            scale = min(_F1, np.float32(MAX_TAIL) / length) if ok2 else _F0
            px[i] = sx
            py[i] = sy
            tx[i] = sx + dx * scale
            ty[i] = sy + dy * scale
            # Cull before binning: a negative pixel index would wrap around in numba.
            # Branch-free (selects, and a histogram slot 0 for "not drawn"): particles
            # fall in or out unpredictably, and a mispredicted branch costs more than the
            # arithmetic.
            inside = ok & (sx > -margin) & (sx < fw + margin) & (sy > -margin)
            inside = inside & (sy < fh + margin)
            ys = min(max(sy, -margin), fh + margin)
            row = np.int32(ys + _FOFF) - np.int32(BAND_ROWS * (REACH + 1))  # floor
            b = (row + np.int32(BAND_ROWS * REACH)) // np.int32(BAND_ROWS)
            b = b if inside else np.int32(-1)
            bins[i] = b
            hist[k, b + 1] += 1


@njit(parallel=True, cache=True, nogil=True)
def bin_sort(
    bins: np.ndarray, hist: np.ndarray, px: np.ndarray, py: np.ndarray, tx: np.ndarray,
    ty: np.ndarray, owner: np.ndarray, pid: np.ndarray, start: np.ndarray,
    sorted_xy: np.ndarray, sowner: np.ndarray, spid: np.ndarray,
) -> int:  # fmt: skip
    """Stable counting sort of the visible particles by bin into contiguous copies
    (sorted_xy (N, 4): head x, y, tail x, y; sowner; spid), so that the splat streams
    through memory; start (n_bins + 1) receives each bin's first index. Returns how many
    are visible."""
    n = bins.shape[0]
    n_bins = hist.shape[1] - 1  # slot 0 counts the particles not drawn
    chunk = (n + CHUNKS - 1) // CHUNKS
    running = 0
    for b in range(n_bins):
        start[b] = running
        for k in range(CHUNKS):
            count = hist[k, b + 1]
            hist[k, b + 1] = running
            running += count
    start[n_bins] = running
    for k in prange(CHUNKS):
        for i in range(k * chunk, min(n, (k + 1) * chunk)):
            b = bins[i]
            if b >= 0:
                j = hist[k, b + 1]
                hist[k, b + 1] = j + 1
                sorted_xy[j, 0] = px[i]
                sorted_xy[j, 1] = py[i]
                sorted_xy[j, 2] = tx[i]
                sorted_xy[j, 3] = ty[i]
                sowner[j] = owner[i]
                spid[j] = pid[i]
    return running


@njit(parallel=True, cache=True, nogil=True)
def splat_bands(
    start: np.ndarray, sorted_xy: np.ndarray, sowner: np.ndarray, spid: np.ndarray,
    palette: np.ndarray, radius: int, image: np.ndarray,
) -> None:  # fmt: skip
    """Add every visible particle into image (h, w, 4): a tent footprint of `radius`
    pixels (1: bilinear) at its head and along its streak (fading toward the tail, the
    weights summing to one particle's), into band b's rows [b * BAND_ROWS, (b + 1) *
    BAND_ROWS) only, from the bins of bands b - REACH .. b + REACH."""
    h = image.shape[0]
    w = image.shape[1]
    n_bands = start.shape[0] - 1 - 2 * REACH - 1
    rad = np.float32(radius)
    inv = _F1 / rad
    for b in prange(n_bands):
        top = b * BAND_ROWS
        bottom = min(h, top + BAND_ROWS)
        for r in range(top, bottom):
            for c in range(w):
                image[r, c, 0] = _F0
                image[r, c, 1] = _F0
                image[r, c, 2] = _F0
                image[r, c, 3] = _F0
        # The bins of the bands around this one, each in the particles' original order:
        # a fixed order per pixel, whatever the threads.
        for j in range(start[b], start[b + 2 * REACH + 1]):
            hx = sorted_xy[j, 0]
            hy = sorted_xy[j, 1]
            dx = sorted_xy[j, 2] - hx
            dy = sorted_xy[j, 3] - hy
            y_lo = min(hy, hy + dy) - rad
            y_hi = max(hy, hy + dy) + rad
            if y_hi < np.float32(top) or y_lo >= np.float32(bottom):
                continue
            o = sowner[j]
            jit = particle_jitter(spid[j])
            # Brightness 0.55..1 and size 0.6..1.4 per particle, as the sprites have.
            wt = palette[o, 3] * (np.float32(0.6) + np.float32(0.8) * jit)
            bright = (np.float32(0.55) + np.float32(0.45) * jit) * wt
            cr = palette[o, 0] * bright
            cg = palette[o, 1] * bright
            cb = palette[o, 2] * bright
            length = np.sqrt(dx * dx + dy * dy)
            samples = min(MAX_SAMPLES, 1 + np.int32(length))
            # Head brightest, fading toward the tail; weights sum to 1.
            norm = _F0
            for q in range(samples):
                norm += np.float32(samples - q)
            for q in range(samples):
                f = np.float32(q) / np.float32(max(1, samples - 1))
                share = np.float32(samples - q) / norm
                sx = hx + dx * f
                sy = hy + dy * f
                x0 = np.int32(sx + _FOFF) - np.int32(BAND_ROWS * (REACH + 1))
                y0 = np.int32(sy + _FOFF) - np.int32(BAND_ROWS * (REACH + 1))
                for y in range(max(top, y0 - radius + 1), min(bottom, y0 + radius + 1)):
                    wy = max(_F0, _F1 - abs(np.float32(y) - sy) * inv) * inv * share
                    for x in range(max(0, x0 - radius + 1), min(w, x0 + radius + 1)):
                        wgt = wy * max(_F0, _F1 - abs(np.float32(x) - sx) * inv) * inv
                        image[y, x, 0] += cr * wgt
                        image[y, x, 1] += cg * wgt
                        image[y, x, 2] += cb * wgt
                        image[y, x, 3] += wt * wgt


class Splatter:
    """Buffers for one image size and particle count, reused frame after frame."""

    def __init__(self) -> None:
        self.n = -1
        self.size = (0, 0)
        self.visible = 0

    def _ensure(self, n: int, size: tuple[int, int]) -> None:
        if n != self.n:
            self.px = np.empty(n, np.float32)
            self.py = np.empty(n, np.float32)
            self.tx = np.empty(n, np.float32)
            self.ty = np.empty(n, np.float32)
            self.bins = np.empty(n, np.int32)
            self.sorted_xy = np.empty((n, 4), np.float32)
            self.sowner = np.empty(n, np.int32)
            self.spid = np.empty(n, np.int32)
            self.n = n
        if size != self.size:
            w, h = size
            self.image = np.zeros((h, w, 4), np.float32)
            self.n_bands = (h + BAND_ROWS - 1) // BAND_ROWS
            self.n_bins = self.n_bands + 2 * REACH + 1
            self.start = np.zeros(self.n_bins + 1, np.int64)
            self.hist = np.zeros((CHUNKS, self.n_bins + 1), np.int64)
            self.size = size

    def splat(self, pos: np.ndarray, owner: np.ndarray, pid: np.ndarray, palette: np.ndarray,
              mvp: np.ndarray, size: tuple[int, int], radius: int = 1,
              vel: np.ndarray | None = None, streak: float = 0.0) -> np.ndarray:  # fmt: skip
        """The (h, w, 4) float32 density image of the particles seen through `mvp`
        (world to clip, row-major 4x4 for column vectors), each spread over a tent of
        `radius` pixels (1..MAX_RADIUS) and, with `vel`, along a streak of where it was
        `streak` seconds ago. Row 0 is the bottom, as in a GL texture, so the image is
        uploaded as it is and sculptures are drawn straight into it."""
        radius = max(1, min(MAX_RADIUS, int(radius)))
        n = pos.shape[1]
        if owner.shape[0] != n or pid.shape[0] != n:
            raise ValueError("pos, owner and pid must hold the same particles")
        if vel is None:
            vel, streak = pos, 0.0
        self._ensure(n, size)
        w, h = size
        m = np.ascontiguousarray(mvp, dtype=np.float32)
        pal = np.ascontiguousarray(palette, dtype=np.float32)
        if int(owner.max(initial=0)) >= pal.shape[0]:
            raise ValueError("an owner has no palette entry")
        project(pos, vel, float(streak), m, w, h, radius, self.n_bins, self.px, self.py,
                self.tx, self.ty, self.bins, self.hist)  # fmt: skip
        self.visible = bin_sort(self.bins, self.hist, self.px, self.py, self.tx, self.ty,
                                owner, pid, self.start, self.sorted_xy, self.sowner,
                                self.spid)  # fmt: skip
        splat_bands(self.start, self.sorted_xy, self.sowner, self.spid, pal, radius,
                    self.image)  # fmt: skip
        return self.image
