"""Errors that name the file, the field and the line, and stay short."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# No error line may run longer than this: a 50 MB title must not print 50 MB.
MAX_LINE = 300
MAX_VALUE = 60
# At most this many problems are listed, then "… and N more problems": a generated file
# with 90,000 typos must not print 90,000 lines (nor pay for a hint on each); past a few
# dozen, the first ones are what the artist fixes before trying again.
MAX_PROBLEMS = 50


def shorten(text: str, limit: int = MAX_VALUE) -> str:
    """`text` cut to `limit` characters, saying how much was left out. The note counts
    toward the limit (an error line cut to MAX_LINE must not come out longer), except
    that at least one character of the text is kept."""
    if len(text) <= limit:
        return text
    note = f"… ({len(text):,} characters)"
    return text[: max(1, limit - len(note))] + note


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
    """A scene file could not be loaded; str() lists its problems, one per line.

    Only the first MAX_PROBLEMS are kept; `more` counts the ones left out, and the last
    line says how many there were."""

    def __init__(self, path: Path | str, problems: list[Problem], more: int = 0) -> None:
        self.path = Path(path)
        self.more = more + max(0, len(problems) - MAX_PROBLEMS)
        self.problems = problems[:MAX_PROBLEMS]
        lines = [p.format(self.path) for p in self.problems]
        if self.more:
            lines.append(f"… and {self.more:,} more problem{'s' if self.more > 1 else ''}")
        super().__init__("\n".join(lines))
