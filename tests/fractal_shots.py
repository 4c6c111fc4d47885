"""Renders small stills of fractal variants in one process (run by test_fractal_render):
prints one JSON object, name -> [mean, sha1 of the pixels], plus the warnings."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from kellan.dreamscape import Dreamscape
from kellan.render.offscreen import render_frame
from kellan.render.renderer import SceneRenderer
from kellan.scene.loader import parse_scene

HEAD = """schema = 1
title = "t"
seed = 5
[dynamics]
particles = 1000
[render]
auto_exposure = false
[[participants]]
id = "ana"
name = "Ana"
hue = 20.0
emotion = {{ pleasure = {p}, arousal = 0.3, dominance = 0.0 }}
"""


def shot(base: Path, body: str, pleasure: float = 0.2,
         time: float | None = None) -> tuple[np.ndarray, list[str]]:  # fmt: skip
    """A still of the scene's first frame; `time`: as if the show stood at that time (the
    particles stay where they start, so only what the time itself changes, changes)."""
    scene = parse_scene(HEAD.format(p=pleasure) + body, base / "s.toml", base)
    frame = Dreamscape(scene).snapshot()
    if time is not None:
        frame = dataclasses.replace(frame, time=time)
    from kellan.render.offscreen import _offscreen_canvas

    _offscreen_canvas().set_current()
    renderer = SceneRenderer(scene)
    image = render_frame(frame, (160, 90), renderer=renderer)
    return image, renderer.warnings


def live(base: Path, body: str, frames: int) -> list[list]:
    """Draw `frames` live frames (no step between them): per frame the picture's sha1
    and, for a flame, the samples gathered."""
    from vispy import gloo

    from kellan.render.offscreen import _offscreen_canvas

    scene = parse_scene(HEAD.format(p=0.2) + body, base / "s.toml", base)
    frame = Dreamscape(scene).snapshot()
    _offscreen_canvas().set_current()
    renderer = SceneRenderer(scene)
    w, h = 160, 90
    fbo = gloo.FrameBuffer(gloo.Texture2D(shape=(h, w, 4), internalformat="rgba8"),
                           gloo.RenderBuffer((h, w)))  # fmt: skip
    out = []
    for _ in range(frames):
        renderer.draw(frame, (w, h), target=fbo)
        with fbo:
            image = np.array(fbo.read(alpha=True))
        backdrop = renderer.backdrops[0][1] if renderer.backdrops else None
        flame = getattr(backdrop, "flame", None)
        out.append([hashlib.sha1(image.tobytes()).hexdigest(),
                    flame.samples if flame is not None else 0])  # fmt: skip
    return out


def main() -> None:
    base = Path(sys.argv[1])
    cases = json.loads(Path(sys.argv[2]).read_text())
    out: dict[str, object] = {}
    if len(sys.argv) > 3:
        frames = int(sys.argv[3])
        print(json.dumps({name: live(base, body, frames) for name, (body, _) in cases.items()}))
        return
    for name, (body, pleasure, *time) in cases.items():
        image, warnings = shot(base, body, pleasure, *time)
        out[name] = [float(image[..., :3].mean()),
                     hashlib.sha1(image.tobytes()).hexdigest(), warnings]  # fmt: skip
    print(json.dumps(out))


if __name__ == "__main__":
    main()
