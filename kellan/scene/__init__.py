"""Scene files: TOML, validated by pydantic into typed, immutable models.

Imports no Qt and no GL (enforced by import-linter), so scenes can be checked anywhere.
"""

from kellan.scene.errors import Problem, SceneError
from kellan.scene.loader import load_scene, parse_scene
from kellan.scene.models import Scene

__all__ = ["Problem", "Scene", "SceneError", "load_scene", "parse_scene"]
