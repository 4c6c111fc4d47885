"""Defaults live in the scene format and in the core; they must agree."""

from __future__ import annotations

import dataclasses

import pytest

from kellan.core.protocol import Protocol as CoreProtocol
from kellan.core.rift import RiftSpec
from kellan.core.simulation import SimConfig
from kellan.render.camera import OrbitCamera
from kellan.scene.models import Camera, Dynamics, RiftEvent
from kellan.scene.models import Protocol as SceneProtocol


def _defaults(cls: type) -> dict[str, object]:
    if dataclasses.is_dataclass(cls):
        return {
            f.name: f.default for f in dataclasses.fields(cls)
            if f.default is not dataclasses.MISSING
        }  # fmt: skip
    return {name: info.default for name, info in cls.model_fields.items()}


# (scene model, core class, {scene field: core field}) for every pair that shares a meaning.
PAIRS = [
    (Dynamics, SimConfig, {
        "unity": "unity", "turbulence": "turbulence", "cohesion": "cohesion",
        "damping": "drag", "separation": "separation", "alignment": "alignment",
        "pulse": "pulse", "reserve": "reserve", "world_radius": "world_radius",
        "grid": "grid", "step_hz": "step_hz",
    }),
    (RiftEvent, RiftSpec, {
        "strength": "strength", "rise": "rise", "heal": "heal", "normal": "normal",
        "width": "width",
    }),
    (SceneProtocol, CoreProtocol, {"enabled": "enabled", "target": "target", "gain": "gain"}),
    (Camera, OrbitCamera, {
        "distance": "distance", "azimuth": "azimuth", "elevation": "elevation", "fov": "fov",
        "target": "target",
    }),
]  # fmt: skip


@pytest.mark.parametrize(
    ("scene_model", "core", "mapping"), PAIRS, ids=lambda p: getattr(p, "__name__", "")
)
def test_scene_and_core_defaults_agree(scene_model, core, mapping):
    scene_defaults, core_defaults = _defaults(scene_model), _defaults(core)
    for scene_field, core_field in mapping.items():
        assert scene_defaults[scene_field] == core_defaults[core_field], (
            f"{scene_model.__name__}.{scene_field} = {scene_defaults[scene_field]!r} but "
            f"{core.__name__}.{core_field} = {core_defaults[core_field]!r}"
        )
