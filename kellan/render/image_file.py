"""Write still images atomically: a still or a frame is never left half-written."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from kellan.files import atomic_open

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
    with atomic_open(path, "wb") as fh:
        image.save(fh, format=fmt, **({"quality": 95} if fmt == "JPEG" else {}))


def write_png(path: Path, rgba: np.ndarray) -> None:
    """Write a PNG atomically (any extension)."""
    path = Path(path)
    with atomic_open(path, "wb") as fh:
        Image.fromarray(rgba).save(fh, format="PNG")
