"""Files that hold a user's work (scenes, presets, sessions, stills, anthologies, traces)
are written atomically: into a temporary file beside the target, flushed and fsynced,
renamed over it (os.replace is atomic on one file system), and the folder fsynced so
that the rename survives a power cut too. A kill at any moment leaves the old file or the
new one, never half of either (at worst a stray `.NAME.*.tmp` beside it).

The new file keeps the permissions of the one it replaces (a scene saved by MIDI learn
stays readable by whoever could read it), and a new file gets the usual ones (0666 less
the umask), not mkstemp's private 0600.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any


def _umask() -> int:
    # Read without changing it (os.umask sets it, which would race other threads).
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "wb", **kwargs: Any) -> Iterator[IO[Any]]:
    """`with atomic_open(path, "w", encoding="utf-8") as fh:` writes `path` atomically;
    an exception inside the block leaves the old file untouched."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(folder)


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def write_bytes_atomic(path: Path, data: bytes | bytearray | memoryview) -> None:
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def write_with_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write through `write(file)` (an encoder that takes a binary file)."""
    with atomic_open(path, "wb") as fh:
        write(fh)
