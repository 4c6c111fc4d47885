"""`kellan traces export SCENE [--state DIR] -o traces.ply`: every sculpture of a scene,
placed as the scene places it, with the traces that shows have left on it, as one
vertex-coloured PLY. Where nobody has left a trace a sculpture keeps its own hue, dim."""

from __future__ import annotations

import colorsys
import sys
from pathlib import Path

import numpy as np

from kellan.cli.args import UsageError
from kellan.scene import load_scene


def export(scene_path: Path, state: Path | None, output: Path) -> int:
    from kellan.dreamscape import Dreamscape
    from kellan.live.traces import restore_traces, store_for
    from kellan.sculpture.mesh import make_mesh
    from kellan.sculpture.trace_store import export_ply
    from kellan.sculpture.transform import to_world

    if output.suffix.lower() != ".ply":
        raise UsageError(f"{output}: traces are exported as PLY (name it .ply)")
    if state is not None and not state.is_dir():
        raise UsageError(f"--state {state}: no such folder")
    scene = load_scene(scene_path)
    if not scene.sculptures:
        raise UsageError(f"{scene_path}: the scene has no sculptures")
    ds = Dreamscape(scene, traces=True)
    store = store_for(ds, state)
    if not store.path.exists():
        raise UsageError(f"{store.path}: no traces saved for this scene yet (play it first)")
    for warning in restore_traces(ds, store):
        print(f"kellan: {warning}", file=sys.stderr)
    verts, normals, faces, colours = [], [], [], []
    offset = 0
    for s in ds.sculptures.items:
        v, n = to_world(s.matrix(breath=False), s.mesh.vertices, s.mesh.normals)
        assert n is not None
        base = np.array([*colorsys.hsv_to_rgb(s.spec.hue / 360.0, 0.5, 0.35), 1.0])
        rgba = np.tile(base, (len(v), 1))
        if s.patina is not None:
            a = np.clip(s.patina[:, 3:4], 0.0, 1.0)
            rgba[:, :3] = rgba[:, :3] * (1.0 - a) + s.patina[:, :3] * a
        verts.append(v)
        normals.append(n)
        faces.append(s.mesh.faces + offset)
        colours.append(rgba)
        offset += len(v)
    mesh = make_mesh(np.concatenate(verts), np.concatenate(normals), np.concatenate(faces))
    try:
        export_ply(output, mesh, np.concatenate(colours))
    except OSError as exc:
        print(f"{output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    touched = sum(int((s.patina[:, 3] > 0.05).sum()) for s in ds.sculptures.items
                  if s.patina is not None)  # fmt: skip
    print(f"{output}: {len(mesh.vertices):,} vertices of {len(ds.sculptures.items)} "
          f"sculpture(s), {touched:,} with traces")  # fmt: skip
    return 0
