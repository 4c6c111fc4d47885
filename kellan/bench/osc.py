"""The OSC flood benchmark: `kellan bench osc [--rate 10000] [--seconds 10] [--json]`.

A headless show (the same Show and run loop as `kellan play --headless`, recording a
session) listens on a local port while a sender process floods it with pad messages at a
set rate. It reports whether the steps kept their pace (real-time factor, worst gap
between steps), what became of every message (applied, rejected by kind, dropped by the
kernel before Kellan saw it), and how long an input took from the send to the step
boundary where it took effect (median, 95th percentile, max).
"""

from __future__ import annotations

import argparse
import itertools
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from kellan.dreamscape.inputs import Applied, SetEmotion

SCENE = """\
schema = 1
title = "OSC flood"
seed = 1

[dynamics]
particles = {particles}

[live.osc]
port = 0

[[participants]]
id = "p0"
name = "P0"
hue = 10.0

[[participants]]
id = "p1"
name = "P1"
hue = 130.0

[[participants]]
id = "p2"
name = "P2"
hue = 250.0
"""


# The flood's sender, run in its own process: sends `rate` pad messages a second, each
# carrying its sequence number, on a fixed schedule from a start time it reports (the
# monotonic clock is the same in every process of the machine).
SENDER = r"""
import json, socket, sys, time
from pythonosc.osc_message_builder import OscMessageBuilder
port, rate, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
total = int(rate * seconds)
start = time.monotonic() + 0.05
for seq in range(total):
    due = start + seq / rate
    delay = due - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    b = OscMessageBuilder(address=f"/kellan/participant/p{seq % 3}/pad")
    for v in ((seq % 2000) / 1000.0 - 1.0, ((seq // 2000) % 2000) / 1000.0 - 1.0, 0.0):
        b.add_arg(v, "f")
    sock.sendto(b.build().dgram, ("127.0.0.1", port))
print(json.dumps([start, time.monotonic() - start, total]))
"""


def encode(seq: int) -> tuple[float, float]:
    """A message's sequence number as two pad values in [-1, 1) (exact in float32)."""
    return (seq % 2000) / 1000.0 - 1.0, ((seq // 2000) % 2000) / 1000.0 - 1.0


def decode(p: float, a: float) -> int:
    return round((p + 1.0) * 1000.0) + 2000 * round((a + 1.0) * 1000.0)


def kernel_drops(port: int) -> int:
    """Datagrams the kernel dropped on our UDP socket (the `drops` column of
    /proc/net/udp), 0 where it cannot tell."""
    try:
        lines = Path("/proc/net/udp").read_text().splitlines()[1:]
    except OSError:
        return 0
    for line in lines:
        parts = line.split()
        if len(parts) > 12 and int(parts[1].split(":")[1], 16) == port:
            return int(parts[-1])
    return 0


def run(rate: int, seconds: float, particles: int) -> dict[str, object]:
    from kellan.live.show import Show, ShowOptions
    from kellan.scene import parse_scene

    text = SCENE.format(particles=particles)
    scene = parse_scene(text)
    with tempfile.TemporaryDirectory() as tmp:
        show = Show(scene, text, ShowOptions(record=Path(tmp) / "session", midi=False))
        assert show.osc is not None
        show.osc.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        port = show.osc.port
        arrivals: list[tuple[int, float]] = []  # (sequence number, applied at)
        step_walls: list[float] = []

        def on_applied(applied: Applied) -> None:
            e = applied.event
            if isinstance(e, SetEmotion) and e.pad is not None and e.pad[0] is not None:
                arrivals.append((decode(float(e.pad[0]), float(e.pad[1] or 0.0)),
                                 time.monotonic()))  # fmt: skip

        show.ds.listeners.append(on_applied)
        original_step = show.ds.step

        def timed_step(n: int = 1) -> None:
            original_step(n)
            step_walls.append(time.monotonic())

        show.ds.step = timed_step  # type: ignore[method-assign]
        duration = seconds + 2.0
        runner = threading.Thread(target=show.run, args=(duration,))
        runner.start()
        time.sleep(0.5)
        # The sender is another process, as a real client is: a sending loop in this
        # process would take the GIL from the show it is measuring.
        proc = subprocess.run(
            [sys.executable, "-c", SENDER, str(port), str(rate), str(seconds)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        start, send_seconds, total = json.loads(proc.stdout)
        drops = kernel_drops(port)
        runner.join()
        received = show.osc.received if show.osc else 0
        superseded = show.ds.superseded
        show.finish()
    gaps = [b - a for a, b in itertools.pairwise(step_walls)]
    flood = [w for w in step_walls if start <= w <= start + seconds]
    realtime = (len(flood) - 1) / scene.dynamics.step_hz / (flood[-1] - flood[0]) if len(
        flood) > 2 else 0.0  # fmt: skip
    rejected = show.rejected()
    latency = [at - (start + seq / rate) for seq, at in arrivals]
    applied_n = len(latency)
    lat_ms = sorted(1000.0 * x for x in latency) or [0.0]
    return {
        "rate": rate, "seconds": seconds, "particles": particles, "sent": total,
        "send_rate": round(total / send_seconds, 1), "received": received,
        "applied": applied_n, "superseded": superseded, "rejected": rejected,
        "kernel_dropped": drops,
        "unaccounted": total - applied_n - superseded - sum(rejected.values()) - drops,
        "realtime": round(realtime, 3),
        "worst_step_gap_ms": round(1000.0 * max(gaps), 1) if gaps else 0.0,
        "latency_ms": {
            "median": round(statistics.median(lat_ms), 2),
            "p95": round(lat_ms[int(0.95 * (len(lat_ms) - 1))], 2),
            "max": round(lat_ms[-1], 2),
        },
    }  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kellan bench osc", description=__doc__.splitlines()[0])
    p.add_argument("--rate", type=int, default=10_000, help="messages a second")
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--particles", type=int, default=25_000)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    from kellan.core.warmup import warm_up

    warm_up()
    result = run(args.rate, args.seconds, args.particles)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>18}: {value}")
    return 0
