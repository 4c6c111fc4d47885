"""ProgressiveFlame (the live app's running chaos game) and the emotion-binding helpers."""

from __future__ import annotations

import numpy as np
import pytest

from kellan.flame.bindings import rotate_palette_hue, scale_weights, shift_colors
from kellan.flame.genome import load_flame
from kellan.flame.progressive import ProgressiveFlame
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "flames"


@pytest.fixture(scope="module")
def flame():
    return load_flame(DATA / "generated" / "flam3-genome-8.flam3")[0]


def test_refine_adds_to_the_picture(flame):
    p = ProgressiveFlame(flame, (80, 60), seed=2)
    assert p.histogram.shape == (60, 80, 4) and p.histogram.dtype == np.float32
    assert p.samples == 0 and not p.histogram.any()
    p.refine(64_000)
    first = float(p.histogram[..., 3].sum())
    assert p.samples == 64_000 and first > 0
    c1 = p.tone_constants()
    p.refine(64_000)
    assert p.samples == 128_000
    assert float(p.histogram[..., 3].sum()) == pytest.approx(2 * first, rel=0.05)
    # More samples, same picture: the normalisation follows the sample count.
    assert p.tone_constants().k2 == pytest.approx(c1.k2 / 2)
    img = p.image()
    assert img.shape == (60, 80, 4) and img.dtype == np.uint8 and img[..., :3].any()


def test_same_seed_same_histogram_and_reset_restarts(flame):
    a = ProgressiveFlame(flame, (64, 48), seed=9)
    b = ProgressiveFlame(flame, (64, 48), seed=9)
    a.refine(50_000)
    b.refine(50_000)
    assert np.array_equal(a.histogram, b.histogram)
    snapshot = a.histogram.copy()
    a.refine(50_000)
    a.reset()
    assert a.samples == 0 and not a.histogram.any()
    a.refine(50_000)
    assert np.array_equal(a.histogram, snapshot)  # the streams restart from the seed


def test_reset_with_keep_fades_the_old_picture(flame):
    p = ProgressiveFlame(flame, (64, 48), seed=1)
    p.refine(100_000)
    before, n = p.histogram.copy(), p.samples
    changed = shift_colors(flame, 0.5)
    p.reset(changed, keep=0.25)
    assert p.genome is changed
    assert p.samples == round(n * 0.25)
    assert np.allclose(p.histogram, before * np.float32(0.25))


def test_reset_to_a_genome_of_another_size_reframes(flame):
    import dataclasses

    p = ProgressiveFlame(flame, (64, 48), seed=1)
    p.refine(10_000)
    other = dataclasses.replace(flame, size=(320, 240))
    p.reset(other)
    assert p.camera.ppu == pytest.approx(flame.scale * 64 / 320)
    assert p.samples == 0


def test_scale_weights_returns_a_new_genome(flame):
    n = len(flame.xforms)
    factors = [2.0] + [1.0] * (n - 1)
    scaled = scale_weights(flame, factors)
    assert scaled.xforms[0].weight == pytest.approx(2 * flame.xforms[0].weight)
    assert scaled.xforms[1:] == flame.xforms[1:]
    assert flame.xforms[0].weight != scaled.xforms[0].weight  # the original is untouched
    assert scale_weights(flame, 0.5).xforms[1].weight == pytest.approx(flame.xforms[1].weight / 2)
    with pytest.raises(ValueError, match="weight factors"):
        scale_weights(flame, [1.0])
    with pytest.raises(ValueError, match=">= 0"):
        scale_weights(flame, [-1.0] * n)
    with pytest.raises(ValueError, match="weight 0"):
        scale_weights(flame, 0.0)


def test_shift_colors_wraps_around_the_palette(flame):
    shifted = shift_colors(flame, 0.75)
    for old, new in zip(flame.xforms, shifted.xforms, strict=True):
        assert new.color == pytest.approx((old.color + 0.75) % 1.0)
        assert 0.0 <= new.color < 1.0


def test_rotate_palette_hue(flame):
    same = rotate_palette_hue(flame, 1.0)
    assert np.allclose(same.palette, flame.palette, atol=1e-9)
    red = flame.__class__(xforms=flame.xforms, palette=((1.0, 0.0, 0.0, 1.0),) * 256)
    green = rotate_palette_hue(red, 1.0 / 3.0)
    assert green.palette[0] == pytest.approx((0.0, 1.0, 0.0, 1.0))
    assert red.palette[0] == (1.0, 0.0, 0.0, 1.0)
