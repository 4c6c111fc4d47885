"""Sessions: a directory that records a show so that it replays exactly.

    scene.toml     the scene as it started (its exact text)
    inputs.jsonl   every applied input, one JSON object a line: step, source, payload
    session.json   Kellan's version, the seed, the steps run, the final state hash and a
                   top-level "rejected" object of counts by kind

Every line of inputs.jsonl is flushed as it is written and fsynced at least once a
second, so a crash loses at most the last second; a session cut off that way still
replays up to its last complete line. session.json is replaced atomically.

A window that restarts its show under `--record DIR` records the first show in DIR and
each later one in DIR/part-002, DIR/part-003, ... (see part_dir): each a whole session.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kellan import __version__
from kellan.dreamscape.inputs import Applied, InputError, from_json
from kellan.files import write_text_atomic as write_atomic
from kellan.scene import Scene, SceneError, parse_scene

SESSION_VERSION = 1
SYNC_EVERY_S = 1.0
PART_PREFIX = "part-"


def part_dir(root: Path, part: int) -> Path:
    """Where show number `part` (1: the first) of a `--record root` is recorded: the first
    in root itself, so that `kellan replay root` reads it as before; each later one in a
    session folder inside it, zero-padded so that a listing sorts in show order."""
    return Path(root) if part <= 1 else Path(root) / f"{PART_PREFIX}{part:03d}"


class SessionError(Exception):
    """A session directory that cannot be written or read; one line, naming the file."""


class SessionRecorder:
    """Writes a session while a show runs; `record` is a Dreamscape listener."""

    def __init__(self, directory: Path, scene_text: str, scene: Scene) -> None:
        self.dir = Path(directory)
        if self.dir.exists() and (not self.dir.is_dir() or any(self.dir.iterdir())):
            raise SessionError(f"{self.dir}: already exists and is not an empty directory; "
                               "a session never overwrites another")  # fmt: skip
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            write_atomic(self.dir / "scene.toml", scene_text)
            self._inputs = open(self.dir / "inputs.jsonl", "a", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise SessionError(f"{self.dir}: cannot write: {exc.strerror or exc}") from None
        self.scene = scene
        self.meta: dict[str, Any] = {
            "kellan": __version__,
            "session_version": SESSION_VERSION,
            "title": scene.title,
            "seed": scene.seed,
            "step_hz": scene.dynamics.step_hz,
            "status": "running",
            "steps": 0,
            "inputs": 0,
            "final_hash": None,
            "rejected": {},
        }
        self._last_sync = time.monotonic()
        self.write_meta()

    def record(self, applied: Applied) -> None:
        self._inputs.write(json.dumps(applied.to_json(), separators=(",", ":")) + "\n")
        self._inputs.flush()
        self.meta["inputs"] += 1
        self.sync()

    def sync(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last_sync >= SYNC_EVERY_S:
            os.fsync(self._inputs.fileno())
            self._last_sync = now

    def write_meta(self, **updates: Any) -> None:
        self.meta.update(updates)
        write_atomic(self.dir / "session.json", json.dumps(self.meta, indent=2) + "\n")

    def finish(self, steps: int, final_hash: str, rejected: dict[str, int],
               extra: dict[str, Any] | None = None) -> None:  # fmt: skip
        self.sync(force=True)
        self._inputs.close()
        self.write_meta(status="complete", steps=steps, final_hash=final_hash,
                        rejected=dict(rejected), **(extra or {}))  # fmt: skip


@dataclass
class Session:
    """A recorded session as read back."""

    dir: Path
    scene_text: str
    scene: Scene
    inputs: list[Applied]
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.meta.get("status") == "complete" and isinstance(self.meta.get("steps"), int)

    @property
    def steps(self) -> int:
        """Steps to replay: all of them, or (cut off by a crash) up to the last input."""
        if self.complete:
            return int(self.meta["steps"])
        return self.inputs[-1].step if self.inputs else 0


def load_session(directory: Path) -> Session:
    """Read a session directory; SessionError (one line) when it cannot be replayed."""
    d = Path(directory)
    if not d.is_dir():
        raise SessionError(f"{d}: not a session directory")
    scene_path = d / "scene.toml"
    try:
        scene_text = scene_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SessionError(f"{scene_path}: cannot read: {exc.strerror or exc}") from None
    meta: dict[str, Any] = {}
    warnings: list[str] = []
    meta_path = d / "session.json"
    if meta_path.exists():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            warnings.append(f"{meta_path}: unreadable ({exc}); replaying from the inputs alone")
    # Mesh files named relative to the scene are found from the scene's own folder, as
    # the show found them (recorded in session.json), else from the session's.
    base = meta.get("scene_dir") if isinstance(meta, dict) else None
    try:
        scene = parse_scene(scene_text, scene_path, base if isinstance(base, str) else d)
    except SceneError as exc:
        raise SessionError(str(exc).splitlines()[0]) from None
    inputs = _read_inputs(d / "inputs.jsonl", warnings)
    return Session(d, scene_text, scene, inputs, meta if isinstance(meta, dict) else {}, warnings)


def _read_inputs(path: Path, warnings: list[str]) -> list[Applied]:
    if not path.exists():
        return []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SessionError(f"{path}: cannot read: {exc.strerror or exc}") from None
    lines = raw.split(b"\n")
    complete_end = raw.endswith(b"\n")
    out: list[Applied] = []
    last_step = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        is_last = number == len(lines) or (number == len(lines) - 1 and not lines[-1])
        try:
            data = json.loads(line)
            step = data.get("step") if isinstance(data, dict) else None
            if not isinstance(step, int) or step < last_step:
                raise InputError("bad_arguments", "needs a step that never goes back")
            event = from_json(data)
            source = str(data.get("source", "replay"))
        except (ValueError, InputError) as exc:
            if is_last and not complete_end:
                warnings.append(f"{path}:{number}: cut off mid-line (a crash); replaying the "
                                f"{len(out)} inputs before it")  # fmt: skip
                break
            raise SessionError(f"{path}:{number}: {str(exc)[:200]}") from None
        out.append(Applied(step, source, event))
        last_step = step
    return out
