"""The simulation off the GUI thread: a worker steps the show against the wall clock.

The numba kernels release the GIL, so while the worker steps, the GUI thread draws and
answers the mouse. The renderer asks for frames (`take`); the worker publishes a fresh
snapshot between two steps whenever one was asked for and something changed, so a frame
is always a complete step, never a half-written one.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable

from kellan.dreamscape.frame import Frame
from kellan.live.show import Show

log = logging.getLogger("kellan.worker")


class ShowWorker:
    def __init__(self, show: Show, threads: int | None = None) -> None:
        self.show = show
        self.threads = threads
        self._latest: Frame | None = None
        self._wanted = threading.Event()
        self._wanted.set()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self.error: str | None = None
        self.on_error: Callable[[str], None] | None = None
        self.published = 0
        self._published_state: tuple[int, int] = (-1, -1)
        self._thread = threading.Thread(target=self._run, name="kellan-sim", daemon=True)

    def start(self) -> ShowWorker:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def take(self) -> Frame | None:
        """The latest complete frame, and a request for the next one."""
        frame = self._latest
        self._wanted.set()
        self._wake.set()
        return frame

    def _publish_if_wanted(self) -> None:
        ds = self.show.ds
        state = (ds.frame, ds.applied_count)
        if self._wanted.is_set() and (state != self._published_state or self._latest is None):
            self._latest = ds.snapshot()
            self._published_state = state
            self.published += 1
            self._wanted.clear()

    def _run(self) -> None:
        if self.threads is not None:
            import numba  # numba's thread count is per calling thread

            numba.set_num_threads(self.threads)
        try:
            while not self._stop.is_set():
                self.show.tick()
                self._publish_if_wanted()
                wake = self.show.clock.next_step_at(self.show.ds.frame)
                delay = min(0.02, max(0.0, wake - time.monotonic()))
                self._wake.clear()
                if delay > 0:
                    self._wake.wait(delay)
        except Exception as exc:
            self.error = f"{type(exc).__name__}: {exc}"
            log.error("the simulation stopped: %s\n%s", self.error, traceback.format_exc())
            if self.on_error is not None:
                self.on_error(self.error)
