"""Sessions record every applied input and replay to the identical final hash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kellan.dreamscape.inputs import Join, SetEmotion, SetParam
from kellan.live.replay import replay
from kellan.live.session import SessionError, load_session
from kellan.live.show import Show, ShowOptions
from kellan.scene import parse_scene
from tests.conftest import run_kellan
from tests.test_inputs import SCENE

STORY = SCENE + """
[[events]]
at = 0.2
kind = "rift"
strength = 3.0

[[events]]
at = 0.3
kind = "join"
participant = "cleo"
hue = 120.0

[[events]]
at = 0.5
kind = "emotion"
participant = "*"
emotion = { pleasure = 0.8 }
ramp = 0.5

[[events]]
at = 0.8
kind = "leave"
participant = "ben"
fade = 0.2

[[events]]
at = 0.9
kind = "protocol"
enabled = true
"""


def record(tmp: Path, steps: int, live: list[tuple[int, object]]) -> str:
    scene = parse_scene(STORY)
    show = Show(scene, STORY, ShowOptions(osc=False, midi=False, record=tmp))
    for k in range(steps):
        for at, event in live:
            if at == k:
                show.ds.submit("gui", event)  # type: ignore[arg-type]
        show.ds.step(1)
    return show.finish()


def test_a_recorded_session_replays_to_the_identical_hash(tmp_path: Path):
    digest = record(tmp_path / "s", 90, [
        (10, SetEmotion("ana", pad=(0.9, -0.4, 0.2))), (20, Join("dan")),
        (30, SetParam("dynamics.unity", 0.9)), (40, SetEmotion("dan", pad=(-0.7, 0.7, 0.0))),
    ])  # fmt: skip
    session = load_session(tmp_path / "s")
    assert session.complete and session.steps == 90
    assert session.meta["final_hash"] == digest
    sources = {a.source for a in session.inputs}
    assert sources == {"gui", "timeline"}
    assert replay(session).digest() == digest
    # Every line is one JSON object with step, source and the payload.
    first = json.loads((tmp_path / "s" / "inputs.jsonl").read_text().splitlines()[0])
    assert {"step", "source", "type"} <= first.keys()
    # The scene as it started, byte for byte.
    assert (tmp_path / "s" / "scene.toml").read_text() == STORY


def test_a_session_cut_off_by_a_crash_replays_up_to_its_last_complete_input(tmp_path: Path):
    d = tmp_path / "s"
    record(d, 60, [(50, SetEmotion("ana", pad=(0.5, 0.5, 0.5)))])
    lines = (d / "inputs.jsonl").read_text().splitlines()
    (d / "inputs.jsonl").write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:15])
    meta = json.loads((d / "session.json").read_text())
    meta["status"] = "running"  # as it is while the show runs
    (d / "session.json").write_text(json.dumps(meta))
    session = load_session(d)
    assert any("cut off" in w for w in session.warnings)
    assert len(session.inputs) == len(lines) - 1
    ds = replay(session)
    assert ds.frame == session.inputs[-1].step


def test_a_session_never_overwrites_another(tmp_path: Path):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "inputs.jsonl").write_text("{}\n")
    with pytest.raises(SessionError, match="not an empty directory"):
        Show(parse_scene(STORY), STORY, ShowOptions(osc=False, midi=False, record=tmp_path / "s"))


def test_a_corrupt_line_in_the_middle_is_named(tmp_path: Path):
    d = tmp_path / "s"
    record(d, 60, [(30, SetEmotion("ana", pad=(0.5, 0.5, 0.5)))])
    lines = (d / "inputs.jsonl").read_text().splitlines()
    step = json.loads(lines[0])["step"]
    lines.insert(1, json.dumps({"step": step, "type": "nonsense"}))
    (d / "inputs.jsonl").write_text("\n".join(lines) + "\n")
    with pytest.raises(SessionError, match=r"inputs\.jsonl:2: unknown input type"):
        load_session(d)


def test_cli_play_headless_records_and_replay_prints_the_same_line(tmp_path: Path):
    scene = tmp_path / "story.toml"
    scene.write_text(STORY)
    d = tmp_path / "session"
    res = run_kellan("play", str(scene), "--headless", "--fast", "--duration", "2",
                     "--record", str(d))  # fmt: skip
    assert res.returncode == 0, res.stderr
    line = res.stdout.strip().splitlines()[-1]
    assert line.startswith("hash=") and line.endswith(" steps=120")
    again = run_kellan("replay", str(d))
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().splitlines()[-1] == line
    meta = json.loads((d / "session.json").read_text())
    assert meta["rejected"] == {} and meta["steps"] == 120 and meta["seed"] == 3


def test_cli_replay_of_a_missing_session_is_one_line(tmp_path: Path):
    res = run_kellan("replay", str(tmp_path / "nothing"))
    assert res.returncode == 1 and "not a session directory" in res.stderr
    assert "Traceback" not in res.stderr
