"""Golden-image comparison with a small tolerance and a diff image on failure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

ARTIFACTS = Path(__file__).resolve().parent / "_artifacts"

# llvmpipe is bit-identical run to run on one Mesa build, so the slack only absorbs
# last-bit differences in CPU maths between machines of the same kind. A change that
# touches one region (one participant's hue turned by 30°, a sculpture's rim exponent
# times 1.3) barely moves a whole-frame mean, so the frame is also judged tile by tile:
# the worst 16x16 tile may not differ by more than MAX_TILE_MEAN on average.
MAX_MEAN_ABS = 0.5  # mean absolute difference per channel over the frame, 0..255
MAX_TILE_MEAN = 2.0  # the same, in the worst 16x16 tile
MAX_BAD_FRACTION = 0.001  # share of pixels allowed to differ by more than BAD_LEVEL
BAD_LEVEL = 32
TILE = 16


@dataclass(frozen=True)
class Comparison:
    mean_abs: float
    worst_tile: float
    bad_fraction: float

    @property
    def ok(self) -> bool:
        return (
            self.mean_abs <= MAX_MEAN_ABS
            and self.worst_tile <= MAX_TILE_MEAN
            and self.bad_fraction <= MAX_BAD_FRACTION
        )

    def describe(self) -> str:
        return (
            f"mean |diff| {self.mean_abs:.2f} (max {MAX_MEAN_ABS}), worst {TILE}px tile "
            f"{self.worst_tile:.2f} (max {MAX_TILE_MEAN}), {100 * self.bad_fraction:.3f}% "
            f"pixels off by more than {BAD_LEVEL} (max {100 * MAX_BAD_FRACTION}%)"
        )


def compare(actual: np.ndarray, expected: np.ndarray) -> Comparison:
    if actual.shape != expected.shape:
        return Comparison(255.0, 255.0, 1.0)
    a = actual[..., :3].astype(np.int16)
    e = expected[..., :3].astype(np.int16)
    diff = np.abs(a - e)
    h, w = diff.shape[:2]
    th, tw = -(-h // TILE), -(-w // TILE)
    padded = np.zeros((th * TILE, tw * TILE, 3), np.float32)
    padded[:h, :w] = diff
    tiles = padded.reshape(th, TILE, tw, TILE, 3).mean(axis=(1, 3, 4))
    return Comparison(
        float(diff.mean()), float(tiles.max()), float((diff.max(axis=-1) > BAD_LEVEL).mean())
    )


def write_diff(name: str, actual: np.ndarray, expected: np.ndarray) -> Path:
    """Save actual, expected and an amplified difference side by side; returns the path."""
    ARTIFACTS.mkdir(exist_ok=True)
    if actual.shape != expected.shape:
        expected = np.zeros_like(actual)
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


class NotLlvmpipe(Exception):
    """Goldens are llvmpipe renders; another renderer must not overwrite them."""


def save_golden(golden: Path, actual: np.ndarray, renderer: str) -> None:
    """Write a regenerated golden, but only from llvmpipe: checked before anything is
    written, so that a run on a GPU can never replace the reference images."""
    if "llvmpipe" not in renderer:
        raise NotLlvmpipe(
            f"refusing to regenerate {golden.name}: goldens are llvmpipe renders, this "
            f"renderer is {renderer.strip() or 'unknown'}"
        )
    golden.parent.mkdir(exist_ok=True)
    Image.fromarray(actual).save(golden)
