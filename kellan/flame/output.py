"""Write images atomically: a PNG is never left half-written, even on a crash."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import numpy as np


def write_png(path: Path, rgba: np.ndarray) -> None:
    """Encode, write to a temporary file beside `path`, fsync, then rename over it."""
    from PIL import Image  # imported here: only the writing of a file needs it

    # An opaque image goes out as RGB: a quarter less to compress. Level 3 compresses
    # about 3x faster than zlib's default 6, for files about 10% larger.
    pixels = rgba[..., :3] if rgba.shape[-1] == 4 and bool(np.all(rgba[..., 3] == 255)) else rgba
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels)).save(buf, format="PNG", compress_level=3)
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(buf.getbuffer())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
