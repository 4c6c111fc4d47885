"""The wheel carries shaders/ and scenes/, and an installed copy finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_ships_shaders_and_scenes_and_finds_them(tmp_path: Path):
    res = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    [wheel] = tmp_path.glob("kellan-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for required in (
        "kellan/shaders/particles.vert",
        "kellan/shaders/lib/palette.glsl",
        "kellan/scenes/dream_art_festival.toml",
        "kellan/scenes/kellan-scene.schema.json",
    ):
        assert required in names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "from kellan.resources import shaders_dir, default_scene;"
        "from kellan.scene import load_scene;"
        "print(shaders_dir()); print(load_scene(default_scene()).title)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [str(target / "kellan" / "shaders"), "Dream Art Festival"]
