"""The emotion model and every mapping from emotion to behaviour, in one place.

Participants carry a PAD state (Mehrabian 1996): pleasure (valence), arousal and
dominance, each in [-1, 1]. Russell's circumplex (1980) is its pleasure/arousal plane.
Plutchik's eight primaries are accepted as input and projected onto that plane.

Everything that turns emotion into motion or colour is defined here and nowhere else;
``docs/emotion-model.md`` is the readable table of the same mappings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kellan.core.colour import oklch
from kellan.core.kernels import (
    B_ALIGNMENT,
    B_BUOYANCY,
    B_COHESION_ALL,
    B_COHESION_OWN,
    B_GUIDE_GAIN,
    B_MAX_SPEED,
    B_SEPARATION,
    B_SWIRL,
    B_TREMOR,
    B_TREMOR_PERIOD,
    B_TURBULENCE,
    N_BEHAVIOUR,
)

# Angles (degrees) of Plutchik's primaries on the valence/arousal circumplex. Our design
# choice: each primary sits where Russell's (1980) circumplex places its nearest English
# affect word; 0° is pure pleasure, 90° pure arousal.
PLUTCHIK_ANGLES_DEG: dict[str, float] = {
    "joy": 20.0,
    "trust": -30.0,
    "fear": 115.0,
    "surprise": 80.0,
    "sadness": 205.0,
    "disgust": 160.0,
    "anger": 135.0,
    "anticipation": 45.0,
}
# Dominance carried by each primary (anger and anticipation assert, fear and sadness yield).
PLUTCHIK_DOMINANCE: dict[str, float] = {
    "joy": 0.4,
    "trust": 0.1,
    "fear": -0.7,
    "surprise": -0.2,
    "sadness": -0.5,
    "disgust": 0.3,
    "anger": 0.7,
    "anticipation": 0.4,
}


def plutchik_to_pad(intensities: dict[str, float]) -> tuple[float, float, float]:
    """Project Plutchik intensities (each in [0, 1]) onto PAD.

    The pleasure/arousal point is the intensity-weighted sum of unit vectors at the
    primaries' angles, divided by the total intensity and scaled by the strongest
    intensity, so that weak feelings stay near the neutral centre.
    """
    total = sum(max(0.0, v) for v in intensities.values())
    if total <= 0.0:
        return (0.0, 0.0, 0.0)
    p = a = d = 0.0
    for name, value in intensities.items():
        w = max(0.0, value)
        ang = np.deg2rad(PLUTCHIK_ANGLES_DEG[name])
        p += w * float(np.cos(ang))
        a += w * float(np.sin(ang))
        d += w * PLUTCHIK_DOMINANCE[name]
    peak = max(intensities.values())
    scale = peak / total
    return (
        float(np.clip(p * scale, -1, 1)),
        float(np.clip(a * scale, -1, 1)),
        float(np.clip(d * scale, -1, 1)),
    )


# The bands mood moves identity colours within (OKLCH): nobody vanishes into the dark,
# and nobody's hue changes. Lightness follows pleasure, chroma arousal.
LIGHTNESS_BAND = (0.42, 0.90)
CHROMA_BAND = (0.035, 0.17)


def emotion_colour(hue_deg: np.ndarray, pad: np.ndarray) -> np.ndarray:
    """RGBA (P, 4) per participant, linear sRGB, from identity hue and emotion.

    Valdez & Mehrabian (1994) found pleasure ≈ .69·brightness + .22·saturation and
    arousal ≈ -.31·brightness + .60·saturation. Inverted: brightness rises with pleasure,
    saturation with arousal. The two standardised values (±1.5 for the extremes) move the
    OKLCH lightness and chroma within LIGHTNESS_BAND and CHROMA_BAND; the hue is the
    participant's identity, in OKLCH degrees, and is never changed. At equal lightness
    and chroma every hue looks equally bright (Ottosson 2020), so no identity outshines
    another.
    """
    pleasure = pad[:, 0]
    arousal = pad[:, 1]
    m = np.array([[0.69, 0.22], [-0.31, 0.60]])
    bs = np.linalg.solve(m, np.stack([pleasure, arousal]))
    b = np.clip(bs[0] / 1.5, -1.0, 1.0)
    s = np.clip(bs[1] / 1.5, -1.0, 1.0)
    lo_l, hi_l = LIGHTNESS_BAND
    lo_c, hi_c = CHROMA_BAND
    lightness = 0.5 * (lo_l + hi_l) + 0.5 * (hi_l - lo_l) * b
    chroma = 0.5 * (lo_c + hi_c) + 0.5 * (hi_c - lo_c) * s
    rgb = oklch(lightness, chroma, np.mod(hue_deg, 360.0))
    return np.concatenate([rgb, np.ones((len(pleasure), 1))], axis=1).astype(np.float32)


def moods(pad: np.ndarray) -> dict[str, np.ndarray]:
    """The mood components every mapping is written in, each 0..1 per row of `pad`:
    a01, p01, d01 (the axes rescaled), tension (unpleasant and aroused: tense, upset,
    angry), sadness (unpleasant and calm), content (pleasant), calm (pleasant and calm),
    excite (pleasant and aroused), tired (neither pleasant nor not, and calm)."""
    p = pad[:, 0]
    a01 = (pad[:, 1] + 1.0) * 0.5
    pos = np.maximum(0.0, p)
    neg = np.maximum(0.0, -p)
    return {
        "a01": a01, "p01": (p + 1.0) * 0.5, "d01": (pad[:, 2] + 1.0) * 0.5,
        "tension": neg * a01, "sadness": neg * (1.0 - a01), "content": pos,
        "calm": pos * (1.0 - a01), "excite": pos * a01,
        "tired": (1.0 - np.abs(p)) * (1.0 - a01),
    }  # fmt: skip


@dataclass(frozen=True)
class Collective:
    """Summary of all participants' emotions: what fractals, pulse and poetry read."""

    mean: np.ndarray  # (3,) share-weighted mean PAD
    spread: np.ndarray  # (3,) share-weighted standard deviation of PAD
    polarisation: float  # mean pairwise pleasure/arousal distance, in [0, 1]


