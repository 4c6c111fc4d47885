"""`kellan [SCENE]`: open the desktop app."""

from __future__ import annotations

import argparse

from kellan.cli.budget import apply_budget
from kellan.cli.commands import warm_up
from kellan.resources import default_scene
from kellan.scene import load_scene


def run_app(args: argparse.Namespace, launched_at: float | None) -> int:
    path = args.scene or default_scene()
    scene = load_scene(path)
    sim_threads, splat_threads = apply_budget(getattr(args, "sim_threads", None),
                                           getattr(args, "gl_threads", None))  # fmt: skip
    warm_up()
    from kellan.gui.app import run
    from kellan.gui.main_window import AppOptions

    options = AppOptions(
        osc=not getattr(args, "no_osc", False),
        osc_host=getattr(args, "osc_host", None),
        osc_port=getattr(args, "osc_port", None),
        record=getattr(args, "record", None),
        particles=getattr(args, "renderer", None),
        sim_threads=sim_threads,
        render_threads=splat_threads,
        perform=getattr(args, "perform", False),
        screen=getattr(args, "screen", None),
        fps_cap=getattr(args, "fps_cap", None),
        vsync=getattr(args, "vsync", None),
        keep_session=not getattr(args, "no_session", False),
        state=getattr(args, "state", None),
    )
    return run(scene, path, quit_after=getattr(args, "quit_after", None),
               launched_at=launched_at, options=options)  # fmt: skip
