"""Write still images atomically: a still or a frame is never left half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

# The extension names the format; anything else is refused rather than written as PNG
# bytes under a misleading name.
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".tif": "TIFF",
           ".tiff": "TIFF"}  # fmt: skip


class ImageFormatError(ValueError):
    """The output file name asks for a format Kellan does not write."""


def image_format(path: Path) -> str:
    """The PIL format for `path`'s extension, or ImageFormatError naming the choices."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        choices = ", ".join(sorted(FORMATS))
        raise ImageFormatError(
            f"{path}: cannot tell the image format from {Path(path).suffix or 'no extension'!r};"
            f" use one of {choices}"
        )
    return fmt


def write_image(path: Path, rgba: np.ndarray) -> None:
    """Write an RGBA uint8 image in the format its extension names, atomically."""
    path = Path(path)
    fmt = image_format(path)
    image = Image.fromarray(rgba)
    if fmt == "JPEG":
        image = image.convert("RGB")  # JPEG has no alpha channel
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            image.save(fh, format=fmt, **({"quality": 95} if fmt == "JPEG" else {}))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_png(path: Path, rgba: np.ndarray) -> None:
    """Write a PNG atomically (any extension)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            Image.fromarray(rgba).save(fh, format="PNG")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
