"""Read and validate scene files; every failure becomes a located SceneError.

Nothing a file holds may end in a traceback, a hang or a flood of output: what is not a
regular file, or is larger than MAX_SCENE_BYTES, is refused before it is read; nesting is
bounded before tomllib (which recurses) sees it; every echoed value is cut short.
"""

from __future__ import annotations

import difflib
import functools
import logging
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kellan.scene.errors import MAX_PROBLEMS, Problem, SceneError, shorten
from kellan.scene.locate import MAX_DEPTH, line_of, scan
from kellan.scene.models import (
    EVENT_KINDS,
    SCHEMA_VERSION,
    EmotionEvent,
    JoinEvent,
    LeaveEvent,
    ProtocolEvent,
    RiftEvent,
    Scene,
)
from kellan.scene.models.common import rule_error

log = logging.getLogger("kellan.scene")

EVENT_MODELS: dict[str, type[BaseModel]] = {
    "rift": RiftEvent, "protocol": ProtocolEvent, "emotion": EmotionEvent, "join": JoinEvent,
    "leave": LeaveEvent,
}  # fmt: skip

# Scenes are a few kilobytes; this leaves room for generated ones with many events.
MAX_SCENE_BYTES = 16 * 1024 * 1024
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_BOM = "\ufeff"
# Python refuses to turn more than 4300 digits into an int (CVE-2020-10735).
_LONG_NUMBER = re.compile(r"\d{4300}")
# Parsing scans the text for lines, and so does placing validation errors: the scan of a
# 1 MB file takes half a second, so the second asks for the first's result.
_scan = functools.lru_cache(maxsize=1)(scan)