def collective(pad: np.ndarray, share: np.ndarray) -> Collective:
    """Share-weighted mean, spread and polarisation of the participants' PAD states."""
    w = share / share.sum()
    mean = (w[:, None] * pad).sum(axis=0)
    spread = np.sqrt((w[:, None] * (pad - mean) ** 2).sum(axis=0))
    pa = pad[:, :2]
    dist = np.sqrt(((pa[:, None, :] - pa[None, :, :]) ** 2).sum(axis=-1))
    # The largest distance on the circumplex square is 2·sqrt(2).
    polar = float((w[:, None] * w[None, :] * dist).sum() / (2.0 * np.sqrt(2.0)))
    return Collective(mean=mean, spread=spread, polarisation=polar)


def behaviour_table(
    pad: np.ndarray,
    unity: float,
    turbulence: float,
    cohesion: float,
    separation: float = 0.0,
    alignment: float = 0.0,
    expression: float = 1.0,
) -> np.ndarray:
    """Per-participant behaviour coefficients (P, N_BEHAVIOUR), float64: the visual
    language of mood (the single source of truth, mirrored in docs/emotion-model.md).

    With the components of `moods` (tension, sadness, calm, excite, tired; a01 etc.):

    - speed: flow ``turbulence·(0.35 + 1.9·a01)·(1 + 0.2·tension)·(1 − 0.5·calm)`` and
      cap ``0.25 + 2.75·a01``: arousal is read from motion first (Pollick et al. 2001);
    - clustering: the own-group spring ``cohesion·(1 − o)·max(0.05, 1 + 2·tension + 2.5·calm +
      0.6·sadness − 0.9·tired)`` with openness ``o = unity·p01``: calm knots tight, the
      tense cling to a knot, the tired thin to a haze; the collective spring ``cohesion·o``;
    - separation ``separation·(1 + 0.5·tension + 1.8·excite)``: excitement bursts out;
    - alignment ``alignment·(0.5 + 0.5·p01)``; guide gain ``0.5 + 0.5·d01``;
    - rising and sinking: buoyancy ``(0.7·p − 0.5·sadness)·expression``: content moods
      float up, sadness sinks slowly;
    - tremor: kicks of ``10·tension·(0.6 + 0.8·d01)·expression`` that change direction every
      ``2 + 10·d01`` steps: fear trembles fast and small, anger (dominant) jolts in jagged
      turns;
    - spirals: ``2.2·content·(0.25 + 0.75·a01)·(1 − 0.8·calm)·expression`` around the
      group's own vertical axis: joy spirals, excitement fast, calm floats still.

    The breath (B_BREATH) and the split (B_SPLIT) change every step and are filled by the
    simulation (own_breath, split_sides); the rift side by kellan.core.rift.
    """
    m = moods(pad)
    a01, p01, d01 = m["a01"], m["p01"], m["d01"]
    tension, sadness, calm = m["tension"], m["sadness"], m["calm"]
    excite, tired = m["excite"], m["tired"]
    openness = unity * p01
    table = np.zeros((pad.shape[0], N_BEHAVIOUR), dtype=np.float64)
    table[:, B_TURBULENCE] = (
        turbulence * (0.35 + 1.9 * a01) * (1.0 + 0.2 * tension) * (1.0 - 0.5 * calm)
    )
    table[:, B_MAX_SPEED] = 0.25 + 2.75 * a01
    table[:, B_COHESION_OWN] = (
        cohesion * (1.0 - openness)
        * np.maximum(0.05, 1.0 + 2.0 * tension + 2.5 * calm + 0.6 * sadness - 0.9 * tired)
    )  # fmt: skip
    table[:, B_COHESION_ALL] = cohesion * openness
    table[:, B_GUIDE_GAIN] = 0.5 + 0.5 * d01
    table[:, B_SEPARATION] = separation * (1.0 + 0.5 * tension + 1.8 * excite)
    table[:, B_ALIGNMENT] = alignment * (0.5 + 0.5 * p01)
    table[:, B_BUOYANCY] = (0.7 * pad[:, 0] - 0.5 * sadness) * expression
    table[:, B_TREMOR] = 10.0 * tension * (0.6 + 0.8 * d01) * expression
    table[:, B_TREMOR_PERIOD] = np.round(2.0 + 10.0 * d01)
    table[:, B_SWIRL] = 2.2 * m["content"] * (0.25 + 0.75 * a01) * (1.0 - 0.8 * calm) * expression
    return table


def breath_period(arousal: np.ndarray) -> np.ndarray:
    """Seconds per breath of a group's own rhythm: 8 s calm, 2 s at full arousal."""
    return 8.0 - 6.0 * (np.asarray(arousal) + 1.0) * 0.5


def breath_depth(arousal: np.ndarray, pulse: float) -> np.ndarray:
    """Radial acceleration of a group's own breath at its peak (world units / s²)."""
    return pulse * (0.2 + 0.8 * (np.asarray(arousal) + 1.0) * 0.5)


def julia_parameter(mean_pad: np.ndarray) -> tuple[float, float]:
    """The Julia set's c from the collective mood.

    c travels the circle of radius 0.7885 between angle 0.55π and π: collective distress
    (pleasure -1) gives spiky, fragmenting dendrites; contentment (pleasure +1) the rounded,
    connected basilica-like sets. Arousal adds a small radial push that makes it busier.
    """
    angle = np.pi * (0.775 + 0.225 * float(mean_pad[0]))
    radius = 0.7885 + 0.02 * float(mean_pad[1])
    return (radius * float(np.cos(angle)), radius * float(np.sin(angle)))
