"""Pure functions that derive a new genome from an old one, for emotion bindings.

Each returns a new Flame and leaves its argument alone (genomes are frozen). Typical use
in the live app: arousal scales the weights of the "wild" xforms, pleasure shifts the
xform colours toward warm palette entries, and the collective mood turns the palette's
hue; then ProgressiveFlame.reset(new_genome, keep=...) shows it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np

from kellan.flame.genome import Flame
from kellan.flame.palettes import rotate_hue as _rotate_rgb


def scale_weights(flame: Flame, factors: Sequence[float] | float) -> Flame:
    """Multiply each xform's weight by its factor (one per xform, or one for all).
    Factors must be >= 0 and leave some xform with a positive weight."""
    n = len(flame.xforms)
    if isinstance(factors, (int, float)):
        factors = [float(factors)] * n
    if len(factors) != n:
        raise ValueError(f"{n} xforms but {len(factors)} weight factors")
    if any(not math.isfinite(f) or f < 0.0 for f in factors):
        raise ValueError("weight factors must be finite and >= 0")
    xforms = tuple(dataclasses.replace(x, weight=x.weight * f)
                   for x, f in zip(flame.xforms, factors, strict=True))  # fmt: skip
    if sum(x.weight for x in xforms) <= 0.0:
        raise ValueError("the factors leave every xform with weight 0")
    return dataclasses.replace(flame, xforms=xforms)


def shift_colors(flame: Flame, delta: float) -> Flame:
    """Move every xform's palette coordinate (and the final xform's) by delta, wrapping
    around the palette, so the flame takes its colours from elsewhere in the palette."""

    def move(c: float) -> float:
        return (c + delta) % 1.0

    xforms = tuple(dataclasses.replace(x, color=move(x.color)) for x in flame.xforms)
    final = flame.final_xform
    if final is not None:
        final = dataclasses.replace(final, color=move(final.color))
    return dataclasses.replace(flame, xforms=xforms, final_xform=final)


def rotate_palette_hue(flame: Flame, turns: float) -> Flame:
    """Turn the hue of every palette entry by `turns` of the colour wheel (as flam3's
    `hue` attribute does to a standard palette), keeping saturation, value and alpha."""
    pal = np.array(flame.palette, dtype=np.float64)
    pal[:, :3] = np.clip(_rotate_rgb(pal[:, :3], turns), 0.0, 1.0)
    palette = tuple(tuple(float(v) for v in row) for row in pal)
    return dataclasses.replace(flame, palette=palette)  # type: ignore[arg-type]
