"""Orbit camera maths with plain numpy matrices (column-vector convention, M @ v).

Kellan keeps its own camera instead of vispy.scene's so that the projection is ours to
shear: holographic quilts need off-axis frusta that keep the focal plane fixed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def perspective(fov_deg: float, aspect: float, near: float, far: float) -> np.ndarray:
    """OpenGL perspective projection (4, 4)."""
    f = 1.0 / np.tan(np.deg2rad(fov_deg) / 2.0)
    m = np.zeros((4, 4))
    m[0, 0] = f / aspect
    m[1, 1] = f
    m[2, 2] = (far + near) / (near - far)
    m[2, 3] = 2.0 * far * near / (near - far)
    m[3, 2] = -1.0
    return m


def look_at(eye: np.ndarray, target: np.ndarray, up: np.ndarray) -> np.ndarray:
    """View matrix (4, 4) looking from eye to target."""
    f = target - eye
    f = f / np.linalg.norm(f)
    s = np.cross(f, up)
    s = s / np.linalg.norm(s)
    u = np.cross(s, f)
    m = np.eye(4)
    m[0, :3], m[1, :3], m[2, :3] = s, u, -f
    m[:3, 3] = -m[:3, :3] @ eye
    return m


def rotation_y(angle_deg: float) -> np.ndarray:
    a = np.deg2rad(angle_deg)
    c, s = np.cos(a), np.sin(a)
    m = np.eye(4)
    m[0, 0], m[0, 2], m[2, 0], m[2, 2] = c, s, -s, c
    return m


def gl(m: np.ndarray) -> np.ndarray:
    """A matrix as gloo uniforms want it: float32, transposed for GL's column-major read."""
    return np.ascontiguousarray(m.T, dtype=np.float32)


@dataclass
class OrbitCamera:
    """Spherical coordinates around a target; mouse drags change azimuth/elevation."""

    distance: float = 9.0
    azimuth: float = 30.0
    elevation: float = 15.0
    fov: float = 45.0
    target: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def eye(self) -> np.ndarray:
        az, el = np.deg2rad(self.azimuth), np.deg2rad(self.elevation)
        offset = self.distance * np.array(
            [np.cos(el) * np.sin(az), np.sin(el), np.cos(el) * np.cos(az)]
        )
        return np.asarray(self.target, dtype=np.float64) + offset

    def view(self) -> np.ndarray:
        return look_at(self.eye(), np.asarray(self.target, float), np.array([0.0, 1.0, 0.0]))

    def projection(self, aspect: float) -> np.ndarray:
        return perspective(self.fov, aspect, 0.05, 20.0 * self.distance + 50.0)

    def orbit(self, d_azimuth: float, d_elevation: float) -> None:
        self.azimuth = (self.azimuth + d_azimuth) % 360.0
        self.elevation = float(np.clip(self.elevation + d_elevation, -89.0, 89.0))

    def zoom(self, factor: float) -> None:
        self.distance = float(np.clip(self.distance * factor, 0.6, 200.0))


# The share of the frame's half-height (and half-width) the cloud may fill when framed.
FILL = 0.8
# Framing follows the cloud with this time constant live (seconds); stills frame at once.
FRAMING_SMOOTHING_S = 1.5


class Framing:
    """Keeps the dreamscape in the frame: the distance is set so that the stage (the
    world's ellipsoid, wider than high) fills the frame both ways, which uses the whole
    16:9 width, and the aim follows the cloud's centre half-way across the stage, but
    not up and down: rising and sinking are how valence shows, and the frame must not
    take that back. A slow auto-orbit turns the
    view. The user's own orbit and zoom act on top: zoom multiplies the framed distance.
    Live, the aim glides after the cloud; a still is framed from its own frame alone, so
    it stays reproducible."""

    def __init__(self) -> None:
        self._target: np.ndarray | None = None
        self._time: float | None = None

    def view(
        self, base: OrbitCamera, scene_camera: object, world: tuple[float, float],
        centre: np.ndarray, aspect: float, time: float, still: bool,
    ) -> OrbitCamera:  # fmt: skip
        """The camera for this frame. `world` is (radius, stage stretch); `centre` the
        collective's centroid."""
        orbit = float(getattr(scene_camera, "orbit", 0.0))
        cam = OrbitCamera(base.distance, (base.azimuth + orbit * time) % 360.0, base.elevation,
                          base.fov, base.target)  # fmt: skip
        if not getattr(scene_camera, "frame", False):
            return cam
        radius, stage = world
        t = np.tan(np.deg2rad(cam.fov) / 2.0)
        # The cloud keeps to about 80 % of the world's radius across; a rising or
        # sinking group reaches the top or the bottom of the world.
        half_h, reach = 0.95 * radius, 0.8 * radius * stage
        need = max(half_h / (t * FILL), reach / (t * aspect * FILL)) + 0.35 * reach
        zoom = base.distance / max(float(getattr(scene_camera, "distance", base.distance)), 1e-6)
        aim = np.array(base.target, dtype=np.float64)
        aim[0], aim[2] = 0.5 * (aim[0] + centre[0]), 0.5 * (aim[2] + centre[2])
        if still or self._time is None or time < self._time or self._target is None:
            self._target = aim
        else:
            a = 1.0 - np.exp(-(time - self._time) / FRAMING_SMOOTHING_S)
            self._target = self._target + a * (aim - self._target)
        self._time = time
        cam.target = tuple(float(v) for v in self._target)
        cam.distance = float(np.clip(need * zoom, 1.0, 200.0))
        return cam
