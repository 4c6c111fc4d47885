"""`kellan play` and `kellan replay`: shows with live input, and exact re-runs."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import time
from pathlib import Path

from kellan.cli.args import UsageError
from kellan.cli.commands import use_threads, warm_up
from kellan.cli.progress import run_steps
from kellan.scene import load_scene
from kellan.scene.loader import read_scene_text


def hash_line(digest: str, steps: int) -> str:
    """The closing line every show prints, so any two runs compare by one line."""
    return f"hash={digest} steps={steps}"


def play(args: argparse.Namespace) -> int:
    if not args.headless:
        from kellan.cli.app import run_app

        return run_app(args, None)
    if args.duration is None:
        raise UsageError("kellan play --headless needs --duration SECONDS")
    text = read_scene_text(args.scene)
    scene = load_scene(args.scene)
    use_threads(args.sim_threads)
    from kellan.live.session import SessionError
    from kellan.live.show import Show, ShowOptions

    warm_up()
    options = ShowOptions(
        osc=not (args.fast or args.no_osc),
        osc_host=args.osc_host,
        osc_port=args.osc_port,
        midi=not args.fast,
        record=args.record,
        extra_meta={"mode": "fast" if args.fast else "realtime"},
        scene_dir=args.scene.parent,
        state_dir=args.state,
    )
    try:
        show = Show(scene, text, options)
    except (OSError, SessionError) as exc:
        raise UsageError(str(exc)) from None
    if show.osc is not None:
        print(f"kellan: OSC on {show.osc.host}:{show.osc.port}", file=sys.stderr, flush=True)
    if options.midi and show.midi is not None:
        # Whether MIDI listens, or why not (no extra, no device): else a silent controller
        # looks like a broken show.
        print(f"kellan: {show.midi.status}", file=sys.stderr, flush=True)
    for warning in show.warnings:
        print(f"kellan: {warning}", file=sys.stderr, flush=True)
    # SIGTERM (a service manager, a test) ends the show cleanly: the session is sealed.
    signal.signal(signal.SIGTERM, lambda *_: show.stop())
    started = time.monotonic()
    with contextlib.suppress(KeyboardInterrupt):
        show.run(args.duration, fast=args.fast)
    wall = time.monotonic() - started
    digest = show.finish()
    factor = show.ds.frame / show.scene.dynamics.step_hz / max(wall, 1e-9)
    rejected = show.rejected() or "none"
    stats = (f"kellan: {show.ds.frame} steps in {wall:.1f} s ({factor:.2f}x real time), "
             f"{show.ds.applied_count} inputs applied, rejected: {rejected}")  # fmt: skip
    print(stats, file=sys.stderr, flush=True)
    print(hash_line(digest, show.ds.frame), flush=True)
    return 0


def replay(args: argparse.Namespace) -> int:
    from kellan.live.replay import replay as run_replay
    from kellan.live.session import SessionError, load_session

    try:
        session = load_session(Path(args.session))
    except SessionError as exc:
        raise UsageError(str(exc)) from None
    use_threads(args.threads)
    for warning in session.warnings:
        print(f"kellan: {warning}", file=sys.stderr)
    warm_up()
    ds = run_replay(session, step_runner=lambda fn, n: run_steps(fn, n, "replaying"))
    digest = ds.digest()
    recorded = session.meta.get("final_hash")
    if session.complete and recorded and recorded != digest:
        print(f"kellan: replay differs from the recorded final hash {recorded}", file=sys.stderr)
        print(hash_line(digest, ds.frame))
        return 1
    print(hash_line(digest, ds.frame))
    return 0


def perform(args: argparse.Namespace) -> int:
    """`kellan perform [SCENE] --screen N`: the app, straight into perform mode."""
    from kellan.cli.app import run_app

    args.perform = True
    return run_app(args, None)
