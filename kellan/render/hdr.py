"""The HDR frame: a float target the foreground adds into, auto-exposure, bloom, and the
one composite pass that tone-maps it over the backdrop.

Pass order in a frame (see SceneRenderer.draw):

1. foreground into `hdr` (RGBA16F, with depth): sculptures, then sprites;
2. `downsample`: sprites + density image at a quarter of the size;
3. exposure: measured from that small image (read back: it is small), the 99th
   percentile of the brightest channel over the lit pixels becomes the reference level;
4. bloom: two blur passes at the quarter size;
5. `composite`: backdrop + tone map to the screen (or the still's framebuffer).
"""

from __future__ import annotations

import math

import numpy as np
from vispy import gloo

from kellan.render.shaders import ProgramSources, program_sources

QUAD = np.array([[-1, -1], [1, -1], [-1, 1], [1, 1]], np.float32)
SMALL = 4  # the downsampled buffers are 1/SMALL of the frame on each axis
REFERENCE_PERCENTILE = 99.0
# Live exposure follows the measured one with this time constant (seconds): dense
# moments do not flash, and a change of scene settles within a second.
EXPOSURE_SMOOTHING_S = 0.5


def fullscreen(fragment: str) -> tuple[gloo.Program, ProgramSources]:
    src = program_sources("fullscreen.vert", fragment)
    prog = gloo.Program(src.vertex.text, src.fragment.text)
    prog["a_position"] = gloo.VertexBuffer(QUAD)
    return prog, src


def measure_reference(small: np.ndarray) -> float:
    """The reference brightness of a frame: the REFERENCE_PERCENTILE-th percentile of the
    brightest channel over pixels that hold anything (0 for an empty frame)."""
    m = small[..., :3].max(axis=-1)
    lit = m[m > 1e-6]
    if lit.size < 16:
        return 0.0
    return float(np.percentile(lit, REFERENCE_PERCENTILE))


class HdrPipeline:
    """Float targets sized to the frame, exposure state, and the passes over them."""

    def __init__(self) -> None:
        self.down, s1 = fullscreen("downsample.frag")
        self.blur, s2 = fullscreen("blur.frag")
        self.composite, s3 = fullscreen("composite.frag")
        self.sources = [s1, s2, s3]
        self.size = (0, 0)
        self.exposure = 1.0  # the live, smoothed exposure (multiplier)
        self.reference = 0.0
        self._last_time: float | None = None
        # A 1x1 black texture stands in for an absent density image or backdrop.
        self.black = gloo.Texture2D(np.zeros((1, 1, 4), np.float32), format="rgba",
                                    internalformat="rgba32f")  # fmt: skip

    def ensure(self, size: tuple[int, int]) -> None:
        if size == self.size:
            return
        w, h = size
        self.hdr_tex = gloo.Texture2D(shape=(h, w, 4), format="rgba", internalformat="rgba16f",
                                      interpolation="linear")  # fmt: skip
        self.hdr = gloo.FrameBuffer(self.hdr_tex, gloo.RenderBuffer((h, w)))
        sw, sh = max(1, w // SMALL), max(1, h // SMALL)
        self.small_size = (sw, sh)
        self.small_tex = [
            gloo.Texture2D(shape=(sh, sw, 4), format="rgba", internalformat="rgba16f",
                           interpolation="linear", wrapping="clamp_to_edge")
            for _ in range(2)
        ]  # fmt: skip
        self.small = [gloo.FrameBuffer(t) for t in self.small_tex]
        self.size = size

    def begin(self, size: tuple[int, int]) -> gloo.FrameBuffer:
        """Bind-ready float target for the foreground, cleared."""
        self.ensure(size)
        return self.hdr

    def reduce(self, density: gloo.Texture2D | None, density_gain: float) -> np.ndarray:
        """The quarter-size foreground, drawn and read back (for the exposure)."""
        w, h = self.size
        sw, sh = self.small_size
        d = self.down
        d["u_hdr"] = self.hdr_tex
        d["u_density"] = density if density is not None else self.black
        d["u_use_density"] = 1.0 if density is not None else 0.0
        d["u_density_gain"] = float(density_gain)
        d["u_texel"] = (1.0 / w, 1.0 / h)
        gloo.set_state(blend=False, depth_test=False, cull_face=False)
        with self.small[0]:
            gloo.set_viewport(0, 0, sw, sh)
            d.draw("triangle_strip")
            return np.asarray(
                gloo.read_pixels((0, 0, sw, sh), alpha=False, out_type=np.float32)
            )

    def bloom(self) -> None:
        """Blur the quarter-size foreground in place (horizontal, then vertical)."""
        sw, sh = self.small_size
        b = self.blur
        gloo.set_state(blend=False, depth_test=False, cull_face=False)
        for src, dst, step in ((0, 1, (1.0 / sw, 0.0)), (1, 0, (0.0, 1.0 / sh))):
            b["u_source"] = self.small_tex[src]
            b["u_step"] = step
            with self.small[dst]:
                gloo.set_viewport(0, 0, sw, sh)
                b.draw("triangle_strip")

    def update_exposure(self, small: np.ndarray, stops: float, auto: bool,
                        time: float | None) -> float:  # fmt: skip
        """Exposure from this frame's reference level; smoothed over show time when
        `time` is given (live), taken as measured when it is None (stills, recordings:
        reproducible from the frame alone)."""
        manual = 2.0**stops
        if not auto:
            self.exposure = manual
            return self.exposure
        self.reference = measure_reference(small)
        target = manual / self.reference if self.reference > 0 else manual
        if time is None or self._last_time is None or time < self._last_time:
            self.exposure = target
        else:
            dt = time - self._last_time
            k = 1.0 - math.exp(-max(dt, 0.0) / EXPOSURE_SMOOTHING_S)
            # Glide in log space: equal steps in stops, whatever the level.
            self.exposure = math.exp(math.log(self.exposure) +
                                     k * (math.log(target) - math.log(self.exposure)))  # fmt: skip
        if time is not None:
            self._last_time = time
        return self.exposure
