"""The `kellan` command line: GUI, headless render, validate, hash, schema."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

LAUNCHED_AT = time.perf_counter()

from kellan import __version__  # noqa: E402
from kellan.resources import default_scene  # noqa: E402
from kellan.scene import Scene, SceneError, load_scene  # noqa: E402

COMMANDS = ("render", "validate", "hash", "schema", "bench")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None
    if not (16 <= w <= 8192 and 16 <= h <= 8192):
        raise argparse.ArgumentTypeError("width and height must be 16..8192")
    return w, h


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kellan",
        description="Holographic dreamscapes for live, collective-emotion installations.",
        epilog="With no command, `kellan [SCENE]` opens the desktop app.",
    )
    p.add_argument("--version", action="version", version=f"kellan {__version__}")
    sub = p.add_subparsers(dest="command")

    r = sub.add_parser("render", help="render a still headless (EGL when there is no display)")
    r.add_argument("scene", type=Path)
    r.add_argument("--time", type=float, default=5.0, help="seconds of simulation (default 5)")
    r.add_argument("--size", type=_size, default=(1280, 720), help="WxH (default 1280x720)")
    r.add_argument("-o", "--output", type=Path, required=True, help="PNG file to write")

    v = sub.add_parser("validate", help="check scene files; exit 1 with located errors")
    v.add_argument("scenes", type=Path, nargs="+")

    h = sub.add_parser("hash", help="SHA-256 of the simulation state after N frames")
    h.add_argument("scene", type=Path)
    h.add_argument("--frames", type=int, default=300)
    h.add_argument("--threads", type=int, default=None, help="numba threads to use")

    sub.add_parser("schema", help="print the JSON Schema of the scene format")
    sub.add_parser("bench", help="benchmarks: `kellan bench core [--json]`", add_help=False)
    return p


def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kellan", description="Open the Kellan desktop app.")
    p.add_argument("scene", type=Path, nargs="?", help="scene file (default: the festival)")
    p.add_argument(
        "--quit-after",
        type=float,
        default=None,
        metavar="SECONDS",
        help="close after SECONDS and print start-up time and median fps",
    )
    return p


def _load(path: Path) -> Scene:
    return load_scene(path)


def _warm_up() -> None:
    """Compile or load the particle core now, saying so when it is a cold compile."""
    from kellan.core.warmup import warm_up

    warm_up(lambda line: print(line, file=sys.stderr, flush=True))


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list[:1] == ["bench"]:
            from kellan.bench import main as bench_main

            return bench_main(args_list[1:])
        if (args_list and args_list[0] in COMMANDS) or args_list[:1] in (["-h"], ["--help"]):
            return _run_command(_parser().parse_args(args_list))
        if args_list[:1] == ["--version"]:
            _parser().parse_args(args_list)
        return _run_gui(_gui_parser().parse_args(args_list))
    except SceneError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run_command(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return _validate(args.scenes)
    if args.command == "render":
        return _render(args.scene, args.time, args.size, args.output)
    if args.command == "hash":
        return _hash(args.scene, args.frames, args.threads)
    if args.command == "schema":
        from kellan.scene.schema import schema_json

        sys.stdout.write(schema_json())
        return 0
    _parser().print_help()
    return 0


def _validate(paths: list[Path]) -> int:
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


def _render(scene_path: Path, seconds: float, size: tuple[int, int], output: Path) -> int:
    scene = _load(scene_path)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("EGL_PLATFORM", "surfaceless")
    from kellan.render.offscreen import gl_info, render_scene
    from kellan.render.png import write_png
    from kellan.render.shaders import ShaderError

    _warm_up()
    try:
        image = render_scene(scene, seconds, size)
    except ShaderError as exc:
        print(f"shader error: {exc}", file=sys.stderr)
        return 1
    try:
        write_png(output, image)
    except OSError as exc:
        print(f"{output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    info = gl_info()
    print(f"{output}: {size[0]}x{size[1]} at t={seconds:g}s; renderer: {info.renderer}")
    return 0


def _hash(scene_path: Path, frames: int, threads: int | None) -> int:
    scene = _load(scene_path)
    from kellan.core.threads import set_threads
    from kellan.dreamscape import Dreamscape

    if threads is not None:
        set_threads(threads)
    _warm_up()
    ds = Dreamscape(scene)
    ds.simulation.step(max(0, frames))
    print(f"{ds.simulation.digest()}  {scene_path} frames={frames}")
    return 0


def _run_gui(args: argparse.Namespace) -> int:
    path = args.scene or default_scene()
    scene = _load(path)
    _warm_up()
    from kellan.gui.app import run

    return run(scene, path, quit_after=args.quit_after, launched_at=LAUNCHED_AT)
