"""The participants dock: pads that drive moods, and that OSC moves; sessions from the
window replay exactly."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEFAULT_SCENE, ROOT, headless_env

pytestmark = pytest.mark.gui


def free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_window(qtbot, **options):
    from kellan.gui.main_window import AppOptions, MainWindow
    from kellan.scene import load_scene

    win = MainWindow(load_scene(DEFAULT_SCENE), DEFAULT_SCENE, AppOptions(**options))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.canvas.frames_drawn >= 2, timeout=60_000)
    qtbot.waitUntil(lambda: len(win.participants.cards) == 4, timeout=30_000)
    return win


def drag(qtbot, pad, points):
    from PyQt6.QtCore import QPoint, Qt

    first = pad.to_widget(*points[0])
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(int(first.x()), int(first.y())))
    for p in points[1:]:
        w = pad.to_widget(*p)
        qtbot.mouseMove(pad, QPoint(int(w.x()), int(w.y())))
        qtbot.wait(40)
    last = pad.to_widget(*points[-1])
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(int(last.x()), int(last.y())))


def test_dragging_a_pad_sets_the_mood(qtbot):
    win = open_window(qtbot, osc=False)
    card = win.participants.cards["rhea"]
    drag(qtbot, card.pad, [(-0.5, 0.5), (0.0, 0.0), (0.6, -0.4)])
    ds = win.dreamscape
    slot = ds.roster.get("rhea").slot
    qtbot.waitUntil(lambda: abs(ds.simulation.mood_target()[slot][0] - 0.6) < 0.05, timeout=10_000)
    assert abs(ds.simulation.mood_target()[slot][1] + 0.4) < 0.05
    win.close()


def test_osc_moves_the_pads_live(qtbot):
    from pythonosc.udp_client import SimpleUDPClient

    port = free_port()
    win = open_window(qtbot, osc=True, osc_port=port)
    assert win.show_.osc is not None and win.show_.osc.port == port
    SimpleUDPClient("127.0.0.1", port).send_message("/kellan/participant/siena/pad",
                                                    [-0.7, -0.6, 0.0])  # fmt: skip
    pad = win.participants.cards["siena"].pad
    qtbot.waitUntil(lambda: abs(pad.target[0] + 0.7) < 1e-3, timeout=10_000)
    assert abs(pad.target[1] + 0.6) < 1e-3
    win.close()


def test_the_dock_holds_64_participants(qtbot):
    from kellan.dreamscape.inputs import Join

    win = open_window(qtbot, osc=False)
    for k in range(60):
        win.dreamscape.submit("osc", Join(f"guest-{k}"))
    qtbot.waitUntil(lambda: len(win.participants.cards) == 64, timeout=30_000)
    hues = sorted(p.hue for p in win.canvas.last_frame.people)
    assert len(set(hues)) == 64  # everyone keeps a distinct identity colour
    card = win.participants.cards["guest-59"]
    assert card.isVisibleTo(win.participants.grid_host)
    win.close()


@pytest.mark.skipif(shutil.which("oscsend") is None, reason="oscsend (liblo-tools) missing")
def test_a_session_from_the_window_replays_exactly(qtbot, tmp_path: Path):
    """OSC from a real client, pad drags and the timeline, recorded from the window;
    `kellan replay` reaches the same final hash."""
    port = free_port()
    session = tmp_path / "session"
    win = open_window(qtbot, osc=True, osc_port=port, record=session)
    subprocess.run(["oscsend", "127.0.0.1", str(port), "/kellan/participant/rhea/pad", "fff",
                    "0.4", "-0.3", "0.1"], check=True, timeout=10)  # fmt: skip
    subprocess.run(["oscsend", "127.0.0.1", str(port), "/kellan/participant/newcomer/join"],
                   check=True, timeout=10)  # fmt: skip
    drag(qtbot, win.participants.cards["kellan"].pad, [(0.2, 0.2), (-0.3, 0.7)])
    qtbot.waitUntil(lambda: win.dreamscape.applied_count >= 4, timeout=20_000)
    qtbot.wait(300)
    win.close()
    meta = json.loads((session / "session.json").read_text())
    assert meta["status"] == "complete"
    lines = [json.loads(x) for x in (session / "inputs.jsonl").read_text().splitlines()]
    assert {"osc", "gui"} <= {x["source"] for x in lines}
    res = subprocess.run([sys.executable, "-m", "kellan", "replay", str(session)],
                         capture_output=True, text=True, cwd=ROOT, env=headless_env(),
                         timeout=600)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1] == (
        f"hash={meta['final_hash']} steps={meta['steps']}"
    )


def test_midi_learn_binds_and_saves_with_the_scene(qtbot, tmp_path):
    import mido

    from kellan.gui.main_window import AppOptions, MainWindow
    from kellan.scene import load_scene

    path = tmp_path / "scene.toml"
    path.write_text(DEFAULT_SCENE.read_text())
    win = MainWindow(load_scene(path), path, AppOptions(osc=False))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.canvas.frames_drawn >= 2, timeout=60_000)
    win.show_.midi.handle(mido.Message("control_change", control=5, value=10))
    assert win.learn_midi("dynamics.unity")
    assert load_scene(path).live.midi[0].cc == 5
    win.show_.midi.handle(mido.Message("control_change", control=5, value=127))
    qtbot.waitUntil(lambda: win.dreamscape.scene.dynamics.unity == 1.0, timeout=10_000)
    win.close()


def test_the_midi_learn_dialog_says_the_control_moved_last_as_it_moves(qtbot):
    # Its text showed a literal backslash-n, and was written once: a control moved while
    # the dialog was open did not show.
    import mido

    from kellan.dreamscape import Dreamscape
    from kellan.gui.midi_learn import MidiLearnDialog
    from kellan.live.midi import MidiControl
    from kellan.scene import load_scene

    midi = MidiControl(Dreamscape(load_scene(DEFAULT_SCENE)))
    midi.status = "MIDI off: no MIDI input device"
    dialog = MidiLearnDialog(midi, None)
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.info.text()
    assert "\\n" not in text
    assert text.splitlines() == ["MIDI off: no MIDI input device",
                                 "Last control moved: none yet: move one"]  # fmt: skip
    midi.handle(mido.Message("control_change", control=21, value=64, channel=2))
    qtbot.waitUntil(lambda: "channel 3, CC 21" in dialog.info.text(), timeout=2_000)
    dialog.close()


def test_the_join_box_says_why_an_id_is_refused_and_sends_nothing(qtbot):
    # A bad id or someone already here was sent anyway: the show refused it at its next
    # step and only a counter went up, so the performer saw nothing happen.
    from kellan.dreamscape.inputs import Join

    win = open_window(qtbot, osc=False)
    dock = win.participants
    sent: list[object] = []
    dock.send = sent.append
    for typed, reason in (("Maria Lopez", "is not an id"), ("rhea", "already here")):
        dock.join_id.setText(typed)
        dock.join_button.click()
        assert reason in dock.message.text()
        assert dock.join_id.text() == typed  # kept, to be corrected
    assert sent == []
    dock.join_id.setText("maria")
    dock.join_button.click()
    assert sent == [Join("maria")] and dock.message.text() == ""
    win.close()


def test_the_status_bar_says_what_midi_is_doing(qtbot):
    # Only the MIDI-learn dialog said that MIDI was off (no python-rtmidi, no device).
    win = open_window(qtbot, osc=False)
    win.show_.midi.status = "MIDI off: no MIDI input device"
    win.refresh_status()
    assert "MIDI off: no MIDI input device" in win.status.inputs.text()
    win.close()


def people_branch(win):
    tree = win.scene_dock.tree
    return next(tree.topLevelItem(k) for k in range(tree.topLevelItemCount())
                if tree.topLevelItem(k).text(0) == "participants")  # fmt: skip


def tree_people(win) -> list[str]:
    branch = people_branch(win)
    return [branch.child(k).text(0) for k in range(branch.childCount())]


def test_a_participant_in_the_scene_tree_shows_and_edits_their_live_fields(qtbot):
    # Participants had no path in the tree: selecting one showed nothing, though their
    # hue, name and mood are live fields.
    win = open_window(qtbot, osc=False)
    branch = people_branch(win)
    rhea = next(branch.child(k) for k in range(branch.childCount())
                if "(rhea)" in branch.child(k).text(0))  # fmt: skip
    win.scene_dock.tree.setCurrentItem(rhea)
    editors = win.scene_dock.inspector.editors
    hue = editors["participants.rhea.hue"]
    assert hue.isEnabled() and hue.maximum() < 360.0 and hue.wrapping()
    hue.setValue(200.0)

    def person():
        return next(p for p in win.latest_frame().people if p.id == "rhea")

    qtbot.waitUntil(lambda: person().hue == 200.0, timeout=10_000)
    name = editors["participants.rhea.name"]
    name.setText("Rhea V.")
    name.editingFinished.emit()
    qtbot.waitUntil(lambda: person().name == "Rhea V.", timeout=10_000)
    qtbot.waitUntil(lambda: rhea.text(0) == "Rhea V. (rhea)", timeout=2_000)
    editors["participants.rhea.pleasure"].setValue(-0.7)
    qtbot.waitUntil(lambda: abs(person().target[0] + 0.7) < 1e-6, timeout=10_000)
    win.close()


def test_the_scene_tree_follows_who_joins_and_leaves_and_keeps_the_selection(qtbot):
    from kellan.dreamscape.inputs import Join, Leave

    win = open_window(qtbot, osc=False)
    tree = win.scene_dock.tree
    before = tree_people(win)
    sculptures = next(tree.topLevelItem(k) for k in range(tree.topLevelItemCount())
                      if tree.topLevelItem(k).text(0) == "sculptures")  # fmt: skip
    knot = sculptures.child(0)
    knot.setExpanded(True)
    tree.setCurrentItem(knot)
    win.send(Join("maria", hue=120.0))
    qtbot.waitUntil(lambda: tree_people(win) == [*before, "Maria (maria)"], timeout=2_000)
    assert tree.currentItem() is knot and knot.isExpanded()  # the rest was not rebuilt
    # Joined through the dock's Join box, too.
    win.participants.join_id.setText("tomas")
    win.participants.join_button.click()
    qtbot.waitUntil(lambda: "Tomas (tomas)" in tree_people(win), timeout=2_000)
    branch = people_branch(win)
    maria = next(branch.child(k) for k in range(branch.childCount())
                 if branch.child(k).text(0) == "Maria (maria)")  # fmt: skip
    tree.setCurrentItem(maria)
    assert win.scene_dock.inspector.editors["participants.maria.hue"].value() == 120.0
    win.send(Leave("maria"))
    qtbot.waitUntil(lambda: "Maria (maria)" not in tree_people(win), timeout=2_000)
    # The inspector no longer edits someone who has gone.
    assert not any(p.startswith("participants.maria") for p in win.scene_dock.inspector.editors)
    assert tree_people(win) == [*before, "Tomas (tomas)"]
    win.close()
