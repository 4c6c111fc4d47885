"""Argument types of the command line, each with its bounds stated in --help.

Every number a user types is checked here: nan, inf, negative times and runs that would
take days are refused with one line before anything starts.
"""

from __future__ import annotations

import argparse
import math

# One hour of show time: enough for any installation's loop, and at 60 steps a second a
# million-particle still takes about an hour and a half to simulate (progress is shown).
MAX_SECONDS = 3600.0
# The same hour at the highest step rate a scene allows (240 Hz).
MAX_FRAMES = 864_000
MAX_SIZE = 8192


def size(text: str) -> tuple[int, int]:
    """WIDTHxHEIGHT, each 16..MAX_SIZE."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text[:40]!r}") from None
    if not (16 <= w <= MAX_SIZE and 16 <= h <= MAX_SIZE):
        raise argparse.ArgumentTypeError(f"width and height must be 16..{MAX_SIZE}")
    return w, h


def seconds(text: str) -> float:
    """A show time in seconds, finite, 0..MAX_SECONDS."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text[:40]!r}") from None
    if not math.isfinite(value) or not 0.0 <= value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"must be 0..{MAX_SECONDS:g} seconds, got {text[:40]}")
    return value


def positive_seconds(text: str) -> float:
    value = seconds(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def frames(text: str) -> int:
    """A number of simulation steps, 0..MAX_FRAMES."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text[:40]!r}") from None
    if not 0 <= value <= MAX_FRAMES:
        raise argparse.ArgumentTypeError(f"must be 0..{MAX_FRAMES:,}, got {text[:40]}")
    return value


def threads(text: str) -> int:
    """A thread count, 1 or more (checked against what is available when used)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text[:40]!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def port(text: str) -> int:
    """A UDP port, 1..65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text[:40]!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be 1..65535")
    return value


class UsageError(Exception):
    """A command-line value that passed parsing but cannot be honoured; one line."""
