"""Rendering flames: determinism across thread counts, the camera, the tone map, the
`kellan flame` command, and a side-by-side check against flam3-render when it is
installed (Debian's flam3-utils)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from kellan.flame.camera import camera_for
from kellan.flame.chaos import ChaosGame
from kellan.flame.genome import load_flame, parse_flames
from kellan.flame.render import render
from kellan.flame.tonemap import tone_map
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "flames"

HASH_SCRIPT = r"""
import hashlib, sys
from kellan.flame.genome import load_flame
from kellan.flame.render import render
from kellan.flame.progressive import ProgressiveFlame
out = []
for name, index, size, q in [("generated/flam3-genome-7.flam3", 0, (160, 120), 60),
                             ("showcase.flam3", 1, (80, 60), 40),
                             ("showcase.flam3", 0, (96, 72), 30)]:
    flame, _ = load_flame(sys.argv[1] + "/" + name, index)
    r = render(flame, size, q, seed=int(sys.argv[2]))
    out.append(hashlib.sha256(r.histogram.tobytes() + r.image.tobytes()).hexdigest()[:16])
p = ProgressiveFlame(flame, (64, 48), seed=5)
p.refine(300_000)
p.reset(keep=0.5)
p.refine(700_000)
out.append(hashlib.sha256(p.histogram.tobytes()).hexdigest()[:16])
print(" ".join(out))
"""


def _hashes(threads: int, seed: int) -> str:
    env = {**os.environ, "NUMBA_NUM_THREADS": str(threads),
           "flam3_palettes": str(DATA / "palettes.xml")}  # fmt: skip
    res = subprocess.run([sys.executable, "-c", HASH_SCRIPT, str(DATA), str(seed)],
                         capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=600)  # fmt: skip
    assert res.returncode == 0, res.stderr
    return res.stdout.strip()


def test_same_seed_gives_identical_histograms_on_one_and_two_threads():
    one = _hashes(1, seed=7)
    assert one == _hashes(2, seed=7)
    assert one.split()[0] != _hashes(2, seed=8).split()[0]


def _point_flame(rotate: float) -> str:
    # Every point goes to (0.5, 0): the camera alone decides where it lands.
    return (f'<flame size="40 20" center="0 0" scale="10" rotate="{rotate}" filter="0" '
            'estimator_radius="0" quality="2">'
            '<xform weight="1" linear="1" coefs="0 0 0 0 0.5 0"/>'
            '<color index="0" rgb="255 255 255"/></flame>')  # fmt: skip


@pytest.mark.parametrize(("rotate", "row", "col"), [(0, 10, 25), (90, 15, 20), (-90, 5, 20)])
def test_camera_puts_a_point_where_flam3_does(rotate: float, row: int, col: int):
    # flam3: x grows to the right, y grows downward (row 0 is the smallest y), and the
    # picture turns by `rotate` degrees about the centre.
    flame = parse_flames(_point_flame(rotate))[0][0]
    r = render(flame, seed=1)
    hits = np.argwhere(r.histogram[..., 3] > 0)
    assert hits.tolist() == [[row, col]]
    assert r.histogram[row, col, 3] == r.samples


def test_size_keeps_the_framing():
    flame = parse_flames(_point_flame(0))[0][0]
    r = render(flame, size=(80, 40), seed=1)
    assert np.argwhere(r.histogram[..., 3] > 0).tolist() == [[20, 50]]


def test_sierpinski_fills_its_triangle_and_nothing_else():
    flame, _ = load_flame(DATA / "sierpinski.flam3")
    r = render(flame, seed=3)
    d = r.histogram[..., 3]
    assert d.shape == (64 + 2 * r.camera.gutter,) * 2
    g = r.camera.gutter
    inner = d[g : g + 64, g : g + 64]
    # Pixel (col, row) covers flame point ((col + 0.5 - 32) / 56 + 0.5, (row + ...)).
    ys, xs = np.nonzero(inner)
    fx = (xs + 0.5 - 32) / 56 + 0.5
    fy = (ys + 0.5 - 32) / 56 + 0.5
    assert np.all(fx + fy <= 1.0 + 2 / 56) and fx.min() > -0.02 and fy.min() > -0.02
    assert np.all(inner[4:60, 4] > 0)  # the edge x = 0 is in the set, all along
    assert inner[60, 60] == 0  # (1, 1) is outside
    # Every sample landed in the picture.
    assert d.sum() == pytest.approx(r.samples)


def test_colour_follows_the_xforms():
    # The first corner's xform has colour 0 (red) and the other two blue and green-ish:
    # near (0, 0) the picture is red-dominated, near (0, 1) blue-dominated.
    flame, _ = load_flame(DATA / "sierpinski.flam3")
    img = render(flame, quality=200, seed=3).image
    near_origin = img[4:12, 4:12, :3].reshape(-1, 3).mean(axis=0)
    near_top = img[56:62, 4:10, :3].reshape(-1, 3).mean(axis=0)
    assert near_origin[0] > near_origin[2]
    assert near_top[2] > near_top[0]


def test_empty_histogram_shows_the_background():
    flame = parse_flames(_point_flame(0).replace('filter="0"', 'background="0.1 0 0.2"'))[0][0]
    cam = camera_for(flame)
    hist = np.zeros((*cam.buffer_shape, 4), dtype=np.float32)
    img = tone_map(hist, flame, cam, samples=1000)
    assert img.shape == (20, 40, 4)
    assert np.all(img == np.array([25, 0, 51, 255], dtype=np.uint8))


def test_histogram_keeps_accumulating_across_runs():
    flame, _ = load_flame(DATA / "sierpinski.flam3")
    game = ChaosGame(flame, camera_for(flame), seed=2)
    game.run(100_000)
    first = game.histogram[..., 3].sum()
    game.run(100_000)
    assert game.histogram[..., 3].sum() == pytest.approx(2 * first, rel=0.01)


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "flam3_palettes": str(DATA / "palettes.xml")}
    return subprocess.run([sys.executable, "-m", "kellan.flame.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=600)  # fmt: skip


def test_cli_renders_a_png_reproducibly(tmp_path: Path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    for out in (a, b):
        res = _run_cli(str(DATA / "showcase.flam3"), "--index", "0", "--size", "48x36",
                       "--quality", "20", "--seed", "4", "-o", str(out))  # fmt: skip
        assert res.returncode == 0, res.stderr
    assert a.read_bytes() == b.read_bytes()
    assert Image.open(a).size == (48, 36)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_errors_are_one_line_without_traceback(tmp_path: Path):
    cases = [
        ([str(DATA / "bad_xml.flam3"), "-o", str(tmp_path / "x.png")], "bad_xml.flam3:4: bad XML"),
        ([str(DATA / "sierpinski.flam3")], "required: -o/--output"),
        ([str(DATA / "sierpinski.flam3"), "-o", "x.png", "--size", "0x5"], "--size"),
        ([str(DATA / "sierpinski.flam3"), "-o", str(tmp_path / "no" / "x.png")], "cannot write"),
        ([str(tmp_path / "missing.flam3"), "-o", "x.png"], "cannot read"),
        ([str(DATA / "showcase.flam3"), "--index", "9", "-o", "x.png"], "no index 9"),
    ]
    for args, expected in cases:
        res = _run_cli(*args)
        assert res.returncode == 1, args
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], res.stderr
        assert "Traceback" not in res.stderr


def test_cli_prints_warnings_and_still_renders(tmp_path: Path):
    res = _run_cli(str(DATA / "unsupported.flam3"), "-o", str(tmp_path / "u.png"))
    assert res.returncode == 0, res.stderr
    assert "warning:" in res.stderr and "hemisphere" in res.stderr
    assert (tmp_path / "u.png").exists()


def _blurred(img: np.ndarray, k: int = 16) -> np.ndarray:
    h, w = img.shape[0] // k * k, img.shape[1] // k * k
    return img[:h, :w, :3].astype(float).reshape(h // k, k, w // k, k, 3).mean(axis=(1, 3))


@pytest.mark.skipif(shutil.which("flam3-render") is None, reason="flam3-utils not installed")
@pytest.mark.parametrize("name", ["flam3-genome-3", "flam3-genome-8", "flam3-genome-mirror3"])
def test_looks_like_flam3_render(tmp_path: Path, name: str):
    genome = DATA / "generated" / f"{name}.flam3"
    ref = tmp_path / "flam3.png"
    env = {**os.environ, "in": str(genome), "out": str(ref), "nthreads": "2", "verbose": "0",
           "qs": "4", "isaac_seed": "1"}  # fmt: skip
    subprocess.run(["flam3-render"], env=env, check=True, capture_output=True, timeout=600)
    flame, _ = load_flame(genome)
    ours = render(flame, quality=40, seed=1).image
    theirs = np.asarray(Image.open(ref).convert("RGBA"))
    assert ours.shape == theirs.shape
    a, b = _blurred(ours), _blurred(theirs)
    # Same shape, colours and brightness: the noise of two different random streams
    # aside, the blurred pictures agree to a few levels out of 255.
    assert np.abs(a - b).mean() < 3.0
    assert np.allclose(a.mean(axis=(0, 1)), b.mean(axis=(0, 1)), rtol=0.05, atol=0.5)
