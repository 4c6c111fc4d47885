"""Rhea's poetry in the show: measures on every frame, verses from the running
Dreamscape, the anthology in the session, the OSC output; determinism and safety."""

from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kellan.core.measures import measure
from kellan.dreamscape import Dreamscape
from kellan.dreamscape.poet import MEASURE_EVERY, Poet
from kellan.poetry.anthology import ANTHOLOGY, MEASURES, read_anthology, read_measures
from kellan.scene import parse_scene
from tests.conftest import ROOT, headless_env

# A small show with every moment the poet reads off the state: a rift (and its
# healing), the protocol, a join, a leave, and a dawn (every mood lifts).
SHOW = """\
schema = 1
title = "Small hours"
seed = 11

[dynamics]
particles = 3000
reserve = 0.3

[live]
smoothing = 0.3
leave_fade = 1.0

[[participants]]
id = "ana"
name = "Ana"
hue = 20.0
emotion = { pleasure = 0.1, arousal = 0.6, dominance = 0.0 }

[[participants]]
id = "ben"
name = "Ben"
hue = 200.0
emotion = { pleasure = -0.6, arousal = 0.5, dominance = -0.2 }

[[sculptures]]
id = "knot"
shape = "torus_knot"
scale = 1.2

[[events]]
at = 1.0
kind = "rift"
heal = 2.0

[[events]]
at = 4.0
kind = "protocol"
enabled = true

[[events]]
at = 5.0
kind = "join"
participant = "cleo"
emotion = { pleasure = 0.2, arousal = 0.0 }

[[events]]
at = 6.5
kind = "leave"
participant = "ana"

[[events]]
at = 7.0
kind = "emotion"
participant = "*"
emotion = { pleasure = 0.9, arousal = 0.2 }
ramp = 0.5
"""


def run_show(text: str = SHOW, seconds: float = 9.0) -> Dreamscape:
    ds = Dreamscape(parse_scene(text))
    ds.advance_to(seconds)
    return ds


@pytest.fixture(scope="module")
def show() -> Dreamscape:
    return run_show()


def test_the_frame_carries_this_steps_measures():
    ds = Dreamscape(parse_scene(SHOW))
    assert ds.snapshot().measures is None
    ds.step(MEASURE_EVERY * 2)
    frame = ds.snapshot()
    assert frame.measures is not None
    expected = measure(ds.simulation, ds.poet.centres, ds.poet.radii)
    assert frame.measures == expected
    assert frame.measures.slots == (0, 1)
    assert 0.0 <= frame.measures.gini_calm <= 0.5 and 0.0 < frame.measures.empathy <= 1.0


def test_every_moment_of_the_show_is_read_off_the_state(show):
    kinds = [h.kind for _, h in show.poet.happened]
    for kind in ("rift", "healing", "protocol", "join", "leave", "dawn"):
        assert kind in kinds, f"no {kind} event in {kinds}"
    triggers = [v.trigger for v in show.poet.verses]
    assert triggers[0] == "opening"
    assert {"rift", "healing", "protocol", "join", "leave", "dawn"} <= set(triggers), triggers
    # Verses are spaced in show time and say no paths, no wall clock.
    times = [v.time for v in show.poet.verses]
    assert all(b - a >= 1.0 - 1e-9 for a, b in itertools.pairwise(times))
    text = "\n".join(line for v in show.poet.verses for line in v.lines)
    assert "/" not in text and str(ROOT) not in text


def test_same_scene_same_verses_other_seed_other_verses(show):
    again = run_show()
    assert [v.lines for v in again.poet.verses] == [v.lines for v in show.poet.verses]
    other = run_show(SHOW.replace("seed = 11", "seed = 12"))
    assert [v.lines for v in other.poet.verses] != [v.lines for v in show.poet.verses]


def test_poetry_reads_the_simulation_and_never_writes_it(monkeypatch, show):
    with_poetry = show.digest()
    monkeypatch.setattr(Poet, "observe", lambda self, ds: None)
    without = run_show()
    assert without.poet.verses == []
    assert without.digest() == with_poetry


def test_the_frame_holds_the_latest_verses_for_the_picture(show):
    frame = show.snapshot()
    assert 1 <= len(frame.verses) <= 2
    assert frame.verses[-1] == show.poet.verses[-1]


def test_osc_output_sends_the_measures_and_each_verse_once(show):
    from pythonosc.osc_packet import OscPacket

    from kellan.live.osc_out import OscSender

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx:
        rx.bind(("127.0.0.1", 0))
        rx.settimeout(5)
        sender = OscSender("127.0.0.1", rx.getsockname()[1], rate=10.0)
        assert sender.maybe_send(show, now=0.0)
        got: dict[str, list] = {}
        rx.settimeout(0.5)
        try:
            while True:
                msg = OscPacket(rx.recv(65536)).messages[0].message
                got.setdefault(msg.address, []).append(list(msg.params))
        except TimeoutError:
            pass
        assert sender.maybe_send(show, now=1.0)
        rx.settimeout(0.5)
        again: list[str] = []
        try:
            while True:
                again.append(OscPacket(rx.recv(65536)).messages[0].message.address)
        except TimeoutError:
            pass
    m = show.poet.measures
    ginis = [m.gini_particles, m.gini_attention, m.gini_calm]
    assert got["/kellan/measures/gini"] == [[pytest.approx(g) for g in ginis]]
    assert got["/kellan/measures/empathy"] == [[pytest.approx(m.empathy)]]
    assert [row[0] for row in got["/kellan/measures/shares"]] == ["ben", "cleo"]
    verses = got["/kellan/verse"]
    assert [row[0] for row in verses] == [v.n for v in show.poet.verses]
    assert verses[-1][3] == "\n".join(show.poet.verses[-1].lines)
    assert "/kellan/verse" not in again and "/kellan/measures/gini" in again


