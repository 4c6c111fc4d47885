"""The density renderer's kernels: project every particle and splat it into a float
image on the CPU (numba), for machines whose GL is software.

llvmpipe pays per vertex for point sprites (1M sprites: about 430 ms a frame here); a
CPU splat into a float image, tone-mapped in a shader, costs a fraction of that and keeps
the hue of dense regions. Steps, all in this file because numba's cache checks only the
timestamp of the file that defines a kernel:

1. `project`: each particle to pixel coordinates, culled against the image and the camera
   (behind the camera or outside the frame, it gets band -1 and is never drawn);
2. `band_sort`: a stable counting sort of the visible particles by row band;
3. `splat_bands`: each band of BAND_ROWS rows is owned by one task, which adds the
   particles of its band (and the row of the band above that reaches into it) with
   bilinear weights into its own rows only. Every pixel is summed by one task, in the
   particles' original order, so the image is bit-identical for any thread count.

The image is (h, w, 4) float32: colour-weighted sums in r, g, b and the particle count in
a; the tone map reads it like the sprites' float target.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

BAND_ROWS = 8
# Colour variation per particle (brightness 0.55..1 and size), from a hash of its id:
# the same recipe as shaders/lib/hash.glsl's particle_jitter, so both renderers agree.
_HM = np.uint32(0x9E3779B1)
_HK = np.uint32(0x85EBCA6B)
_S15 = np.uint32(15)
_S13 = np.uint32(13)
_INV24 = np.float32(1.0 / 16777216.0)
_F0 = np.float32(0.0)
_F1 = np.float32(1.0)


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


@njit(parallel=True, cache=True, nogil=True)
def project(
    pos: np.ndarray, mvp: np.ndarray, width: int, height: int, radius: int, n_bins: int,
    px: np.ndarray, py: np.ndarray, bins: np.ndarray, hist: np.ndarray,
) -> None:  # fmt: skip
    """Pixel coordinates (px, py: float32, GL's rows: y up) and bin (int32, -1: not drawn) of
    every particle; per-chunk counts into hist (CHUNKS, n_bins + 1), slot 0 counting the
    particles not drawn. mvp (4, 4) maps world to clip space.

    A particle's footprint spans `radius` pixels either side of it. Bin k + 1 holds the
    particles whose centre row lies in band k; bin 0 those whose centre row is just above
    the image and bin n_bands + 1 those just below, whose footprints still reach in."""
    n = pos.shape[1]
    fw = np.float32(width)
    fh = np.float32(height)
    half = np.float32(0.5)
    margin = np.float32(radius)
    chunk = (n + CHUNKS - 1) // CHUNKS
    for k in prange(CHUNKS):
        for b in range(n_bins + 1):
            hist[k, b] = 0
        for i in range(k * chunk, min(n, (k + 1) * chunk)):
            x = pos[0, i]
            y = pos[1, i]
            z = pos[2, i]
            cx = mvp[0, 0] * x + mvp[0, 1] * y + mvp[0, 2] * z + mvp[0, 3]
            cy = mvp[1, 0] * x + mvp[1, 1] * y + mvp[1, 2] * z + mvp[1, 3]
            cw = mvp[3, 0] * x + mvp[3, 1] * y + mvp[3, 2] * z + mvp[3, 3]
            # Behind the camera (or on its plane): never drawn, whatever x/w would say.
            ok = cw > np.float32(1e-4)
            inv = _F1 / cw if ok else _F0
            sx = (cx * inv * half + half) * fw - half
            sy = (cy * inv * half + half) * fh - half
            px[i] = sx
            py[i] = sy
            # Cull before binning: a negative pixel index would wrap around in numba.
            # The footprint spans [floor(s) - radius + 1, floor(s) + radius], so it
            # touches the image while -radius < s < size + radius - 1. Branch-free
            # (selects, and a histogram slot 0 for "not drawn"): particles fall in or out
            # unpredictably, and a mispredicted branch costs more than the arithmetic.
            inside = ok & (sx > -margin) & (sx < fw + margin - _F1)
            inside = inside & (sy > -margin) & (sy < fh + margin - _F1)
            ys = min(max(sy, -margin), fh + margin)
            # floor, for ys > -BAND_ROWS (radius <= MAX_RADIUS < BAND_ROWS)
            row = np.int32(ys + np.float32(BAND_ROWS)) - np.int32(BAND_ROWS)
            b = (row + np.int32(BAND_ROWS)) // np.int32(BAND_ROWS)
            b = b if inside else np.int32(-1)
            bins[i] = b
            hist[k, b + 1] += 1


@njit(parallel=True, cache=True, nogil=True)
def bin_sort(
    bins: np.ndarray, hist: np.ndarray, px: np.ndarray, py: np.ndarray, owner: np.ndarray,
    pid: np.ndarray, start: np.ndarray, spx: np.ndarray, spy: np.ndarray,
    sowner: np.ndarray, spid: np.ndarray,
) -> int:  # fmt: skip
    """Stable counting sort of the visible particles by bin into contiguous copies
    (spx, spy, sowner, spid), so that the splat streams through memory; start (n_bins + 1)
    receives each bin's first index. Returns how many are visible."""
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
                spx[j] = px[i]
                spy[j] = py[i]
                sowner[j] = owner[i]
                spid[j] = pid[i]
    return running


@njit(parallel=True, cache=True, nogil=True)
def splat_bands(
    start: np.ndarray, spx: np.ndarray, spy: np.ndarray, sowner: np.ndarray,
    spid: np.ndarray, palette: np.ndarray, radius: int, image: np.ndarray,
) -> None:  # fmt: skip
    """Add every visible particle into image (h, w, 4) with a tent footprint of
    `radius` pixels (1: bilinear); band b writes rows [b * BAND_ROWS, (b + 1) *
    BAND_ROWS) only, from the bins of bands b - 1, b and b + 1."""
    h = image.shape[0]
    w = image.shape[1]
    n_bands = start.shape[0] - 3  # bins are bands + 2 (see project)
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
        # The bins of the band above, this band and the band below, each in the
        # particles' original order: a fixed order per pixel, whatever the threads.
        for j in range(start[b], start[b + 3]):
            sx = spx[j]
            sy = spy[j]
            x0 = np.int32(sx + np.float32(BAND_ROWS)) - np.int32(BAND_ROWS)
            y0 = np.int32(sy + np.float32(BAND_ROWS)) - np.int32(BAND_ROWS)
            if y0 + radius < top or y0 - radius + 1 >= bottom:
                continue
            o = sowner[j]
            jit = particle_jitter(spid[j])
            # Brightness 0.55..1 and size 0.6..1.4 per particle, as the sprites have.
            wt = palette[o, 3] * (np.float32(0.6) + np.float32(0.8) * jit)
            bright = (np.float32(0.55) + np.float32(0.45) * jit) * wt
            cr = palette[o, 0] * bright
            cg = palette[o, 1] * bright
            cb = palette[o, 2] * bright
            for y in range(max(top, y0 - radius + 1), min(bottom, y0 + radius + 1)):
                wy = max(_F0, _F1 - abs(np.float32(y) - sy) * inv) * inv
                for x in range(max(0, x0 - radius + 1), min(w, x0 + radius + 1)):
                    wgt = wy * max(_F0, _F1 - abs(np.float32(x) - sx) * inv) * inv
                    image[y, x, 0] += cr * wgt
                    image[y, x, 1] += cg * wgt
                    image[y, x, 2] += cb * wgt
                    image[y, x, 3] += wt * wgt


MAX_RADIUS = 4


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
            self.bins = np.empty(n, np.int32)
            self.spx = np.empty(n, np.float32)
            self.spy = np.empty(n, np.float32)
            self.sowner = np.empty(n, np.int32)
            self.spid = np.empty(n, np.int32)
            self.n = n
        if size != self.size:
            w, h = size
            self.image = np.zeros((h, w, 4), np.float32)
            self.n_bins = (h + BAND_ROWS - 1) // BAND_ROWS + 2
            self.start = np.zeros(self.n_bins + 1, np.int64)
            self.hist = np.zeros((CHUNKS, self.n_bins + 1), np.int64)
            self.size = size

    def splat(self, pos: np.ndarray, owner: np.ndarray, pid: np.ndarray, palette: np.ndarray,
              mvp: np.ndarray, size: tuple[int, int], radius: int = 1) -> np.ndarray:  # fmt: skip
        """The (h, w, 4) float32 density image of the particles seen through `mvp`
        (world to clip, row-major 4x4 for column vectors), each spread over a tent of
        `radius` pixels (1..MAX_RADIUS). Row 0 is the bottom, as in a GL texture, so the
        image is uploaded as it is and sculptures are drawn straight into it."""
        radius = max(1, min(MAX_RADIUS, int(radius)))
        n = pos.shape[1]
        if owner.shape[0] != n or pid.shape[0] != n:
            raise ValueError("pos, owner and pid must hold the same particles")
        self._ensure(n, size)
        w, h = size
        m = np.ascontiguousarray(mvp, dtype=np.float32)
        pal = np.ascontiguousarray(palette, dtype=np.float32)
        if int(owner.max(initial=0)) >= pal.shape[0]:
            raise ValueError("an owner has no palette entry")
        project(pos, m, w, h, radius, self.n_bins, self.px, self.py, self.bins, self.hist)
        self.visible = bin_sort(self.bins, self.hist, self.px, self.py, owner, pid,
                                self.start, self.spx, self.spy, self.sowner, self.spid)  # fmt: skip
        splat_bands(self.start, self.spx, self.spy, self.sowner, self.spid, pal, radius,
                    self.image)  # fmt: skip
        return self.image
