"""Start the desktop app."""

from __future__ import annotations

import contextlib
import logging
import statistics
import sys
import time
from pathlib import Path
from types import TracebackType

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication
from vispy import app as vispy_app

from kellan.gui.main_window import AppOptions, MainWindow
from kellan.gui.theme import apply_dark_theme
from kellan.scene.models import Scene

log = logging.getLogger("kellan.gui")


def run(
    scene: Scene,
    scene_path: Path | None,
    quit_after: float | None = None,
    launched_at: float | None = None,
    options: AppOptions | None = None,
) -> int:
    """Open the main window and run the Qt event loop until it closes.

    `quit_after` (seconds) closes the window by itself and prints the measured start-up
    time and frame rate: the way fps is measured for the release notes.
    """
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    qt_app.setApplicationName("Kellan")
    apply_dark_theme(qt_app)
    vispy_app.use_app("pyqt6")
    window = MainWindow(scene, scene_path, options)
    install_excepthook(window)
    if launched_at is not None:
        window.canvas.created_at = launched_at
    window.show()
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), lambda: _report_and_quit(window))
    return qt_app.exec()


def install_excepthook(window: MainWindow) -> None:
    """Keep the show running when a slot raises.

    PyQt6 aborts the whole process on an exception that escapes a slot unless
    sys.excepthook is replaced: log it (with its traceback, for the developers) and show it
    in the window (for the performer), and carry on.
    """

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("unexpected error in the app", exc_info=(kind, value, tb))
        with contextlib.suppress(RuntimeError):  # the window is already gone
            window.show_error("Unexpected error", f"{kind.__name__}: {value}")

    sys.excepthook = hook


def _report_and_quit(window: MainWindow) -> None:
    canvas = window.active  # the output's canvas in perform mode
    intervals = canvas.frame_intervals()
    first = canvas.first_frame_at
    startup = (first - canvas.created_at) if first is not None else float("nan")
    median_fps = 1.0 / statistics.median(intervals) if len(intervals) else 0.0
    w, h = canvas.physical_size
    frame = canvas.last_frame
    sim_time = frame.time if frame is not None else 0.0
    # Simulated seconds over wall seconds since the first frame: 1.00 is real time.
    wall = time.perf_counter() - first if first is not None else float("nan")
    realtime = (sim_time - canvas.first_frame_time) / wall if wall and wall > 0 else 0.0
    print(
        f"frames={canvas.frames_drawn} size={w}x{h} "
        f"median_fps={median_fps:.1f} launch_to_first_frame_s={startup:.2f} "
        f"sim_time_s={sim_time:.2f} realtime={realtime:.3f}",
        flush=True,
    )
    window.close()
