"""Checking a shape's parameters (from a scene file) before building it.

Each bad value gets one clear sentence naming the shape and the parameter, and a
ShapeError carries both so a scene loader can point at the line.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass


class ShapeError(ValueError):
    """A shape name or parameter that cannot be built; `param` is None for the name."""

    def __init__(self, message: str, shape: str, param: str | None = None) -> None:
        super().__init__(message)
        self.shape = shape
        self.param = param


@dataclass(frozen=True)
class Param:
    """The allowed range of one parameter; `integer` ones take whole numbers only."""

    lo: float
    hi: float
    integer: bool = False

    def describe(self) -> str:
        kind = "a whole number" if self.integer else "a number"
        return f"{kind} in {self.lo:g}..{self.hi:g}"


def _hint(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_params(
    shape: str, fn: Callable[..., object], spec: Mapping[str, Param], params: Mapping[str, object]
) -> dict[str, object]:
    """The parameters with defaults filled in, or a ShapeError for the first bad one."""
    defaults = {
        k: v.default
        for k, v in inspect.signature(fn).parameters.items()
        if v.default is not inspect.Parameter.empty
    }
    names = sorted(spec)
    out = dict(defaults)
    for key, value in params.items():
        if key not in spec:
            raise ShapeError(
                f"shape {shape!r} has no parameter {key!r}{_hint(key, names)}; "
                f"its parameters are {', '.join(names)}",
                shape,
                key,
            )
        out[key] = _check_value(shape, key, spec[key], value, defaults.get(key))
    return out


def _check_value(shape: str, key: str, p: Param, value: object, default: object) -> object:
    where = f"shape {shape!r}: {key}"
    if value is None and default is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ShapeError(f"{where} must be {p.describe()}, not {value!r}", shape, key)
    if p.integer and not (isinstance(value, int) or float(value).is_integer()):
        raise ShapeError(f"{where} must be a whole number, not {value!r}", shape, key)
    if not p.lo <= value <= p.hi:  # also refuses NaN
        raise ShapeError(f"{where} = {value!r} is out of range {p.lo:g}..{p.hi:g}", shape, key)
    return int(value) if p.integer else float(value)
