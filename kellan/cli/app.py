"""`kellan [SCENE]`: open the desktop app."""

from __future__ import annotations

import argparse

from kellan.cli.commands import warm_up
from kellan.resources import default_scene
from kellan.scene import load_scene


def run_app(args: argparse.Namespace, launched_at: float) -> int:
    path = args.scene or default_scene()
    scene = load_scene(path)
    warm_up()
    from kellan.gui.app import run

    return run(scene, path, quit_after=args.quit_after, launched_at=launched_at)
