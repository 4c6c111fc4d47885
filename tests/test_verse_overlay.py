"""Rhea's verses over the picture and the empathy threads: fades, layout, placement and
the threads' geometry without GL; stills with each switched on and off with it."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pytest

from kellan.dreamscape import Dreamscape
from kellan.dreamscape.poet import VerseView
from kellan.render.threads import pairs, similarity, thread_lines
from kellan.render.verses import FADE_IN, FADE_OUT, REPLACED_FADE, placement, raster, verse_alpha
from kellan.scene import parse_scene
from tests.conftest import ROOT, headless_env
from tests.test_show_poetry import SHOW


def v(n: int, t: float) -> VerseView:
    return VerseView(n, ("A line of the dream.", "Another, a little longer than the first."),
                     t, round(t * 60), "mood")  # fmt: skip


def test_a_verse_fades_in_holds_fades_out_and_gives_way_to_the_next():
    one = (v(1, 10.0),)
    assert verse_alpha(one, 0, 9.9, 10.0) == 0.0
    assert verse_alpha(one, 0, 10.0 + FADE_IN / 2, 10.0) == pytest.approx(0.5)
    assert verse_alpha(one, 0, 15.0, 10.0) == 1.0
    assert verse_alpha(one, 0, 20.0 - FADE_OUT / 2, 10.0) == pytest.approx(0.5)
    assert verse_alpha(one, 0, 20.0, 10.0) == 0.0
    two = (v(1, 10.0), v(2, 14.0))
    assert verse_alpha(two, 0, 14.0 + REPLACED_FADE / 2, 10.0) == pytest.approx(0.5)
    assert verse_alpha(two, 0, 14.0 + REPLACED_FADE, 10.0) == 0.0
    # The newer one waits for it to go: they never overlap.
    assert verse_alpha(two, 1, 14.0 + REPLACED_FADE, 10.0) == 0.0
    assert verse_alpha(two, 1, 14.0 + REPLACED_FADE + FADE_IN, 10.0) == 1.0
    for t in np.linspace(13.0, 17.0, 81):
        assert min(verse_alpha(two, 0, t, 10.0), verse_alpha(two, 1, t, 10.0)) == 0.0
    later = (v(1, 10.0), v(2, 30.0))  # the first is long gone: no wait
    assert verse_alpha(later, 1, 30.0 + FADE_IN, 10.0) == 1.0


def test_the_verse_is_large_backed_and_wrapped_within_its_share_of_the_width():
    small = raster(v(1, 0).lines, (1280, 720), 0.042)
    big = raster(v(1, 0).lines, (1280, 720), 0.08)
    assert small.dtype == np.uint8 and small.shape[2] == 4
    assert big.shape[0] > small.shape[0]
    assert small.shape[1] <= 0.46 * 1280 + 2 * 0.042 * 720 * 1.1 + 2
    a = small[..., 3].astype(float)
    # A dark backing behind letters: most of the box is partly opaque and dark, the
    # letters themselves opaque and bright; premultiplied (no channel above alpha).
    assert (a > 100).mean() > 0.5
    assert (small[..., :3].max(axis=-1) > 230).mean() > 0.01
    assert (small[..., :3].astype(int) <= small[..., 3:4].astype(int) + 1).all()
    np.testing.assert_array_equal(small, raster(v(1, 0).lines, (1280, 720), 0.042))


def test_the_verse_keeps_away_from_the_sculpture():
    box, size = (400, 150), (1280, 720)
    x0, y0, x1, y1 = placement(box, size, [])  # nothing to avoid: lower left
    assert x1 < 0.0 and y0 < -0.5
    x0, y0, x1, y1 = placement(box, size, [(0.0, 0.0)])  # centre: lower left again
    assert x1 < 0.0 and y0 < -0.5
    x0, y0, x1, y1 = placement(box, size, [(-0.3, 0.0)])  # left of centre: lower right
    assert x0 > 0.0 and y0 < -0.5
    x0, y0, x1, y1 = placement(box, size, [(-0.8, -0.8), (0.8, -0.8)])  # both lower corners
    assert y1 > 0.5


@pytest.fixture(scope="module")
def frame():
    ds = Dreamscape(parse_scene(SHOW))
    ds.advance_to(0.5)
    return ds.snapshot()


def test_threads_join_the_close_and_grow_with_closeness(frame):
    ana, ben = frame.mood[0], frame.mood[1]
    assert similarity(ana, ana) == 1.0 and similarity(ana, ben) > 0.7
    [(i, j, close)] = pairs(frame, 0.7)
    assert (i, j) == (0, 1) and 0.0 < close < 1.0
    pos, col = thread_lines(frame)
    assert len(pos) == len(col) > 0 and len(pos) % 2 == 0
    # Closer feelings: more strands, more light.
    mood = frame.mood.copy()
    mood[1] = mood[0] + 0.05
    closer = dataclasses.replace(frame, mood=mood)
    pos2, col2 = thread_lines(closer)
    assert len(pos2) > len(pos) and col2[:, 3].max() > col[:, 3].max()
    # Curved: the middle leaves the straight line between the centroids.
    a, b = frame.centroids[0], frame.centroids[1]
    mid = pos[len(pos) // 4]
    assert np.linalg.norm(np.cross(mid - a, b - a)) / np.linalg.norm(b - a) > 0.2
    poetry = frame.scene.poetry
    off = frame.scene.model_copy(update={"poetry": poetry.model_copy(update={"threads": False})})
    assert len(thread_lines(dataclasses.replace(frame, scene=off))[0]) == 0
    strict = poetry.model_copy(update={"thread_above": 0.95})
    high = frame.scene.model_copy(update={"poetry": strict})
    assert len(thread_lines(dataclasses.replace(frame, scene=high))[0]) == 0


@pytest.mark.gl
def test_stills_show_the_verse_and_the_threads_and_the_switches_hide_them(tmp_path):
    out = tmp_path / "shots.npz"
    res = subprocess.run([sys.executable, str(ROOT / "tests" / "verse_shots.py"), str(out)],
                         cwd=ROOT, env=headless_env(), capture_output=True, text=True,
                         timeout=300)  # fmt: skip
    assert res.returncode == 0, res.stderr
    shots = np.load(out)
    drawn = dict(zip(("both", "no_verse", "no_threads", "big_text"), shots["drawn"], strict=True))
    assert drawn["both"] // 1000 == 1 and drawn["no_verse"] // 1000 == 0
    assert drawn["both"] % 1000 > drawn["no_threads"] % 1000
    both = shots["both"].astype(int)
    no_verse = shots["no_verse"].astype(int)
    changed = np.abs(both - no_verse).max(axis=-1) > 8
    ys, xs = np.nonzero(changed)
    h, w = both.shape[:2]
    # The verse changes a box in a lower corner, and nothing else.
    assert changed.mean() > 0.03
    assert ys.min() > h * 0.4 and (xs.max() < w * 0.6 or xs.min() > w * 0.4)
    assert np.abs(both - shots["no_threads"]).max() > 40
    assert (np.abs(shots["big_text"].astype(int) - no_verse).max(axis=-1) > 8).sum() > changed.sum()


@pytest.mark.parametrize("size", [(320, 180), (640, 360), (960, 540), (1280, 720), (1920, 1080)])
def test_the_backing_fades_out_inside_its_box(size):
    # The backing's blur ran past the texture and was cut off at its edge: a hard-edged
    # card over the picture (alpha 55 of 255 at the border at 540p, 81 at 360p).
    lines = ("The slow motes pass Siena by like a name left off the list.",
             "Rhea stands at the rim of the light, unheard.")  # fmt: skip
    a = raster(lines, size, 0.042)[..., 3]
    border = max(a[0].max(), a[-1].max(), a[:, 0].max(), a[:, -1].max())
    assert border <= 4, border
    mid = a[a.shape[0] // 2, a.shape[1] // 2 - 40 : a.shape[1] // 2 + 40]
    assert mid.min() > 100  # the backing is still there
