"""The [[fractals]] format: kinds, palettes, traps, placement, files and emotion
bindings, each refused with a located error when wrong; bindings computed on the fixed
step, so that the same scene gives the same values at the same step."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from kellan.core.emotion import collective
from kellan.dreamscape.bindings import FractalBindings, measure_of, target_of
from kellan.scene import SceneError
from kellan.scene.loader import parse_scene
from kellan.scene.models import Binding, Fractal

HEAD = """schema = 1
title = "t"
seed = 1
[dynamics]
particles = 1000
[[participants]]
id = "ana"
name = "Ana"
hue = 20.0
emotion = { pleasure = 0.5, arousal = -0.5, dominance = 0.0 }
[[fractals]]
"""


def load(body: str, base: Path | None = None):
    return parse_scene(HEAD + body, "s.toml", base or Path.cwd())


@pytest.mark.parametrize(("body", "field", "says"), [
    ('kind = "mandelbrot"\nbind = [{ param = "spin", range = [1, 2] }]\n',
     "fractals[0].bind[0].param", "cannot be bound"),
    ('bind = [{ param = "power", source = "bob", range = [1, 2] }]\n',
     "fractals[0].bind[0].source", "participant"),
    ('bind = [{ param = "power", measure = "joy", range = [1, 2] }]\n',
     "fractals[0].bind[0].measure", ""),
    ('bind = [{ param = "power", range = [1, 2], smoothing = -1.0 }]\n',
     "fractals[0].bind[0].smoothing", ""),
    ('bind = [{ param = "trap.size", range = [1, 2] }]\n',
     "fractals[0].bind[0].param", "needs a trap"),
    ('palette = "custom"\n', "fractals[0].colors", "custom"),
    ('kind = "flame"\n', "fractals[0].genome", "needs genome"),
    ('kind = "flame"\ngenome = "nowhere.flam3"\n', "fractals[0].genome", "no such file"),
    ('kind = "shadertoy"\nshader = "nowhere.glsl"\n', "fractals[0].shader", "no such file"),
    ('shader = "x.glsl"\n', "fractals[0].shader", "only read with"),
    ('kind = "mandelbulb"\nplacement = "plane"\n', "fractals[0].placement", "plane"),
    ('trap = { shape = "square" }\n', "fractals[0].trap.shape", ""),
    ('during = [5.0, 2.0]\n', "fractals[0].during", "after"),
    ('kind = "spiral"\n', "fractals[0].kind", ""),
])  # fmt: skip
def test_mistakes_are_located(tmp_path, body, field, says):
    with pytest.raises(SceneError) as info:
        load(body, tmp_path)
    text = str(info.value)
    assert re.search(r"s\.toml:1\d: ", text), text  # a line inside the [[fractals]] table
    assert field in text and says in text
    assert "Traceback" not in text


def test_the_error_points_at_the_binding_line(tmp_path):
    with pytest.raises(SceneError) as info:
        load('kind = "julia"\niterations = 64\nbind = [{ param = "x", range = [1, 2] }]\n',
             tmp_path)  # fmt: skip
    assert "s.toml:14:" in str(info.value)  # the line of bind = [...]


def test_files_are_found_from_the_scene_folder(tmp_path):
    (tmp_path / "waves.glsl").write_text("void mainImage(out vec4 c, in vec2 p) {}\n")
    scene = load('kind = "shadertoy"\nshader = "waves.glsl"\n', tmp_path)
    assert scene.fractals[0].shader == str((tmp_path / "waves.glsl").resolve())


def test_every_kind_and_option_loads(tmp_path):
    flame = Path(__file__).resolve().parent.parent / "scenes" / "flames" / "empathy.flam3"
    scene = load(
        'kind = "mandelbrot"\npower = 3.0\ncenter = [0.1, 0.2]\npalette = "custom"\n'
        'colors = { a = [0.5, 0.5, 0.5], b = [0.5, 0.5, 0.5], c = [1, 1, 1], d = [0, 0.1, 0.2] }\n'
        'trap = { shape = "line", angle = 45.0 }\nplacement = "plane"\nposition = [0, 1, 0]\n'
        'bind = [{ param = "power", source = "ana", measure = "spread", range = [2, 4], '
        'smoothing = 0.5 }]\n'
        f'[[fractals]]\nkind = "flame"\ngenome = "{flame}"\n'
        '[[fractals]]\nkind = "mandelbulb"\nsteps = 32\nresolution = 0.4\n', tmp_path)  # fmt: skip
    kinds = [f.kind for f in scene.fractals]
    assert kinds == ["mandelbrot", "flame", "mandelbulb"]
    assert scene.fractals[2].default_power() == 8.0 and scene.fractals[0].default_power() == 3.0


def test_a_measure_maps_onto_the_range():
    b = Binding(param="power", measure="pleasure", range=(2.0, 4.0))
    assert target_of(b, -1.0) == 2.0 and target_of(b, 1.0) == 4.0 and target_of(b, 0.0) == 3.0
    s = Binding(param="power", measure="spread", range=(2.0, 4.0))
    assert target_of(s, 0.0) == 2.0 and target_of(s, 1.0) == 4.0
    pad = np.array([[0.8, 0.0, 0.0], [-0.8, 0.0, 0.0]])
    c = collective(pad, np.ones(2))
    moods = {"a": pad[0], "b": pad[1]}
    assert measure_of(b, c, moods) == pytest.approx(0.0)
    assert measure_of(Binding(param="p", source="a", range=(0, 1)), c, moods) == 0.8
    assert measure_of(s, c, moods) == pytest.approx(0.8 / 3)
    assert measure_of(Binding(param="p", source="zed", range=(0, 1)), c, moods) is None


def test_smoothing_eases_on_the_fixed_step():
    f = Fractal(bind=(Binding(param="zoom", measure="pleasure", range=(1.0, 3.0),
                              smoothing=1.0),))  # fmt: skip
    b = FractalBindings((f,))
    low = collective(np.array([[-1.0, 0.0, 0.0]]), np.ones(1))
    high = collective(np.array([[1.0, 0.0, 0.0]]), np.ones(1))
    b.advance(0.0, low, {})
    assert b.snapshot()[0]["zoom"] == 1.0  # the first value is the mood's, no glide
    for _ in range(60):
        b.advance(1.0 / 60.0, high, {})
    # One time constant closes 63% of the way.
    assert b.snapshot()[0]["zoom"] == pytest.approx(1.0 + 2.0 * (1 - np.exp(-1.0)), rel=1e-9)


def test_a_show_reproduces_its_bound_values():
    from kellan.dreamscape import Dreamscape

    body = ('kind = "mandelbrot"\nbind = [{ param = "power", measure = "pleasure", '
            'range = [2.0, 4.0], smoothing = 0.5 }]\n'
            '[[events]]\nat = 0.1\nkind = "emotion"\nparticipant = "ana"\n'
            'emotion = { pleasure = -1.0 }\nramp = 0.2\n')  # fmt: skip
    runs = []
    for _ in range(2):
        ds = Dreamscape(load(body), backend="numpy")
        start = ds.snapshot().fractal_params[0]["power"]
        ds.step(60)
        runs.append((start, ds.snapshot().fractal_params[0]["power"]))
    assert runs[0] == runs[1]
    start, later = runs[0]
    # Ana starts at pleasure 0.5: three quarters of the range; then it follows her down.
    assert start == pytest.approx(3.5, abs=1e-6) and later < start
