"""Errors that name the file, the field and the line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scene file."""

    field: str  # dotted path such as "participants[2].emotion.arousal", "" for the file
    message: str
    line: int | None = None

    def format(self, path: Path | str) -> str:
        where = f"{path}:{self.line}" if self.line else f"{path}"
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.message}"


class SceneError(Exception):
    """A scene file could not be loaded; str() lists every problem, one per line."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__("\n".join(p.format(self.path) for p in problems))
