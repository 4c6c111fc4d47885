"""Presets and cues: named snapshots of the live state, recalled with a crossfade.

A preset holds the participants' moods (by id), the protocol switch, the camera as it is
seen, and every number of the scene that can change live and has bounds (the dynamics,
the protocol, each fractal's and each sculpture's look, the render's and the poetry's
numbers: the scene model says which, kellan.dreamscape.params.live_numbers). It is saved
beside the scene, in `<scene>.presets.json` (written atomically). Recalling one sends
input events like any other source (moods glide with the crossfade as their ramp;
numbers, the camera's too, are stepped along the way), so a recorded session, and a film
re-rendered from it, replays a recall exactly. Numbers a preset lacks (a file from an
older version, or a fractal added since) stay as they are; numbers the scene lacks (a
sculpture removed since) are skipped. A cue list steps through presets in order.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kellan.dreamscape.frame import Frame
from kellan.dreamscape.inputs import InputEvent, ProtocolSwitch, SetEmotion, SetParam
from kellan.dreamscape.params import live_numbers, split_path
from kellan.files import write_text_atomic

CAMERA = ("azimuth", "elevation", "distance")
VERSION = 1


class PresetError(Exception):
    """A presets file that cannot be read or written; one line naming it."""


@dataclass
class Preset:
    name: str
    moods: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    protocol: bool | None = None
    camera: dict[str, float] = field(default_factory=dict)


def scene_number(scene: Any, path: str) -> float | int | None:
    """A numeric field of a scene by its path (`fractals[0].zoom`), None if absent. A
    whole number stays an int: the scene's ints are strict, and a recall must step them
    as ints."""
    node: Any = scene
    for token in split_path(path):
        if token.isdigit():
            # A hand-edited file may index something that is not a list: skip it.
            if not isinstance(node, tuple | list) or int(token) >= len(node):
                return None
            node = node[int(token)]
        else:
            node = getattr(node, token, None)
        if node is None:
            return None
    if isinstance(node, bool) or not isinstance(node, int | float):
        return None
    return node


def snapshot(name: str, frame: Frame, camera: Any) -> Preset:
    """The live state of `frame` (and the window's camera) as a preset."""
    # The camera's place is taken from the view (the mouse's orbit included), below.
    view = {f"camera.{k}" for k in CAMERA}
    numbers = {p: v for p, v in live_numbers(frame.scene).items() if p not in view}
    return Preset(
        name=name,
        moods={p.id: tuple(round(v, 4) for v in p.target) for p in frame.people},
        numbers=numbers,
        protocol=frame.protocol_on,
        camera={k: float(getattr(camera, k)) for k in CAMERA},
    )


def mood_events(preset: Preset, present: set[str], crossfade: float) -> list[InputEvent]:
    """The moods and the protocol of a preset, as inputs: moods glide over the crossfade.
    People the preset does not know keep their mood; people it knows who are not here
    are skipped."""
    out: list[InputEvent] = [
        SetEmotion(pid, pad=pad, ramp=crossfade) for pid, pad in preset.moods.items()
        if pid in present
    ]  # fmt: skip
    if preset.protocol is not None:
        out.append(ProtocolSwitch(preset.protocol))
    return out


def targets(preset: Preset, view: dict[str, float]) -> dict[str, float]:
    """Every number a recall moves, by scene path: the preset's numbers and its camera
    (`camera.azimuth`, ...). The azimuth is taken the short way round from `view`, the
    camera as it is seen now."""
    out = dict(preset.numbers)
    for k, v in preset.camera.items():
        if k == "azimuth" and k in view:
            a = view[k]
            v = a + ((v - a + 180.0) % 360.0 - 180.0)
        out[f"camera.{k}"] = v
    return out


def number_events(start: dict[str, float], goal: dict[str, float], f: float) -> list[InputEvent]:
    """The numbers of `goal` a fraction f (0..1) of the way from `start`, eased (slow
    in, slow out), as inputs. Numbers already at their goal send nothing (a preset holds
    dozens; most do not move), and ints in `start` step as ints."""
    ease = 0.5 - 0.5 * math.cos(math.pi * min(max(f, 0.0), 1.0))
    out: list[InputEvent] = []
    for path, value in goal.items():
        a = start.get(path, value)
        if a == value:
            continue
        step = a + (value - a) * ease
        out.append(SetParam(path, round(step) if isinstance(a, int) else round(step, 6)))
    return out


def presets_path(scene_path: Path) -> Path:
    return scene_path.with_name(scene_path.stem + ".presets.json")


def load_presets(path: Path) -> tuple[list[Preset], list[str]]:
    """(presets, cue list) from a presets file; an absent file is none of either."""
    if not path.exists():
        return [], []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        presets = [Preset(name=str(p["name"]),
                          moods={k: tuple(map(float, v)) for k, v in p.get("moods", {}).items()},
                          numbers={k: float(v) for k, v in p.get("numbers", {}).items()},
                          protocol=p.get("protocol"),
                          camera={k: float(v) for k, v in p.get("camera", {}).items()})
                   for p in data.get("presets", [])]  # fmt: skip
        cues = [str(c) for c in data.get("cues", [])]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PresetError(f"{path}: not a presets file ({str(exc)[:120]})") from None
    return presets, cues


def save_presets(path: Path, presets: list[Preset], cues: list[str]) -> None:
    data = {
        "kellan_presets": VERSION,
        "presets": [
            {"name": p.name, "moods": {k: list(v) for k, v in p.moods.items()},
             "numbers": p.numbers, "protocol": p.protocol, "camera": p.camera}
            for p in presets
        ],
        "cues": cues,
    }  # fmt: skip
    try:
        write_text_atomic(path, json.dumps(data, indent=2) + "\n")
    except OSError as exc:
        raise PresetError(f"{path}: cannot write: {exc.strerror or exc}") from None
