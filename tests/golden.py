"""Golden-image comparison with a small tolerance and a diff image on failure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

ARTIFACTS = Path(__file__).resolve().parent / "_artifacts"

# llvmpipe is bit-identical run to run on one Mesa build; the slack absorbs last-bit
# differences in CPU maths (LAPACK kernels, libm) between machines of the same kind.
MAX_MEAN_ABS = 1.0  # mean absolute difference per channel, 0..255
MAX_BAD_FRACTION = 0.002  # share of pixels allowed to differ by more than BAD_LEVEL
BAD_LEVEL = 32


@dataclass(frozen=True)
class Comparison:
    mean_abs: float
    bad_fraction: float

    @property
    def ok(self) -> bool:
        return self.mean_abs <= MAX_MEAN_ABS and self.bad_fraction <= MAX_BAD_FRACTION


def compare(actual: np.ndarray, expected: np.ndarray) -> Comparison:
    a = actual[..., :3].astype(np.int16)
    e = expected[..., :3].astype(np.int16)
    diff = np.abs(a - e)
    return Comparison(float(diff.mean()), float((diff.max(axis=-1) > BAD_LEVEL).mean()))


def write_diff(name: str, actual: np.ndarray, expected: np.ndarray) -> Path:
    """Save actual, expected and an amplified difference side by side; returns the path."""
    ARTIFACTS.mkdir(exist_ok=True)
    diff = np.abs(actual[..., :3].astype(np.int16) - expected[..., :3].astype(np.int16))
    heat = np.clip(diff.max(axis=-1) * 4, 0, 255).astype(np.uint8)
    heat_rgb = np.stack([heat, heat // 3, heat // 3], axis=-1)
    strip = np.concatenate([actual[..., :3], expected[..., :3], heat_rgb], axis=1)
    out = ARTIFACTS / f"{name}-actual-expected-diff.png"
    Image.fromarray(strip.astype(np.uint8)).save(out)
    Image.fromarray(actual).save(ARTIFACTS / f"{name}-actual.png")
    return out


def is_blank(rgba: np.ndarray) -> bool:
    return float(rgba[..., :3].astype(np.float32).std()) < 2.0
