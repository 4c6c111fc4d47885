"""Argument types shared by the benchmarks: a value they cannot use is one argparse line
(exit 2) that says what they take, never a traceback."""

from __future__ import annotations

import argparse
from collections.abc import Callable

MAX_PARTICLES = 4_000_000


def counts(text: str) -> list[int]:
    """Comma-separated particle counts, e.g. "25000,400000"."""
    try:
        out = [int(v.strip().replace("_", "")) for v in text.split(",") if v.strip()]
    except ValueError:
        out = []
    if not out or any(not 1 <= n <= MAX_PARTICLES for n in out):
        raise argparse.ArgumentTypeError(
            f"{text[:60]!r}: give particle counts 1..{MAX_PARTICLES:,} separated by commas, "
            "e.g. 25000,400000")  # fmt: skip
    return out


def whole(lo: int, hi: int) -> Callable[[str], int]:
    """A whole number in lo..hi."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = lo - 1
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{text[:40]!r}: a whole number {lo:,}..{hi:,}")
        return value

    return parse
