"""Change a scene file in place, keeping the artist's layout and comments (tomlkit).

What the app writes back into a scene (MIDI mappings learned live) is validated first,
then written atomically: a temporary file beside it, fsync, rename.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomlkit

from kellan.files import write_text_atomic
from kellan.scene.loader import parse_scene, read_scene_text
from kellan.scene.models import MidiMap


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
