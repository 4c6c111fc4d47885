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

from kellan.core.kernels import (
    B_ALIGNMENT,
    B_COHESION_ALL,
    B_COHESION_OWN,
    B_GUIDE_GAIN,
    B_MAX_SPEED,
    B_SEPARATION,
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


def emotion_colour(hue_deg: np.ndarray, pad: np.ndarray) -> np.ndarray:
    """RGBA colour (P, 4) per participant from identity hue and emotion.

    Valdez & Mehrabian (1994) found pleasure ≈ .69·brightness + .22·saturation and
    arousal ≈ -.31·brightness + .60·saturation. Inverted: brightness rises with pleasure,
    saturation with arousal. Hue carries the participant's identity and is never changed.
    """
    pleasure = pad[:, 0]
    arousal = pad[:, 1]
    # Solve the 2x2 system for (brightness, saturation) in standardised units, then map
    # ±1 standard deviation onto a usable band around a mid value.
    m = np.array([[0.69, 0.22], [-0.31, 0.60]])
    bs = np.linalg.solve(m, np.stack([pleasure, arousal]))
    value = np.clip(0.72 + 0.22 * bs[0] / 1.5, 0.35, 1.0)
    sat = np.clip(0.60 + 0.35 * bs[1] / 1.5, 0.15, 1.0)
    return _hsv_to_rgba(np.mod(hue_deg, 360.0) / 360.0, sat, value)


def _hsv_to_rgba(h: np.ndarray, s: np.ndarray, v: np.ndarray) -> np.ndarray:
    i = np.floor(h * 6.0).astype(int) % 6
    f = h * 6.0 - np.floor(h * 6.0)
    p = v * (1 - s)
    q = v * (1 - f * s)
    t = v * (1 - (1 - f) * s)
    rgb = np.choose(
        i[None, :],
        [
            np.stack([v, t, p]),
            np.stack([q, v, p]),
            np.stack([p, v, t]),
            np.stack([p, q, v]),
            np.stack([t, p, v]),
            np.stack([v, p, q]),
        ],
    )
    return np.concatenate([rgb.T, np.ones((len(h), 1))], axis=1).astype(np.float32)


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
) -> np.ndarray:
    """Per-participant behaviour coefficients (P, N_BEHAVIOUR), float64.

    The mappings (the single source of truth, mirrored in docs/emotion-model.md):

    - arousal → energy: flow speed ``turbulence·(0.6 + 1.4·a01)`` and speed cap
      ``0.6 + 2.0·a01`` where ``a01 = (arousal + 1) / 2``.
    - anxiety = max(0, -pleasure)·a01: negative valence with high arousal. It adds up to
      80 % more turbulence (the group scatters), up to 60 % more pull to its own group
      (it clings) and up to 50 % more separation (it wants room).
    - pleasure → openness ``o = unity·p01`` with ``p01 = (pleasure + 1) / 2``. The
      ``unity`` control balances the own-group spring ``cohesion·(1 - o)`` against the
      collective spring ``cohesion·o``: at unity 0 every group keeps to itself, at unity 1
      content groups mix while unhappy ones still hold back.
    - pleasure → alignment ``alignment·(0.5 + 0.5·p01)``: content crowds flow together.
    - dominance → how strongly a group follows the sculptures' guide fields
      ``0.5 + 0.5·d01``: assertive groups ride the guides, yielding ones drift.

    The rift-side column is left at 0; kellan.core.rift fills it when a rift opens.
    """
    pleasure = pad[:, 0]
    a01 = (pad[:, 1] + 1.0) * 0.5
    p01 = (pleasure + 1.0) * 0.5
    d01 = (pad[:, 2] + 1.0) * 0.5
    anxiety = np.maximum(0.0, -pleasure) * a01
    openness = unity * p01
    table = np.zeros((pad.shape[0], N_BEHAVIOUR), dtype=np.float64)
    table[:, B_TURBULENCE] = turbulence * (0.6 + 1.4 * a01) * (1.0 + 0.8 * anxiety)
    table[:, B_MAX_SPEED] = 0.6 + 2.0 * a01
    table[:, B_COHESION_OWN] = cohesion * (1.0 - openness) * (1.0 + 0.6 * anxiety)
    table[:, B_COHESION_ALL] = cohesion * openness
    table[:, B_GUIDE_GAIN] = 0.5 + 0.5 * d01
    table[:, B_SEPARATION] = separation * (1.0 + 0.5 * anxiety)
    table[:, B_ALIGNMENT] = alignment * (0.5 + 0.5 * p01)
    return table


def julia_parameter(mean_pad: np.ndarray) -> tuple[float, float]:
    """The Julia set's c from the collective mood.

    c travels the circle of radius 0.7885 between angle 0.55π and π: collective distress
    (pleasure -1) gives spiky, fragmenting dendrites; contentment (pleasure +1) the rounded,
    connected basilica-like sets. Arousal adds a small radial push that makes it busier.
    """
    angle = np.pi * (0.775 + 0.225 * float(mean_pad[0]))
    radius = 0.7885 + 0.02 * float(mean_pad[1])
    return (radius * float(np.cos(angle)), radius * float(np.sin(angle)))
