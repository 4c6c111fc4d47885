"""Read and validate scene files; every failure becomes a located SceneError."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kellan.scene.errors import Problem, SceneError
from kellan.scene.locate import field_lines, line_of
from kellan.scene.models import SCHEMA_VERSION, Scene

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_scene(path: str | Path) -> Scene:
    """Load and validate a scene file. Raises SceneError naming file, field and line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SceneError(path, [Problem("", "no such file")]) from None
    except IsADirectoryError:
        raise SceneError(path, [Problem("", "is a directory, not a scene file")]) from None
    except OSError as exc:
        raise SceneError(path, [Problem("", f"cannot be read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SceneError(path, [Problem("", "is not UTF-8 text", line)]) from None
    return parse_scene(text, path)


def parse_scene(text: str, path: str | Path = "<scene>") -> Scene:
    """Validate scene TOML text; `path` is only used in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        pos = _TOML_POSITION.search(msg)
        line = int(pos.group(1)) if pos else None
        msg = _TOML_POSITION.sub("", msg).strip()
        raise SceneError(path, [Problem("", f"TOML syntax error: {msg}", line)]) from None
    version = data.get("schema")
    if isinstance(version, int) and version != SCHEMA_VERSION:
        line = line_of(field_lines(text), "schema")
        raise SceneError(
            path,
            [
                Problem(
                    "schema",
                    f"format version {version} is not supported; this Kellan reads "
                    f"version {SCHEMA_VERSION}",
                    line,
                )
            ],
        )
    try:
        return Scene.model_validate(data)
    except ValidationError as exc:
        raise SceneError(path, _problems(exc, text)) from None


def _field_name(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that the given location sits in, for 'did you mean' hints."""
    model: type[BaseModel] | None = Scene
    for part in loc:
        if model is None or isinstance(part, int):
            continue
        field = _lookup_field(model, str(part))
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model


def _lookup_field(model: type[BaseModel], name: str) -> Any:
    for fname, info in model.model_fields.items():
        if name in (fname, info.alias):
            return info
    return None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _known_keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _problems(exc: ValidationError, text: str) -> list[Problem]:
    lines = field_lines(text)
    problems = []
    errors = exc.errors()
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "too_short" and any(
            len(e["loc"]) > len(loc) and tuple(e["loc"][: len(loc)]) == loc for e in errors
        ):
            continue  # pydantic counts the items that failed as missing: say it once
        name = _field_name(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            model = _model_at(loc[:-1])
            known = _known_keys(model) if model else []
            hint = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
            msg = "unknown key"
            msg += f"; did you mean {hint[0]!r}?" if hint else ""
            if known:
                msg += f" (allowed here: {', '.join(known)})"
        elif kind == "missing":
            msg = "is required but missing"
        else:
            msg = err["msg"]
            if "input" in err and not isinstance(err["input"], dict | list):
                msg += f" (got {err['input']!r})"
        problems.append(Problem(name, msg, line_of(lines, name)))
    return problems
