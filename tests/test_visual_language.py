"""The visual language's parts: perceptual colour, the behaviour of each mood, and the
moments drawn as light."""

from __future__ import annotations

import numpy as np
import pytest

from kellan.core.colour import largest_gap_hue, oklch, oklch_to_linear
from kellan.core.emotion import behaviour_table, emotion_colour
from kellan.core.kernels import (
    B_BUOYANCY,
    B_COHESION_OWN,
    B_MAX_SPEED,
    B_SWIRL,
    B_TREMOR,
    B_TREMOR_PERIOD,
)


def lightness(linear_rgb: np.ndarray) -> np.ndarray:
    """Oklab L of linear sRGB (Ottosson's forward transform)."""
    m1 = np.array([[0.4122214708, 0.5363325363, 0.0514459929],
                   [0.2119034982, 0.6806995451, 0.1073969566],
                   [0.0883024619, 0.2817188376, 0.6299787005]])  # fmt: skip
    lms = np.cbrt(linear_rgb @ m1.T)
    return lms @ np.array([0.2104542553, 0.7936177850, -0.0040720468])


def test_equal_oklch_lightness_looks_equally_light_at_every_hue():
    hues = np.arange(0.0, 360.0, 30.0)
    rgb = oklch(np.full(12, 0.72), np.full(12, 0.13), hues)
    np.testing.assert_allclose(lightness(rgb), 0.72, atol=2e-3)
    assert np.all((rgb >= 0) & (rgb <= 1))


def test_gamut_mapping_lowers_chroma_and_keeps_the_hue():
    raw = oklch_to_linear(np.array(0.9), np.array(0.3), np.array(140.0))
    assert raw.max() > 1.0 or raw.min() < 0.0  # out of gamut as asked
    fitted = oklch(0.9, 0.3, 140.0)
    assert np.all((fitted >= 0) & (fitted <= 1))
    a = np.degrees(np.arctan2(*(_ab(fitted)[::-1])))
    assert abs(((a - 140.0) + 180) % 360 - 180) < 1.0


def _ab(linear_rgb: np.ndarray) -> np.ndarray:
    m1 = np.array([[0.4122214708, 0.5363325363, 0.0514459929],
                   [0.2119034982, 0.6806995451, 0.1073969566],
                   [0.0883024619, 0.2817188376, 0.6299787005]])  # fmt: skip
    lms = np.cbrt(linear_rgb @ m1.T)
    m2 = np.array([[1.9779984951, -2.4285922050, 0.4505937099],
                   [0.0259040371, 0.7827717662, -0.8086757660]])  # fmt: skip
    return m2 @ lms


def test_identity_colours_are_equally_visible_and_mood_moves_lightness_only_in_band():
    hues = np.array([200.0, 350.0, 145.0, 75.0])
    calm = emotion_colour(hues, np.tile([[0.5, -0.3, 0.0]], (4, 1)))[:, :3]
    ls = lightness(calm.astype(np.float64))
    assert ls.max() - ls.min() < 0.01  # amber is as visible as cyan
    sad = emotion_colour(hues[:1], np.array([[-1.0, -1.0, 0.0]]))[:, :3]
    glad = emotion_colour(hues[:1], np.array([[1.0, 0.0, 0.0]]))[:, :3]
    dim = lightness(sad.astype(np.float64))[0]
    assert 0.42 <= dim < lightness(glad.astype(np.float64))[0] - 0.2  # dim, never gone
    assert abs(np.degrees(np.arctan2(*_ab(sad[0].astype(np.float64))[::-1])) % 360 - 200) < 1


def test_the_backdrop_hue_keeps_away_from_everyone():
    assert largest_gap_hue([200.0, 350.0, 145.0, 75.0]) == 275.0
    assert largest_gap_hue([]) == 250.0


def row(p: float, a: float, d: float = 0.0) -> np.ndarray:
    return behaviour_table(np.array([[p, a, d]]), 0.5, 1.0, 0.35, 0.6, 0.4)[0]


