"""Hot reload: the scene file (and the shaders) are watched; an edit applies within a
second, keeping the show running wherever the change allows.

- A change that only retunes the show (a colour, a force, the protocol, a fractal's
  look) is applied live, field by field, as SetParam inputs: nothing restarts.
- A change of what the show is made of (particle count, seed, grid, world, the people,
  sculptures' shapes or guides, the timeline) restarts it from the new scene.
- A broken edit keeps the last good version running, and the window shows the error
  (file, line, message) until the file is fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QFileSystemWatcher, QObject, QTimer

from kellan.dreamscape.inputs import InputEvent, SetParam
from kellan.dreamscape.params import is_live
from kellan.resources import shaders_dir
from kellan.scene import Scene, SceneError, load_scene

DEBOUNCE_MS = 150


def leaves(data: Any, prefix: str = "") -> dict[str, Any]:
    """Every scalar of a scene's data by its dotted path ("fractals[0].zoom")."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(leaves(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(data, list | tuple) and not all(isinstance(v, int | float) for v in data):
        for k, v in enumerate(data):
            out.update(leaves(v, f"{prefix}[{k}]"))
    else:
        out[prefix] = data
    return out


def needs_restart(path: str) -> bool:
    """Whether a change at `path` makes a new show (not a retune of this one)."""
    if path.startswith("participants"):
        return not path.endswith((".hue", ".name"))
    return not is_live(path) or path.startswith(("live.osc", "live.midi"))


def plan(old: Scene, new: Scene) -> list[InputEvent] | None:
    """The live inputs that turn `old` into `new`, or None when only a restart can."""
    a, b = leaves(old.model_dump(by_alias=True)), leaves(new.model_dump(by_alias=True))
    if a.keys() != b.keys():
        return None
    events: list[InputEvent] = []
    for path, value in b.items():
        if a[path] == value or path in ("title", "schema"):
            continue
        if needs_restart(path) or isinstance(value, list | tuple):
            return None  # a whole vector (a camera target) is cheap enough to restart
        if path.startswith("participants["):
            k = int(path[len("participants[") : path.index("]")])
            path = f"participants.{new.participants[k].id}.{path.rsplit('.', 1)[-1]}"
        events.append(SetParam(path, value))
    return events


# Fields the renderer sets up once (its programs and meshes): a change rebuilds the GL
# side, the simulation runs on.
RENDERER_FIELDS = ("render.particles", "render.scale")


def renderer_changes(old: Scene, new: Scene) -> bool:
    """Whether the change from `old` to `new` needs the renderer built again."""
    a, b = leaves(old.model_dump(by_alias=True)), leaves(new.model_dump(by_alias=True))
    changed = [p for p in b if a.get(p) != b[p]]
    return any(p.startswith(RENDERER_FIELDS) or p.endswith(".kind") for p in changed)


class HotReload(QObject):
    """Watches a scene file and the shaders folder; tells its owner what changed."""

    def __init__(self, on_scene: Callable[[Scene], None], on_error: Callable[[str], None],
                 on_shaders: Callable[[], None],
                 on_meshes: Callable[[Scene], None] | None = None) -> None:  # fmt: skip
        super().__init__()
        self.on_scene = on_scene
        self.on_meshes = on_meshes  # a mesh file the scene names changed: a new show
        self.meshes: list[str] = []
        self.programs: list[str] = []  # Shadertoy files and flame genomes the scene names
        self.on_error = on_error
        self.on_shaders = on_shaders
        self.path: Path | None = None
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed)
        self.watcher.directoryChanged.connect(self._changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._reload)
        self._pending: set[str] = set()
        self.error: str | None = None
        shaders = shaders_dir()
        self._shader_paths = [str(p) for p in shaders.rglob("*") if p.is_file()]
        self._shader_dirs = [str(shaders), *(str(p) for p in shaders.rglob("*") if p.is_dir())]

    def watch(self, path: Path | None, meshes: list[Path] | None = None,
              programs: list[Path] | None = None) -> None:  # fmt: skip
        """Follow the scene file, the mesh files it names (a change: a new show) and its
        fractals' shader and genome files (a change: the renderer is built again, as for
        the shaders folder)."""
        for group in (self.watcher.files(), self.watcher.directories()):
            if group:
                self.watcher.removePaths(group)
        self.path = path
        self.meshes = [str(m) for m in meshes or []]
        self.programs = [str(m) for m in programs or []]
        paths = [*self._shader_paths, *self._shader_dirs]
        if path is not None:
            # Editors save by writing a new file and renaming it over the old one, which
            # a file watch does not survive: the folder is watched too.
            paths += [str(path), str(path.parent)]
        for m in [*(meshes or []), *(programs or [])]:
            paths += [str(m), str(m.parent)]
        self.watcher.addPaths([p for p in paths if Path(p).exists()])

    def stop(self) -> None:
        """Follow nothing more (the window closed): a change saved afterwards would
        restart a show on a window whose canvas is gone."""
        self._timer.stop()
        self._pending.clear()
        for group in (self.watcher.files(), self.watcher.directories()):
            if group:
                self.watcher.removePaths(group)
        self.path = None

    def reload_now(self) -> None:
        """Read the scene file again at once (File > Reload)."""
        if self.path is not None:
            self._pending.add(str(self.path))
            self._reload()

    def _changed(self, name: str) -> None:
        self._pending.add(name)
        self._timer.start(DEBOUNCE_MS)

    def _reload(self) -> None:
        names, self._pending = self._pending, set()
        for watched in [str(self.path)] * (self.path is not None) + self.meshes + self.programs:
            if watched not in self.watcher.files() and Path(watched).exists():
                self.watcher.addPath(watched)
        mesh_touched = any(n in self.meshes or
                           any(str(Path(m).parent) == n for m in self.meshes)
                           for n in names)  # fmt: skip
        shaders = [n for n in names if n.startswith(str(shaders_dir()))]
        shaders += [n for n in names if n in self.programs or
                    any(str(Path(m).parent) == n for m in self.programs)]  # fmt: skip
        if shaders:
            self.on_shaders()
        scene_touched = self.path is not None and any(
            n in (str(self.path), str(self.path.parent)) for n in names
        )
        if not (scene_touched or mesh_touched) or self.path is None:
            return
        try:
            scene = load_scene(self.path)
        except SceneError as exc:
            self.error = str(exc)
            self.on_error(self.error)
            return
        self.error = None
        if mesh_touched and self.on_meshes is not None:
            self.on_meshes(scene)
        else:
            self.on_scene(scene)
