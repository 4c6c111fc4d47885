"""The frame benchmark: `kellan bench frame [--json]`.

Offscreen at 1280x720 (EGL when there is no display), the default scene at 25k, 400k and
1M particles, with sprites and the density renderer side by side in the same run. Every
frame runs one simulation step and draws; each stage is timed with the GL finished
before the clock stops (glFinish), medians over the frames. It reports:

- stages_ms: step, backdrop, sculptures, particles, tonemap (exposure, bloom, the
  composite and the FXAA pass), present (the finished frame read back, as a recording
  does); antialias_ms: the FXAA pass alone (inside tonemap); `--antialias fxaa,off`
  measures the frame with and without it, side by side;
- fps (end to end, one step a frame) and render_fps (the frame without the step);
- clipped: the share of pixels at full white;
- backdrop_gliding_ms: the backdrop's cost per frame while the collective mood glides
  (the set is recomputed a strip at a time), next to its steady cost;
- capacity: the largest particle count at which this machine holds real time with the
  simulation at 30 Hz and the display at 30 fps (30 steps and 30 frames a second), from
  a straight-line fit of the measured costs, with the renderer `auto` picks here.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from kellan.bench.args import counts, whole

SIZE = (1280, 720)
STAGES = ("step", "backdrop", "sculptures", "particles", "tonemap", "present")


def _scene(n: int):
    from kellan.resources import default_scene
    from kellan.scene import load_scene

    scene = load_scene(default_scene())
    return scene.model_copy(update={"dynamics": scene.dynamics.model_copy(update={"particles": n})})


def clipped_fraction(rgba: np.ndarray) -> float:
    """Share of pixels whose three channels are all at full white."""
    return float((rgba[..., :3].min(axis=-1) >= 254).mean())


def bench_size(n: int, modes: Sequence[str], frames: int, warm_seconds: float,
               scale: float = 1.0, antialias: Sequence[str] = ("auto",)) -> list[dict]:  # fmt: skip

    from kellan.dreamscape import Dreamscape
    from kellan.render.offscreen import timing_target
    from kellan.render.renderer import SceneRenderer

    fbo, sync = timing_target(SIZE)
    scene = _scene(n)
    ds = Dreamscape(scene)
    ds.advance_to(warm_seconds)  # a settled cloud, not the seeded start

    rows = []
    for mode, aa in [(m, a) for m in modes for a in antialias]:
        render = scene.render.model_copy(update={"antialias": aa})
        looks = scene.model_copy(update={"render": render})
        renderer = SceneRenderer(looks, particles=mode)
        renderer.sync = sync
        renderer.scale.adaptive = False
        renderer.scale.value = scale
        per_stage: dict[str, list[float]] = {s: [] for s in STAGES}
        fxaa: list[float] = []
        image = None
        for k in range(frames + 2):
            t = time.perf_counter()
            ds.step(1)
            step_ms = (time.perf_counter() - t) * 1000.0
            frame = replace(ds.snapshot(), scene=looks)  # the frame's scene says how to draw
            renderer.timings = {}
            renderer.draw(frame, SIZE, target=fbo)
            t = time.perf_counter()
            with fbo:
                image = np.asarray(fbo.read(alpha=True))
            present_ms = (time.perf_counter() - t) * 1000.0
            if k < 2:
                continue  # the first frames compile programs and size the targets
            per_stage["step"].append(step_ms)
            per_stage["present"].append(present_ms)
            for stage in ("backdrop", "sculptures", "particles", "tonemap"):
                per_stage[stage].append(renderer.timings.get(stage, 0.0))
            fxaa.append(renderer.timings.get("antialias", 0.0))
        # The backdrop while the mood glides: a new parameter every frame.
        gliding = []
        for k in range(6):
            c = frame.julia_c
            moved = replace(frame, julia_c=(c[0] + 0.01 * (k + 1), c[1]))
            renderer.timings = {}
            renderer.draw(moved, SIZE, target=fbo)
            gliding.append(renderer.timings.get("backdrop", 0.0))
        med = {s: statistics.median(v) for s, v in per_stage.items()}
        render_ms = sum(med[s] for s in STAGES if s != "step")
        assert image is not None
        rows.append({
            "n": n, "renderer": mode, "scale": scale, "antialias": aa,
            "antialias_ms": round(statistics.median(fxaa), 2),
            "fps": round(1000.0 / (render_ms + med["step"]), 2),
            "render_fps": round(1000.0 / render_ms, 2),
            "stages_ms": {s: round(v, 2) for s, v in med.items()},
            "clipped": round(clipped_fraction(image), 5),
            "backdrop_gliding_ms": round(statistics.median(gliding), 2),
        })  # fmt: skip
    return rows


def capacity(rows: list[dict], mode: str, hz: float = 30.0) -> int:
    """Largest n with hz * (step + render) <= 1 s, from a line fitted through the rows
    of one renderer (costs grow about linearly with the particle count)."""
    # One row per particle count: the first antialias setting asked for.
    first = rows[0].get("antialias") if rows else None
    pts = [(r["n"], sum(r["stages_ms"].values())) for r in rows
           if r["renderer"] == mode and r.get("antialias") == first]  # fmt: skip
    if len({n for n, _ in pts}) < 2:
        return 0
    n, cost = np.array(pts, dtype=np.float64).T
    slope, intercept = np.polyfit(n, cost, 1)
    budget = 1000.0 / hz
    if slope <= 0:
        return int(n.max())
    return max(0, int((budget - intercept) / slope))


def _modes(text: str) -> list[str]:
    modes = [m.strip() for m in text.split(",") if m.strip()]
    if not modes or any(m not in ("sprites", "density") for m in modes):
        raise argparse.ArgumentTypeError(f"{text[:60]!r}: sprites, density or both, "
                                         "separated by a comma")  # fmt: skip
    return modes


def _antialias(text: str) -> list[str]:
    out = [a.strip() for a in text.split(",") if a.strip()]
    if not out or any(a not in ("auto", "fxaa", "off") for a in out):
        raise argparse.ArgumentTypeError(f"{text[:60]!r}: auto, fxaa or off, separated by commas")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kellan bench frame", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=counts, default=[25_000, 400_000, 1_000_000],
                   help="particle counts, comma-separated (default 25000,400000,1000000); "
                   "the frame size is fixed at 1280x720")  # fmt: skip
    p.add_argument(
        "--renderers",
        type=_modes,
        default=["sprites", "density"],
        help="sprites, density or both (default both)",
    )
    p.add_argument(
        "--frames", type=whole(1, 10_000), default=9, help="frames timed per row (median)"
    )
    p.add_argument("--warm", type=float, default=2.0, help="seconds simulated before timing")
    p.add_argument("--scale", type=float, default=1.0,
                   help="render scale of the live view (1: full size; the window's auto "
                   "scale goes down to 0.5 on software GL)")  # fmt: skip
    p.add_argument("--antialias", type=_antialias, default=["auto"],
                   help="auto, fxaa, off, or several to compare, e.g. fxaa,off")  # fmt: skip
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("EGL_PLATFORM", "surfaceless")
    from kellan.core.warmup import warm_up
    from kellan.render.offscreen import gl_info
    from kellan.render.renderer import particle_mode

    warm_up()
    modes: list[str] = args.renderers
    rows: list[dict] = []
    for n in args.sizes:
        got = bench_size(n, modes, args.frames, args.warm, args.scale, args.antialias)
        rows += got
        if not args.json:
            for r in got:
                stages = "  ".join(f"{k} {v:6.1f}" for k, v in r["stages_ms"].items())
                aa = f"aa {r['antialias']:<4} ({r['antialias_ms']:4.1f} ms)"
                print(f"N={n:>9,} {r['renderer']:<8} {aa} fps {r['fps']:6.1f}  render_fps "
                      f"{r['render_fps']:6.1f}  clipped {100 * r['clipped']:5.2f}%  [{stages}]"
                      f"  backdrop gliding {r['backdrop_gliding_ms']:.1f} ms",
                      flush=True)  # fmt: skip
    info = gl_info()
    auto = particle_mode("auto", info.renderer)
    cap = capacity(rows, auto if auto in modes else modes[0])
    if args.json:
        print(json.dumps({"rows": rows, "capacity": cap, "renderer": info.renderer,
                          "auto": auto, "size": list(SIZE)}, allow_nan=False))  # fmt: skip
    else:
        print(
            f"capacity: {cap:,} particles hold real time at 30 Hz / 30 fps here "
            f"({auto}, {info.renderer})"
        )
    return 0
