"""The bundled scenes: each loads, says what it is for, and draws a picture."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from kellan.scene import load_scene
from tests.conftest import SCENES, run_kellan

BUNDLED = sorted(SCENES.glob("*.toml"))


def test_four_scenes_each_a_different_side_of_kellan():
    scenes = {p.stem: load_scene(p) for p in BUNDLED}
    assert set(scenes) >= {"dream_art_festival", "solo_meditation", "crowd_of_32",
                           "stress_million"}  # fmt: skip
    assert len(scenes["solo_meditation"].participants) == 1
    assert len(scenes["crowd_of_32"].participants) == 32
    assert scenes["stress_million"].dynamics.particles >= 1_000_000
    for path in BUNDLED:
        # Every bundled scene opens with comments that say what it shows and how to play it.
        assert path.read_text().startswith("# "), path.name


def test_the_readme_lists_every_bundled_scene_with_a_still():
    readme = (SCENES.parent / "README.md").read_text()
    for path in BUNDLED:
        assert f"scenes/{path.name}" in readme, path.name
        still = SCENES.parent / "docs" / "images" / "scenes" / f"{path.stem}.png"
        assert still.is_file() and f"docs/images/scenes/{path.stem}.png" in readme


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_each_scene_draws(path: Path, tmp_path: Path):
    out = tmp_path / f"{path.stem}.png"
    res = run_kellan("render", str(path), "--time", "1", "--size", "320x180", "-o", str(out))
    assert res.returncode == 0, res.stderr
    image = np.asarray(Image.open(out).convert("RGB"), dtype=np.float64)
    # Not blank: a tenth of the picture is lit, and it is not one flat colour.
    assert (image.max(axis=2) > 40).mean() > 0.1 and image.std() > 10
