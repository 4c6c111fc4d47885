"""Atomic writes for traces (the shared writer is kellan.files), and the temporaries a
killed writer can leave behind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

from kellan.files import fsync_dir, write_with_atomic

__all__ = ["fsync_dir", "stale_temporaries", "write_atomic"]


def write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write through `write(file)`, atomically, making the folder first (the traces'
    folder under the user's data directory may not exist yet)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_with_atomic(path, write)


def stale_temporaries(path: Path) -> list[Path]:
    """Temporary files a killed writer of `path` left behind."""
    return sorted(Path(path).parent.glob(f".{Path(path).name}.*.tmp"))
