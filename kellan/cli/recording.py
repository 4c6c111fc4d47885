"""`kellan record`: a scene or a recorded session to H.264 MP4 or PNG frames, headless,
frame-exact, never dropping a frame."""

from __future__ import annotations

import argparse
import math
import sys
import time

from tqdm import tqdm

from kellan.cli.args import UsageError
from kellan.cli.commands import headless_gl, warm_up
from kellan.cli.shows import hash_line
from kellan.scene import load_scene


def record(args: argparse.Namespace) -> int:
    if (args.scene is None) == (args.session is None):
        raise UsageError("kellan record needs a SCENE or --session DIR (one of them)")
    headless_gl()
    from kellan.render.recording import FrameSink, FrameTimes, RecordingError, record_frames

    w, h = args.size
    ss = args.supersample
    if max(w, h) * ss > 16384:
        raise UsageError(f"--size x --supersample is {w * ss}x{h * ss}: at most 16384 a side")
    session = None
    if args.session is not None:
        from kellan.live.replay import Replayer
        from kellan.live.session import SessionError, load_session

        try:
            session = load_session(args.session)
        except SessionError as exc:
            raise UsageError(str(exc)) from None
        scene = session.scene
        replayer = Replayer(session)
        ds = replayer.ds
        hz = scene.dynamics.step_hz
        first = args.from_step if args.from_step is not None else 0
        last = args.to_step if args.to_step is not None else session.steps
        if not 0 <= first <= last:
            raise UsageError(f"--from-step {first} --to-step {last}: not a range of the session")
        start = first / hz
        frames = max(1, math.floor((last - first) / hz * args.fps) + 1)
        advance = replayer.advance_to
    else:
        scene = load_scene(args.scene)
        from kellan.dreamscape import Dreamscape

        ds = Dreamscape(scene)
        hz = scene.dynamics.step_hz
        start = args.start
        frames = max(1, round(args.duration * args.fps))

        def advance(step: int) -> None:
            if step > ds.frame:
                ds.step(step - ds.frame)

    from kellan.render.offscreen import render_frame
    from kellan.render.recording import supersampled
    from kellan.render.renderer import SceneRenderer
    from kellan.render.shaders import ShaderError

    warm_up()
    times = FrameTimes(args.fps, hz, start, frames)
    from kellan.render.offscreen import _offscreen_canvas

    _offscreen_canvas().set_current()
    renderer = SceneRenderer(scene, particles=args.renderer)

    def render(step: int):
        advance(step)
        image = render_frame(ds.snapshot(), (w * ss, h * ss), renderer=renderer)
        return supersampled(image, ss)

    try:
        sink = FrameSink(args.output, (w, h), args.fps)
    except RecordingError as exc:
        raise UsageError(str(exc)) from None
    bar = tqdm(total=frames, desc="recording", unit="frame", file=sys.stderr, mininterval=0.5)
    started = time.monotonic()
    try:
        record_frames(render, times, sink, lambda k: bar.update(1))
    except (RecordingError, ShaderError) as exc:
        bar.close()
        print(f"kellan record: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        bar.close()
        print(f"kellan record: interrupted; {sink.written} frames kept in {args.output}",
              file=sys.stderr)  # fmt: skip
        return 130
    bar.close()
    rate = sink.written / max(time.monotonic() - started, 1e-9)
    print(f"{args.output}: {sink.written} frames, {w}x{h} at {args.fps:g} fps"
          f" ({rate:.1f} frames/s to record)", file=sys.stderr)  # fmt: skip
    if session is not None:
        # As the show did: to its last step, then the closing line to compare by.
        advance(session.steps if args.to_step is None else max(ds.frame, args.to_step))
        ds = replayer.finish()
        print(hash_line(ds.digest(), ds.frame))
    return 0
