"""The window's record button: the show is always recorded as a session (a few lines a
second), so the button only marks where the film starts and ends; stopping renders that
stretch to MP4 in another process, offscreen and frame-exact, with its progress in the
status bar. The show keeps running meanwhile, and a film still rendering when the window
closes is finished all the same (the process is on its own; its log is beside the film)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PyQt6.QtCore import QObject, QTimer
from PyQt6.QtWidgets import QProgressBar, QStatusBar

from kellan.live.session import part_dir

if TYPE_CHECKING:
    from kellan.gui.main_window import MainWindow

PROGRESS = re.compile(r"(\d+)/(\d+) \[")


KEEP_SESSIONS = 20  # automatic sessions kept; older ones are removed at start


def auto_session_dir(title: str) -> Path | None:
    """A new folder for the session that the window keeps of every show (so that the
    record button can film any stretch of it afterwards); the oldest beyond the last
    KEEP_SESSIONS are removed. None when the cache cannot be written."""
    import shutil

    from platformdirs import user_cache_dir

    root = Path(user_cache_dir("kellan")) / "sessions"
    try:
        root.mkdir(parents=True, exist_ok=True)
        old = sorted(p for p in root.iterdir() if p.is_dir())
        for stale in old[: max(0, len(old) - KEEP_SESSIONS + 1)]:
            shutil.rmtree(stale, ignore_errors=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = root / f"{stamp}-{_safe(title)}"
        k = 1
        while path.exists():
            k += 1
            path = root / f"{stamp}-{_safe(title)}-{k}"
        return path
    except OSError:
        return None


class SessionFolders:
    """Where each show the window runs is recorded. Under `--record DIR` every one goes
    there (the first in DIR, the later ones in DIR/part-NNN: part_dir), because a restart
    (an edit that needs a new simulation, File > Open, Reload) used to fall back to the
    cache, where only the newest sessions are kept, and DIR stopped growing without a
    word. Otherwise each show gets an automatic session (none with --no-session)."""

    def __init__(self, record: Path | None, keep: bool) -> None:
        self.record = record
        self.keep = keep
        self.part = 0  # shows started so far
        self._root_is_ours = False  # the first show was recorded in `record`

    def next(self, title: str) -> Path | None:
        """The folder for the show about to start (None: keep no session)."""
        self.part += 1
        if self.record is not None and (self.part == 1 or self._root_is_ours):
            return part_dir(self.record, self.part)
        # A DIR that refused the first show holds something else: no part goes inside it.
        return auto_session_dir(title) if self.keep else None

    def started(self, recorded: Path | None) -> str | None:
        """The show started, recorded in `recorded` (None: not recorded); returns what
        the window should say about it, if anything."""
        if self.part == 1:
            self._root_is_ours = self.record is not None and recorded is not None
        elif self._root_is_ours and recorded is not None:
            return f"this show is recorded in {recorded} (part {self.part} of --record)"
        return None


def set_recording(win: MainWindow, on: bool) -> None:
    """The record button: mark where the film starts, or end it and render it from the
    show's session; the button's check follows what really happened."""
    frame = win.latest_frame()
    step = frame.step if frame is not None else win.dreamscape.frame
    rec = win.recorder
    if on and not rec.recording:
        if win.session_dir is None:
            win.record_action.setChecked(False)
            win.show_error(
                "Recording",
                "This show keeps no session to film from "
                "(--record could not be written, or sessions are off).",
            )
            return
        rec.start(step)
    elif not on and rec.recording:
        assert win.session_dir is not None
        rec.stop(win.session_dir, step, win.file_scene.title, win.settings.film_size)
    if win.record_action.isChecked() != rec.recording:
        win.record_action.blockSignals(True)
        win.record_action.setChecked(rec.recording)
        win.record_action.blockSignals(False)
    win.status.refresh()


def _safe(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", title).strip("-").lower()[:40] or "kellan"


def videos_dir() -> Path:
    from platformdirs import user_videos_dir

    path = Path(user_videos_dir())
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        path = Path.home()
    return path


class RecordControl(QObject):
    """Marks where a film starts and ends, and renders it in the background."""

    def __init__(self, status: QStatusBar, report: Callable[[str, str], None]) -> None:
        super().__init__()
        self.status = status
        self.report = report
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(160)
        self.bar.setFormat("film %p%")
        self.bar.hide()
        status.addPermanentWidget(self.bar)
        self.start_step: int | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.output: Path | None = None
        self.log: Path | None = None
        self.finished: list[tuple[Path, int]] = []  # (film, exit code) of each render
        self._poll = QTimer(self)
        self._poll.timeout.connect(self._check)

    @property
    def recording(self) -> bool:
        return self.start_step is not None

    @property
    def rendering(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, step: int) -> None:
        self.start_step = step
        self.status.showMessage("Recording… (F9 again stops and renders the film)", 4000)

    def stop(self, session: Path, step: int, title: str, size: tuple[int, int],
             output: Path | None = None) -> Path | None:  # fmt: skip
        """Render the marked stretch of `session` to MP4; returns the file it writes.
        One film renders at a time: stopping while one renders says so and keeps the
        mark, to be stopped again later."""
        if self.start_step is None:
            return None
        if self.rendering:
            self.report(
                "Recording",
                "The previous film is still rendering: stop again once "
                "it is written (the film keeps everything since the mark).",
            )
            return None
        first, self.start_step = self.start_step, None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.output = output or videos_dir() / f"{_safe(title)}-{stamp}.mp4"
        self.log = self.output.with_suffix(".log")
        w, h = size
        args = [sys.executable, "-m", "kellan", "record", "--session", str(session),
                "--from-step", str(first), "--to-step", str(max(step, first)),
                "--size", f"{w - w % 2}x{h - h % 2}", "-o", str(self.output)]  # fmt: skip
        try:
            with open(self.log, "wb") as log:
                self.proc = subprocess.Popen(args, stdout=log, stderr=log,
                                             stdin=subprocess.DEVNULL,
                                             start_new_session=True)  # fmt: skip
        except OSError as exc:
            self.report("Recording failed", f"{self.output}: {exc.strerror or exc}")
            return None
        self.bar.setRange(0, 0)
        self.bar.show()
        self._poll.start(250)
        return self.output

    def _tail(self) -> str:
        try:
            with open(self.log or "", "rb") as fh:
                fh.seek(max(0, fh.seek(0, 2) - 4000))
                return fh.read().decode(errors="replace")
        except OSError:
            return ""

    def _check(self) -> None:
        text = self._tail()
        found = PROGRESS.findall(text)
        if found:
            done, total = found[-1]
            self.bar.setRange(0, int(total))
            self.bar.setValue(int(done))
        if self.proc is None or self.proc.poll() is None:
            return
        code = self.proc.returncode
        self._poll.stop()
        self.bar.hide()
        assert self.output is not None
        self.finished.append((self.output, code))
        if code == 0:
            self.status.showMessage(f"Film written: {self.output}", 15000)
            if self.log is not None:
                self.log.unlink(missing_ok=True)
        else:
            lines = [ln for ln in text.replace("\r", "\n").splitlines() if ln.strip()]
            self.report(
                "Recording failed",
                f"kellan record exited with {code}: "
                + (lines[-1] if lines else "no message")
                + f" (log: {self.log})",
            )

    def shutdown(self) -> None:
        """The window closes: a film being rendered finishes on its own."""
        self._poll.stop()
