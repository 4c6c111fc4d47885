"""The main window's docks: scene and inspector, transport, stats, plots, presets; and
their first layout (the window keeps the performer's own in QSettings afterwards)."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QDockWidget, QFrame, QMainWindow, QScrollArea, QWidget

# The least height a scrolling part of a dock asks for: a few rows show, the rest scroll.
# Their whole height as a minimum made the window taller than a 1080p screen (1145 px).
SCROLL_MIN_HEIGHT = 90


def scrolling(body: QWidget, fixed_width: bool = False) -> QScrollArea:
    """`body` in a frameless scroll area that grows with it (it looks the same when there
    is room) but asks for SCROLL_MIN_HEIGHT only. With `fixed_width` it never scrolls
    sideways and keeps the body's own least width (the stats elide their values instead)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    area.setMinimumHeight(SCROLL_MIN_HEIGHT)
    if fixed_width:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = area.verticalScrollBar().sizeHint().width()
        area.setMinimumWidth(body.minimumSizeHint().width() + bar)
    return area


def arrange_docks(window: QMainWindow, left: list[QDockWidget], right: list[QDockWidget],
                  bottom: list[QDockWidget]) -> None:  # fmt: skip
    """The first layout: the scene above the stats on the left; the participants with the
    presets tabbed behind them on the right; the transport beside the plots at the bottom.
    Sized so that the canvas keeps the most room."""
    areas = Qt.DockWidgetArea
    for dock in left:
        window.addDockWidget(areas.LeftDockWidgetArea, dock)
    window.splitDockWidget(left[0], left[1], Qt.Orientation.Vertical)
    for dock in right:
        window.addDockWidget(areas.RightDockWidgetArea, dock)
    window.tabifyDockWidget(right[0], right[1])
    right[0].raise_()
    for dock in bottom:
        window.addDockWidget(areas.BottomDockWidgetArea, dock)
    window.splitDockWidget(bottom[0], bottom[1], Qt.Orientation.Horizontal)
    window.resizeDocks([left[0], right[0]], [300, 330], Qt.Orientation.Horizontal)
    window.resizeDocks([bottom[0]], [230], Qt.Orientation.Vertical)
    window.resizeDocks(bottom, [420, 900], Qt.Orientation.Horizontal)
