"""The HDR frame: a float target the foreground adds into, auto-exposure, bloom, and the
one composite pass that tone-maps it over the backdrop.

Pass order in a frame (see SceneRenderer.draw):

1. the foreground, in one float texture with a depth buffer: the density image is
   uploaded into it (or it is cleared for sprites), then sculptures and sprites add in;
2. `downsample`: the foreground at a quarter of the size;
3. exposure: measured from that small image (read back: it is small), the 99th
   percentile of the brightest channel over the lit pixels becomes the reference level;
4. bloom: tone-mapped and blurred at the quarter size, in display range (8 bits);
5. `underlay`: the fractal backdrop with the bloom screened over it, at half size;
6. `composite`: the tone-mapped foreground screened over the underlay, at full size;
7. `fxaa` (when anti-aliasing is on): the composite, drawn into an 8-bit texture, smoothed
   along its hard edges (the sculptures' silhouettes, the wireframes) into the output.

Software GL (llvmpipe) pays milliseconds for every full-resolution texture read, so the
composite reads only two textures and everything else is done smaller; FXAA is the one
other full-resolution pass, and most of its pixels leave after five taps.
"""

from __future__ import annotations

import math

import numpy as np
from vispy import gloo

from kellan.render.shaders import ProgramSources, program_sources

QUAD = np.array([[-1, -1], [1, -1], [-1, 1], [1, 1]], np.float32)
SMALL = 4  # the downsampled buffers are 1/SMALL of the frame on each axis
REFERENCE_PERCENTILE = 99.0
# Exposure maps the reference density to this much light per unit of colour: a dense
# region of a bright mood reaches the upper tones, a dim mood stays dim.
EXPOSURE_KEY = 2.0
# Live exposure follows the measured one with this time constant (seconds): dense
# moments do not flash, and a change of scene settles within a second.
EXPOSURE_SMOOTHING_S = 0.5


def fullscreen(fragment: str) -> tuple[gloo.Program, ProgramSources]:
    src = program_sources("fullscreen.vert", fragment)
    prog = gloo.Program(src.vertex.text, src.fragment.text)
    prog["a_position"] = gloo.VertexBuffer(QUAD)
    return prog, src


def measure_reference(small: np.ndarray) -> float:
    """The reference density of a frame: the REFERENCE_PERCENTILE-th percentile of the
    foreground's alpha (how much light-emitting stuff a pixel holds, whatever its colour)
    over the pixels that hold anything (0 for an empty frame). Measuring density, not
    brightness, keeps mood legible: exposing by brightness would lift a sad, dim crowd
    to the same brightness as a joyful one."""
    m = small[..., 3]
    lit = m[m > 1e-6]
    if lit.size < 16:
        return 0.0
    return float(np.percentile(lit, REFERENCE_PERCENTILE))


