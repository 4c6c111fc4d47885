"""The desktop window under Xvfb (pytest-xvfb): frames, play/pause, opening scenes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.conftest import DEFAULT_SCENE

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot):
    from kellan.gui.main_window import AppOptions, MainWindow
    from kellan.scene import load_scene

    win = MainWindow(load_scene(DEFAULT_SCENE), DEFAULT_SCENE, AppOptions(osc=False))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.canvas.frames_drawn >= 3, timeout=60_000)
    yield win
    win.close()


def test_window_draws_the_scene(window, qtbot):
    assert window.windowTitle().startswith("Kellan — Dream Art Festival  [")
    window.refresh_status()
    assert "25,000 particles" in window._count.text()
    image = window.canvas.native.grabFramebuffer()
    assert image.width() > 100 and image.height() > 100
    ptr = image.constBits()
    ptr.setsize(image.sizeInBytes())
    pixels = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine())
    assert pixels.std() > 5, "the canvas shows a flat frame"


def test_play_pause_stops_and_resumes_the_simulation(window, qtbot):
    sim = window.dreamscape.simulation
    qtbot.waitUntil(lambda: sim.state.frame > 2, timeout=30_000)
    window.play_action.trigger()  # pause: through the input path, at a step boundary
    assert window.play_action.text() == "Play"
    qtbot.waitUntil(lambda: not window.playing, timeout=10_000)
    qtbot.wait(100)
    frozen = sim.state.frame
    drawn = window.canvas.frames_drawn
    qtbot.wait(400)
    assert sim.state.frame == frozen
    assert window.canvas.frames_drawn > drawn  # still drawn (camera can move) while paused
    window.play_action.trigger()  # play
    qtbot.waitUntil(lambda: window.playing, timeout=10_000)
    qtbot.waitUntil(lambda: sim.state.frame > frozen, timeout=30_000)


def test_open_scene_switches_and_bad_scene_keeps_the_show(
    window, qtbot, tmp_path: Path, monkeypatch
):
    from PyQt6.QtWidgets import QMessageBox

    other = tmp_path / "quiet.toml"
    other.write_text(
        DEFAULT_SCENE.read_text()
        .replace('title = "Dream Art Festival"', 'title = "Quiet Night"')
        .replace("particles = 25000", "particles = 3000")
    )
    assert window.open_scene(other)
    assert window.windowTitle().startswith("Kellan — Quiet Night  [")
    qtbot.waitUntil(lambda: window.canvas.frames_drawn > 0, timeout=30_000)

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    bad = tmp_path / "bad.toml"
    bad.write_text("schema = 1\ntitle = 'x'\nseed = 1\nparticipants = 3\n")
    assert not window.open_scene(bad)
    assert warnings and f"{bad}:4: participants:" in warnings[0]
    assert window.windowTitle().startswith("Kellan — Quiet Night  [")  # nothing lost
    sim = window.dreamscape.simulation
    start = sim.state.frame
    qtbot.waitUntil(lambda: sim.state.frame > start, timeout=30_000)


def test_mouse_drag_orbits_the_camera(window, qtbot):
    from PyQt6.QtCore import QPoint, Qt

    cam = window.canvas.camera
    before = cam.azimuth
    widget = window.canvas.native
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(200, 200))
    for x in range(210, 300, 10):
        qtbot.mouseMove(widget, QPoint(x, 200))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(300, 200))
    assert cam.azimuth != before


def test_live_rift_and_protocol_controls(window, qtbot):
    sim = window.dreamscape.simulation
    assert not window.protocol_action.isChecked()
    window.rift_action.trigger()
    qtbot.waitUntil(lambda: sim.rift_strength() > 0, timeout=30_000)
    qtbot.waitUntil(lambda: window.canvas.last_frame.rift is not None, timeout=30_000)
    window.refresh_status()
    assert window._events.text().startswith("rift")
    window.protocol_action.trigger()  # through the input path: at the next step boundary
    qtbot.waitUntil(lambda: sim.protocol.enabled, timeout=30_000)
    qtbot.waitUntil(lambda: window.canvas.last_frame.protocol_on, timeout=30_000)
    window.refresh_status()
    assert "protocol on" in window._events.text()
    window.protocol_action.trigger()
    qtbot.waitUntil(lambda: not sim.protocol.enabled, timeout=30_000)


def test_closing_the_window_stops_the_simulation(qtbot):
    from kellan.gui.main_window import MainWindow
    from kellan.scene import load_scene

    win = MainWindow(load_scene(DEFAULT_SCENE), DEFAULT_SCENE)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.dreamscape.frame > 2, timeout=60_000)
    win.close()
    sim = win.dreamscape.simulation
    frame = sim.state.frame
    qtbot.wait(400)
    assert sim.state.frame == frame  # nothing left stepping a closed window
    assert not win.canvas._timer.running and not win.worker.running


def test_a_scene_whose_shaders_fail_keeps_the_old_show(window, qtbot, tmp_path, monkeypatch):
    import shutil

    from PyQt6.QtWidgets import QMessageBox

    import kellan.render.shaders as shaders

    broken = tmp_path / "shaders"
    shutil.copytree(shaders.shaders_dir(), broken)
    (broken / "julia.frag").write_text("void main() {\n    gl_FragColor = vec4(nope);\n}\n")
    monkeypatch.setattr(shaders, "shaders_dir", lambda: broken)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    other = tmp_path / "other.toml"
    other.write_text(DEFAULT_SCENE.read_text().replace("Dream Art Festival", "Broken Night"))
    old = window.dreamscape
    assert not window.open_scene(other)  # checked before the switch
    qtbot.waitUntil(lambda: bool(warnings), timeout=30_000)
    assert "julia.frag:2:" in warnings[0]
    assert window.dreamscape is old  # the last good scene plays on
    assert window.windowTitle().startswith("Kellan — Dream Art Festival  [")
    frame = old.frame
    qtbot.waitUntil(lambda: old.frame > frame, timeout=30_000)


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_shown_and_the_show_goes_on(window, qtbot, monkeypatch):
    import sys

    from PyQt6.QtCore import QTimer
    from PyQt6.QtWidgets import QMessageBox

    from kellan.gui.app import install_excepthook

    monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(window)

    def boom():
        raise RuntimeError("a slot went wrong")

    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: "a slot went wrong" in window.last_error, timeout=10_000)
    sim = window.dreamscape.simulation
    frame = sim.state.frame
    qtbot.waitUntil(lambda: sim.state.frame > frame, timeout=30_000)


def test_the_window_shows_the_verse_and_the_measures(window, qtbot):
    """The opening verse is drawn over the live canvas, and the stats dock reads the
    frame's measures."""

    def verse_drawn() -> bool:
        r = window.canvas.renderer
        return r is not None and r.verses.drawn == 1

    qtbot.waitUntil(verse_drawn, timeout=60_000)
    frame = window.canvas.last_frame
    assert frame is not None and frame.verses and frame.verses[0].trigger == "opening"
    qtbot.waitUntil(lambda: window.stats.read()["empathy"] != "–", timeout=30_000)
    assert 0.0 < float(window.stats.read()["empathy"]) <= 1.0
