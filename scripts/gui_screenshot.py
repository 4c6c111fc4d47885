"""Screenshot the desktop app under a (virtual) X display, for the README and reviews.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/gui_screenshot.py \
        out.png [--scene SCENE] [--after SECONDS] [--osc-port PORT] [--perform]
        [--raise presets]

It opens the app on the scene, waits, and grabs the whole screen (the GL canvas
included, which a widget grab can miss).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication
from vispy import app as vispy_app

from kellan.gui.app import install_excepthook
from kellan.gui.main_window import AppOptions, MainWindow
from kellan.gui.theme import apply_dark_theme
from kellan.resources import default_scene
from kellan.scene import load_scene


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("output", type=Path)
    p.add_argument("--scene", type=Path, default=default_scene())
    p.add_argument("--after", type=float, default=6.0)
    p.add_argument("--osc-port", type=int, default=None)
    p.add_argument("--perform", action="store_true", help="grab the screen in perform mode")
    p.add_argument("--raise", dest="raise_", default=None, help="a tabbed dock to show")
    args = p.parse_args()
    qt = QApplication(sys.argv[:1])
    apply_dark_theme(qt)
    vispy_app.use_app("pyqt6")
    window = MainWindow(load_scene(args.scene), args.scene,
                        AppOptions(osc=args.osc_port is not None, osc_port=args.osc_port,
                                   perform=args.perform))  # fmt: skip
    install_excepthook(window)
    window.show()
    if args.raise_:
        getattr(window, args.raise_).raise_()

    def shoot() -> None:
        screen = qt.primaryScreen()
        assert screen is not None
        geo = screen.geometry() if args.perform else window.frameGeometry()
        screen.grabWindow(0, geo.x(), geo.y(), geo.width(), geo.height()).save(str(args.output))
        frame = window.canvas.last_frame
        at = f" at t={frame.time:.1f}s" if frame is not None else ""
        print(f"{args.output}: {geo.width()}x{geo.height()}{at}")
        window.close()
        qt.quit()

    QTimer.singleShot(int(args.after * 1000), shoot)
    return qt.exec()


if __name__ == "__main__":
    raise SystemExit(main())
