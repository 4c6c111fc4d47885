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

from kellan.bench.args import whole

SIZE = (1280, 720)


def bench_kind(kind: str, frames: int) -> dict:

    from kellan.dreamscape import Dreamscape
    from kellan.render.offscreen import timing_target
    from kellan.render.renderer import SceneRenderer
    from kellan.resources import scenes_dir
    from kellan.scene import load_scene

    fbo, sync = timing_target(SIZE)
    gallery = load_scene(scenes_dir() / "fractal_gallery.toml")
    fractal = next(f for f in gallery.fractals if f.kind == kind and f.placement == "backdrop")
    scene = gallery.model_copy(update={"fractals": (fractal.model_copy(update={"during": None}),)})
    ds = Dreamscape(scene)
    ds.advance_to(1.0)
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
        "kind": kind, "size": f"{SIZE[0]}x{SIZE[1]}", "renderer": renderer.gl_renderer,
        "backdrop_live_ms": round(statistics.median(backdrop), 2),
        "backdrop_moving_ms": round(statistics.median(moving), 2),
        "backdrop_still_ms": round(statistics.median(stills), 2),
        "frame_live_ms": round(statistics.median(frame_ms), 2),
    }  # fmt: skip


KINDS_BENCHED = ("julia", "mandelbrot", "mandelbulb", "flame", "shadertoy")


def _kinds(text: str) -> list[str]:
    kinds = [k.strip() for k in text.split(",") if k.strip()]
    if not kinds or any(k not in KINDS_BENCHED for k in kinds):
        raise argparse.ArgumentTypeError(
            f"{text[:60]!r}: fractal kinds separated by commas, from {', '.join(KINDS_BENCHED)}"
        )
    return kinds


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kellan bench fractals",
                                description=__doc__.splitlines()[0])  # fmt: skip
    p.add_argument("--kinds", type=_kinds, default=list(KINDS_BENCHED),
                   help="comma-separated, from " + ", ".join(KINDS_BENCHED))  # fmt: skip
    p.add_argument("--frames", type=whole(1, 10_000), default=9,
                   help="frames timed per kind (median)")  # fmt: skip
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("EGL_PLATFORM", "surfaceless")  # render through EGL
    rows = [bench_kind(k, args.frames) for k in args.kinds]
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
