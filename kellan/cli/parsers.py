"""The argument parsers: one for the app (the default), one with a sub-command each."""

from __future__ import annotations

import argparse
from pathlib import Path

from kellan import __version__
from kellan.cli import args as A

COMMANDS = ("play", "perform", "replay", "record", "render", "traces", "flame", "anthology",
            "validate", "hash", "schema", "bench")  # fmt: skip
_HELP = {
    "play": "run a show: live OSC/MIDI input, optional recording (--headless: no window)",
    "replay": "re-run a recorded session exactly; ends with hash=<hex> steps=<n>",
    "flame": "render a .flam3 fractal-flame genome headless, as flam3-render does",
    "perform": "open the app straight into perform mode (full screen on a chosen display)",
    "record": "record a scene or a session to H.264 MP4 or PNG frames, headless, frame-exact",
    "anthology": "render a session's anthology.md as a small self-contained HTML page",
    "render": "render a still headless (EGL when there is no display)",
    "traces": "sculpture traces: `kellan traces export SCENE [--state DIR] -o traces.ply`",
    "validate": "check scene files; exit 1 with located errors",
    "hash": "SHA-256 of the simulation state after N frames",
    "schema": "print the JSON Schema of the scene format",
    "bench": "benchmarks: `kellan bench core|frame|osc|flame|fractals|measures [--json]`",
}


def add_renderer_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--renderer", choices=("auto", "sprites", "density"), default=None,
        help="particle renderer (default: the scene's [render] particles, auto: density on "
        "software GL, sprites on a GPU)",
    )  # fmt: skip


def add_thread_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sim-threads", type=A.threads, default=None,
                   help="threads for the simulation (default: half the cores)")  # fmt: skip
    p.add_argument("--gl-threads", type=A.threads, default=None,
                   help="threads for rendering: llvmpipe's LP_NUM_THREADS (default: every "
                   "core) and the density splat (default: half the cores)")  # fmt: skip


def add_state_option(p: argparse.ArgumentParser, live: bool) -> None:
    p.add_argument(
        "--state", type=Path, default=None, metavar="DIR",
        help=("where the sculptures' traces are kept between shows (default: the user's "
              "data folder)") if live else
        "show the sculptures' traces saved in DIR (by default a still shows none, so "
        "that it is reproducible from the scene alone)",
    )  # fmt: skip


def add_live_options(p: argparse.ArgumentParser) -> None:
    """Options shared by the app and `kellan play`."""
    p.add_argument("--osc-port", type=A.port, default=None,
                   help="UDP port for OSC input (default: the scene's, else 9000)")  # fmt: skip
    p.add_argument(
        "--osc-host", default=None, metavar="HOST",
        help="interface to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for "
        "every interface, an explicit choice)",
    )  # fmt: skip
    p.add_argument("--no-osc", action="store_true", help="do not listen for OSC")
    p.add_argument("--record", type=Path, default=None, metavar="DIR",
                   help="record the session (scene, every input, final hash) into DIR, "
                   "which must be new or empty (in the app, each show after a restart goes into "
                   "DIR/part-002, DIR/part-003, ...)")  # fmt: skip
    add_state_option(p, live=True)


def add_quit_after(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--quit-after",
        type=A.positive_seconds,
        default=None,
        metavar="SECONDS",
        help=f"close after SECONDS (0..{A.MAX_SECONDS:g}) and print start-up time, median "
        "fps and the real-time factor",
    )


def add_display_options(p: argparse.ArgumentParser, perform: bool) -> None:
    """Options of the window and of perform mode."""
    if not perform:
        p.add_argument("--perform", action="store_true",
                       help="start in perform mode: the output full screen on --screen, "
                       "no chrome (Esc or F11 leaves it)")  # fmt: skip
    p.add_argument("--screen", default=None,
                   help="perform mode's display: its index (0, 1, ...) or its name as Qt "
                   "reports it (default: as last time, else the last display; the control "
                   "window keeps the first)")  # fmt: skip
    p.add_argument("--fps-cap", type=int, choices=(0, 24, 30, 50, 60), default=None,
                   help="draw at most this many frames a second, 0 for no cap (default: as "
                   "last time, else none)")  # fmt: skip
    p.add_argument("--vsync", action=argparse.BooleanOptionalAction, default=None,
                   help="wait for the display's refresh (default: as last time, else off)")
    p.add_argument("--no-session", action="store_true",
                   help="do not keep the show as a session in the cache folder (the "
                   "window's record button films from it)")  # fmt: skip


