"""Perform mode: the output goes full screen, with no chrome, on a chosen display, while
the control window (docks, pads) stays where it is. Esc (or F11) brings it back.

The output is a second canvas in a window of its own rather than the control window's
canvas moved: a GL widget that changes top-level window loses its context, and with it
every texture and program. While performing, the control window's canvas stops drawing,
so the machine draws one picture, not two.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QScreen
from PyQt6.QtWidgets import QMenu, QVBoxLayout, QWidget

from kellan.render.canvas import DreamCanvas

if TYPE_CHECKING:
    from kellan.gui.main_window import MainWindow


def pick_screen(choice: str | None) -> QScreen | None:
    """A display by index ("1") or by name (as Qt reports it); by default the last one,
    so that with two displays the control window keeps the first."""
    screens = QGuiApplication.screens()
    if not screens:
        return None
    if choice is None or choice == "":
        return screens[-1]
    if choice.isdigit():
        return screens[int(choice)] if int(choice) < len(screens) else None
    for s in screens:
        if choice in (s.name(), s.model(), s.manufacturer() + " " + s.model()):
            return s
    return None


def screen_names() -> list[str]:
    """The displays as Qt reports them: `0: HDMI-1 1920x1080`."""
    return [f"{k}: {s.name()} {s.geometry().width()}x{s.geometry().height()}"
            for k, s in enumerate(QGuiApplication.screens())]  # fmt: skip


class PerformWindow(QWidget):
    """A bare, full-screen window with its own canvas on the chosen display."""

    def __init__(self, canvas: DreamCanvas, on_leave: Callable[[], None],
                 leave_keys: tuple[str, ...] = ("Esc", "F11")) -> None:  # fmt: skip
        super().__init__(None, Qt.WindowType.FramelessWindowHint)
        self.setWindowTitle("Kellan — perform")
        self.canvas = canvas
        self.on_leave = on_leave
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(canvas.native)
        self.setStyleSheet("background: black;")
        self.setCursor(Qt.CursorShape.BlankCursor)  # no pointer over the audience's picture
        self.leave_action = QAction("Leave perform mode", self)
        self.leave_action.setShortcuts([QKeySequence(k) for k in leave_keys])
        self.leave_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.leave_action.triggered.connect(self.on_leave)
        self.addAction(self.leave_action)
        self._leaving = False

    def show_on(self, screen: QScreen) -> None:
        self.setGeometry(screen.geometry())
        self.create()
        handle = self.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        self.showFullScreen()
        self.canvas.native.setFocus()

    def close_output(self) -> None:
        """Close for good (perform mode ends): stop drawing first."""
        self._leaving = True
        self.canvas.stop()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closed by the window manager (not by leaving): leave perform mode properly.
        if not self._leaving:
            self._leaving = True
            self.canvas.stop()
            self.on_leave()
        super().closeEvent(event)


class PerformControl:
    """Takes the window's output into perform mode and back."""

    def __init__(self, win: MainWindow) -> None:
        self.win = win
        self.window: PerformWindow | None = None

    def set(self, on: bool) -> None:
        if on and self.window is None:
            self.enter()
        elif not on and self.window is not None:
            self.leave()

    def enter(self, screen_choice: str | None = None) -> bool:
        win = self.win
        choice = screen_choice or win.options.screen or win.settings.screen
        screen = pick_screen(choice)
        if screen is None:
            win.perform_action.setChecked(False)
            win.show_error("Perform mode", f"No display {choice!r}. Displays: "
                           + "; ".join(screen_names()))  # fmt: skip
            return False
        assert win.worker is not None
        canvas = DreamCanvas(win.canvas.scene, win.worker.take, win.options.particles,
                             app="pyqt6", show=False, vsync=win.vsync)  # fmt: skip
        canvas.share_view(win.canvas)
        canvas.set_fps_cap(win.fps_cap)
        canvas.on_error = win._on_render_error
        self.window = PerformWindow(canvas, self.leave)
        self.window.addActions(win.perform_actions)
        win.canvas.stop()
        win.canvas.native.hide()
        g = screen.geometry()
        win.performing_label.setText(f"Performing on {screen.name()} ({g.width()}×{g.height()})"
                                     "\nEsc or F11 on either window returns")  # fmt: skip
        win.performing_label.show()
        self.window.show_on(screen)
        if not win.perform_action.isChecked():
            win.perform_action.setChecked(True)
        return True

    def leave(self) -> None:
        output, self.window = self.window, None
        if output is None:
            return
        win = self.win
        win.canvas.share_view(output.canvas)
        output.close_output()
        output.deleteLater()
        win.performing_label.hide()
        win.canvas.native.show()
        win.canvas.resume()
        if win.perform_action.isChecked():
            win.perform_action.setChecked(False)
        win.activateWindow()

    def fill_screen_menu(self, menu: QMenu) -> None:
        menu.clear()
        win = self.win
        current = win.options.screen or win.settings.screen
        for label in ["last (default)", *screen_names()]:
            key = None if label.startswith("last") else label.split(":")[0]
            a = menu.addAction(label)
            a.setCheckable(True)
            a.setChecked(key == current)
            a.triggered.connect(lambda _=False, k=key: self.choose_screen(k))

    def choose_screen(self, key: str | None) -> None:
        self.win.options.screen = key
        self.win.settings.screen = key
