"""Saving, loading and exporting sculpture traces, so a piece grows across sessions.

Where: one file per scene, `<state_dir>/<key>.npz`. `state_dir` is given explicitly
or is `platformdirs.user_data_dir("kellan")/traces` (~/.local/share/kellan/traces on
Linux). The key is `scene_key(title, seed, sculpture_ids)`: the first 16 hex digits of
the SHA-256 of the JSON `{"seed": seed, "sculptures": sorted ids, "title": title}`, so a
scene keeps its traces across sessions and edits that keep its title, seed and set of
sculptures, and two scenes never share them.

Format (version 1): an uncompressed .npz (numpy's zip of .npy arrays) holding `meta`, UTF-8
JSON {"format": "kellan-traces", "version": 1, "key", "sculptures": [{"id",
"n_vertices", "participants": [ids], "array"}], "hues": {participant id: [r, g, b]}},
and one float32 array (n_vertices, participants) per sculpture, named by its "array".
Amounts are stored by participant id, never by owner slot.

Writes are atomic (kellan.sculpture.atomic). A file that cannot be read, or that does
not fit the scene (other vertex counts, other sculptures, another format version), is
never overwritten: it is renamed `<key>.npz.corrupt-<n>` and reported in the warnings,
and whatever in it still fits is loaded.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO, NamedTuple

import numpy as np

from kellan.sculpture.atomic import fsync_dir, stale_temporaries, write_atomic
from kellan.sculpture.mesh import Mesh
from kellan.sculpture.traces import Traces

FORMAT = "kellan-traces"
VERSION = 1
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def scene_key(title: str, seed: int, sculpture_ids: Sequence[str]) -> str:
    """The key of a scene's trace file (see the module's docstring)."""
    doc = {"seed": int(seed), "sculptures": sorted(sculpture_ids), "title": title}
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def default_state_dir() -> Path:
    import platformdirs  # only where the user's folders are wanted

    return Path(platformdirs.user_data_dir("kellan")) / "traces"


class LoadedTraces(NamedTuple):
    traces: dict[str, Traces]  # by sculpture id; empty Traces for those with none saved
    hues: dict[str, tuple[float, float, float]]  # by participant id, as last saved
    warnings: list[str]  # one line each, naming the file


class _Unreadable(Exception):
    pass


class TraceStore:
    """The saved traces of one scene."""

    def __init__(self, key: str, state_dir: str | os.PathLike[str] | None = None) -> None:
        if not _KEY.match(key):
            raise ValueError(f"trace key must be 1-64 letters, digits, - or _, not {key!r}")
        self.key = key
        self.folder = Path(state_dir) if state_dir is not None else default_state_dir()
        self.path = self.folder / f"{key}.npz"

    def save(
        self,
        sculptures: Mapping[str, Traces],
        hues: Mapping[str, Sequence[float]] | None = None,
    ) -> None:
        """Write every sculpture's traces (and the participants' colours) atomically."""
        for tmp in stale_temporaries(self.path):  # left by a writer that was killed
            tmp.unlink(missing_ok=True)
        entries, arrays = [], {}
        for n, (sid, tr) in enumerate(sculptures.items()):
            name = f"amounts_{n}"
            entries.append(
                {"id": sid, "n_vertices": tr.n_vertices, "participants": tr.ids, "array": name}
            )
            arrays[name] = np.ascontiguousarray(tr.amounts, dtype=np.float32)
        known = {pid for tr in sculptures.values() for pid in tr.ids}
        meta = {
            "format": FORMAT,
            "version": VERSION,
            "key": self.key,
            "sculptures": entries,
            "hues": {k: [float(c) for c in v] for k, v in (hues or {}).items() if k in known},
        }
        blob = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), np.uint8)

        def write(fh: BinaryIO) -> None:
            np.savez(fh, meta=blob, **arrays)

        write_atomic(self.path, write)

    def load(self, n_vertices: Mapping[str, int]) -> LoadedTraces:
        """The saved traces of the sculptures `n_vertices` (sculpture id -> vertex count).

        No file yet: empty traces and no warnings. A file that does not fit is moved
        aside (see the module's docstring), with one warning per problem.
        """
        out = {sid: Traces(n) for sid, n in n_vertices.items()}
        if not self.path.exists():
            return LoadedTraces(out, {}, [])
        try:
            meta, arrays = self._read()
        except _Unreadable as exc:
            moved = self._set_aside()
            return LoadedTraces(out, {}, [f"{self.path}: {exc}; moved it aside to {moved.name}"])
        problems = []
        seen = set()
        for entry, amounts in zip(meta["sculptures"], arrays, strict=True):
            sid, count = entry["id"], entry["n_vertices"]
            seen.add(sid)
            if sid not in n_vertices:
                problems.append(f"sculpture {sid!r} is no longer in the scene")
            elif count != n_vertices[sid]:
                problems.append(
                    f"sculpture {sid!r} had {count} vertices and now has {n_vertices[sid]}; "
                    "its traces cannot be placed"
                )
            else:
                tr = Traces(count, entry["participants"])
                tr.amounts[:] = amounts
                out[sid] = tr
        missing = [sid for sid in n_vertices if sid not in seen]
        problems += [f"sculpture {sid!r} has no saved traces" for sid in missing]
        hues = {k: (float(v[0]), float(v[1]), float(v[2])) for k, v in meta["hues"].items()}
        if not problems:
            return LoadedTraces(out, hues, [])
        moved = self._set_aside()
        warns = [f"{self.path}: {p}" for p in problems]
        warns.append(f"{self.path}: kept the rest and moved the file aside to {moved.name}")
        return LoadedTraces(out, hues, warns)

    def _read(self) -> tuple[dict, list[np.ndarray]]:
        try:
            data = self.path.read_bytes()
            # np.load takes anything that is not a zip for a pickle and says so ("pickled
            # (object) data ... load it unsafely"): advice that is wrong for a trace file.
            if not data:
                raise _Unreadable("an empty file")
            if not data.startswith(b"PK"):
                raise _Unreadable("not a trace file (not an .npz archive)")
            with np.load(io.BytesIO(data), allow_pickle=False) as z:
                if "meta" not in z.files:
                    raise _Unreadable("not a trace file (it has no meta record)")
                meta = json.loads(bytes(z["meta"]).decode("utf-8"))
                _check_meta(meta, self.key)
                arrays = [z[e["array"]] for e in meta["sculptures"]]
        except _Unreadable:
            raise
        except (OSError, EOFError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise _Unreadable(f"unreadable or truncated ({detail})") from None
        for e, a in zip(meta["sculptures"], arrays, strict=True):
            shape = (e["n_vertices"], len(e["participants"]))
            if a.dtype != np.float32 or a.shape != shape:
                raise _Unreadable(
                    f"sculpture {e['id']!r}: array is {a.dtype} {a.shape}, not float32 {shape}"
                )
            if not (np.isfinite(a).all() and (a >= 0).all()):
                raise _Unreadable(f"sculpture {e['id']!r}: negative or non-finite amounts")
        return meta, arrays

    def _set_aside(self) -> Path:
        n = 1
        while (target := self.path.with_name(f"{self.path.name}.corrupt-{n}")).exists():
            n += 1
        os.replace(self.path, target)
        fsync_dir(self.folder)
        return target


def _check_meta(meta: object, key: str) -> None:
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise _Unreadable("not a Kellan trace file")
    if meta.get("version") != VERSION:
        raise _Unreadable(f"format version {meta.get('version')!r}, this Kellan reads {VERSION}")
    if meta.get("key") != key:
        raise _Unreadable(f"belongs to scene key {meta.get('key')!r}, not {key!r}")
    ok = isinstance(meta.get("sculptures"), list) and isinstance(meta.get("hues"), dict)
    for e in meta.get("sculptures") or []:
        ok = ok and isinstance(e, dict) and isinstance(e.get("id"), str)
        ok = ok and isinstance(e.get("n_vertices"), int) and isinstance(e.get("array"), str)
        ok = ok and isinstance(e.get("participants"), list)
        ok = ok and all(isinstance(p, str) for p in e.get("participants", []))
    if not ok:
        raise _Unreadable("its meta record is malformed")


def export_ply(path: str | os.PathLike[str], mesh: Mesh, colours: np.ndarray) -> None:
    """Write the mesh with per-vertex RGBA `colours` (V, 4) in 0..1 as a binary PLY,
    atomically (trimesh's exporter; opens with its colours in trimesh, Blender, MeshLab)."""
    import trimesh

    rgba = np.asarray(colours, dtype=np.float64)
    if rgba.shape != (len(mesh.vertices), 4):
        raise ValueError(f"expected ({len(mesh.vertices)}, 4) colours, got {rgba.shape}")
    tm = trimesh.Trimesh(
        vertices=mesh.vertices,
        faces=mesh.faces,
        vertex_normals=mesh.normals,
        vertex_colors=np.round(np.clip(rgba, 0.0, 1.0) * 255.0).astype(np.uint8),
        process=False,
    )
    data = trimesh.exchange.ply.export_ply(tm, encoding="binary", vertex_normal=True)
    write_atomic(Path(path), lambda fh: fh.write(data))
