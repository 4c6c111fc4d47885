"""MIDI: control changes onto parameter ranges, learn mode, mappings saved with the scene."""

from __future__ import annotations

from pathlib import Path

import mido
import pytest

from kellan.dreamscape import Dreamscape
from kellan.dreamscape.inputs import InputError
from kellan.live.midi import MidiControl
from kellan.scene import load_scene, parse_scene
from kellan.scene.edit import save_midi_mappings
from kellan.scene.models import MidiMap
from tests.test_inputs import SCENE


def cc(control: int, value: int, channel: int = 0) -> mido.Message:
    return mido.Message("control_change", control=control, value=value, channel=channel)


def test_a_control_change_spans_the_parameter_range():
    ds = Dreamscape(parse_scene(SCENE))
    midi = MidiControl(ds, (MidiMap(cc=7, target="dynamics.unity"),
                            MidiMap(cc=8, channel=2, target="participants.ben.arousal",
                                    min=-0.5, max=0.5)))  # fmt: skip
    assert midi.handle(cc(7, 127)) == 1
    assert midi.handle(cc(8, 0, channel=0)) == 0  # mapped to channel 2 only
    assert midi.handle(cc(8, 0, channel=1)) == 1
    ds.step(1)
    assert ds.scene.dynamics.unity == 1.0
    ben = ds.roster.get("ben").slot
    assert ds.simulation.mood_target()[ben][1] == pytest.approx(-0.5)
    midi.handle(cc(7, 0))
    ds.step(1)
    assert ds.scene.dynamics.unity == 0.0


def test_learn_binds_the_last_control_moved():
    ds = Dreamscape(parse_scene(SCENE))
    midi = MidiControl(ds)
    with pytest.raises(InputError, match="move a MIDI control first"):
        midi.learn("dynamics.turbulence")
    midi.handle(cc(21, 64))
    binding = midi.learn("dynamics.turbulence")
    assert (binding.cc, binding.lo, binding.hi) == (21, 0.0, 10.0)
    midi.handle(cc(21, 127))
    ds.step(1)
    assert ds.scene.dynamics.turbulence == 10.0


def test_no_device_is_a_quiet_stated_condition():
    midi = MidiControl(Dreamscape(parse_scene(SCENE)))
    status = midi.open_all()
    assert status.startswith(("MIDI off", "MIDI:"))


def test_mappings_are_saved_with_the_scene_keeping_its_comments(tmp_path: Path):
    path = tmp_path / "scene.toml"
    path.write_text("# my show\n" + SCENE)
    save_midi_mappings(path, (MidiMap(cc=1, target="dynamics.unity", min=0.2, max=0.9),))
    text = path.read_text()
    assert text.startswith("# my show\n") and "[[live.midi]]" in text
    scene = load_scene(path)
    assert scene.live.midi[0].cc == 1 and scene.live.midi[0].max == 0.9
    save_midi_mappings(path, ())
    assert load_scene(path).live.midi == ()
