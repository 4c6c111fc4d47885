"""The window's menus, toolbar and shortcuts: everything a performer does has a key.

The actions are built here and connected to the window's methods; the same actions are
added to the perform window, so the keys keep working while the output is full screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QAction, QActionGroup, QKeySequence
from PyQt6.QtWidgets import QMenu, QMessageBox

from kellan.gui.settings import FPS_CAPS

if TYPE_CHECKING:
    from kellan.gui.main_window import MainWindow

FILM_SIZES = ((1280, 720), (1920, 1080), (3840, 2160))


def _action(win: MainWindow, text: str, keys: str | list[str] | None, slot: Callable[..., object],
            tip: str = "", checkable: bool = False) -> QAction:  # fmt: skip
    a = QAction(text, win)
    if keys:
        a.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)])
    a.setCheckable(checkable)
    if tip:
        a.setToolTip(tip)
        a.setStatusTip(tip)
    (a.toggled if checkable else a.triggered).connect(slot)
    return a


def build_actions(win: MainWindow) -> list[QAction]:
    """Menus and toolbar; returns the actions that also work in perform mode."""
    bar = win.menuBar()
    f = bar.addMenu("&File")
    win.open_action = _action(win, "&Open scene…", "Ctrl+O", win.choose_scene)
    f.addAction(win.open_action)
    win.recent_menu = QMenu("Open &recent", win)
    f.addMenu(win.recent_menu)
    reload_action = _action(
        win,
        "&Reload scene",
        "F5",
        win.reload_scene,
        "Read the scene file again now (it also reloads by itself)",
    )
    f.addAction(reload_action)
    f.addSeparator()
    f.addAction(_action(win, "&Quit", "Ctrl+Q", win.close))

    play = bar.addMenu("&Playback")
    win.play_action = _action(win, "Pause", "Space", win.set_playing, "Play or pause (Space)",
                              checkable=True)  # fmt: skip
    win.play_action.blockSignals(True)
    win.play_action.setChecked(True)
    win.play_action.blockSignals(False)
    step = _action(win, "Step", ".", win.step_once, "One step while paused (.)")
    slower = _action(win, "Slower", "[", lambda: win.transport.nudge_speed(-1), "Slower ([)")
    faster = _action(win, "Faster", "]", lambda: win.transport.nudge_speed(+1), "Faster (])")
    win.rift_action = _action(win, "Rift", "R", win.trigger_rift,
                              "Tear the two most different groups apart now (R)")  # fmt: skip
    win.protocol_action = _action(win, "Protocol", "P", win.set_protocol,
                                  "Switch the stabilising protocol on or off (P)",
                                  checkable=True)  # fmt: skip
    for a in (win.play_action, step, slower, faster):
        play.addAction(a)
    play.addSeparator()
    play.addAction(win.rift_action)
    play.addAction(win.protocol_action)

    live = bar.addMenu("&Live")
    win.perform_action = _action(win, "Perform", ["F11", "Ctrl+F"], win.set_performing,
                                 "Full screen output on the chosen display (F11; Esc leaves)",
                                 checkable=True)  # fmt: skip
    win.record_action = _action(win, "Record", "F9", win.set_recording,
                                "Mark the start of a film; again to stop and render it (F9)",
                                checkable=True)  # fmt: skip
    snapshot = _action(win, "Snapshot preset…", "Ctrl+Shift+S", win.presets.snapshot_clicked,
                       "Save the live state as a named preset")  # fmt: skip
    next_cue = _action(win, "Next cue", "N", win.presets.next_cue,
                       "Recall the next preset of the cue list (N)")  # fmt: skip
    recalls = []
    for k in range(9):
        a = _action(win, f"Recall preset {k + 1}", f"Ctrl+{k + 1}",
                    lambda _=False, k=k: win.presets.recall_index(k))  # fmt: skip
        recalls.append(a)
    win.midi_learn_action = _action(
        win,
        "MIDI learn…",
        "Ctrl+M",
        win.midi_learn,
        "Move a control, then pick the parameter it drives",
    )
    for a in (win.perform_action, win.record_action):
        live.addAction(a)
    live.addSeparator()
    live.addAction(snapshot)
    live.addAction(next_cue)
    recall_menu = live.addMenu("Recall preset")
    recall_menu.addActions(recalls)
    live.addSeparator()
    live.addAction(win.midi_learn_action)
    _film_menu(win, live.addMenu("Film size"))

    view = bar.addMenu("&View")
    for dock in win.docks():
        view.addAction(dock.toggleViewAction())
    view.addSeparator()
    _display_menu(win, view)

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(_action(win, "Shortcuts", "F1", lambda: show_shortcuts(win)))

    toolbar = win.addToolBar("Show")
    toolbar.setObjectName("show")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for a in (win.play_action, step, None, win.rift_action, win.protocol_action, None,
              win.perform_action, win.record_action, next_cue, None, win.open_action):  # fmt: skip
        toolbar.addSeparator() if a is None else toolbar.addAction(a)
    return [win.play_action, step, slower, faster, win.rift_action, win.protocol_action,
            win.record_action, next_cue, *recalls]  # fmt: skip


def _film_menu(win: MainWindow, menu: QMenu) -> None:
    group = QActionGroup(win)
    current = win.settings.film_size
    for w, h in FILM_SIZES:
        a = QAction(f"{w}×{h}", win, checkable=True)
        a.setChecked((w, h) == current)
        a.triggered.connect(lambda _=False, s=(w, h): setattr(win.settings, "film_size", s))
        group.addAction(a)
        menu.addAction(a)


def _display_menu(win: MainWindow, view: QMenu) -> None:
    cap_menu = view.addMenu("Frame-rate cap")
    group = QActionGroup(win)
    for cap in FPS_CAPS:
        a = QAction("none" if cap == 0 else f"{cap} fps", win, checkable=True)
        a.setChecked(cap == win.fps_cap)
        a.triggered.connect(lambda _=False, c=cap: win.set_fps_cap(c))
        group.addAction(a)
        cap_menu.addAction(a)
    vsync = QAction("Vsync (perform mode; the window on next start)", win, checkable=True)
    vsync.setChecked(win.vsync)
    vsync.toggled.connect(win.set_vsync)
    view.addAction(vsync)
    win.screen_menu = view.addMenu("Perform on display")
    win.screen_menu.aboutToShow.connect(win.fill_screen_menu)


def fill_recent(win: MainWindow) -> None:
    win.recent_menu.clear()
    paths = win.settings.recent()
    for k, path in enumerate(paths):
        a = win.recent_menu.addAction(f"&{k + 1} {path.name}   ({path.parent})")
        a.triggered.connect(lambda _=False, p=path: win.open_scene(p))
    win.recent_menu.setEnabled(bool(paths))


def shortcut_lines(win: MainWindow) -> list[str]:
    """Every action with a key, as `key  what it does`, for the help and the README."""
    seen: dict[str, str] = {}
    for a in win.findChildren(QAction):
        keys = ", ".join(s.toString() for s in a.shortcuts())
        if keys and a.text():
            seen.setdefault(keys, a.text().replace("&", "").rstrip("…"))
    return [f"{k:<14} {t}" for k, t in seen.items()]


def show_shortcuts(win: MainWindow) -> None:
    box = QMessageBox(win)
    box.setWindowTitle("Shortcuts")
    box.setText("<pre>" + "\n".join(shortcut_lines(win)) + "\nEsc            Leave perform mode"
                "</pre>")  # fmt: skip
    box.exec()
