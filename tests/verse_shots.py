"""Stills of one frame of a small show with Rhea's verse overlay and empathy threads
switched on and off, rendered in a process of its own (EGL) by tests/test_verse_overlay.py:
python tests/verse_shots.py OUT.npz."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TIME = 3.8  # the healing verse (2.1 s) fully in, the protocol (4 s) not yet
SIZE = (480, 270)
SHOTS = {
    "both": {},
    "no_verse": {"show": False},
    "no_threads": {"threads": False},
    "big_text": {"text_size": 0.08},
}


def main(out: str) -> int:
    from kellan.dreamscape import Dreamscape
    from kellan.render.offscreen import _offscreen_canvas, gl_info, render_frame
    from kellan.render.renderer import SceneRenderer
    from kellan.scene import parse_scene
    from tests.test_show_poetry import SHOW

    scene = parse_scene(SHOW)
    ds = Dreamscape(scene)
    ds.advance_to(TIME)
    base = ds.snapshot()
    images: dict[str, np.ndarray] = {}
    drawn: dict[str, int] = {}
    _offscreen_canvas().set_current()
    for name, poetry in SHOTS.items():
        sc = scene.model_copy(update={"poetry": scene.poetry.model_copy(update=poetry)})
        frame = dataclasses.replace(base, scene=sc)
        renderer = SceneRenderer(sc, particles="density")
        images[name] = render_frame(frame, SIZE, renderer=renderer)
        drawn[name] = renderer.verses.drawn * 1000 + renderer.moments.drawn
    np.savez_compressed(out, renderer=np.array(gl_info().renderer),
                        drawn=np.array([drawn[k] for k in SHOTS]), **images)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
