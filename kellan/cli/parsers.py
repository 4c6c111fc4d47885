"""The argument parsers: one for the app (the default), one with a sub-command each."""

from __future__ import annotations

import argparse
from pathlib import Path

from kellan import __version__
from kellan.cli import args as A

COMMANDS = ("render", "validate", "hash", "schema", "bench")
_HELP = {
    "render": "render a still headless (EGL when there is no display)",
    "validate": "check scene files; exit 1 with located errors",
    "hash": "SHA-256 of the simulation state after N frames",
    "schema": "print the JSON Schema of the scene format",
    "bench": "benchmarks: `kellan bench core [--json]`",
}


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
    p.add_argument(
        "--quit-after",
        type=A.positive_seconds,
        default=None,
        metavar="SECONDS",
        help=f"close after SECONDS (0..{A.MAX_SECONDS:g}) and print start-up time, median "
        "fps and the real-time factor",
    )
    return p


def command_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kellan", description="Kellan's headless commands.")
    sub = p.add_subparsers(dest="command", required=True)

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
        "--size", type=A.size, default=(1280, 720), help=f"WxH, 16..{A.MAX_SIZE} (default 1280x720)"
    )
    r.add_argument(
        "-o", "--output", type=Path, required=True,
        help="image to write; the extension picks the format (.png, .jpg, .webp, .tif)",
    )  # fmt: skip

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
