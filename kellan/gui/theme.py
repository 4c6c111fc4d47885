"""A dark theme for a dark venue: nothing in the control window should glare."""

from __future__ import annotations

from PyQt6.QtGui import QColor, QPalette
from PyQt6.QtWidgets import QApplication

BACKGROUND = QColor(20, 20, 26)
PANEL = QColor(30, 30, 38)
TEXT = QColor(214, 214, 222)
ACCENT = QColor(90, 160, 220)


def apply_dark_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: PANEL,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: BACKGROUND,
        QPalette.ColorRole.AlternateBase: PANEL,
        QPalette.ColorRole.ToolTipBase: PANEL,
        QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: PANEL,
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.BrightText: QColor(255, 120, 120),
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: QColor(10, 10, 14),
        QPalette.ColorRole.Link: ACCENT,
    }
    for role, colour in roles.items():
        p.setColor(role, colour)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):  # fmt: skip
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(110, 110, 120))
    app.setPalette(p)
    app.setStyleSheet(
        "QToolTip { color: #d6d6de; background: #1e1e26; border: 1px solid #444; }"
        "QDockWidget::title { background: #26262f; padding: 4px; }"
        "QStatusBar QLabel { padding: 0 6px; }"
    )
