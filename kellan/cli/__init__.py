"""The `kellan` command line: the desktop app by default, and headless commands.

`kellan [SCENE] [options]` opens the app; `kellan COMMAND ...` runs a command. Every
failure a user can cause ends in one line on stderr and exit status 1 (2 for usage
errors, as argparse does), never in a traceback.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

LAUNCHED_AT = time.perf_counter()

from kellan.cli.args import UsageError  # noqa: E402
from kellan.cli.parsers import COMMANDS, app_parser, command_parser  # noqa: E402
from kellan.scene import SceneError  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list[:1] == ["bench"]:
            from kellan.bench import main as bench_main

            return bench_main(args_list[1:])
        if args_list[:1] == ["flame"]:
            from kellan.flame.cli import main as flame_main

            return flame_main(args_list[1:])
        if args_list[:1] == ["anthology"]:
            from kellan.poetry.cli import main as anthology_main

            return anthology_main(args_list[1:])
        if args_list and args_list[0] in COMMANDS:
            from kellan.cli.commands import run_command

            return run_command(command_parser().parse_args(args_list))
        from kellan.cli.app import run_app

        return run_app(app_parser().parse_args(args_list), LAUNCHED_AT)
    except (SceneError, UsageError) as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
