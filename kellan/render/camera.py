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
