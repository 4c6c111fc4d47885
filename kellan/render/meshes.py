"""Procedural sculpture meshes: moved to kellan.sculpture.shapes (no GL needed to build
them); re-exported here so existing imports keep working."""

from __future__ import annotations

from kellan.sculpture.mesh import Mesh
from kellan.sculpture.shapes import SHAPES, icosphere, torus, torus_knot

__all__ = ["SHAPES", "Mesh", "icosphere", "torus", "torus_knot"]
