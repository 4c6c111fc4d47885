"""The fractal benchmark: `kellan bench fractals [--json]`.

Each kind of the bundled fractal gallery (scenes/fractal_gallery.toml) alone as the
backdrop, at 1280x720 offscreen, with the gallery's crowd: the backdrop's cost per live
frame (escape-time sets and the Mandelbulb redraw a strip a frame, the flame adds a slice
of samples), the same while its bound parameter moves every frame, its cost for a still
(drawn whole), and the whole live frame. Medians; the GL is finished before each clock
stops.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Sequence
from dataclasses import replace

SIZE = (1280, 720)


def bench_kind(kind: str, frames: int) -> dict:
    from vispy import gloo

    from kellan.dreamscape import Dreamscape
    from kellan.render.offscreen import _offscreen_canvas
    from kellan.render.renderer import SceneRenderer
    from kellan.resources import scenes_dir
    from kellan.scene import load_scene

    canvas = _offscreen_canvas()
    canvas.set_current()
    gallery = load_scene(scenes_dir() / "fractal_gallery.toml")
    fractal = next(f for f in gallery.fractals if f.kind == kind and f.placement == "backdrop")
    scene = gallery.model_copy(update={"fractals": (fractal.model_copy(update={"during": None}),)})
    ds = Dreamscape(scene)
    ds.advance_to(1.0)
    w, h = SIZE
    fbo = gloo.FrameBuffer(gloo.Texture2D(shape=(h, w, 4), internalformat="rgba8"),
                           gloo.RenderBuffer((h, w)))  # fmt: skip

    def sync() -> None:
        canvas.context.flush_commands()
        gloo.gl.glFinish()

    renderer = SceneRenderer(scene)
    renderer.sync = sync
    renderer.scale.adaptive = False
    backdrop, frame_ms, moving = [], [], []
    for k in range(frames + 2):
        ds.step(1)
        frame = ds.snapshot()
        renderer.timings = {}
        t = time.perf_counter()
        renderer.draw(frame, SIZE, target=fbo)
        sync()
        if k >= 2:  # the first frames compile programs and size the targets
            frame_ms.append((time.perf_counter() - t) * 1000.0)
            backdrop.append(renderer.timings.get("backdrop", 0.0))
    param = fractal.bind[0].param if fractal.bind else None
    for k in range(frames):
        values = dict(frame.fractal_params[0]) if frame.fractal_params else {}
        if param is not None:
            values[param] = values.get(param, 1.0) + 0.05 * (k + 1)
        moved = replace(frame, time=frame.time + (k + 1) / 60.0, fractal_params=(values,))
        renderer.timings = {}
        renderer.draw(moved, SIZE, target=fbo)
        moving.append(renderer.timings.get("backdrop", 0.0))
    stills = []
    for _ in range(3):
        renderer.timings = {}
        renderer.draw(frame, SIZE, still=True, target=fbo)
        stills.append(renderer.timings.get("backdrop", 0.0))
    return {
        "kind": kind, "size": f"{w}x{h}", "renderer": renderer.gl_renderer,
        "backdrop_live_ms": round(statistics.median(backdrop), 2),
        "backdrop_moving_ms": round(statistics.median(moving), 2),
        "backdrop_still_ms": round(statistics.median(stills), 2),
        "frame_live_ms": round(statistics.median(frame_ms), 2),
    }  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kellan bench fractals",
                                description=__doc__.splitlines()[0])  # fmt: skip
    p.add_argument("--kinds", default="julia,mandelbrot,mandelbulb,flame,shadertoy")
    p.add_argument("--frames", type=int, default=9, help="frames timed per kind (median)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("EGL_PLATFORM", "surfaceless")  # render through EGL
    rows = [bench_kind(k, max(1, args.frames)) for k in args.kinds.split(",") if k]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'kind':<11} {'live':>8} {'moving':>8} {'still':>8} {'frame':>8}   (ms, "
          f"{SIZE[0]}x{SIZE[1]})")  # fmt: skip
    for r in rows:
        print(f"{r['kind']:<11} {r['backdrop_live_ms']:>8} {r['backdrop_moving_ms']:>8} "
              f"{r['backdrop_still_ms']:>8} {r['frame_live_ms']:>8}")  # fmt: skip
    if rows:
        print(f"renderer: {rows[0]['renderer']}")
    return 0
