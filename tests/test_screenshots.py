"""Screenshot regression of the default scene, rendered headless through EGL.

Compared with the golden PNG only when the GL renderer is llvmpipe (software Mesa, as on
CI); any other renderer gives other pixels, so there we only check the frame is not blank.
`pytest --regen-goldens` rewrites the golden: look at both images before committing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import DEFAULT_SCENE, run_kellan
from tests.golden import compare, is_blank, write_diff

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
CASES = [
    # (golden name, scene, time, size)
    ("dream_art_festival_t5", DEFAULT_SCENE, 5.0, "640x360"),
]


@pytest.mark.gl
@pytest.mark.parametrize(("name", "scene", "time", "size"), CASES, ids=[c[0] for c in CASES])
def test_scene_matches_golden(tmp_path, regen_goldens, name, scene, time, size):
    out = tmp_path / f"{name}.png"
    res = run_kellan("render", str(scene), "--time", str(time), "--size", size, "-o", str(out))
    assert res.returncode == 0, res.stderr
    actual = np.asarray(Image.open(out).convert("RGBA"))
    w, h = (int(v) for v in size.split("x"))
    assert actual.shape == (h, w, 4)
    assert not is_blank(actual), "the render is blank"
    # The frame must show all three layers, not only a backdrop: lots of distinct colours
    # and both dark and bright regions.
    rgb = actual[..., :3].reshape(-1, 3)
    assert len(np.unique(rgb // 16, axis=0)) > 150
    assert (rgb.max(axis=1) > 200).mean() > 0.002 and (rgb.max(axis=1) < 20).mean() > 0.05

    golden = GOLDEN_DIR / f"{name}.png"
    if regen_goldens:
        GOLDEN_DIR.mkdir(exist_ok=True)
        Image.fromarray(actual).save(golden)
        pytest.skip(f"regenerated {golden.name}; look at it before committing")
    if "llvmpipe" not in res.stdout:
        pytest.skip(f"renderer is not llvmpipe ({res.stdout.strip()}): checked not blank only")
    expected = np.asarray(Image.open(golden).convert("RGBA"))
    result = compare(actual, expected)
    if not result.ok:
        path = write_diff(name, actual, expected)
        pytest.fail(
            f"{name} differs from its golden: mean |diff| {result.mean_abs:.2f}, "
            f"{100 * result.bad_fraction:.2f}% pixels off; see {path}"
        )


def test_golden_comparison_catches_a_changed_frame():
    """The tolerance is small enough to notice a real change (this test guards the guard)."""
    expected = np.asarray(Image.open(GOLDEN_DIR / f"{CASES[0][0]}.png").convert("RGBA"))
    assert compare(expected, expected).ok
    shifted = np.roll(expected, 3, axis=1)
    assert not compare(shifted, expected).ok
    dimmer = (expected * 0.9).astype(np.uint8)
    assert not compare(dimmer, expected).ok
