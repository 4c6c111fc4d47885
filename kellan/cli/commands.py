"""The headless commands: render, validate, hash, schema."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kellan.cli.args import UsageError
from kellan.cli.progress import run_steps
from kellan.scene import Scene, SceneError, load_scene

if TYPE_CHECKING:
    from kellan.dreamscape import Dreamscape


def run_command(args: argparse.Namespace) -> int:
    if args.command in ("play", "replay", "perform"):
        from kellan.cli import shows

        if args.command == "perform":
            return shows.perform(args)
        return shows.play(args) if args.command == "play" else shows.replay(args)
    if args.command == "record":
        from kellan.cli.recording import record

        return record(args)
    if args.command == "validate":
        return validate(args.scenes)
    if args.command == "render":
        return render(args.scene, args.time, args.size, args.output, args.renderer,
                      args.supersample, args.state)  # fmt: skip
    if args.command == "traces":
        from kellan.cli.traces import export

        return export(args.scene, args.state, args.output)
    if args.command == "hash":
        return state_hash(args.scene, args.frames, args.threads)
    if args.command == "schema":
        from kellan.scene.schema import schema_json

        sys.stdout.write(schema_json())
        return 0
    raise UsageError(f"unknown command {args.command!r}")


def warm_up() -> None:
    """Compile or load the particle core now, saying so when it is a cold compile."""
    from kellan.core.warmup import warm_up as warm

    warm(lambda line: print(line, file=sys.stderr, flush=True))


def use_threads(threads: int | None) -> None:
    if threads is None:
        return
    from kellan.core.threads import set_threads

    try:
        set_threads(threads)
    except ValueError as exc:
        raise UsageError(f"--threads: {exc}") from None


def validate(paths: list[Path]) -> int:
    failed = 0
    for path in paths:
        try:
            scene = load_scene(path)
        except SceneError as exc:
            print(exc, file=sys.stderr)
            failed += 1
        else:
            print(f"{path}: ok ({scene.title!r}, {len(scene.participants)} participants)")
    return 1 if failed else 0


def headless_gl() -> None:
    """With no display, render through EGL without any X server."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("EGL_PLATFORM", "surfaceless")


def render(scene_path: Path, seconds: float, size: tuple[int, int], output: Path,
           renderer: str | None = None, supersample: int = 1,
           state: Path | None = None) -> int:  # fmt: skip
    from kellan.render.image_file import ImageFormatError, image_format

    try:
        image_format(output)
    except ImageFormatError as exc:
        raise UsageError(str(exc)) from None
    scene = load_scene(scene_path)
    headless_gl()
    from kellan.dreamscape import Dreamscape
    from kellan.render.image_file import write_image
    from kellan.render.offscreen import gl_info, render_dreamscape
    from kellan.render.renderer import particle_mode
    from kellan.render.shaders import ShaderError

    warm_up()
    ds = dreamscape_with_traces(scene, state) if state is not None else Dreamscape(scene)
    target = round(seconds * scene.dynamics.step_hz)
    run_steps(ds.step, target - ds.frame, "simulating")
    from kellan.render.recording import supersampled

    if max(size) * supersample > 16384:
        raise UsageError("--size x --supersample: at most 16384 pixels a side")
    try:
        big = (size[0] * supersample, size[1] * supersample)
        image = supersampled(render_dreamscape(ds, big, renderer), supersample)
    except ShaderError as exc:
        print(f"shader error: {exc}", file=sys.stderr)
        return 1
    try:
        write_image(output, image)
    except OSError as exc:
        print(f"{output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    info = gl_info()
    mode = particle_mode(renderer or ds.scene.render.particles, info.renderer)
    print(f"{output}: {size[0]}x{size[1]} at t={seconds:g}s, {mode}; renderer: {info.renderer}")
    return 0


def dreamscape_with_traces(scene: Scene, state: Path) -> Dreamscape:
    """A dreamscape showing the traces saved in `state` (and gathering more as it runs;
    nothing is written back)."""
    from kellan.dreamscape import Dreamscape
    from kellan.live.traces import restore_traces, store_for

    if not state.is_dir():
        raise UsageError(f"--state {state}: no such folder")
    ds = Dreamscape(scene, traces=True)
    for warning in restore_traces(ds, store_for(ds, state)):
        print(f"kellan: {warning}", file=sys.stderr)
    return ds


def state_hash(scene_path: Path, frames: int, threads: int | None) -> int:
    scene: Scene = load_scene(scene_path)
    use_threads(threads)
    from kellan.dreamscape import Dreamscape

    warm_up()
    ds = Dreamscape(scene)
    run_steps(ds.step, frames, "simulating")
    print(f"{ds.simulation.digest()}  {scene_path} frames={frames}")
    return 0
