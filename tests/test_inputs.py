"""The one input path: typed events, applied at step boundaries, smoothed, validated."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from kellan.core.simulation import COMMONS, MAX_PARTICIPANTS
from kellan.dreamscape import Dreamscape
from kellan.dreamscape.inputs import (
    Applied,
    InputError,
    Join,
    Leave,
    ProtocolSwitch,
    Rift,
    SetEmotion,
    SetParam,
    Transport,
    from_json,
    to_json,
)
from kellan.scene import parse_scene

SCENE = """\
schema = 1
title = "Inputs"
seed = 3

[dynamics]
particles = 4000
reserve = 0.3

[live]
smoothing = 0.5

[[participants]]
id = "ana"
name = "Ana"
hue = 20.0

[[participants]]
id = "ben"
name = "Ben"
hue = 200.0
emotion = { pleasure = -0.5, arousal = 0.5, dominance = 0.0 }
"""


def make(extra: str = "") -> Dreamscape:
    return Dreamscape(parse_scene(SCENE + extra))


def slot(ds: Dreamscape, pid: str) -> int:
    person = ds.roster.get(pid)
    assert person is not None
    return person.slot


def test_inputs_from_another_thread_apply_at_the_next_boundary_with_their_step():
    ds = make()
    applied: list[Applied] = []
    ds.listeners.append(applied.append)
    ds.step(5)
    t = threading.Thread(target=lambda: ds.submit("osc", SetEmotion("ana", pad=(0.9, 0.1, 0.0))))
    t.start()
    t.join()
    assert not applied  # queued, not applied: the simulation is untouched between steps
    ds.step(1)
    assert [(a.step, a.source, a.event.type) for a in applied] == [(5, "osc", "emotion")]


def test_a_jump_in_the_input_glides_into_the_particles():
    ds = make()
    s = slot(ds, "ana")
    ds.submit("gui", SetEmotion("ana", pad=(1.0, 1.0, None)))
    ds.step(1)
    first = ds.simulation.pad[s].copy()
    assert 0.0 < first[0] < 0.1  # one step of a 0.5 s lag at 60 Hz: about 3 %
    ds.step(90)  # 1.5 s = 3 time constants
    assert ds.simulation.pad[s][0] > 0.9
    assert ds.simulation.pad[s][2] == 0.0  # the axis left out kept its value


def test_timeline_emotion_ramps_linearly():
    ds = make('\n[[events]]\nat = 1.0\nkind = "emotion"\nparticipant = "ben"\n'
              'emotion = { pleasure = 0.5 }\nramp = 2.0\n')  # fmt: skip
    s = slot(ds, "ben")
    ds.advance_to(2.0)  # half-way up the ramp
    np.testing.assert_allclose(ds.simulation.mood_target()[s][0], 0.0, atol=0.02)
    ds.advance_to(3.5)
    np.testing.assert_allclose(ds.simulation.mood_target()[s], [0.5, 0.5, 0.0], atol=1e-9)


def test_plutchik_input_is_projected_onto_pad():
    ds = make()
    ds.submit("osc", SetEmotion("ana", plutchik=(0, 0, 1.0, 0, 0, 0, 0, 0)))  # fear
    ds.step(1)
    target = ds.simulation.mood_target()[slot(ds, "ana")]
    assert target[0] < 0 and target[1] > 0.8 and target[2] < 0


def test_anyone_can_join_with_a_spaced_hue_a_name_and_particles_from_the_commons():
    ds = make()
    ds.step(2)
    owners_before = ds.simulation.state.owner.copy()
    pids_before = ds.simulation.state.pid.copy()
    ds.submit("osc", Join("guest-7"))
    ds.step(1)
    person = ds.roster.get("guest-7")
    assert person is not None and person.name == "Guest 7" and person.present
    # Farthest from 20 and 200 on the wheel.
    assert person.hue in (110.0, 290.0)
    np.testing.assert_allclose(ds.simulation.mood_target()[person.slot], [0.0, 0.0, 0.0])
    st = ds.simulation.state
    before = dict(zip(pids_before.tolist(), owners_before.tolist(), strict=True))
    after = dict(zip(st.pid.tolist(), st.owner.tolist(), strict=True))
    changed = [p for p in before if before[p] != after[p]]
    assert changed and all(before[p] == COMMONS and after[p] == person.slot for p in changed)
    assert "guest-7" in ds.present_ids


def test_leave_fades_to_the_commons_and_the_id_can_return():
    ds = make()
    ds.step(1)
    s = slot(ds, "ana")
    ds.submit("gui", Leave("ana", fade=0.25))
    ds.step(1)
    assert "ana" not in ds.present_ids
    ds.step(20)
    assert (ds.simulation.state.owner == s).sum() == 0
    ds.submit("gui", Join("ana", hue=33.0))
    ds.step(1)
    assert ds.roster.get("ana").present and ds.roster.get("ana").hue == 33.0


def test_at_most_64_participants():
    ds = make()
    for k in range(MAX_PARTICIPANTS - 2):
        ds.submit("osc", Join(f"p{k}"))
    ds.submit("osc", Join("one-too-many"))
    ds.step(1)
    assert len(ds.present_ids) == MAX_PARTICIPANTS
    assert ds.rejected.snapshot() == {"full": 1}


def test_bad_inputs_are_counted_by_kind_and_lose_nothing():
    ds = make()
    ds.submit("osc", SetEmotion("nobody", pad=(0.1, 0.1, 0.1)))
    ds.submit("osc", SetParam("dynamics.unity", 5.0))
    ds.submit("osc", SetParam("dynamics.particles", 10))
    ds.submit("osc", SetParam("dynamics.nothing", 1.0))
    ds.submit("osc", Join("ana"))
    ds.step(1)
    assert ds.rejected.snapshot() == {
        "already_present": 1, "invalid_value": 1, "needs_restart": 1,
        "unknown_parameter": 1, "unknown_participant": 1,
    }  # fmt: skip
    assert ds.scene.dynamics.unity == 0.5 and ds.frame == 1


def test_set_param_changes_the_running_show():
    ds = make()
    before = ds.simulation._behaviour.copy()
    ds.submit("midi", SetParam("dynamics.unity", 1.0))
    ds.submit("midi", SetParam("protocol.target", 0.25))
    ds.submit("gui", SetParam("participants.ben.hue", 90.0))
    ds.submit("gui", SetParam("participants.ana.pleasure", -0.8))
    ds.step(1)
    assert ds.scene.dynamics.unity == 1.0 and ds.simulation.config.unity == 1.0
    assert not np.array_equal(before, ds.simulation._behaviour)
    assert ds.simulation.protocol.target == 0.25
    assert ds.hues[slot(ds, "ben")] == 90.0
    assert ds.simulation.mood_target()[slot(ds, "ana")][0] == -0.8


def test_events_rift_protocol_and_transport():
    ds = make()
    ds.submit("gui", Rift(strength=3.0))
    ds.submit("gui", ProtocolSwitch(True))
    ds.submit("gui", Transport("speed", 0.5))
    ds.step(2)
    assert ds.simulation.rift is not None and ds.simulation.protocol.enabled
    assert ds.transport.speed == 0.5
    assert [m[1] for m in ds.moments] == ["rift", "protocol-on"]


@pytest.mark.parametrize(
    "event",
    [
        SetEmotion("*", pad=(0.1, None, -0.2), ramp=2.0),
        SetEmotion("ana", plutchik=(0.1,) * 8),
        Join("x", name="X", hue=10.0, pad=(0.1, 0.2, 0.3), share=2.0),
        Leave("x", fade=1.0),
        Rift(strength=2.0, normal=(0.0, 1.0, 0.0)),
        ProtocolSwitch(False),
        SetParam("dynamics.unity", 0.7),
        Transport("speed", 2.0),
    ],
)
def test_events_round_trip_through_json(event):
    import json

    data = json.loads(json.dumps(to_json(event)))
    assert from_json(data) == event


@pytest.mark.parametrize(
    ("make_event", "kind"),
    [
        (lambda: SetEmotion("a", pad=(2.0, 0.0, 0.0)), "out_of_range"),
        (lambda: SetEmotion("a", pad=(float("nan"), 0.0, 0.0)), "not_finite"),
        (lambda: SetEmotion("a"), "bad_arguments"),
        (lambda: Rift(normal=(0.0, 0.0, 0.0)), "out_of_range"),
        (lambda: Transport("speed", 100.0), "out_of_range"),
    ],
)
def test_events_validate_themselves(make_event, kind):
    with pytest.raises(InputError) as info:
        make_event()
    assert info.value.kind == kind


def test_a_flood_of_moods_for_one_person_applies_the_last_and_counts_the_rest():
    ds = make()
    applied: list[Applied] = []
    ds.listeners.append(applied.append)
    for k in range(50):
        ds.submit("osc", SetEmotion("ana", pad=(k / 100, 0.0, 0.0)))
    ds.submit("osc", SetEmotion("ben", pad=(0.3, None, None)))  # partial: not a cover
    ds.submit("osc", SetEmotion("ben", pad=(0.1, 0.1, 0.1)))
    ds.step(1)
    assert ds.superseded == 50  # 49 of Ana's and Ben's partial one
    assert [a.event.participant for a in applied] == ["ana", "ben"]
    np.testing.assert_allclose(ds.simulation.mood_target()[slot(ds, "ana")], [0.49, 0, 0])


def test_superseding_stops_at_a_leave_and_join():
    ds = make()
    ds.submit("osc", SetEmotion("ana", pad=(0.2, 0.2, 0.2)))
    ds.submit("osc", Leave("ana"))
    ds.submit("osc", SetEmotion("ana", pad=(0.5, 0.5, 0.5)))
    ds.step(1)
    assert ds.superseded == 0
    assert ds.rejected.snapshot() == {"unknown_participant": 1}  # after leaving


def test_a_flood_of_values_for_one_field_applies_the_last_and_counts_the_rest():
    # A fader or MIDI knob dragged sends hundreds of values a step; each used to be
    # validated against the whole scene (10,000 took 2.3 s of one step boundary).
    ds = make()
    applied: list[Applied] = []
    ds.listeners.append(applied.append)
    for k in range(1000):
        ds.submit("midi", SetParam("dynamics.unity", k / 1000))
    ds.submit("midi", SetParam("dynamics.cohesion", 0.5))
    ds.step(1)
    assert [a.event.path for a in applied] == ["dynamics.unity", "dynamics.cohesion"]
    assert ds.scene.dynamics.unity == 0.999 and ds.superseded == 999
    assert ds.rejected.snapshot() == {}


def test_a_refused_last_value_leaves_the_field_as_applying_them_all_would():
    ds = make()
    for value in (0.2, 0.3, 7.0):  # 7 is out of range: refused
        ds.submit("osc", SetParam("dynamics.unity", value))
    ds.step(1)
    assert ds.scene.dynamics.unity == 0.3
    assert ds.rejected.snapshot() == {"invalid_value": 1}
    assert ds.superseded == 1  # 0.2, never needed