def test_each_mood_has_its_motion():
    happy, sad, tense, angry = row(0.85, 0.0), row(-0.6, -0.6), row(-0.6, 0.6, -0.6), row(
        -0.6, 0.6, 0.7)  # fmt: skip
    calm, tired, excited = row(0.6, -0.6), row(0.0, -0.85), row(0.6, 0.6)
    assert happy[B_BUOYANCY] > 0.4 and sad[B_BUOYANCY] < -0.5  # rises, sinks
    assert excited[B_SWIRL] > happy[B_SWIRL] > calm[B_SWIRL] > 0  # spirals
    assert tense[B_TREMOR] > 2 and happy[B_TREMOR] == 0  # tension trembles
    assert angry[B_TREMOR] > tense[B_TREMOR]  # anger jolts harder
    assert angry[B_TREMOR_PERIOD] > tense[B_TREMOR_PERIOD]  # in slower, jagged turns
    assert calm[B_COHESION_OWN] > 2 * tired[B_COHESION_OWN]  # a knot against a haze
    assert tired[B_MAX_SPEED] < calm[B_MAX_SPEED] < excited[B_MAX_SPEED]


@pytest.fixture
def festival_frames():
    from kellan.dreamscape import Dreamscape
    from kellan.scene import load_scene
    from tests.conftest import DEFAULT_SCENE

    ds = Dreamscape(load_scene(DEFAULT_SCENE))
    out = {}
    for t in (11.0, 12.1, 15.0, 20.5, 27.0):
        ds.advance_to(t)
        out[t] = ds.snapshot()
    return out


def test_moments_are_drawn_when_they_happen(festival_frames):
    from kellan.render.moments import crack_lines, flash, thread_lines, wave_lines

    frames = [festival_frames[t] for t in sorted(festival_frames)]
    before, opening, healing, protocol, later = frames
    assert len(crack_lines(before)[0]) == 0 and flash(before) == 1.0
    assert len(crack_lines(opening)[0]) > 0 and flash(opening) > 2.0
    assert len(thread_lines(opening)[0]) == 0  # still opening
    assert len(thread_lines(healing)[0]) > 0
    assert len(wave_lines(protocol)[0]) > 0 and len(wave_lines(later)[0]) == 0
    # The crack keeps its shape from frame to frame: it belongs to the moment.
    from dataclasses import replace

    again = replace(opening, time=opening.time + 0.0)
    np.testing.assert_array_equal(crack_lines(opening)[0], crack_lines(again)[0])


def test_the_crack_runs_across_the_view_whatever_the_rifts_plane(festival_frames):
    """The rift's plane comes from where the dreamers are, so it can face the camera
    almost edge-on; the crack still runs broadside to the scene's camera (with its
    auto-orbit) as it opens. At 12.4 s in the festival it once shrank to a short squiggle
    behind the sculpture."""
    from dataclasses import replace

    from kellan.render.moments import crack_lines

    opening = festival_frames[12.1]
    c = opening.scene.camera
    az = np.deg2rad(c.azimuth + c.orbit * (opening.time - opening.rift.age))
    el = np.deg2rad(c.elevation)
    look = -np.array([np.cos(el) * np.sin(az), np.sin(el), np.cos(el) * np.cos(az)])
    d = opening.scene.dynamics
    full = 2 * 0.85 * d.world_radius * d.stage
    up = np.array([0.0, 1.0, 0.0])
    for n in [np.array([0.36, -0.83, -0.44]), up, -look, np.cross(look, up), look + up]:
        n = n / np.linalg.norm(n)
        rift = replace(opening.rift, normal=tuple(float(x) for x in n))
        pts = crack_lines(replace(opening, rift=rift))[0]
        first = pts[: 2 * 47]  # the first strand: 47 segments
        along = first[-1] - first[0]
        across = along - (along @ look) * look  # its length as the camera sees it
        assert np.linalg.norm(across) > 0.95 * full, n
        assert abs((pts - pts.mean(0)) @ n).max() < 0.5  # and it stays in the plane
