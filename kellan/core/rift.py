"""The rift: an unexpected fracture that exposes hidden fears, then heals.

A rift is a plane through the collective centroid. While it is open, every group is
pushed toward its side of the plane, and a gap tears open along the plane itself. Which
side a group goes to comes from emotion: the two participants whose PAD states differ most
are pushed apart hardest (sides -1 and +1), the others by where their emotion falls
between those two. Unless the scene fixes the plane's normal, it runs between those two
groups' centroids, and the sides are oriented so that they move apart, never through each
other. The strength rises over `rise` seconds and heals to zero over `heal` seconds with
a smooth (1 - s)² fall, after which cohesion mends the cloud.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RiftSpec:
    start: float  # seconds
    strength: float = 2.5  # acceleration, world units / s²
    rise: float = 0.4
    heal: float = 6.0
    normal: tuple[float, float, float] | None = None  # None: between the split groups
    width: float = 0.6  # width of the gap along the plane

    def envelope(self, t: float) -> float:
        """0 before the rift; rises linearly, then heals to exactly 0 at start+rise+heal."""
        s = t - self.start
        if s < 0.0:
            return 0.0
        if s < self.rise:
            return s / self.rise
        h = min(1.0, (s - self.rise) / max(self.heal, 1e-9))
        return (1.0 - h) ** 2


@dataclass(frozen=True)
class OpenRift:
    """A rift as it opened: its plane and which side each owner slot is pushed to."""

    spec: RiftSpec
    normal: np.ndarray  # (3,) unit
    offset: float  # the plane is normal . p = offset
    sides: np.ndarray  # (slots,) in [-1, 1]

    def strength(self, t: float) -> float:
        return self.spec.strength * self.spec.envelope(t)


def unit_vector(v: np.ndarray | tuple[float, float, float]) -> np.ndarray | None:
    """v / |v|, robust to huge and tiny components: dividing by the largest component
    first means [1e200, 0, 0] is [1, 0, 0] rather than an overflow to a zero vector.
    None for a zero or non-finite vector."""
    a = np.asarray(v, dtype=np.float64)
    m = float(np.max(np.abs(a))) if a.size else 0.0
    if not np.isfinite(m) or m == 0.0:
        return None
    a = a / m
    return a / float(np.sqrt((a * a).sum()))


def most_different_pair(pad: np.ndarray, present: np.ndarray) -> tuple[int, int] | None:
    """The two present slots whose PAD states are farthest apart (first such pair)."""
    idx = np.flatnonzero(present)
    if len(idx) < 2:
        return None
    p = pad[idx]
    dist = np.sqrt(((p[:, None, :] - p[None, :, :]) ** 2).sum(axis=-1))
    i, j = np.unravel_index(int(np.argmax(dist)), dist.shape)
    if dist[i, j] < 1e-9:
        return None  # everyone feels the same: nothing to tear apart
    return int(idx[i]), int(idx[j])


def open_rift(
    spec: RiftSpec, pad: np.ndarray, present: np.ndarray, centroids: np.ndarray
) -> OpenRift:
    """Place a rift's plane and sides from the emotions and where the groups are now.

    centroids: (slots + 1, 3), the last row the collective centroid.
    """
    sides = np.zeros(pad.shape[0])
    pair = most_different_pair(pad, present)
    # The scene's plane wins whenever it gives one, whether or not anyone disagrees.
    normal = unit_vector(spec.normal) if spec.normal is not None else None
    if pair is not None:
        i, j = pair
        axis = pad[j] - pad[i]
        mid = 0.5 * (pad[i] + pad[j])
        idx = np.flatnonzero(present)
        sides[idx] = np.clip((pad[idx] - mid) @ axis / (0.5 * float(axis @ axis)), -1.0, 1.0)
        if normal is None:
            normal = unit_vector(centroids[j] - centroids[i])
    if normal is None:
        normal = np.array([1.0, 0.0, 0.0])
    if pair is not None and float((centroids[pair[1]] - centroids[pair[0]]) @ normal) < 0:
        sides = -sides  # push the pair apart, not through each other
    return OpenRift(spec, normal, float(normal @ centroids[-1]), sides)
