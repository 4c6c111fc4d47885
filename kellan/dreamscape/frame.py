"""A frame: a complete, immutable copy of what the renderer and the window read.

The simulation steps on its own thread; the renderer and the window only ever read the
latest published Frame, never the live state, so they can never see a half-written step
(the arrays here are copies taken between two steps).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kellan.core.emotion import Collective
from kellan.core.measures import Measures
from kellan.dreamscape.poet import VerseView
from kellan.scene.models import Scene


@dataclass(frozen=True)
class PersonView:
    id: str
    name: str
    hue: float
    slot: int
    target: tuple[float, float, float]  # where the inputs point (PAD)
    mood: tuple[float, float, float]  # what the particles feel now
    count: int  # particles held


@dataclass(frozen=True)
class RiftView:
    strength: float  # push now, 0 when healed
    peak: float  # the rift's full strength
    normal: tuple[float, float, float]
    offset: float
    age: float  # seconds since it opened
    rise: float
    heal: float
    width: float


@dataclass(frozen=True)
class SculptureView:
    """A sculpture as it stands this step (kellan.dreamscape.sculptures)."""

    id: str
    model: np.ndarray  # (4, 4) float64: scale (with its breath), rotation, spin, position
    intensity: float  # emission factor from the mood it follows (1: as the material says)
    glitch: float  # 0..1+: glitch bursts now (idle ones and the rift's crack)
    crack: float  # 0..1: the rift's crack, mending
    calm: float  # 0..1: how far the protocol has calmed it
    traces: np.ndarray | None  # (V, 4) float32 patina, rgb and alpha, or None


@dataclass(frozen=True)
class Frame:
    step: int
    time: float
    scene: Scene
    pos: np.ndarray  # (3, N) float32
    vel: np.ndarray  # (3, N) float32
    owner: np.ndarray  # (N,) int32
    pid: np.ndarray  # (N,) int32
    palette: np.ndarray  # (slots, 4) float32: rgb and sprite size per owner slot
    hues: np.ndarray  # (slots,) identity hues in degrees
    mood: np.ndarray  # (slots, 3) PAD the particles feel
    presence: np.ndarray  # (slots,) 1 present .. 0 faded
    collective: Collective
    julia_c: tuple[float, float]
    people: tuple[PersonView, ...]
    energy: float
    protocol_on: bool
    protocol_multiplier: float
    protocol_since: float | None  # show time the protocol last switched on
    rift: RiftView | None
    centroids: np.ndarray  # (slots + 1, 3)
    rejected: dict[str, int] = field(default_factory=dict)
    applied: int = 0
    events: tuple[tuple[float, str, str], ...] = ()  # (time, kind, participant) recently
    sculptures: tuple[SculptureView, ...] = ()
    # Per [[fractals]] entry: the eased values of its emotion bindings, by parameter.
    fractal_params: tuple[dict[str, float], ...] = ()
    measures: Measures | None = None  # Rhea's measures, at most a few steps old
    verses: tuple[VerseView, ...] = ()  # the latest verses (the newest last)

    @property
    def n(self) -> int:
        return int(self.owner.shape[0])
