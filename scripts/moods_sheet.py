"""The eight moods of the circumplex, one participant alone in each, as a labelled sheet
(docs/images/moods.png) with the pairwise measures printed.

    .venv/bin/python scripts/moods_sheet.py [out.png] [--time 6] [--size 480x270]
"""

from __future__ import annotations

import argparse
import itertools
import os
from pathlib import Path

os.environ.setdefault("EGL_PLATFORM", "surfaceless")

from kellan.render.image_file import write_image
from kellan.render.moodsheet import (
    MEASURES,
    OCTANTS,
    Still,
    clear_differences,
    image_measures,
    render_octant,
    sheet,
)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("output", type=Path, nargs="?", default=Path("docs/images/moods.png"))
    p.add_argument("--time", type=float, default=6.0)
    p.add_argument("--size", default="480x270")
    args = p.parse_args()
    w, h = (int(v) for v in args.size.split("x"))
    stills = []
    measures = {}
    for k, name in enumerate(OCTANTS):
        img, later = render_octant(k, (w, h), args.time)
        stills.append(Still(name, img, later))
        measures[name] = image_measures(img, later)
        print(name.ljust(8), "  ".join(f"{m} {measures[name][m]:.3f}" for m in MEASURES))
    write_image(args.output, sheet(stills))
    print(f"{args.output}: written")
    worst = None
    for a, b in itertools.combinations(OCTANTS, 2):
        d = clear_differences(measures[a], measures[b])
        best = max(d, key=d.get)
        if worst is None or d[best] < worst[2]:
            worst = (a, b, d[best], best)
        print(f"{a:>8} vs {b:<8} clearest: {best} {d[best]:.1f}x")
    print("closest pair:", worst)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
