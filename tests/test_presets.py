"""Presets capture every number of the scene that can change live (every fractal's and
sculpture's too), step them back with the crossfade, and read files from before."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from kellan.dreamscape.inputs import SetParam
from kellan.dreamscape.params import live_numbers, with_value
from kellan.live.presets import load_presets, number_events, scene_number, snapshot
from kellan.scene import load_scene
from kellan.scene.models import Scene
from tests.conftest import DEFAULT_SCENE

CAMERA = SimpleNamespace(azimuth=10.0, elevation=5.0, distance=9.0)


def two_fractals() -> Scene:
    data = load_scene(DEFAULT_SCENE).model_dump(by_alias=True)
    second = dict(data["fractals"][0])
    second.update(kind="mandelbrot", hue=0.0, zoom=1.0)
    data["fractals"] = (*data["fractals"], second)
    return Scene.model_validate(data)


def frame_of(scene: Scene) -> SimpleNamespace:
    return SimpleNamespace(scene=scene, people=(), protocol_on=False)


def test_a_preset_holds_every_fractal_and_sculpture_number_that_can_change_live():
    scene = two_fractals()
    scene, _ = with_value(scene, "fractals[1].hue", 120.0)
    scene, _ = with_value(scene, "fractals[0].shift", 2.5)
    scene, _ = with_value(scene, "sculptures[0].spin", -40.0)
    scene, _ = with_value(scene, "sculptures[0].material.glitch", 0.7)
    preset = snapshot("wide", frame_of(scene), CAMERA)
    assert preset.numbers["fractals[1].hue"] == 120.0
    assert preset.numbers["fractals[0].shift"] == 2.5
    assert preset.numbers["sculptures[0].spin"] == -40.0
    assert preset.numbers["sculptures[0].material.glitch"] == 0.7
    assert preset.numbers["protocol.gain"] == scene.protocol.gain
    assert preset.numbers["render.bloom"] == scene.render.bloom
    # What cannot change live, or is not a number, stays out; so does the camera's place,
    # which is taken from the view.
    for path in ("seed", "dynamics.particles", "sculptures[0].scale", "sculptures[0].guide.radius",
                 "fractals[0].placement", "camera.azimuth", "render.scale"):  # fmt: skip
        assert path not in preset.numbers, path
    assert preset.camera == {"azimuth": 10.0, "elevation": 5.0, "distance": 9.0}
    # Every number it holds is one a recall can set.
    for path, value in preset.numbers.items():
        with_value(scene, path, value)


def test_live_numbers_follow_the_scene_models_bounds_and_live_rules():
    numbers = live_numbers(two_fractals())
    assert "fractals[1].zoom" in numbers and "sculptures[0].react.spin" in numbers
    assert isinstance(numbers["fractals[0].iterations"], int)
    left_out = ("participants", "events", "live.osc", "live.midi")
    assert not any(p.startswith(left_out) for p in numbers)


def test_a_recall_steps_only_what_moves_and_keeps_whole_numbers_whole():
    start = {"fractals[0].iterations": 128, "fractals[0].hue": 0.0, "dynamics.unity": 0.5}
    goal = {"fractals[0].iterations": 256.0, "fractals[0].hue": 90.0, "dynamics.unity": 0.5}
    half = {e.path: e.value for e in number_events(start, goal, 0.5) if isinstance(e, SetParam)}
    assert half == {"fractals[0].iterations": 192, "fractals[0].hue": 45.0}
    assert isinstance(half["fractals[0].iterations"], int)
    end = {e.path: e.value for e in number_events(start, goal, 1.0) if isinstance(e, SetParam)}
    assert end == {"fractals[0].iterations": 256, "fractals[0].hue": 90.0}


def test_a_presets_file_from_before_still_loads(tmp_path: Path):
    path = tmp_path / "show.presets.json"
    old = {
        "kellan_presets": 1,
        "presets": [{"name": "opening", "moods": {"rhea": [0.1, 0.2, 0.3]},
                     "numbers": {"dynamics.unity": 0.55, "fractals[0].zoom": 1.5},
                     "protocol": None,
                     "camera": {"azimuth": 30.0, "elevation": 15.0, "distance": 9.0}}],
        "cues": ["opening"],
    }  # fmt: skip
    path.write_text(json.dumps(old))
    presets, cues = load_presets(path)
    assert [p.name for p in presets] == ["opening"] and cues == ["opening"]
    assert presets[0].numbers == {"dynamics.unity": 0.55, "fractals[0].zoom": 1.5}
    # A recall moves what it holds and nothing else (the fractal's hue stays as it is).
    start = {"dynamics.unity": 0.2, "fractals[0].zoom": 1.0, "fractals[0].hue": 30.0}
    events = number_events(start, presets[0].numbers, 1.0)
    assert {e.path for e in events if isinstance(e, SetParam)} == {
        "dynamics.unity",
        "fractals[0].zoom",
    }


def test_a_hand_edited_path_that_names_no_number_is_skipped_not_a_crash():
    scene = load_scene(DEFAULT_SCENE)
    for path in ("dynamics", "dynamics[0]", "fractals[5].zoom", "nope.x", "render.auto_exposure"):
        assert scene_number(scene, path) is None, path
    assert scene_number(scene, "fractals[0].iterations") == scene.fractals[0].iterations
