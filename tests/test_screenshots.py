"""Screenshot regression of the bundled scenes, rendered headless through EGL.

Compared with the golden PNGs only when the GL renderer is llvmpipe (software Mesa, as on
CI); any other renderer gives other pixels, so there we only check the frame is not blank.
`pytest --regen-goldens` rewrites the goldens (on llvmpipe only): look at both images
before committing, and say why they differ in the commit.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import DEFAULT_SCENE, SCENES, run_kellan
from tests.golden import NotLlvmpipe, compare, is_blank, save_golden, write_diff

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
CASES = [
    # (golden name, scene, time, size, particle renderer)
    ("dream_art_festival_t5", DEFAULT_SCENE, 5.0, "640x360", "density"),
    ("dream_art_festival_t5_sprites", DEFAULT_SCENE, 5.0, "640x360", "sprites"),
    ("dream_art_festival_t12_4_rift_widest", DEFAULT_SCENE, 12.4, "640x360", "density"),
    ("dream_art_festival_t14_rift", DEFAULT_SCENE, 14.0, "640x360", "density"),
    ("dream_art_festival_t28_protocol", DEFAULT_SCENE, 28.0, "640x360", "density"),
    # Dawn's verse over the picture, and empathy threads among people who now feel alike.
    ("dream_art_festival_t37_dawn_verse", DEFAULT_SCENE, 37.0, "640x360", "density"),
    ("sculpture_gallery_t6", SCENES / "sculpture_gallery.toml", 6.0, "640x360", "density"),
    # One case per fractal kind, at a time inside its window (the costly ones smaller).
    ("fractal_gallery_t5_julia", SCENES / "fractal_gallery.toml", 5.0, "640x360", "density"),
    ("fractal_gallery_t13_mandelbrot", SCENES / "fractal_gallery.toml", 13.0, "640x360",
     "density"),
    ("fractal_gallery_t21_mandelbulb", SCENES / "fractal_gallery.toml", 21.0, "320x180",
     "density"),
    ("fractal_gallery_t29_flame", SCENES / "fractal_gallery.toml", 29.0, "320x180", "density"),
    ("fractal_gallery_t37_shadertoy", SCENES / "fractal_gallery.toml", 37.0, "640x360",
     "density"),
]


def render(
    tmp_path: Path, scene: Path, time: float, size: str, name: str, mode: str = "density"
) -> tuple[np.ndarray, str]:
    out = tmp_path / f"{name}.png"
    res = run_kellan("render", str(scene), "--time", str(time), "--size", size,
                     "--renderer", mode, "-o", str(out))  # fmt: skip
    assert res.returncode == 0, res.stderr
    return np.asarray(Image.open(out).convert("RGBA")), res.stdout


@pytest.mark.gl
@pytest.mark.parametrize(
    ("name", "scene", "time", "size", "mode"), CASES, ids=[c[0] for c in CASES]
)
def test_scene_matches_golden(tmp_path, regen_goldens, name, scene, time, size, mode):
    actual, stdout = render(tmp_path, scene, time, size, name, mode)
    w, h = (int(v) for v in size.split("x"))
    assert actual.shape == (h, w, 4)
    assert not is_blank(actual), "the render is blank"
    # The frame must show all three layers, not only a backdrop: lots of distinct colours
    # and both dark and bright regions.
    rgb = actual[..., :3].reshape(-1, 3)
    assert len(np.unique(rgb // 16, axis=0)) > 150
    assert (rgb.max(axis=1) > 200).mean() > 0.002 and (rgb.max(axis=1) < 20).mean() > 0.05

    llvmpipe = "llvmpipe" in stdout
    golden = GOLDEN_DIR / f"{name}.png"
    if regen_goldens:
        try:
            save_golden(golden, actual, stdout)
        except NotLlvmpipe as exc:
            pytest.fail(str(exc))
        pytest.skip(f"regenerated {golden.name}; look at it before committing")
    if not llvmpipe:
        pytest.skip(f"renderer is not llvmpipe ({stdout.strip()}): checked not blank only")
    expected = np.asarray(Image.open(golden).convert("RGBA"))
    result = compare(actual, expected)
    if not result.ok:
        path = write_diff(name, actual, expected)
        pytest.fail(f"{name} differs from its golden: {result.describe()}; see {path}")


def test_golden_comparison_catches_a_changed_frame():
    """The tolerance is small enough to notice a real change (this test guards the guard)."""
    expected = np.asarray(Image.open(GOLDEN_DIR / f"{CASES[0][0]}.png").convert("RGBA"))
    assert compare(expected, expected).ok
    shifted = np.roll(expected, 3, axis=1)
    assert not compare(shifted, expected).ok
    dimmer = (expected * 0.9).astype(np.uint8)
    assert not compare(dimmer, expected).ok


@pytest.mark.gl
@pytest.mark.parametrize(
    ("old", "new"),
    [("hue = 350.0", "hue = 20.0"), ("rim_power = 1.8", "rim_power = 2.34")],
    ids=["one-hue-30-degrees", "rim-power-x1.3"],
)
def test_golden_comparison_catches_small_scene_changes(tmp_path, old, new):
    """Real renders of small edits to the scene must not pass as the golden."""
    scene = tmp_path / "changed.toml"
    text = DEFAULT_SCENE.read_text()
    assert old in text
    scene.write_text(text.replace(old, new))
    actual, stdout = render(tmp_path, scene, 5.0, "640x360", "changed")
    if "llvmpipe" not in stdout:
        pytest.skip("goldens are compared on llvmpipe only")
    expected = np.asarray(Image.open(GOLDEN_DIR / f"{CASES[0][0]}.png").convert("RGBA"))
    assert not compare(actual, expected).ok


def test_regen_refuses_a_renderer_other_than_llvmpipe(tmp_path):
    """The flag must not write a golden before knowing the renderer."""
    golden = tmp_path / "g.png"
    image = np.zeros((4, 4, 4), np.uint8)
    with pytest.raises(NotLlvmpipe):
        save_golden(golden, image, "x.png: 4x4 at t=5s; renderer: NVIDIA GeForce RTX 4090")
    assert not golden.exists()
    save_golden(golden, image, "x.png: 4x4 at t=5s; renderer: llvmpipe (LLVM 15.0.6)")
    assert golden.exists()
