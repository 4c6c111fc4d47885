"""Side-by-side sheet: flam3-render (left) and `kellan flame` (right) on the same genomes,
at the same size and quality.

    .venv/bin/python scripts/flame_vs_flam3.py docs/images/flame-vs-flam3.png

Needs flam3-render (Debian's flam3-utils). The two use different random numbers, so the
grain differs; the shape, colours and brightness should not.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from kellan.flame.genome import load_flame
from kellan.flame.render import render

ROOT = Path(__file__).resolve().parent.parent
GENOMES = [
    ROOT / "kellan" / "flame" / "genomes" / "bench.flam3",
    ROOT / "tests" / "data" / "flames" / "generated" / "flam3-genome-1.flam3",
    ROOT / "tests" / "data" / "flames" / "generated" / "flam3-genome-8.flam3",
]
SCALE = 0.75  # flam3-render's ss: 640x480 genomes become 480x360
QUALITY = 100.0
LABEL_H = 22


def flam3(genome: Path, genome_quality: float, out: Path) -> np.ndarray:
    env = {**os.environ, "in": str(genome), "out": str(out), "nthreads": "2", "verbose": "0",
           "ss": repr(SCALE), "qs": repr(QUALITY / genome_quality)}  # fmt: skip
    subprocess.run(["flam3-render"], env=env, check=True, capture_output=True)
    return np.asarray(Image.open(out).convert("RGB"))


def main(out: Path) -> int:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for genome in GENOMES:
            flame, _ = load_flame(genome)
            size = (int(flame.size[0] * SCALE), int(flame.size[1] * SCALE))
            theirs = flam3(genome, flame.quality, Path(tmp) / "f.png")
            ours = render(flame, size, QUALITY, seed=1).image[..., :3]
            rows.append((genome.name, theirs, ours))
    w, h = rows[0][1].shape[1], rows[0][1].shape[0]
    gap = 8
    sheet = Image.new("RGB", (2 * w + gap, LABEL_H + len(rows) * (h + gap)), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    draw.text((8, 5), f"flam3-render 3.1.1 (quality {QUALITY:g})", fill=(0, 0, 0))
    draw.text((w + gap + 8, 5), f"kellan flame (quality {QUALITY:g})", fill=(0, 0, 0))
    for i, (_name, theirs, ours) in enumerate(rows):
        y = LABEL_H + i * (h + gap)
        sheet.paste(Image.fromarray(theirs), (0, y))
        sheet.paste(Image.fromarray(ours), (w + gap, y))
    sheet.save(out)
    print(f"{out}: {sheet.size[0]}x{sheet.size[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("flame-vs-flam3.png")))