class HdrPipeline:
    """Float targets sized to the frame, exposure state, and the passes over them."""

    def __init__(self) -> None:
        self.down, s1 = fullscreen("downsample.frag")
        self.bloom_h, s2 = fullscreen("bloom.frag")
        self.blur, s3 = fullscreen("blur.frag")
        self.underlay, s4 = fullscreen("underlay.frag")
        self.composite, s5 = fullscreen("composite.frag")
        self.stretch, s6 = fullscreen("stretch.frag")
        self.fxaa, s7 = fullscreen("fxaa.frag")
        self.sources = [s1, s2, s3, s4, s5, s6, s7]
        self._frame_size: tuple[int, int] | None = None
        self._aa_size: tuple[int, int] | None = None
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
        # Float32: the density image is uploaded into it as it is, and sculptures and
        # sprites blend into the same texture. Sampled 1:1 by the composite: nearest.
        self.hdr_tex = gloo.Texture2D(shape=(h, w, 4), format="rgba", internalformat="rgba32f",
                                      interpolation="nearest")  # fmt: skip
        self.hdr = gloo.FrameBuffer(self.hdr_tex, gloo.RenderBuffer((h, w)))
        sw, sh = max(1, w // SMALL), max(1, h // SMALL)
        self.small_size = (sw, sh)
        self.reduced_tex = gloo.Texture2D(shape=(sh, sw, 4), format="rgba",
                                          internalformat="rgba16f", interpolation="linear",
                                          wrapping="clamp_to_edge")  # fmt: skip
        self.reduced = gloo.FrameBuffer(self.reduced_tex)
        self.bloom_tex = [
            gloo.Texture2D(shape=(sh, sw, 4), format="rgba", internalformat="rgba8",
                           interpolation="linear", wrapping="clamp_to_edge")
            for _ in range(2)
        ]  # fmt: skip
        self.bloom_fbo = [gloo.FrameBuffer(t) for t in self.bloom_tex]
        uw, uh = max(1, w // 2), max(1, h // 2)
        self.under_size = (uw, uh)
        self.under_tex = gloo.Texture2D(shape=(uh, uw, 4), format="rgba",
                                        internalformat="rgba8", interpolation="linear",
                                        wrapping="clamp_to_edge")  # fmt: skip
        self.under = gloo.FrameBuffer(self.under_tex)
        self.size = size

    def begin(self, size: tuple[int, int], image: np.ndarray | None = None) -> gloo.FrameBuffer:
        """The foreground's target, holding `image` (the density splat, row 0 at the
        bottom) or cleared; its depth buffer is cleared either way."""
        self.ensure(size)
        if image is not None:
            self.hdr_tex.set_data(image)
        with self.hdr:
            gloo.set_viewport(0, 0, *size)
            gloo.set_clear_color((0.0, 0.0, 0.0, 0.0))
            gloo.clear(color=image is None, depth=True)
        return self.hdr

    def reduce(self) -> np.ndarray:
        """The quarter-size foreground, drawn and read back (for the exposure)."""
        w, h = self.size
        sw, sh = self.small_size
        d = self.down
        d["u_hdr"] = self.hdr_tex
        d["u_texel"] = (1.0 / w, 1.0 / h)
        gloo.set_state(blend=False, depth_test=False, cull_face=False)
        with self.reduced:
            gloo.set_viewport(0, 0, sw, sh)
            d.draw("triangle_strip")
            return np.asarray(
                gloo.read_pixels((0, 0, sw, sh), alpha=True, out_type=np.float32)
            )

    def bloom(self, exposure: float, brightness: float, gamma: float, strength: float) -> None:
        """Tone-map and blur the quarter-size foreground into the 8-bit bloom texture."""
        sw, sh = self.small_size
        gloo.set_state(blend=False, depth_test=False, cull_face=False)
        b = self.bloom_h
        b["u_source"] = self.reduced_tex
        b["u_exposure"] = float(exposure)
        b["u_brightness"] = float(brightness)
        b["u_gamma"] = float(gamma)
        b["u_strength"] = float(strength)
        with self.bloom_fbo[0]:
            gloo.set_viewport(0, 0, sw, sh)
            b.draw("triangle_strip")
        # Then a separable blur, horizontal into [1], vertical back into [0].
        v = self.blur
        for src, dst, step in ((0, 1, (1.0 / sw, 0.0)), (1, 0, (0.0, 1.0 / sh))):
            v["u_source"] = self.bloom_tex[src]
            v["u_step"] = step
            with self.bloom_fbo[dst]:
                gloo.set_viewport(0, 0, sw, sh)
                v.draw("triangle_strip")

    def draw_underlay(self, bloom: bool) -> None:
        """Backdrop and bloom at half size (the backdrop's uniforms are set by its owner
        on `self.underlay` before this)."""
        uw, uh = self.under_size
        u = self.underlay
        u["u_bloom"] = self.bloom_tex[0]
        u["u_bloom_on"] = 1.0 if bloom else 0.0
        u["u_resolution"] = (float(self.size[0]), float(self.size[1]))
        gloo.set_state(blend=False, depth_test=False, cull_face=False)
        with self.under:
            gloo.set_viewport(0, 0, uw, uh)
            u.draw("triangle_strip")

    def frame_target(self, size: tuple[int, int]) -> gloo.FrameBuffer:
        """An 8-bit target for a frame drawn smaller than the output; `stretch` then
        draws it at the output's size."""
        if size != self._frame_size:
            w, h = size
            self.frame_tex = gloo.Texture2D(shape=(h, w, 4), format="rgba",
                                            internalformat="rgba8", interpolation="linear",
                                            wrapping="clamp_to_edge")  # fmt: skip
            self.frame_fbo = gloo.FrameBuffer(self.frame_tex)
            self.stretch["u_texture"] = self.frame_tex
            self._frame_size = size
        return self.frame_fbo

    def antialias_target(self, size: tuple[int, int]) -> gloo.FrameBuffer:
        """The 8-bit target the composite goes into when FXAA follows; `fxaa` then reads
        it (linear filtering: its taps fall between pixels)."""
        if size != self._aa_size:
            w, h = size
            self.aa_tex = gloo.Texture2D(shape=(h, w, 4), format="rgba", internalformat="rgba8",
                                         interpolation="linear",
                                         wrapping="clamp_to_edge")  # fmt: skip
            self.aa_fbo = gloo.FrameBuffer(self.aa_tex)
            self.fxaa["u_source"] = self.aa_tex
            self.fxaa["u_texel"] = (1.0 / w, 1.0 / h)
            self._aa_size = size
        return self.aa_fbo

    def set_composite(self, exposure: float, brightness: float, gamma: float,
                      vibrancy: float) -> gloo.Program:  # fmt: skip
        c = self.composite
        c["u_hdr"] = self.hdr_tex
        c["u_underlay"] = self.under_tex
        c["u_exposure"] = float(exposure)
        c["u_brightness"] = float(brightness)
        c["u_gamma"] = float(gamma)
        c["u_vibrancy"] = float(vibrancy)
        return c

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
        target = manual * EXPOSURE_KEY / self.reference if self.reference > 0 else manual
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


class RenderScale:
    """The live view's resolution scale, adapted to hold a frame rate.

    On software GL every pass costs in proportion to the pixels it shades, so when a
    frame takes longer than the budget, the next ones are drawn smaller and stretched to
    the window (as games do), and drawn larger again when there is time to spare. A
    scene can fix the scale instead ([render] scale = 0.75). Stills and recordings are
    always drawn at their full size.
    """

    BUDGET_S = 1.0 / 30.0
    LOW, HIGH = 0.5, 1.0
    EVERY = 20  # frames between adjustments

    def __init__(self, setting: str | float, adaptive_default: bool) -> None:
        self.adaptive = setting == "auto" and adaptive_default
        self.value = float(setting) if not isinstance(setting, str) else 1.0
        self._times: list[float] = []

    def record(self, seconds: float) -> None:
        """Feed one live frame's duration (from one draw to the next)."""
        if not self.adaptive:
            return
        self._times.append(seconds)
        if len(self._times) < self.EVERY:
            return
        frame = sorted(self._times)[len(self._times) // 2]
        self._times.clear()
        # Cost goes with the pixels, i.e. the scale squared.
        ideal = self.value * math.sqrt(self.BUDGET_S / max(frame, 1e-6))
        if frame > 1.1 * self.BUDGET_S:
            self.value = max(self.LOW, min(self.value - 0.05, ideal))
        elif frame < 0.8 * self.BUDGET_S:
            self.value = min(self.HIGH, self.value + 0.05)
