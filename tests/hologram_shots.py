"""Close-up stills of one sculpture with each part of the hologram material switched off
and on, for tests/test_hologram.py. Run in a process of its own (headless EGL):

    python -m tests.hologram_shots OUT.npz

writes every still (uint8 RGBA, by name) and `renderer` (the GL renderer's name).
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any

import numpy as np

SIZE = (320, 180)
TIME = 2.0
SCENE = """
schema = 1
title = "Hologram close-up"
seed = 11
[camera]
distance = 3.6
azimuth = 20.0
elevation = 18.0
frame = false
[dynamics]
particles = 1
[poetry]
show = false  # the close-ups are of the material alone
[[participants]]
id = "a"
name = "A"
hue = 200.0
emotion = { pleasure = 0.2, arousal = 0.0, dominance = 0.0 }
[[sculptures]]
id = "knot"
shape = "torus_knot"
scale = 1.3
hue = 192.0
spin = 0.0
rim_power = 2.5
material = { flicker = 0.0, glitch = 0.0 }
"""

# name: (material changes, sculpture changes, the show's view of it, render changes)
Shot = tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]
SHOTS: dict[str, Shot] = {
    "base": ({}, {}, {}, {}),
    "intensity_off": ({"intensity": 0.0}, {}, {}, {}),
    "rim_off": ({"rim": 0.0}, {}, {}, {}),
    "fill_on": ({"fill": 0.6}, {}, {}, {}),
    "scanlines_off": ({"scanlines": 0.0}, {}, {}, {}),
    "scan_density_30": ({"scan_density": 30.0}, {}, {}, {}),
    "scan_speed_0.3": ({"scan_speed": 0.3}, {}, {}, {}),
    "scan_speed_0": ({"scan_speed": 0.0}, {}, {}, {}),
    "scan_axis_x": ({"scan_axis": "x"}, {}, {}, {}),
    "interference_off": ({"interference": 0.0}, {}, {}, {}),
    "chroma_off": ({"chroma": 0.0}, {}, {}, {}),
    "chroma_3": ({"chroma": 3.0}, {}, {}, {}),
    "flicker_on": ({"flicker": 1.0}, {}, {}, {}),
    "flicker_on_calm": ({"flicker": 1.0}, {}, {"calm": 1.0}, {}),
    "iridescence_off": ({"iridescence": 0.0}, {}, {}, {}),
    "halo_off": ({"halo": 0.0}, {}, {}, {}),
    "wireframe_on": ({"wireframe": 1.5}, {}, {}, {}),
    "rim_power_5": ({}, {"rim_power": 5.0}, {}, {}),
    "glitch_on": ({}, {}, {"glitch": 1.0}, {}),
    "crack_on": ({}, {}, {"glitch": 0.0, "crack": 1.0}, {}),
    "mood_bright": ({}, {}, {"intensity": 2.0}, {}),
    "traces_on": ({}, {}, {"traces": "half"}, {}),
    "aa_off": ({"wireframe": 1.0}, {}, {}, {"antialias": "off"}),
    "aa_fxaa": ({"wireframe": 1.0}, {}, {}, {"antialias": "fxaa"}),
    "aa_auto": ({"wireframe": 1.0}, {}, {}, {"antialias": "auto"}),
}


def main(out: str) -> int:
    from kellan.dreamscape import Dreamscape
    from kellan.render.offscreen import gl_info, render_frame
    from kellan.scene import parse_scene

    scene = parse_scene(SCENE)
    ds = Dreamscape(scene)
    ds.advance_to(TIME)
    base = ds.snapshot()
    n_vertices = len(ds.sculptures.items[0].mesh.vertices)
    images: dict[str, np.ndarray] = {}
    for name, (material, sculpture, view, render) in SHOTS.items():
        s0 = scene.sculptures[0]
        look = s0.material.model_copy(update=material)
        s1 = s0.model_copy(update={**sculpture, "material": look})
        settings = scene.render.model_copy(update=render)
        sc = scene.model_copy(update={"sculptures": [s1], "render": settings})
        changes = dict(view)
        if changes.get("traces") == "half":
            patina = np.zeros((n_vertices, 4), np.float32)
            patina[: n_vertices // 2] = (1.0, 0.45, 0.1, 0.9)
            changes["traces"] = patina
        state = dataclasses.replace(base.sculptures[0], **changes)
        frame = dataclasses.replace(base, scene=sc, sculptures=(state,))
        images[name] = render_frame(frame, SIZE)
    np.savez_compressed(out, renderer=np.array(gl_info().renderer), **images)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
