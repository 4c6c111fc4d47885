"""`kellan bench flame [--json]`: the chaos game's speed, and kellan against flam3-render
on the same genome, size and quality, measured side by side in one run.

Machines here are shared and noisy, so every figure is a median, and the runs of the
two renderers alternate (flam3, kellan, flam3, kellan, ...) so that load changes hit both.
flam3-render (Debian's flam3-utils) runs on 2 threads (its `nthreads=2`), and so does
kellan unless --threads says otherwise. Ratios are kellan's time / flam3-render's time:
below 1 means kellan is faster.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_GENOME = Path(__file__).resolve().parent / "genomes" / "bench.flam3"


def _flam3_seconds(genome: Path, quality: float, genome_quality: float, out: Path) -> float:
    env = {**os.environ, "in": str(genome), "out": str(out), "nthreads": "2",
           "verbose": "0", "qs": repr(quality / genome_quality), "isaac_seed": "1"}  # fmt: skip
    t = time.perf_counter()
    subprocess.run(["flam3-render"], env=env, check=True, capture_output=True)
    return time.perf_counter() - t


def _command_seconds(genome: Path, quality: float, threads: int, out: Path) -> float:
    cmd = [sys.executable, "-m", "kellan.flame.cli", str(genome), "-o", str(out),
           "--quality", repr(quality), "--threads", str(threads)]  # fmt: skip
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


def bench_flame(genome: Path, quality: float, repeats: int, threads: int,
                commands: bool = True) -> dict[str, object]:  # fmt: skip
    """Medians of `repeats` alternating runs; see the module docstring."""
    import numba

    from kellan.flame.camera import camera_for
    from kellan.flame.chaos import ChaosGame
    from kellan.flame.genome import load_flame
    from kellan.flame.tonemap import tone_map
    from kellan.flame.warmup import warm_up

    numba.set_num_threads(max(1, min(threads, numba.config.NUMBA_NUM_THREADS)))
    warm_up()
    flame, _ = load_flame(genome)
    camera = camera_for(flame)
    samples = int(quality * camera.width * camera.height * 4.0**flame.zoom)
    have_flam3 = shutil.which("flam3-render") is not None
    chaos_s, render_s, flam3_s, cmd_s, flam3_cmd_s = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.png"
        if commands:  # one untimed run of each, so both start warm (page cache, numba cache)
            _command_seconds(genome, quality, threads, out)
            if have_flam3:
                _flam3_seconds(genome, quality, flame.quality, out)
        for _ in range(repeats):
            if have_flam3:
                flam3_s.append(_flam3_seconds(genome, quality, flame.quality, out))
            t = time.perf_counter()
            game = ChaosGame(flame, camera, seed=1)
            game.run(samples)
            t1 = time.perf_counter()
            tone_map(game.histogram, flame, camera, game.samples)
            t2 = time.perf_counter()
            chaos_s.append(t1 - t)
            render_s.append(t2 - t)
            if commands:
                cmd_s.append(_command_seconds(genome, quality, threads, out))
                if have_flam3:
                    flam3_cmd_s.append(_flam3_seconds(genome, quality, flame.quality, out))
    med = statistics.median
    row: dict[str, object] = {
        "genome": genome.name,
        "size": f"{camera.width}x{camera.height}",
        "quality": quality,
        "samples": game.samples,
        "threads": numba.get_num_threads(),
        "repeats": repeats,
        "chaos_s": round(med(chaos_s), 3),
        "iterations_per_s": round(game.samples / med(chaos_s)),
        "render_s": round(med(render_s), 3),
    }
    if have_flam3:
        row["flam3_s"] = round(med(flam3_s), 3)
        row["chaos_ratio"] = round(med(chaos_s) / med(flam3_s), 3)
        row["render_ratio"] = round(med(render_s) / med(flam3_s), 3)
    if commands:
        row["command_s"] = round(med(cmd_s), 3)
        if have_flam3:
            row["flam3_command_s"] = round(med(flam3_cmd_s), 3)
            row["command_ratio"] = round(med(cmd_s) / med(flam3_cmd_s), 3)
    return row


def _in_range(kind: type, lo: float, hi: float):
    """An argparse type: a number of `kind` in lo..hi, else one line saying so."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{text[:40]!r}: a number {lo:g}..{hi:g}")
        return value

    return parse


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kellan bench flame", description=__doc__.splitlines()[0])
    p.add_argument("--genome", type=Path, default=BENCH_GENOME, help="a .flam3 file")
    p.add_argument("--quality", type=_in_range(float, 0.01, 100_000), default=100.0,
                   help="samples per pixel (0.01..100000)")  # fmt: skip
    p.add_argument("--repeats", type=_in_range(int, 1, 1000), default=5,
                   help="runs of each, medians reported")  # fmt: skip
    p.add_argument("--threads", type=_in_range(int, 1, 256), default=2,
                   help="numba threads (flam3 uses 2)")  # fmt: skip
    p.add_argument("--no-commands", action="store_true", help="skip the whole-command timing")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["flame"]:
        args_list = args_list[1:]
    args = p.parse_args(args_list)
    from kellan.flame.genome import FlameError

    try:
        row = bench_flame(args.genome, args.quality, max(1, args.repeats), args.threads,
                          not args.no_commands)  # fmt: skip
    except (FlameError, OSError) as exc:
        print(f"kellan bench flame: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(row))
        return 0
    print(f"{row['genome']} {row['size']} quality {row['quality']:g}: {row['samples']:,} "
          f"samples, {row['threads']} threads, medians of {row['repeats']}")  # fmt: skip
    print(f"  kellan chaos game  {row['chaos_s']:.3f} s  ({row['iterations_per_s']:,} it/s)")
    print(f"  kellan render      {row['render_s']:.3f} s  (chaos game + tone map, in process)")
    if "flam3_s" in row:
        print(f"  flam3-render       {row['flam3_s']:.3f} s  (whole process, nthreads=2)")
        print(f"  ratio kellan/flam3: chaos game {row['chaos_ratio']:.2f}, "
              f"render {row['render_ratio']:.2f}")  # fmt: skip
    else:
        print("  flam3-render not installed (apt-get install flam3-utils): no ratios")
    if "command_s" in row:
        line = f"  kellan flame command {row['command_s']:.3f} s"
        if "flam3_command_s" in row:
            line += (f", flam3-render {row['flam3_command_s']:.3f} s, "
                     f"ratio {row['command_ratio']:.2f}")  # fmt: skip
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
