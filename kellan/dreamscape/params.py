"""Scene fields by dotted path: read, range, and change them as the scene file would.

A path names a field of the scene: `dynamics.unity`, `protocol.gain`,
`sculptures.healing-knot.spin` (list items by id or by index: `fractals.0.zoom`,
`fractals[0].zoom`). A new value is validated by validating the whole scene with it,
exactly as a scene file is, so a live change can never make a scene that a file could
not hold.
"""

from __future__ import annotations

from typing import Any

import annotated_types as at
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from kellan.dreamscape.inputs import InputError
from kellan.scene.errors import shorten
from kellan.scene.models import Scene

# Dynamics that the running core takes at once, with the core's name for each.
LIVE_DYNAMICS = {
    "unity": "unity", "turbulence": "turbulence", "cohesion": "cohesion", "damping": "drag",
    "separation": "separation", "alignment": "alignment", "pulse": "pulse",
}  # fmt: skip
# Fields that decide the particles' memory layout or their starting state: changing them
# means a new simulation (hot reload does that; a live parameter cannot).
RESTART_FIELDS = {
    "seed", "dynamics.particles", "dynamics.grid", "dynamics.world_radius",
    "dynamics.step_hz", "dynamics.reserve", "dynamics.stage",
}  # fmt: skip
# Parts of a scene that are not parameters at all.
NOT_LIVE = ("events", "live.osc", "live.osc_out", "live.midi", "schema", "participants")
EMOTION_AXES = ("pleasure", "arousal", "dominance")
# A sculpture's shape, place and guide field are built once per run (its mesh, the surface
# samples the particles feel, the traces' vertices); its look and answers change live.
SCULPTURE_FIXED = ("guide", "position", "rotation", "scale", "shape", "params", "mesh",
                   "normalize", "traces", "id")  # fmt: skip
# A fractal's kind, placement and files make its renderer (a program, a loaded genome).
FRACTAL_FIXED = ("kind", "placement", "genome", "shader")


def is_live(path: str) -> bool:
    """Whether the field at canonical `path` can change while the show runs."""
    if path in RESTART_FIELDS:
        return False
    if path.startswith(NOT_LIVE) and not path.startswith("participants["):
        return False
    if path.startswith("sculptures["):
        first = path.split("]", 1)[1].lstrip(".").split(".", 1)[0]
        return first not in SCULPTURE_FIXED
    if path.startswith("fractals["):
        first = path.split("]", 1)[1].lstrip(".").split(".", 1)[0]
        return first not in FRACTAL_FIXED
    return True


def live_numbers(model: BaseModel, prefix: str = "") -> dict[str, float | int]:
    """Every number of `model` (a scene, or a part of one at `prefix`) that can change
    while the show runs and that the model bounds, by canonical path (`fractals[1].hue`,
    `sculptures[0].material.glow`), with its value. Vectors are left out (they change
    whole, not by component); so are optional numbers left unset, and numbers without
    bounds (render.scale's "auto" or a fraction: a machine's setting, not a look)."""
    out: dict[str, float | int] = {}
    for name, info in type(model).model_fields.items():
        key = info.alias or name
        full = f"{prefix}.{key}" if prefix else key
        if not is_live(full):
            continue
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            out.update(live_numbers(value, full))
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            for k, item in enumerate(value):
                out.update(live_numbers(item, f"{full}[{k}]"))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            lo, hi = field_bounds(info)
            if lo is not None and hi is not None:
                out[full] = value
    return out


def split_path(path: str) -> list[str]:
    return [t for t in path.replace("[", ".").replace("]", "").split(".") if t]


def resolve(data: dict[str, Any], path: str) -> list[str | int]:
    """The keys that lead to `path` inside a scene's data; InputError when none do."""
    keys: list[str | int] = []
    node: Any = data
    for token in split_path(path):
        if isinstance(node, list | tuple):
            if token.isdigit() and int(token) < len(node):
                index = int(token)
            else:
                index = next(
                    (k for k, item in enumerate(node)
                     if isinstance(item, dict) and item.get("id") == token),
                    -1,
                )  # fmt: skip
                if index < 0:
                    raise InputError("unknown_parameter", f"{path}: no item {token!r}")
            keys.append(index)
            node = node[index]
        elif isinstance(node, dict) and token in node:
            keys.append(token)
            node = node[token]
        else:
            raise InputError("unknown_parameter", f"{shorten(path)}: no such field")
    if isinstance(node, dict | list | tuple) or not keys:
        raise InputError("unknown_parameter", f"{shorten(path)}: not a single value")
    return keys


def canonical(keys: list[str | int]) -> str:
    """`dynamics.unity`, `sculptures[0].spin`: the path with list items by index."""
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else ("." if out else "") + key
    return out


def with_value(scene: Scene, path: str, value: object) -> tuple[Scene, str]:
    """The scene with one field changed, validated as a file would be, and the field's
    canonical path. InputError("invalid_value") says why a value does not fit."""
    data = scene.model_dump(by_alias=True)
    keys = resolve(data, path)
    name = canonical(keys)
    if name in RESTART_FIELDS:
        raise InputError("needs_restart", f"{name} needs a new simulation (edit the scene "
                                          "file: hot reload restarts the show)")  # fmt: skip
    if name.startswith(NOT_LIVE) and not name.startswith("participants["):
        raise InputError("not_live", f"{name} cannot change while the show runs")
    node: Any = data
    for key in keys[:-1]:
        node = node[key]
    if isinstance(node, tuple):  # a vector component: rebuild the tuple
        raise InputError("not_live", f"{name}: set the whole vector, not one component")
    node[keys[-1]] = value
    try:
        return Scene.model_validate(data), name
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(
            "invalid_value", f"{name} = {shorten(repr(value))}: {err['msg']}"
        ) from None


def field_info(path: str) -> FieldInfo | None:
    """The pydantic field behind a path (list items by id or index), or None."""
    model: type[BaseModel] | None = Scene
    info: FieldInfo | None = None
    for token in split_path(path):
        if model is None:
            return None
        fields = model.model_fields
        found = next((f for name, f in fields.items() if token in (name, f.alias)), None)
        if found is None:
            if info is not None and _is_sequence(info):
                continue  # an index or an id into the list
            return None
        info = found
        model = _inner_model(found.annotation)
    return info


def value_range(path: str) -> tuple[float, float] | None:
    """The (min, max) a numeric field allows, from its validation bounds; emotion axes of
    participants are -1..1. None when the field is not bounded numerically."""
    tokens = split_path(path)
    if len(tokens) == 3 and tokens[0] == "participants" and tokens[2] in EMOTION_AXES:
        return (-1.0, 1.0)
    info = field_info(path)
    if info is None:
        return None
    lo, hi = field_bounds(info)
    if lo is None or hi is None:
        return None
    return lo, hi


def field_bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    """A field's validation bounds (ge/gt, le/lt), None where it has none."""
    lo = hi = None
    for meta in info.metadata:
        if isinstance(meta, at.Ge | at.Gt):
            lo = float(meta.ge if isinstance(meta, at.Ge) else meta.gt)
        if isinstance(meta, at.Le | at.Lt):
            hi = float(meta.le if isinstance(meta, at.Le) else meta.lt)
    return lo, hi


def _is_sequence(info: FieldInfo) -> bool:
    return getattr(info.annotation, "__origin__", None) is tuple


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
