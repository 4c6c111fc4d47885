"""`kellan flame GENOME.flam3 -o out.png`: render a fractal flame headless, like
flam3-render. Also runnable as `python -m kellan.flame.cli`.

Errors are one line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

from kellan.flame.genome import MAX_SIDE, FlameError


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(message)


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None
    if not (1 <= w <= MAX_SIDE and 1 <= h <= MAX_SIDE):
        raise argparse.ArgumentTypeError(f"width and height must be 1..{MAX_SIDE}")
    return w, h


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0.0 < value <= 1e6:
        raise argparse.ArgumentTypeError("must be in (0, 1e6]")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="kellan flame",
        description="Render a fractal flame genome (.flam3) to PNG on the CPU, as "
        "flam3-render does. The same seed gives the same image on any thread count.",
    )
    p.add_argument("genome", type=Path, help=".flam3 file (flam3's XML genome format)")
    p.add_argument("-o", "--output", type=Path, required=True, help="PNG file to write")
    p.add_argument("--size", type=_size, default=None,
                   help="WxH (default: the genome's size); the framing is kept and scaled "
                   "as flam3-render's ss scales it")  # fmt: skip
    p.add_argument("--quality", type=_positive, default=None,
                   help="samples per pixel (default: the genome's quality)")  # fmt: skip
    p.add_argument("--index", type=_count, default=0, help="which flame of the file (from 0)")
    p.add_argument("--seed", type=_count, default=1, help="random seed (default 1)")
    p.add_argument("--threads", type=_count, default=None, help="numba threads to use")
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser().parse_args(args_list)
    except _Usage as exc:
        print(f"kellan flame: {exc}", file=sys.stderr)
        return 1
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    try:
        return _run(args)
    except FlameError as exc:
        print(exc, file=sys.stderr)
    except MemoryError:
        print(f"{args.genome}: out of memory (try a smaller --size)", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback on the command line
        print(f"kellan flame: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
    finally:
        # The work is done (the PNG is written and synced): spare the interpreter's last
        # garbage collection over numba's many objects, about 0.2 s of a command's time.
        gc.freeze()
    return 1


def _run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    from kellan.flame.genome import load_flame

    flame, warnings = load_flame(args.genome, args.index)
    for line in warnings:
        print(f"warning: {line}", file=sys.stderr)
    if args.threads is not None:
        import numba

        numba.set_num_threads(max(1, min(args.threads, numba.config.NUMBA_NUM_THREADS)))
    from kellan.flame.output import write_png
    from kellan.flame.render import render
    from kellan.flame.warmup import warm_up

    warm_up(lambda line: print(line, file=sys.stderr, flush=True),
            density_estimation=flame.estimator_radius > 0.0)  # fmt: skip
    result = render(flame, args.size, args.quality, args.seed)
    try:
        write_png(args.output, result.image)
    except OSError as exc:
        print(f"{args.output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    h, w = result.image.shape[:2]
    print(f"{args.output}: {w}x{h}, {result.samples} samples in "
          f"{time.perf_counter() - start:.2f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
