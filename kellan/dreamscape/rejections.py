"""Inputs a running show refused, counted by kind and logged at a limited rate, so a
flood of bad packets costs a counter, not a log line each."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter

log = logging.getLogger("kellan.input")
# At most one log line per kind of rejection in this many seconds.
LOG_EVERY_S = 5.0


class Rejections:
    """Counts of rejected inputs by kind, logged at a limited rate. Thread-safe."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._last_log: dict[str, float] = {}

    def add(self, kind: str, message: str, source: str = "") -> None:
        with self._lock:
            self.counts[kind] += 1
            now = time.monotonic()
            if now - self._last_log.get(kind, -1e9) >= LOG_EVERY_S:
                self._last_log[kind] = now
                total = self.counts[kind]
                log.warning("rejected %s input (%s, %d so far): %s", source or "an", kind,
                            total, message[:200])  # fmt: skip

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(sorted(self.counts.items()))
