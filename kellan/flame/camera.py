"""Framing of a render: image size, oversampled histogram with its gutter, the camera
vector the kernel reads, and flam3's spatial filter.

As in flam3, the histogram has `oversample` buckets per pixel side plus a gutter all
round, wide enough for the spatial filter and the density estimator to see points that
land just outside the picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kellan.flame import kernel as K
from kellan.flame.genome import Flame, FlameError

MAX_BUCKETS = 64 * 1024 * 1024  # 2 GiB of float64 histogram

# Support (half-width) of each of flam3's filter shapes.
SUPPORT = {"gaussian": 1.5, "hermite": 1.0, "box": 0.5, "triangle": 1.0, "bell": 1.5,
           "bspline": 2.0, "mitchell": 2.0, "blackman": 1.0, "catrom": 2.0, "hanning": 1.0,
           "hamming": 1.0, "lanczos3": 3.0, "lanczos2": 2.0, "quadratic": 1.5}  # fmt: skip


def _sinc(x: np.ndarray) -> np.ndarray:
    return np.sinc(x)  # sin(pi x) / (pi x)


def filter_shape(name: str, t: np.ndarray) -> np.ndarray:
    """The 1-D kernel `name` at t (flam3's definitions of its 14 shapes)."""
    a = np.abs(t)
    if name == "gaussian":
        return np.exp(-2.0 * t * t) * math.sqrt(2.0 / math.pi)
    if name == "hermite":
        return np.where(a < 1.0, (2.0 * a - 3.0) * a * a + 1.0, 0.0)
    if name == "box":
        return np.where((t > -0.5) & (t <= 0.5), 1.0, 0.0)
    if name == "triangle":
        return np.where(a < 1.0, 1.0 - a, 0.0)
    if name in ("bell", "quadratic"):
        return np.where(a < 0.5, 0.75 - a * a, np.where(a < 1.5, 0.5 * (a - 1.5) ** 2, 0.0))
    if name == "bspline":
        return np.where(a < 1.0, 0.5 * a**3 - a * a + 2.0 / 3.0,
                        np.where(a < 2.0, (2.0 - a) ** 3 / 6.0, 0.0))  # fmt: skip
    if name == "mitchell":
        b = c = 1.0 / 3.0
        near = (12 - 9 * b - 6 * c) * a**3 + (-18 + 12 * b + 6 * c) * a**2 + (6 - 2 * b)
        far = ((-b - 6 * c) * a**3 + (6 * b + 30 * c) * a**2 + (-12 * b - 48 * c) * a
               + (8 * b + 24 * c))  # fmt: skip
        return np.where(a < 1.0, near / 6.0, np.where(a < 2.0, far / 6.0, 0.0))
    if name == "catrom":
        near = 0.5 * (2.0 + a * a * (-5.0 + 3.0 * a))
        far = 0.5 * (4.0 + a * (-8.0 + a * (5.0 - a)))
        return np.where(a < 1.0, near, np.where(a < 2.0, far, 0.0))
    if name == "blackman":
        return _sinc(t) * (0.42 + 0.5 * np.cos(math.pi * t) + 0.08 * np.cos(2 * math.pi * t))
    if name == "hanning":
        return _sinc(t) * (0.5 + 0.5 * np.cos(math.pi * t))
    if name == "hamming":
        return _sinc(t) * (0.54 + 0.46 * np.cos(math.pi * t))
    if name == "lanczos3":  # flam3 windows its Lanczos kernels twice
        return np.where(a < 3.0, _sinc(t) * _sinc(t / 3.0), 0.0) * _sinc(t / 3.0)
    if name == "lanczos2":
        return np.where(a < 2.0, _sinc(t) * _sinc(t / 2.0), 0.0) * _sinc(t / 2.0)
    raise ValueError(f"unknown filter shape {name!r}")


def spatial_filter(shape: str, radius: float, oversample: int) -> np.ndarray:
    """flam3's spatial filter: a normalised (n, n) kernel over histogram buckets, with n
    of the same parity as oversample so that it centres on each pixel's buckets."""
    support = SUPPORT[shape]
    fw = 2.0 * support * oversample * radius
    n = int(fw) + 1
    if (n ^ oversample) & 1:
        n += 1
    adjust = support * n / fw if fw > 0.0 else 1.0
    t = ((2.0 * np.arange(n) + 1.0) / n - 1.0) * adjust
    f1 = filter_shape(shape, t)
    kernel = np.outer(f1, f1)
    total = kernel.sum()
    if total == 0.0:
        kernel = np.zeros((n, n))
        kernel[n // 2, n // 2] = 1.0
        return kernel
    return kernel / total


@dataclass(frozen=True)
class Camera:
    """Where the flame lands in the histogram and in the image."""

    width: int  # output image
    height: int
    oversample: int
    gutter: int  # buckets of margin on each side of the oversampled image
    ppu: float  # pixels per flame unit (zoom included)
    center: tuple[float, float]
    rotate: float  # degrees
    filter: np.ndarray  # spatial filter over buckets
    de_offset: int  # where the filter's window starts for pixel 0

    @property
    def buffer_shape(self) -> tuple[int, int]:
        """(rows, columns) of the histogram."""
        g2 = 2 * self.gutter
        return self.height * self.oversample + g2, self.width * self.oversample + g2

    def vector(self) -> np.ndarray:
        """The camera as the kernel reads it (K_* slots)."""
        rows, cols = self.buffer_shape
        per_unit = self.oversample * self.ppu  # buckets per flame unit
        margin = self.gutter / per_unit
        v = np.zeros(K.N_CAMERA)
        a = math.radians(self.rotate)
        v[K.K_COS], v[K.K_SIN] = math.cos(a), math.sin(a)
        v[K.K_RX], v[K.K_RY] = self.center
        v[K.K_X0] = self.center[0] - self.width / self.ppu / 2.0 - margin
        v[K.K_Y0] = self.center[1] - self.height / self.ppu / 2.0 - margin
        v[K.K_SX] = v[K.K_SY] = per_unit
        v[K.K_W], v[K.K_H] = cols, rows
        v[K.K_ROTATE] = float(self.rotate != 0.0)
        return v

    @property
    def area(self) -> float:
        """The image's area in flame units squared."""
        return self.width * self.height / (self.ppu * self.ppu)


def camera_for(flame: Flame, size: tuple[int, int] | None = None, *,
               density_estimation: bool = True) -> Camera:  # fmt: skip
    """The camera of a flame rendered at `size` (default: the genome's own size).

    A different size keeps the genome's framing, scaled as flam3-render's `ss` scales it:
    the scale (pixels per unit) follows the size. When the aspect ratio differs, the
    smaller of the two factors is used, so all of the genome's frame stays in view.
    """
    w0, h0 = flame.size
    w, h = size or flame.size
    ss = min(w / w0, h / h0)
    os_ = flame.oversample
    filt = spatial_filter(flame.filter_shape, flame.filter_radius, os_)
    gutter = (filt.shape[0] - os_) // 2
    de_offset = 0
    if density_estimation and flame.estimator_radius > 0.0:
        de_width = math.ceil(flame.estimator_radius) * os_ + (os_ - 1)
        if de_width > gutter:
            de_offset = de_width - gutter
            gutter = de_width
    cam = Camera(w, h, os_, gutter, flame.scale * ss * 2.0**flame.zoom, flame.center,
                 flame.rotate, filt, de_offset)  # fmt: skip
    rows, cols = cam.buffer_shape
    if rows * cols > MAX_BUCKETS:
        raise FlameError(f"{flame.source}: {w}x{h} with oversample {os_} needs "
                         f"{rows * cols} histogram buckets (limit {MAX_BUCKETS})")  # fmt: skip
    return cam


def live_camera(flame: Flame, size: tuple[int, int]) -> Camera:
    """The camera of a live (progressive, GPU tone-mapped) render at `size`: one bucket
    per pixel, no gutter and no spatial filter, so that the histogram is the image and
    a shader can tone-map it texel by texel."""
    w0, h0 = flame.size
    w, h = size
    ss = min(w / w0, h / h0)
    if not (1 <= w <= 16384 and 1 <= h <= 16384):
        raise FlameError(f"{flame.source}: live size {w}x{h} out of range")
    return Camera(w, h, 1, 0, flame.scale * ss * 2.0**flame.zoom, flame.center, flame.rotate,
                  np.ones((1, 1)), 0)  # fmt: skip