def play(session: Path, scene: Path, *extra: str, wait: bool = True):
    args = [sys.executable, "-m", "kellan", "play", str(scene), "--headless", "--duration",
            "9", "--record", str(session), "--no-osc", *extra]  # fmt: skip
    if not wait:
        return subprocess.Popen(args, cwd=ROOT, env=headless_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)  # fmt: skip
    return subprocess.run(args, cwd=ROOT, env=headless_env(), capture_output=True, text=True,
                          timeout=300)  # fmt: skip


def test_kellan_play_writes_the_same_anthology_twice(tmp_path, show):
    scene = tmp_path / "show.toml"
    scene.write_text(SHOW, encoding="utf-8")
    runs = []
    for k in range(2):
        res = play(tmp_path / f"s{k}", scene, "--fast")
        assert res.returncode == 0, res.stderr
        runs.append(res.stdout.strip().splitlines()[-1])
    assert runs[0] == runs[1] == f"hash={show.digest()} steps=540"
    a, b = ((tmp_path / f"s{k}" / ANTHOLOGY).read_bytes() for k in range(2))
    assert a == b
    title, records = read_anthology(tmp_path / "s0")
    assert title == "Small hours"
    assert [r["lines"] for r in records] == [list(v.lines) for v in show.poet.verses]
    assert (tmp_path / "s0" / MEASURES).read_bytes() == (tmp_path / "s1" / MEASURES).read_bytes()
    samples = read_measures(tmp_path / "s0")
    assert len(samples) >= 18 and samples[-1]["step"] <= 540
    assert str(tmp_path).encode() not in a
    # A replay of the session (its inputs, not the timeline) says the same verses.
    from kellan.live.replay import replay
    from kellan.live.session import load_session

    again = replay(load_session(tmp_path / "s0"))
    assert [list(v.lines) for v in again.poet.verses] == [r["lines"] for r in records]


def test_a_killed_show_keeps_every_verse_already_written(tmp_path):
    """SIGKILL (no clean-up at all) while the show runs in real time, at a moment with
    verses written and more to come: anthology.md is whole and holds them all."""
    scene = tmp_path / "show.toml"
    scene.write_text(SHOW, encoding="utf-8")
    session = tmp_path / "s"
    proc = play(session, scene, wait=False)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            path = session / ANTHOLOGY
            if path.exists() and path.read_text(encoding="utf-8").count("<!-- /verse") >= 4:
                break
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.05)
        else:
            pytest.fail("no verses within the time allowed")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
    _, records = read_anthology(session)
    assert len(records) >= 4
    assert [r["n"] for r in records] == list(range(1, len(records) + 1))
    # What was written is what a whole run writes, verse for verse.
    whole = run_show()
    said = [list(v.lines) for v in whole.poet.verses]
    assert [r["lines"] for r in records] == said[: len(records)]
    assert read_measures(session)  # a torn last line, if any, is left out


def test_the_stats_dock_shows_the_measures(qtbot, show):
    from kellan.gui.docks.stats import StatsDock, stats_of

    m = show.poet.measures
    out = stats_of(show.snapshot(), 20.0, 1.0, True, 1.0, "llvmpipe")
    assert out["gini: calm"] == f"{m.gini_calm:.3f}"
    assert out["gini: attention"] == f"{m.gini_attention:.3f}"
    assert out["polarisation"] == f"{m.polarisation:.3f}" and out["empathy"] == f"{m.empathy:.3f}"
    assert stats_of(Dreamscape(parse_scene(SHOW)).snapshot(), 0, 1, True, 1, "")["empathy"] == "–"
    dock = StatsDock(lambda: out)
    qtbot.addWidget(dock)
    dock.refresh()
    assert dock.values["empathy"].text() == out["empathy"]


def test_the_poetry_switches_are_live_and_never_touch_the_verses():
    from kellan.dreamscape.inputs import SetParam

    ds = Dreamscape(parse_scene(SHOW))
    ds.step(3)
    assert ds.apply_now("gui", SetParam("poetry.show", False))
    assert ds.apply_now("gui", SetParam("poetry.thread_above", 0.9))
    assert not ds.apply_now("gui", SetParam("poetry.hold", 0.5))  # out of range: refused
    frame = ds.snapshot()
    assert frame.scene.poetry.show is False and frame.scene.poetry.thread_above == 0.9
    assert frame.verses and frame.verses[0].trigger == "opening"
    assert ds.rejected.snapshot()


@pytest.mark.parametrize(
    ("line", "where"),
    [('show = "yes"', "poetry.show"), ("hold = 0.5", "poetry.hold"),
     ("thread_above = 1.0", "poetry.thread_above"), ("colour = 3", "poetry.colour")],
)  # fmt: skip
def test_a_bad_poetry_section_is_a_located_error_not_a_traceback(line, where):
    from kellan.scene import SceneError

    text = SHOW.replace("[live]", f"[poetry]\n{line}\n\n[live]")
    with pytest.raises(SceneError) as err:
        parse_scene(text)
    lines = text.splitlines()
    assert where in str(err.value)
    assert f":{lines.index(line) + 1}" in str(err.value)
