"""How long an input takes to reach the picture, in the window.

    xvfb-run -a -s "-screen 0 1680x1050x24" .venv/bin/python scripts/input_latency.py \
        [--count 40] [--scene SCENE]

Opens the app, sends OSC pad messages one at a time from another socket (python-osc), and
for each notes when the canvas first draws a frame that holds it (the frame's count of
applied inputs reaches it). Prints the median and worst send-to-picture time in ms, with
the median frame interval beside it for scale.
"""

from __future__ import annotations

import argparse
import itertools
import socket
import statistics
import sys
import time
from pathlib import Path

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication
from pythonosc.udp_client import SimpleUDPClient
from vispy import app as vispy_app

from kellan.gui.main_window import AppOptions, MainWindow
from kellan.resources import default_scene
from kellan.scene import load_scene


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=40)
    p.add_argument("--scene", type=Path, default=default_scene())
    args = p.parse_args()
    qt = QApplication(sys.argv[:1])
    vispy_app.use_app("pyqt6")
    port = free_port()
    win = MainWindow(load_scene(args.scene), args.scene,
                     AppOptions(osc_port=port, keep_session=False))  # fmt: skip
    win.show()
    canvas = win.canvas
    drawn: list[tuple[float, int]] = []
    count = canvas._count_frame

    def counting(frame: object) -> None:
        count(frame)  # type: ignore[arg-type]
        drawn.append((time.perf_counter(), frame.applied))  # type: ignore[attr-defined]

    canvas._count_frame = counting  # type: ignore[method-assign]
    client = SimpleUDPClient("127.0.0.1", port)
    sent: list[tuple[float, int]] = []
    results: list[float] = []

    def send() -> None:
        if len(sent) >= args.count:
            finish()
            return
        base = drawn[-1][1] if drawn else 0
        x = -0.8 + 1.6 * (len(sent) % 2)
        sent.append((time.perf_counter(), base + 1))
        client.send_message("/kellan/participant/rhea/pad", [x, 0.0, 0.0])
        QTimer.singleShot(400, measure)

    def measure() -> None:
        t0, need = sent[-1]
        hit = next((t for t, applied in drawn if t >= t0 and applied >= need), None)
        if hit is not None:
            results.append(1000.0 * (hit - t0))
        send()

    def finish() -> None:
        gaps = [b[0] - a[0] for a, b in itertools.pairwise(drawn)][-200:]
        print(f"inputs={len(results)}/{len(sent)} send_to_picture_ms median="
              f"{statistics.median(results):.1f} max={max(results):.1f} "
              f"frame_interval_ms median={1000 * statistics.median(gaps):.1f}", flush=True)
        win.close()
        qt.quit()

    QTimer.singleShot(6000, send)  # past the start-up
    return qt.exec()


if __name__ == "__main__":
    raise SystemExit(main())
