"""The hologram material's uniforms, from a sculpture as the scene describes it and as the
show holds it this step (mood, glitch, crack, calm). No GL here: SculptureLayer hands
these to its programs, and tests can check them without a context.

Everything that changes once per frame rather than per pixel (the flicker, the colours
of the halo and the wireframe) is worked out here, once, instead of in every fragment.
"""

from __future__ import annotations

import colorsys
import zlib
from dataclasses import dataclass, field

import numpy as np

from kellan.dreamscape.frame import SculptureView
from kellan.scene.models import Sculpture

# The HDR float target: the particles around a sculpture add up to many times 1.0 there,
# so the hologram emits on the same scale, or the tone map would dim it to nothing.
EMISSION_SCALE = 4.0
# The halo's shell stands this far off the surface (object units, where a sculpture is
# about 1 across), widening a little as the halo grows.
HALO_WIDTH = 0.1
HALO_GAIN = 0.15  # the halo's light per unit of `halo`, relative to the rim's
WIRE_GAIN = 0.7  # the wireframe's light per unit of `wireframe`
TRACE_GAIN = 0.9  # the traces' patina, relative to the rim
FLICKER_HZ = 24.0  # the flicker's random level changes this often
DROPOUT_HZ = 7.0  # and now and then it drops out for a moment
CALM_STEADIES = 0.7  # the protocol's full calm takes this share of the flicker away

# Scanlines drift along the chosen axis; glitch bands slip across it.
AXES: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "x": ((1.0, 0.0, 0.0), (0.0, 0.0, 1.0)),
    "y": ((0.0, 1.0, 0.0), (1.0, 0.0, 0.0)),
    "z": ((0.0, 0.0, 1.0), (1.0, 0.0, 0.0)),
}


def sculpture_seed(ident: str) -> int:
    """A fixed number per sculpture id (crc32), so sculptures glitch and crack apart."""
    return zlib.crc32(ident.encode("utf-8"))


def crack_planes(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Three crack planes through the middle of the shape (object space): (3, 4) unit
    normal and offset, and (3, 4) the direction of each crack's zig-zag and its
    frequency. Fixed per sculpture, so a crack always opens in the same places."""
    rng = np.random.default_rng(seed)
    planes = np.zeros((3, 4), np.float32)
    jags = np.zeros((3, 4), np.float32)
    for k in range(3):
        n = rng.normal(size=3)
        n /= np.linalg.norm(n)
        t = np.cross(n, rng.normal(size=3))
        t /= np.linalg.norm(t)
        planes[k] = (*n, rng.uniform(-0.25, 0.25) * (0.3 if k == 0 else 1.0))
        jags[k] = (*t, rng.uniform(3.0, 6.0))
    return planes, jags


def _unit_hash(*values: int) -> float:
    """A reproducible number in [0, 1) from integers (splitmix64's finaliser)."""
    h = 0x9E3779B97F4A7C15
    for v in values:
        h = (h ^ (v & 0xFFFFFFFFFFFFFFFF)) * 0xBF58476D1CE4E5B9 & 0xFFFFFFFFFFFFFFFF
        h = (h ^ (h >> 27)) * 0x94D049BB133111EB & 0xFFFFFFFFFFFFFFFF
        h ^= h >> 31
    return (h >> 11) / float(1 << 53)


def flicker(amount: float, time: float, seed: int) -> float:
    """The emission's flicker factor at `time`: a small random level that changes
    FLICKER_HZ times a second, and a rare dropout; 1 when `amount` is 0."""
    if amount <= 0.0:
        return 1.0
    level = _unit_hash(seed, int(time * FLICKER_HZ) + (1 << 40))
    dropout = 1.0 if _unit_hash(seed + 1, int(time * DROPOUT_HZ) + (1 << 40)) > 0.93 else 0.0
    return max(0.0, 1.0 - amount * (0.5 * level + 0.8 * dropout))


def hue_rgb(hue: float) -> tuple[float, float, float]:
    """The sculpture's colour from its hue (a clear, not quite saturated tint)."""
    r, g, b = colorsys.hsv_to_rgb(hue / 360.0, 0.65, 1.0)
    return (r, g, b)


@dataclass
class HologramUniforms:
    """Uniforms per program: `shared` by every pass (the vertex shader's), `light` for
    the emission pass; the halo's and the wireframe's colours and the shell's offset."""

    shared: dict[str, object] = field(default_factory=dict)
    light: dict[str, object] = field(default_factory=dict)
    halo_color: tuple[float, float, float] = (0.0, 0.0, 0.0)
    halo_inflate: float = 0.0
    wire_color: tuple[float, float, float] = (0.0, 0.0, 0.0)


def hologram_uniforms(spec: Sculpture, state: SculptureView | None, time: float,
                      model: np.ndarray) -> HologramUniforms:  # fmt: skip
    """The material of `spec` at show time `time`, placed by `model` (4x4 world matrix),
    answering `state` (the show's view of it; None: as the scene says, at rest)."""
    m = spec.material
    seed = sculpture_seed(spec.id)
    mood = state.intensity if state is not None else 1.0
    glitch = state.glitch if state is not None else m.glitch
    crack = state.crack if state is not None else 0.0
    calm = state.calm if state is not None else 0.0
    steady = m.flicker * (1.0 - CALM_STEADIES * calm)
    glow = EMISSION_SCALE * m.intensity * mood * flicker(steady, time, seed)
    axis, across = AXES[m.scan_axis]
    turn = np.asarray(model, np.float64)[:3, :3]
    size = float(np.linalg.norm(turn[:, 0]))
    planes, jags = crack_planes(seed)
    colour = hue_rgb(spec.hue)
    u = HologramUniforms()
    u.shared = {
        "u_axis": axis, "u_across": across,
        "u_centre": tuple(float(v) for v in np.asarray(model)[:3, 3]),
        "u_size": max(size, 1e-6), "u_seed": float(seed % 9973), "u_time": float(time),
        "u_glitch": float(max(0.0, glitch)), "u_crack": float(max(0.0, crack)),
        "u_crack_plane": planes, "u_crack_jag": jags,
    }  # fmt: skip
    u.light = {
        "u_color": colour, "u_rim_power": float(spec.rim_power),
        "u_rim": float(m.rim), "u_fill": float(m.fill), "u_emission": float(glow),
        "u_alpha": 1.0, "u_scan": float(m.scanlines),
        "u_scan_density": float(m.scan_density), "u_scan_speed": float(m.scan_speed),
        "u_interference": float(m.interference),
        "u_split": float(0.3 * m.chroma / (1.0 + 0.3 * m.chroma)),
        "u_iridescence": float(m.iridescence), "u_trace_gain": TRACE_GAIN,
    }  # fmt: skip
    pale = np.asarray(colour) * 0.8 + 0.2
    u.halo_color = tuple(float(v) for v in pale * (m.halo * HALO_GAIN * m.rim * glow))
    u.halo_inflate = HALO_WIDTH * (0.8 + 0.2 * min(m.halo, 3.0))
    whiter = np.asarray(colour) * 0.6 + 0.4
    u.wire_color = tuple(float(v) for v in whiter * (m.wireframe * WIRE_GAIN * glow))
    return u