def read_scene_text(path: str | Path) -> str:
    """The text of a scene file, or a SceneError saying why it cannot be read.

    Only regular files are read (a FIFO would block forever, /dev/zero never ends), and
    only up to MAX_SCENE_BYTES.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SceneError(path, [Problem("", "no such file")]) from None
    except OSError as exc:
        raise SceneError(path, [Problem("", f"cannot be read: {exc.strerror}")]) from None
    if stat.S_ISDIR(info.st_mode):
        raise SceneError(path, [Problem("", "is a directory, not a scene file")])
    if not stat.S_ISREG(info.st_mode):
        raise SceneError(path, [Problem("", "is not a regular file (a device, pipe or socket)")])
    if info.st_size > MAX_SCENE_BYTES:
        raise SceneError(
            path,
            [Problem("", f"is {info.st_size:,} bytes; scene files are limited to "
                         f"{MAX_SCENE_BYTES:,} bytes")],
        )  # fmt: skip
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO since stat(), do not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            raw = fh.read(MAX_SCENE_BYTES + 1)
    except OSError as exc:
        raise SceneError(path, [Problem("", f"cannot be read: {exc.strerror}")]) from None
    if len(raw) > MAX_SCENE_BYTES:
        raise SceneError(path, [Problem("", f"is larger than {MAX_SCENE_BYTES:,} bytes")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SceneError(path, [Problem("", "is not UTF-8 text", line)]) from None


def load_scene(path: str | Path) -> Scene:
    """Load and validate a scene file. Raises SceneError naming file, field and line."""
    path = Path(path)
    return parse_scene(read_scene_text(path), path)


def parse_scene_data(text: str, path: str | Path = "<scene>") -> dict[str, Any]:
    """TOML text to plain data, with located errors; nothing is validated yet."""
    # Editors on Windows like to start UTF-8 files with a byte-order mark; TOML does not
    # allow one, but it carries no meaning, so it is dropped rather than refused.
    if text.startswith(_BOM):
        text = text[1:]
    scanned = _scan(text)
    if scanned.too_deep_line is not None:
        raise SceneError(
            path,
            [Problem("", f"arrays or tables nested more than {MAX_DEPTH} deep",
                     scanned.too_deep_line)],
        )  # fmt: skip
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        pos = _TOML_POSITION.search(msg)
        line = int(pos.group(1)) if pos else None
        if "(at end of document)" in msg:
            line = scanned.last_line
            msg = msg.replace("(at end of document)", "at the end of the file")
        msg = _TOML_POSITION.sub("", msg).strip()
        raise SceneError(path, [Problem("", f"TOML syntax error: {msg}", line)]) from None
    except ValueError:
        # tomllib's int() refuses numbers of more than 4300 digits.
        found = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        raise SceneError(path, [Problem("", "a number with thousands of digits", line)]) from None
    except RecursionError:
        raise SceneError(path, [Problem("", "arrays or tables nested too deeply")]) from None
    if not data:
        what = "the file is empty" if not text.strip(" \t\r\n") else (
            "the file is empty (only comments)"
        )
        raise SceneError(
            path,
            [Problem("", f"{what}; a scene needs schema, title, seed and participants "
                         "(see the README or `kellan schema`)")],
        )  # fmt: skip
    return data


def parse_scene(text: str, path: str | Path = "<scene>", base: str | Path | None = None) -> Scene:
    """Validate scene TOML text. `path` names it in messages; mesh files are found from
    `base` (by default the folder of `path`, or the working folder)."""
    data = parse_scene_data(text, path)
    return validate_scene_data(data, text, path, base)


def validate_scene_data(data: dict[str, Any], text: str, path: str | Path = "<scene>",
                        base: str | Path | None = None) -> Scene:  # fmt: skip
    """Validate already-parsed scene data; `text` places the errors on lines."""
    version = data.get("schema")
    if isinstance(version, int) and not isinstance(version, bool) and version != SCHEMA_VERSION:
        line = line_of(scan(text).lines, "schema")
        shown = shorten(str(version), 20)
        raise SceneError(
            path,
            [Problem("schema", f"format version {shown} is not supported; this Kellan reads "
                               f"version {SCHEMA_VERSION}", line)],
        )  # fmt: skip
    if base is None:
        base = Path(path).parent if not str(path).startswith("<") else Path.cwd()
    try:
        return Scene.model_validate(data, context=sculpture_checks(Path(base)))
    except ValidationError as exc:
        found, more = problems_of(exc, text)
        raise SceneError(path, found, more) from None
    except RecursionError:
        raise SceneError(path, [Problem("", "arrays or tables nested too deeply")]) from None


def sculpture_checks(base: Path) -> dict[str, Any]:
    """What the scene model cannot check alone (it imports no geometry): a shape's
    parameters, and a mesh file, found from `base`, that must load."""
    from kellan.sculpture.build import build_shape_cached, load_mesh_cached
    from kellan.sculpture.shape_params import ShapeError

    def mesh_check(name: str) -> str:
        from kellan.sculpture.mesh_file import MeshError

        resolved = Path(name).expanduser()
        if not resolved.is_absolute():
            resolved = (base / resolved).resolve()
        try:
            _, warnings = load_mesh_cached(str(resolved))
        except MeshError as exc:
            raise rule_error("mesh", str(exc)) from None
        for w in warnings:
            log.warning("%s", w)
        return str(resolved)

    def shape_check(shape: str, params: dict[str, Any]) -> None:
        try:
            build_shape_cached(shape, tuple(sorted(params.items())))
        except ShapeError as exc:
            where = f"params.{exc.param}" if exc.param else "shape"
            raise rule_error(where, str(exc)) from None

    def file_check(key: str, name: str) -> str:
        """A fractal's genome or shader: found from `base`, a readable regular file.
        What it holds is checked where it is used (the flame parser and the GL
        compiler live above this layer), and reported there with its own lines."""
        resolved = Path(name).expanduser()
        if not resolved.is_absolute():
            resolved = (base / resolved).resolve()
        if not resolved.is_file():
            raise rule_error(key, f"no such file: {shorten(str(resolved), 200)}")
        if resolved.stat().st_size > MAX_SCENE_BYTES:
            raise rule_error(key, f"{resolved.name} is larger than {MAX_SCENE_BYTES:,} bytes")
        return str(resolved)

    return {"mesh_check": mesh_check, "shape_check": shape_check, "file_check": file_check}


def _field_name(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that the given location sits in, for 'did you mean' hints.

    `loc` is pydantic's raw location: an event's kind tag follows its index."""
    model: type[BaseModel] | None = Scene
    if loc[:1] == ("events",) and len(loc) >= 3:
        model = EVENT_MODELS.get(str(loc[2]))
        loc = loc[3:]
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


