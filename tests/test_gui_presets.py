"""The Presets dock: a recall restores every fractal and sculpture number it took, an
old presets file still recalls, and presets and cues are edited with the dock's buttons,
each edit saved at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_gui_instrument import open_window, scene_copy

pytestmark = pytest.mark.gui


def scene_value(win, path: str) -> float:
    from kellan.live.presets import scene_number

    value = scene_number(win.latest_frame().scene, path)
    assert value is not None
    return value


def set_and_wait(win, qtbot, values: dict[str, float]) -> None:
    from kellan.dreamscape.inputs import SetParam

    for path, value in values.items():
        win.send(SetParam(path, value))
    qtbot.waitUntil(lambda: all(scene_value(win, p) == v for p, v in values.items()),
                    timeout=10_000)  # fmt: skip


def test_a_recall_restores_fractal_and_sculpture_numbers_and_an_old_file_recalls(
    qtbot, tmp_path: Path
):
    path = scene_copy(tmp_path)
    old = {
        "kellan_presets": 1,
        "presets": [{"name": "old", "moods": {}, "numbers": {"dynamics.unity": 0.9},
                     "protocol": None, "camera": {}}],
        "cues": ["old"],
    }  # fmt: skip
    (tmp_path / "show.presets.json").write_text(json.dumps(old))
    win = open_window(qtbot, path)
    dock = win.presets
    assert [p.name for p in dock.presets] == ["old"]
    dock.crossfade.setValue(0.5)
    look = {"fractals[0].hue": 120.0, "sculptures[0].spin": -40.0,
            "sculptures[0].material.glitch": 0.7}  # fmt: skip
    set_and_wait(win, qtbot, look)
    assert dock.snapshot("look") is not None
    set_and_wait(win, qtbot, {"fractals[0].hue": -30.0, "sculptures[0].spin": 200.0,
                              "sculptures[0].material.glitch": 0.0})  # fmt: skip
    assert dock.recall("look")
    qtbot.waitUntil(lambda: not dock.fading, timeout=10_000)
    qtbot.waitUntil(lambda: all(scene_value(win, p) == v for p, v in look.items()),
                    timeout=5_000)  # fmt: skip
    # The old preset (a file from before: one number) recalls that number and leaves the
    # rest as they are.
    assert dock.recall("old")
    qtbot.waitUntil(lambda: not dock.fading, timeout=10_000)
    qtbot.waitUntil(lambda: scene_value(win, "dynamics.unity") == 0.9, timeout=5_000)
    assert all(scene_value(win, p) == v for p, v in look.items())
    win.close()


def click(qtbot, button) -> None:
    from PyQt6.QtCore import Qt

    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def pick(qtbot, widget, row: int) -> None:
    """Click a row of a list, as a hand would."""
    from PyQt6.QtCore import Qt

    rect = widget.visualItemRect(widget.item(row))
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert widget.currentRow() == row


def test_presets_and_cues_are_edited_with_the_docks_buttons_and_saved_at_once(
    qtbot, tmp_path: Path, monkeypatch
):
    from PyQt6.QtWidgets import QInputDialog, QMessageBox

    path = scene_copy(tmp_path)
    saved = tmp_path / "show.presets.json"
    data = {
        "kellan_presets": 1,
        "presets": [{"name": n, "numbers": {"dynamics.unity": u}}
                    for n, u in (("dawn", 0.2), ("storm", 0.9), ("rest", 0.5))],
        "cues": [],
    }  # fmt: skip
    saved.write_text(json.dumps(data))
    win = open_window(qtbot, path)
    dock = win.presets
    dock.raise_()
    qtbot.waitUntil(dock.add_cue_button.isVisible, timeout=5_000)

    def cues_shown() -> list[str]:
        return [dock.cue_list.item(k).text().strip("▶ ") for k in range(dock.cue_list.count())]

    def on_disk() -> tuple[list[str], list[str]]:
        d = json.loads(saved.read_text())
        return [p["name"] for p in d["presets"]], d["cues"]

    # Build a cue list: dawn, storm, rest.
    for row in (0, 1, 2):
        pick(qtbot, dock.list, row)
        click(qtbot, dock.add_cue_button)
    assert cues_shown() == ["dawn", "storm", "rest"]
    assert on_disk()[1] == ["dawn", "storm", "rest"]
    # Move rest up twice: it leads.
    pick(qtbot, dock.cue_list, 2)
    click(qtbot, dock.up_button)
    click(qtbot, dock.up_button)
    assert cues_shown() == ["rest", "dawn", "storm"] and dock.cue_list.currentRow() == 0
    assert on_disk()[1] == ["rest", "dawn", "storm"]
    click(qtbot, dock.up_button)  # at the top already: nothing moves
    assert on_disk()[1] == ["rest", "dawn", "storm"]
    # And dawn down once.
    pick(qtbot, dock.cue_list, 1)
    click(qtbot, dock.down_button)
    assert on_disk()[1] == ["rest", "storm", "dawn"]
    # Play the first cue, then remove it: the next cue plays what followed.
    click(qtbot, dock.next_button)
    assert dock.cue_index == 0
    pick(qtbot, dock.cue_list, 0)
    click(qtbot, dock.remove_cue_button)
    assert cues_shown() == ["storm", "dawn"] and on_disk()[1] == ["storm", "dawn"]
    assert [p.name for p in dock.presets] == ["dawn", "storm", "rest"]  # the preset stays
    click(qtbot, dock.next_button)
    assert dock.cues[dock.cue_index] == "storm"
    qtbot.waitUntil(lambda: not dock.fading, timeout=10_000)
    # Rename a preset: its cues follow.
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("sunrise", True))
    pick(qtbot, dock.list, 0)
    click(qtbot, dock.rename_button)
    assert [dock.list.item(k).text() for k in range(dock.list.count())] == [
        "sunrise", "storm", "rest"]  # fmt: skip
    assert on_disk() == (["sunrise", "storm", "rest"], ["storm", "sunrise"])
    # A name already taken is refused, and said.
    reports: list[tuple[str, str]] = []
    monkeypatch.setattr(dock, "report", lambda title, text: reports.append((title, text)))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("rest", True))
    pick(qtbot, dock.list, 1)
    click(qtbot, dock.rename_button)
    assert reports and "rest" in reports[0][1]
    assert on_disk() == (["sunrise", "storm", "rest"], ["storm", "sunrise"])
    # Delete asks first; No keeps it, Yes deletes the preset and its cues.
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answer[0])
    pick(qtbot, dock.list, 1)
    click(qtbot, dock.delete_button)
    assert on_disk()[0] == ["sunrise", "storm", "rest"]
    answer[0] = QMessageBox.StandardButton.Yes
    click(qtbot, dock.delete_button)
    assert [dock.list.item(k).text() for k in range(dock.list.count())] == ["sunrise", "rest"]
    assert cues_shown() == ["sunrise"]
    assert on_disk() == (["sunrise", "rest"], ["sunrise"])
    # Nothing was left half-written beside it (the file is replaced whole).
    assert sorted(p.name for p in tmp_path.iterdir() if "presets" in p.name) == [
        "show.presets.json"]  # fmt: skip
    win.close()
