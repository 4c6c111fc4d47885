"""A show: a Dreamscape with its live inputs, its clock and its recording.

The same object runs headless (`kellan play --headless`), behind the window (on the
simulation worker thread) and on render nodes. It owns what talks to the outside world
(the OSC server, OSC output, MIDI) and the session recorder; the Dreamscape itself only
ever sees typed input events at step boundaries.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kellan.dreamscape import Dreamscape
from kellan.live.clock import ShowClock
from kellan.live.midi import MidiControl
from kellan.live.osc import OscServer
from kellan.live.osc_out import OscSender
from kellan.live.session import SessionRecorder
from kellan.live.traces import TraceKeeper
from kellan.poetry.anthology import Anthology, MeasuresLog
from kellan.scene import Scene

log = logging.getLogger("kellan.show")


@dataclass
class ShowOptions:
    osc: bool = True  # listen for OSC (the scene's [live.osc] can switch it off too)
    osc_host: str | None = None  # override the scene's host
    osc_port: int | None = None  # override the scene's port
    midi: bool = True
    record: Path | None = None  # session directory to write
    extra_meta: dict[str, object] = field(default_factory=dict)
    scene_dir: Path | None = None  # the scene file's folder (mesh paths, in the session)
    traces: bool = True  # gather sculpture traces, restore and save them
    state_dir: Path | None = None  # where traces are kept (default: the user's data folder)


class Show:
    """Steps a Dreamscape in real time (or as fast as it can) with every live source."""

    def __init__(self, scene: Scene, scene_text: str, options: ShowOptions | None = None,
                 dreamscape: Dreamscape | None = None) -> None:  # fmt: skip
        opts = options or ShowOptions()
        self.scene = scene
        self.ds = dreamscape or Dreamscape(scene, traces=opts.traces)
        self.warnings: list[str] = []
        self.traces = TraceKeeper(self.ds, opts.state_dir) if opts.traces else None
        if self.traces is not None:
            self.warnings += self.traces.restore()
        self.clock = ShowClock(scene.dynamics.step_hz)
        self.recorder: SessionRecorder | None = None
        self.anthology: Anthology | None = None
        self.measures_log: MeasuresLog | None = None
        self.osc: OscServer | None = None
        self.osc_out: OscSender | None = None
        self.midi: MidiControl | None = None
        self.stop_requested = threading.Event()
        self.steps_run = 0
        self.wall_started: float | None = None
        live = scene.live
        try:
            if opts.osc and live.osc.enabled:
                host = opts.osc_host or live.osc.host
                port = opts.osc_port if opts.osc_port is not None else live.osc.port
                self.osc = OscServer(self.ds, host, port).start()
            if live.osc_out.enabled:
                self.osc_out = OscSender(live.osc_out.host, live.osc_out.port, live.osc_out.rate)
        except OSError:
            self.close_io()
            raise
        # The session folder last: a taken OSC port (above) must not leave it holding a
        # session that never ran, which would refuse the retry without OSC.
        if opts.record is not None:
            try:
                self.recorder = SessionRecorder(opts.record, scene_text, scene)
            except BaseException:
                self.close_io()
                raise
            if opts.scene_dir is not None:
                self.recorder.write_meta(scene_dir=str(Path(opts.scene_dir).resolve()))
            self.ds.listeners.append(self.recorder.record)
            self._keep_poetry(opts.record)
        self.midi = MidiControl(self.ds, live.midi)
        if opts.midi:
            self.midi.open_all()
        self._extra = dict(opts.extra_meta)

    def _keep_poetry(self, directory: Path) -> None:
        """Every verse into the session's anthology.md as it comes (each write atomic:
        a kill loses nothing already written), the measures into measures.jsonl."""
        self.anthology = Anthology(directory, self.scene.title)
        self.measures_log = MeasuresLog(directory)
        poet = self.ds.poet
        poet.verse_listeners.append(lambda verse, _n: self.anthology.add(verse))
        poet.measure_listeners.append(self.measures_log.sample)

    # -- stepping ------------------------------------------------------------------------
    def tick(self, now: float | None = None, max_steps: int | None = None) -> int:
        """Run the steps that are due now; returns how many ran."""
        now = time.monotonic() if now is None else now
        if self.wall_started is None:
            self.wall_started = now
        t = self.ds.transport
        due = self.clock.due(now, self.ds.frame, t.playing, t.speed)
        if not t.playing and t.single_steps:
            due, t.single_steps = t.single_steps, 0
        if max_steps is not None:
            due = min(due, max_steps)
        if due == 0 and not t.playing:
            # Paused: inputs still take effect (a pad moves, a join arrives) at the
            # boundary of the step that will come next.
            self.ds.boundary()
        for _ in range(due):
            self.ds.step(1)
        self.steps_run += due
        if self.traces is not None:
            self.traces.maybe_save(now)
        if self.osc_out is not None:
            self.osc_out.maybe_send(self.ds, now)
        return due

    def run(self, duration: float, fast: bool = False, progress: bool = False) -> None:
        """Run until `duration` seconds of show time have passed (or stop() is called).

        Paced to the wall clock, or with `fast` as fast as the machine goes."""
        total = round(duration * self.scene.dynamics.step_hz)
        if fast:
            while self.ds.frame < total and not self.stop_requested.is_set():
                self.ds.step(min(60, total - self.ds.frame))
            return
        while self.ds.frame < total and not self.stop_requested.is_set():
            self.tick(max_steps=total - self.ds.frame)
            wake = self.clock.next_step_at(self.ds.frame)
            delay = min(0.05, max(0.0, wake - time.monotonic()))
            if delay > 0:
                self.stop_requested.wait(delay)

    def stop(self) -> None:
        self.stop_requested.set()

    # -- ending --------------------------------------------------------------------------
    def rejected(self) -> dict[str, int]:
        return self.ds.rejected.snapshot()

    def close_io(self) -> None:
        if self.osc is not None:
            self.osc.stop()
            self.osc = None
        if self.midi is not None:
            self.midi.close()

    def finish(self) -> str:
        """Stop listening, seal the session, and return the final state hash."""
        self.close_io()
        if self.traces is not None:
            self.warnings += self.traces.save()
        digest = self.ds.digest()
        if self.measures_log is not None:
            self.measures_log.close()
            self.measures_log = None
        if self.recorder is not None:
            extra = {"superseded": self.ds.superseded, **self._extra}
            self.recorder.finish(self.ds.frame, digest, self.rejected(), extra)
            self.recorder = None
        return digest
