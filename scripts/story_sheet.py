"""The default scene's arc as a labelled sheet (docs/images/story.png): tension, the rift,
the healing, the protocol, dawn.

    .venv/bin/python scripts/story_sheet.py [out.png] [--size 640x360]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("EGL_PLATFORM", "surfaceless")

from kellan.dreamscape import Dreamscape
from kellan.render.image_file import write_image
from kellan.render.moodsheet import Still, sheet
from kellan.render.offscreen import render_dreamscape
from kellan.resources import default_scene
from kellan.scene import load_scene

MOMENTS = [
    (8.0, "tension: Siena excited, Rhea troubled and sinking"),
    (12.25, "the rift: a crack, a flash, the groups torn apart"),
    (15.5, "healing: threads stitch the gap"),
    (21.2, "the protocol: a calming wave from the sculpture"),
    (44.0, "dawn: every mood lifts, Rhea's most of all"),
]


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("output", type=Path, nargs="?", default=Path("docs/images/story.png"))
    p.add_argument("--size", default="640x360")
    args = p.parse_args()
    w, h = (int(v) for v in args.size.split("x"))
    ds = Dreamscape(load_scene(default_scene()))
    stills = []
    for t, label in MOMENTS:
        ds.advance_to(t)
        img = render_dreamscape(ds, (w, h))
        stills.append(Still(f"{t:g} s  {label}", img, img))
    write_image(args.output, sheet(stills, columns=3))
    print(f"{args.output}: written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