def app_parser() -> argparse.ArgumentParser:
    """`kellan [SCENE] [options]`: its --help also lists the commands."""
    commands = "\n".join(f"  kellan {name:<9} {_HELP[name]}" for name in COMMANDS)
    p = argparse.ArgumentParser(
        prog="kellan",
        usage="kellan [SCENE] [options]\n       kellan COMMAND [options]  (kellan COMMAND -h)",
        description="Holographic dreamscapes for live, collective-emotion installations. "
        "With no command, opens the desktop app on SCENE (default: the bundled Dream Art "
        "Festival).",
        epilog=f"commands:\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"kellan {__version__}")
    p.add_argument("scene", type=Path, nargs="?", help="scene file (default: the festival)")
    add_quit_after(p)
    add_live_options(p)
    add_display_options(p, perform=False)
    add_renderer_option(p)
    add_thread_options(p)
    return p


def command_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kellan", description="Kellan's headless commands.")
    sub = p.add_subparsers(dest="command", required=True)

    pl = sub.add_parser("play", help=_HELP["play"], description=_HELP["play"])
    pl.add_argument("scene", type=Path)
    pl.add_argument(
        "--headless", action="store_true",
        help="no window and no GL: the simulation, live inputs and recording",
    )  # fmt: skip
    pl.add_argument(
        "--duration", type=A.positive_seconds, default=None,
        help=f"seconds of show time to run, up to {A.MAX_SECONDS:g} (headless: required)",
    )  # fmt: skip
    pl.add_argument("--fast", action="store_true",
                    help="as fast as the machine goes, timeline only (no OSC or MIDI)")  # fmt: skip
    add_live_options(pl)
    add_renderer_option(pl)
    add_thread_options(pl)

    rp = sub.add_parser("replay", help=_HELP["replay"], description=_HELP["replay"])
    rp.add_argument("session", type=Path, help="a session directory (from --record)")
    rp.add_argument("--threads", type=A.threads, default=None, help="numba threads to use")

    pf = sub.add_parser("perform", help=_HELP["perform"], description=_HELP["perform"])
    pf.add_argument("scene", type=Path, nargs="?", help="scene file (default: the festival)")
    add_display_options(pf, perform=True)
    add_quit_after(pf)
    add_live_options(pf)
    add_renderer_option(pf)
    add_thread_options(pf)

    rc = sub.add_parser("record", help=_HELP["record"], description=_HELP["record"])
    rc.add_argument("scene", type=Path, nargs="?", help="a scene file (or --session)")
    rc.add_argument("--session", type=Path, default=None, metavar="DIR",
                    help="re-render a recorded session, frame-exact; ends with "
                    "hash=... steps=...")  # fmt: skip
    rc.add_argument("-o", "--output", type=Path, required=True,
                    help="out.mp4 (H.264), or a PNG sequence such as frames/%%05d.png")  # fmt: skip
    rc.add_argument("--fps", type=float, default=30.0, help="frames per second (default 30)")
    rc.add_argument("--duration", type=A.positive_seconds, default=10.0,
                    help=f"seconds to record from a scene, up to {A.MAX_SECONDS:g} "
                    "(default 10)")  # fmt: skip
    rc.add_argument("--start", type=A.seconds, default=0.0,
                    help="show time of the first frame (scene only; default 0)")  # fmt: skip
    rc.add_argument("--from-step", type=A.frames, default=None,
                    help="session: the first step to record (default: its start)")  # fmt: skip
    rc.add_argument("--to-step", type=A.frames, default=None,
                    help="session: the last step to record (default: its end)")  # fmt: skip
    rc.add_argument("--size", type=A.size, default=(1280, 720), help="WxH (default 1280x720)")
    rc.add_argument("--supersample", type=int, choices=(1, 2, 3, 4), default=1,
                    help="draw each frame this many times larger and average it down")  # fmt: skip
    add_renderer_option(rc)

    r = sub.add_parser("render", help=_HELP["render"], description=_HELP["render"])
    r.add_argument("scene", type=Path)
    r.add_argument(
        "--time",
        type=A.seconds,
        default=5.0,
        help=f"seconds of simulation before the still, 0..{A.MAX_SECONDS:g} (default 5); "
        "long runs show progress on stderr",
    )
    r.add_argument(
        "--size", type=A.size, default=(1280, 720),
        help=f"WxH, 16..{A.MAX_SIZE} (default 1280x720)",
    )  # fmt: skip
    add_renderer_option(r)
    r.add_argument("--supersample", type=int, choices=(1, 2, 3, 4), default=1,
                   help="draw the still this many times larger and average it down")  # fmt: skip
    add_state_option(r, live=False)
    r.add_argument(
        "-o", "--output", type=Path, required=True,
        help="image to write; the extension picks the format (.png, .jpg, .webp, .tif)",
    )  # fmt: skip

    t = sub.add_parser("traces", help=_HELP["traces"], description=_HELP["traces"])
    tsub = t.add_subparsers(dest="traces_command", required=True)
    te = tsub.add_parser("export", help="write every sculpture with its traces as one "
                         "vertex-coloured PLY (opens in trimesh, Blender, MeshLab)")
    te.add_argument("scene", type=Path)
    add_state_option(te, live=True)
    te.add_argument("-o", "--output", type=Path, required=True, help="the .ply to write")

    v = sub.add_parser("validate", help=_HELP["validate"], description=_HELP["validate"])
    v.add_argument("scenes", type=Path, nargs="+")

    h = sub.add_parser("hash", help=_HELP["hash"], description=_HELP["hash"])
    h.add_argument("scene", type=Path)
    h.add_argument(
        "--frames",
        type=A.frames,
        default=300,
        help=f"fixed steps to run, 0..{A.MAX_FRAMES:,} (default 300); long runs show progress",
    )
    h.add_argument(
        "--threads",
        type=A.threads,
        default=None,
        help="numba threads to use; more than are available is refused",
    )

    sub.add_parser("schema", help=_HELP["schema"], description=_HELP["schema"])
    sub.add_parser("bench", help=_HELP["bench"], add_help=False)
    return p
