"""The control window on its screen: a first size that fits the screen's free area, and a
frame kept inside it once the window manager's borders are known. The window asked for
1680x1000 whatever the screen: on 1366x768 its transport and plots were off the bottom."""

from __future__ import annotations

from PyQt6.QtCore import QRect
from PyQt6.QtWidgets import QMainWindow

# Menu, toolbar, docks and status bar around a canvas of about 960x540.
WANTED_WIDTH, WANTED_HEIGHT = 1680, 1000
# Title bar and borders, before the window manager says how big they are.
FRAME_ALLOWANCE_W, FRAME_ALLOWANCE_H = 16, 48


def _free_area(window: QMainWindow) -> QRect:
    screen = window.screen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def place_first(window: QMainWindow) -> None:
    """The first size and place: as wanted, or the screen's free area where that is less,
    centred in it."""
    free = _free_area(window)
    width = min(WANTED_WIDTH, free.width() - FRAME_ALLOWANCE_W)
    height = min(WANTED_HEIGHT, free.height() - FRAME_ALLOWANCE_H)
    window.resize(width, height)
    window.move(free.x() + (free.width() - width - FRAME_ALLOWANCE_W) // 2,
                free.y() + (free.height() - height - FRAME_ALLOWANCE_H) // 2)  # fmt: skip


def keep_on_screen(window: QMainWindow) -> None:
    """Pull a shown window's frame back inside its screen's free area, shrinking it where it
    must (not below its minimum): a larger screen's saved layout, or borders bigger than
    allowed for, could leave the bottom docks out of reach."""
    if window.isFullScreen() or window.isMaximized():
        return
    free = _free_area(window)
    frame = window.frameGeometry()
    if free.contains(frame):
        return
    border_w = frame.width() - window.width()
    border_h = frame.height() - window.height()
    least = window.minimumSizeHint()
    width = max(least.width(), min(window.width(), free.width() - border_w))
    height = max(least.height(), min(window.height(), free.height() - border_h))
    window.resize(width, height)
    x = max(free.x(), min(frame.x(), free.x() + free.width() - width - border_w))
    y = max(free.y(), min(frame.y(), free.y() + free.height() - height - border_h))
    window.move(x, y)
