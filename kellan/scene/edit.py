"""Change a scene file in place, keeping the artist's layout and comments (tomlkit).

What the app writes back into a scene (MIDI mappings learned live) is validated first,
then written atomically: a temporary file beside it, fsync, rename.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import tomlkit

from kellan.scene.loader import parse_scene, read_scene_text
from kellan.scene.models import MidiMap


def write_text_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_midi_mappings(path: Path, mappings: tuple[MidiMap, ...]) -> None:
    """Replace the scene's [[live.midi]] tables with `mappings`; everything else in the
    file (comments, order, spacing) stays as it was. SceneError if the result would not
    load."""
    path = Path(path)
    doc = tomlkit.parse(read_scene_text(path))
    live = doc.get("live")
    if live is None:
        live = tomlkit.table()
        doc["live"] = live
    tables = tomlkit.aot()
    for m in mappings:
        t = tomlkit.table()
        data: dict[str, Any] = m.model_dump(exclude_none=True)
        for key in ("cc", "channel", "target", "min", "max"):
            if key in data:
                t[key] = data[key]
        tables.append(t)
    if mappings:
        live["midi"] = tables
    elif "midi" in live:
        del live["midi"]
    text = tomlkit.dumps(doc)
    parse_scene(text, path)  # never write a scene that would not load
    write_text_atomic(path, text)
