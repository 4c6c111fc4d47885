"""Traces that outlive a show: restored when it starts, saved while it runs and when it
ends, so a sculpture keeps what every earlier show left on it.

Where they are kept: kellan.sculpture.trace_store (the user's data folder, one file per
scene, or `--state DIR`). Saving runs on the simulation thread between steps, at most
once a minute, and writes atomically; a file that cannot be read is set aside and
reported, never overwritten.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kellan.dreamscape import Dreamscape
from kellan.sculpture.trace_store import TraceStore, scene_key

log = logging.getLogger("kellan.traces")
SAVE_EVERY_S = 60.0


def store_for(ds: Dreamscape, state_dir: Path | None) -> TraceStore:
    scene = ds.scene
    return TraceStore(scene_key(scene.title, scene.seed, [s.id for s in scene.sculptures]),
                      state_dir)  # fmt: skip


def restore_traces(ds: Dreamscape, store: TraceStore) -> list[str]:
    """Put the saved traces on the show's sculptures; the warnings, one line each."""
    items = [s for s in ds.sculptures.items if s.traces is not None]
    if not items:
        return []
    loaded = store.load({s.spec.id: s.traces.n_vertices for s in items if s.traces})
    for s in items:
        saved = loaded.traces.get(s.spec.id)
        if saved is not None:
            s.traces = saved
    for pid, rgb in loaded.hues.items():
        ds.trace_colours.setdefault(pid, rgb)
    ds.sculptures.paint(ds.trace_colours)
    for w in loaded.warnings:
        log.warning("%s", w)
    return list(loaded.warnings)


class TraceKeeper:
    """Restores, and now and then saves, one show's traces."""

    def __init__(self, ds: Dreamscape, state_dir: Path | None) -> None:
        self.ds = ds
        self.store = store_for(ds, state_dir)
        self._last_save: float | None = None
        self.enabled = any(s.traces is not None for s in ds.sculptures.items)

    def restore(self) -> list[str]:
        return restore_traces(self.ds, self.store) if self.enabled else []

    def maybe_save(self, now: float) -> None:
        if not self.enabled:
            return
        if self._last_save is None:
            self._last_save = now
        elif now - self._last_save >= SAVE_EVERY_S:
            self._last_save = now
            for w in self.save():
                log.warning("%s", w)

    def save(self) -> list[str]:
        """Write the traces now; a failure is reported (one line) and the show goes on."""
        if not self.enabled:
            return []
        traces = {s.spec.id: s.traces for s in self.ds.sculptures.items if s.traces is not None}
        try:
            self.store.save(traces, self.ds.trace_colours)
        except OSError as exc:
            return [f"{self.store.path}: traces not saved: {exc.strerror or exc}"]
        return []
