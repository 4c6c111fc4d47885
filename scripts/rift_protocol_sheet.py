"""Contact sheet of the default scene's rift (12 s) and protocol (20 s), with an energy plot.

    .venv/bin/python scripts/rift_protocol_sheet.py docs/images/rift-and-protocol.png

Renders headless (EGL). The plot compares the scene's kinetic energy with the same
scene with its protocol event removed, so the protocol's settling is visible.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from kellan.dreamscape import Dreamscape
from kellan.render.offscreen import render_dreamscape
from kellan.resources import default_scene
from kellan.scene import load_scene

TIMES = (11.0, 12.6, 14.0, 16.0, 19.0, 28.0)
TILE = (480, 270)
END = 32.0


def energy_trace(ds: Dreamscape, until: float) -> np.ndarray:
    out = []
    while ds.time < until:
        ds.step()
        out.append((ds.time, ds.simulation.energy))
    return np.array(out)


def plot(traces: dict[str, np.ndarray], size: tuple[int, int], target: float) -> Image.Image:
    w, h = size
    img = Image.new("RGB", size, (8, 8, 14))
    d = ImageDraw.Draw(img)
    top = max(float(t[:, 1].max()) for t in traces.values()) * 1.05
    pad = 36

    def xy(t: float, e: float) -> tuple[float, float]:
        return pad + (w - 2 * pad) * t / END, h - pad - (h - 2 * pad) * e / top

    d.line([xy(0, target), xy(END, target)], fill=(90, 90, 90), width=1)
    for t0, label in ((12.0, "rift"), (20.0, "protocol on")):
        d.line([xy(t0, 0), xy(t0, top)], fill=(70, 70, 110), width=1)
        d.text(xy(t0 + 0.3, top * 0.97), label, fill=(180, 180, 220))
    colours = {"scene (protocol on at 20 s)": (120, 230, 160), "no protocol": (230, 120, 120)}
    for i, (name, tr) in enumerate(traces.items()):
        d.line([xy(t, e) for t, e in tr[::6]], fill=colours[name], width=2)
        d.text((pad + 8, 8 + 14 * i), name, fill=colours[name])
    d.text((pad, h - pad + 8), f"mean kinetic energy per particle, 0..{END:.0f} s", fill=(200,) * 3)
    d.text(xy(0.3, target), f"target {target}", fill=(150, 150, 150))
    return img


def main(out: Path) -> None:
    scene = load_scene(default_scene())
    ds = Dreamscape(scene)
    tiles = []
    for t in TIMES:
        ds.advance_to(t)
        sim = ds.simulation
        img = Image.fromarray(render_dreamscape(ds, TILE))
        label = (
            f"t={t:.1f}s  rift {sim.rift_strength():.1f}  "
            f"protocol {'on' if sim.protocol.enabled else 'off'}  E={sim.energy:.2f}"
        )
        ImageDraw.Draw(img).text((8, 6), label, fill=(255, 255, 255))
        tiles.append(np.asarray(img)[..., :3])
    grid = np.concatenate(
        [np.concatenate(tiles[i : i + 3], axis=1) for i in range(0, len(tiles), 3)], axis=0
    )
    with_protocol = energy_trace(Dreamscape(scene), END)
    without = scene.model_copy(
        update={"events": tuple(e for e in scene.events if e.kind == "rift")}
    )
    traces = {
        "scene (protocol on at 20 s)": with_protocol,
        "no protocol": energy_trace(Dreamscape(without), END),
    }
    chart = plot(traces, (grid.shape[1], 260), scene.protocol.target)
    sheet = np.concatenate([grid, np.asarray(chart)], axis=0)
    Image.fromarray(sheet).save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "rift-and-protocol.png"))