def _echo(value: Any) -> str:
    """A value as the artist wrote it, cut short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(shorten(value))
    return shorten(repr(value))


def problems_of(
    exc: ValidationError, text: str, limit: int = MAX_PROBLEMS
) -> tuple[list[Problem], int]:
    """pydantic's errors as located problems, one per broken rule: the first `limit`, and
    how many more there were. Past the limit nothing is described (no hint is looked for,
    no line placed): the count is all that is printed of them."""
    lines = _scan(text).lines
    problems: list[Problem] = []
    more = 0
    errors = _merge_union_branches(exc.errors())
    # Every location that has an error inside it: a set, so that thousands of errors do
    # not make this quadratic.
    enclosing = {tuple(e["loc"][:k]) for e in errors for k in range(len(e["loc"]))}
    for err in errors:
        raw = tuple(err["loc"])
        if err["type"] == "too_short" and raw in enclosing:
            continue  # pydantic counts the items that failed as missing: say it once
        if len(problems) >= limit:
            more += 1
            continue
        problems.append(_problem(err, raw, lines))
    return problems, more


# The tags pydantic gives the branches of a union such as `Float | Int` (a sculpture's
# params) or `"auto" | float` (render.scale) at the end of an error's location.
_BRANCH = re.compile(r"^(constrained-)?(float|int|str|bool)$|^literal\[|^function-")
# Errors that only say the value is of another branch's type.
_TYPE_ONLY = frozenset({"float_type", "int_type", "int_from_float", "string_type", "bool_type",
                        "literal_error", "float_parsing", "int_parsing"})  # fmt: skip


def _merge_union_branches(errors: list[Any]) -> list[Any]:
    """One error per value that no branch of a union accepts, at the value's own path.

    pydantic reports each branch apart ("params.tube.float: must be finite",
    "params.tube.int: should be a valid integer"): two lines for one value, named by
    branches the artist never wrote. The branch whose rule is broken (a bound, finiteness)
    says what is wrong; when every branch only wanted another type, they are joined."""
    out: list[Any] = []
    k = 0
    while k < len(errors):
        err = errors[k]
        loc = tuple(err["loc"])
        j = k + 1
        if loc and isinstance(loc[-1], str) and _BRANCH.match(loc[-1]):
            while (
                j < len(errors)
                and tuple(errors[j]["loc"][:-1]) == loc[:-1]
                and isinstance(errors[j]["loc"][-1], str)
                and _BRANCH.match(errors[j]["loc"][-1])
                and errors[j].get("input") is err.get("input")
            ):
                j += 1
        if j == k + 1:
            out.append(err)
            k = j
            continue
        group = errors[k:j]
        ruled = [e for e in group if e["type"] not in _TYPE_ONLY]
        if ruled:
            merged = {**ruled[0], "loc": loc[:-1]}
        else:
            wants = [str(e["msg"]).removeprefix("Input should be ") for e in group]
            merged = {**err, "loc": loc[:-1], "msg": "Input should be " + ", or ".join(wants)}
        out.append(merged)
        k = j
    return out


def _problem(err: Any, raw: tuple[Any, ...], lines: dict[str, int]) -> Problem:
    """One pydantic error as a located problem; `raw` is its location."""
    # An event's location carries its kind tag after the index: not a field.
    loc = raw[:2] + raw[3:] if raw[:1] == ("events",) and len(raw) >= 3 else raw
    name = _field_name(loc)
    kind = err["type"]
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        name += ".kind"
        got = (err.get("ctx") or {}).get("tag")
        msg = f"needs kind = one of {', '.join(EVENT_KINDS)}"
        if kind == "union_tag_invalid":
            msg = f"unknown kind {shorten(str(got))!r}; one of {', '.join(EVENT_KINDS)}"
    elif kind == "kellan_rule":
        where = str(err.get("ctx", {}).get("where", ""))
        if where:
            name = f"{name}.{where}" if name else where
        msg = str(err["msg"])
    elif kind == "extra_forbidden":
        model = _model_at(raw[:-1])
        known = _known_keys(model) if model else []
        hint = did_you_mean(str(loc[-1]), known)
        msg = "unknown key"
        msg += f"; did you mean {hint!r}?" if hint else ""
        if known:
            msg += f" (allowed here: {', '.join(known)})"
    elif kind == "missing":
        msg = "is required but missing"
    else:
        msg = str(err["msg"]).removeprefix("Value error, ")
        if kind == "finite_number":
            msg = "must be a finite number (nan and inf are not allowed)"
        if "input" in err and not isinstance(err["input"], dict | list):
            msg += f" (got {_echo(err['input'])})"
    return Problem(name, msg, line_of(lines, name))


def did_you_mean(key: str, known: list[str]) -> str | None:
    """The known key closest to a mistyped one, if any is close. It costs about 40 µs, so
    it is asked at most MAX_PROBLEMS times per file."""
    hint = difflib.get_close_matches(key[:100], known, n=1, cutoff=0.6)
    return hint[0] if hint else None
