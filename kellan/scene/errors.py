"""Errors that name the file, the field and the line, and stay short."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# No error line may run longer than this: a 50 MB title must not print 50 MB.
MAX_LINE = 300
MAX_VALUE = 60


def shorten(text: str, limit: int = MAX_VALUE) -> str:
    """`text` cut to `limit` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text):,} characters)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scene file."""

    field: str  # dotted path such as "participants[2].emotion.arousal", "" for the file
    message: str
    line: int | None = None

    def format(self, path: Path | str) -> str:
        where = f"{shorten(str(path), 120)}:{self.line}" if self.line else shorten(str(path), 120)
        what = f"{shorten(self.field, 80)}: " if self.field else ""
        return shorten(f"{where}: {what}{self.message}", MAX_LINE)


class SceneError(Exception):
    """A scene file could not be loaded; str() lists every problem, one per line."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__("\n".join(p.format(self.path) for p in problems))
