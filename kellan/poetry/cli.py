"""`kellan anthology DIR [-o page.html]`: a session's anthology as an HTML page.

Errors are one line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kellan.poetry.anthology import ANTHOLOGY, AnthologyError, write_html


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def main(argv: Sequence[str] | None = None) -> int:
    p = _Parser(
        prog="kellan anthology",
        description="Render a session's anthology (anthology.md, measures.jsonl) as HTML.",
    )
    p.add_argument("session", metavar="DIR", help="session directory holding anthology.md")
    p.add_argument(
        "-o", "--output", metavar="PAGE", help="HTML file to write (default: DIR/anthology.html)"
    )
    try:
        args = p.parse_args(argv)
    except _UsageError as e:
        print(f"kellan anthology: {e}", file=sys.stderr)
        return 1
    session = Path(args.session)
    if not session.is_dir():
        print(f"kellan anthology: {session}: no such directory", file=sys.stderr)
        return 1
    if not (session / ANTHOLOGY).is_file():
        print(f"kellan anthology: {session}: no {ANTHOLOGY} in it", file=sys.stderr)
        return 1
    out = Path(args.output) if args.output else session / "anthology.html"
    try:
        write_html(session, out)
    except AnthologyError as e:
        print(f"kellan anthology: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"kellan anthology: {out}: cannot write: {e.strerror or e}", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
