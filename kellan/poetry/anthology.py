"""The anthology: every verse of a show, in `anthology.md` in its session directory, and
the sampled measures in `measures.jsonl` beside it.

anthology.md is Markdown for people, with the data for programs in HTML comments:

    # Anthology: <title>

    <!-- kellan-anthology {"format": 1, "title": ...} -->

    <!-- verse 1 -->
    ### 12.00 s · step 720 · rift

    First line of the verse··
    Second line

    <!-- /verse {"n": 1, "t": 12.0, "step": 720, "trigger": "rift", ...} -->

A verse runs from its opening comment to its closing one, which holds its JSON (after
the poem, so that people read the poem first): n (1, 2, ...), t (show seconds), step, trigger,
triggers, events ([{kind, who, enabled, t}]), moved ({measure: [before, now]}), measures
(the scalar measures), people ([{id, name, hue}]) and lines. The text between the
comments is a copy of the lines for reading (two trailing spaces: Markdown line breaks,
shown above as ··), with & < > escaped; the JSON is what is parsed back. The JSON escapes
& < > as \\u0026 \\u003c \\u003e, so no name can end a comment early. Nothing in the file
depends on the wall clock or on paths: the same show gives the same bytes.

Safety: the whole file is rewritten on every verse to a temporary file in the same
directory, fsynced, then renamed over anthology.md with os.replace (atomic on POSIX), and
the directory is fsynced. A kill at any instant leaves either the previous complete file
or the new one, never a partial verse. A show writes a verse every few seconds at most,
so rewriting a few hundred kilobytes is cheap.

measures.jsonl is append-only, one JSON object a line: {"t", "step", "measures", and
"events" when there were any}. Each line goes out in one write() with its newline last;
the reader ignores a last line without its newline (a torn write), and reports any other
bad line. It is data for the sparklines, not a user's work, so it is not fsynced per line.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kellan.core.measures import Measures
from kellan.files import write_text_atomic as write_atomic
from kellan.poetry.generator import TRIGGER_LABELS, Verse
from kellan.poetry.moment import Happening
from kellan.poetry.page import page

FORMAT = 1
ANTHOLOGY = "anthology.md"
MEASURES = "measures.jsonl"
DIGITS = 4  # decimals kept for measures in files

_HEADER = re.compile(r"^<!-- kellan-anthology (\{.*\}) -->$")
_OPEN = re.compile(r"^<!-- verse (\d+) -->$")
_CLOSE = re.compile(r"^<!-- /verse (\{.*\}) -->$")


class AnthologyError(ValueError):
    """A session file that cannot be read; the message names the file and the line."""


def _json(obj: object) -> str:
    """Compact, key-sorted JSON that cannot close an HTML comment or open a tag."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _r(x: float) -> float:
    return round(float(x), DIGITS)


def _scalars(m: Measures) -> dict[str, float]:
    return {k: _r(v) for k, v in m.scalars().items()}


def _event(t: float, e: Happening) -> dict[str, Any]:
    return {"kind": e.kind, "who": e.participant, "enabled": e.enabled, "t": _r(t)}


def verse_record(verse: Verse, n: int) -> dict[str, Any]:
    """The JSON a verse is stored as (see the module docstring)."""
    return {
        "n": n,
        "t": _r(verse.time),
        "step": int(verse.step),
        "trigger": verse.trigger,
        "triggers": list(verse.triggers),
        "events": [_event(t, e) for t, e in verse.events],
        "moved": {name: [_r(a), _r(b)] for name, a, b in verse.moved},
        "measures": _scalars(verse.measures),
        "people": [{"id": p.id, "name": p.name, "hue": _r(p.hue)} for p in verse.people],
        "lines": list(verse.lines),
    }


def _render_verse(rec: dict[str, Any]) -> str:
    label = TRIGGER_LABELS.get(rec["trigger"], rec["trigger"].replace("_", " "))
    body = "\n".join(html.escape(line, quote=False) + "  " for line in rec["lines"])
    return (
        f"<!-- verse {int(rec['n'])} -->\n"
        f"### {rec['t']:.2f} s · step {rec['step']} · {html.escape(label, quote=False)}\n\n"
        f"{body}\n\n<!-- /verse {_json(rec)} -->\n"
    )


def render(title: str, records: Iterable[dict[str, Any]]) -> str:
    """The whole anthology.md for these verse records."""
    head = {"format": FORMAT, "title": title}
    heading = f"# Anthology: {html.escape(title, quote=False)}\n\n"
    parts = [f"{heading}<!-- kellan-anthology {_json(head)} -->\n"]
    parts += [_render_verse(rec) for rec in records]
    return "\n".join(parts)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def parse(text: str, source: str = ANTHOLOGY) -> tuple[str, list[dict[str, Any]]]:
    """(title, verse records) of an anthology.md's text; AnthologyError names the line."""
    title: str | None = None
    records: list[dict[str, Any]] = []
    open_at: int | None = None
    # split("\n"), not splitlines(): names may hold U+2028 and friends, which JSON keeps.
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        where = f"{source}:{number}"
        if m := _HEADER.match(line):
            head = _load(m.group(1), where)
            if head.get("format") != FORMAT:
                raise AnthologyError(f"{where}: format {head.get('format')!r}, expected {FORMAT}")
            title = str(head.get("title", ""))
        elif m := _OPEN.match(line):
            if title is None:
                raise AnthologyError(f"{where}: verse before the kellan-anthology header")
            if open_at is not None:
                raise AnthologyError(f"{where}: verse starts before the one at line {open_at} ends")
            if int(m.group(1)) != len(records) + 1:
                raise AnthologyError(f"{where}: verse {m.group(1)}, expected {len(records) + 1}")
            open_at = number
        elif m := _CLOSE.match(line):
            if open_at is None:
                raise AnthologyError(f"{where}: verse end without a start")
            rec = _load(m.group(1), where)
            _check_record(rec, len(records) + 1, where)
            records.append(rec)
            open_at = None
    if title is None:
        raise AnthologyError(f"{source}: no kellan-anthology header; not an anthology")
    if open_at is not None:
        raise AnthologyError(f"{source}:{open_at}: verse never ends")
    return title, records


def _load(text: str, where: str) -> dict[str, Any]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise AnthologyError(f"{where}: bad JSON: {e.msg}") from None
    if not isinstance(obj, dict):
        raise AnthologyError(f"{where}: expected a JSON object")
    return obj


_FIELDS: dict[str, type | tuple[type, ...]] = {
    "n": int, "t": (int, float), "step": int, "trigger": str, "triggers": list,
    "events": list, "moved": dict, "measures": dict, "people": list, "lines": list,
}  # fmt: skip


def _check_record(rec: dict[str, Any], n: int, where: str) -> None:
    for name, kind in _FIELDS.items():
        if not isinstance(rec.get(name), kind):
            raise AnthologyError(f"{where}: verse field {name!r} missing or of the wrong type")
    if rec["n"] != n:
        raise AnthologyError(f"{where}: verse n = {rec['n']}, expected {n}")
    if not all(isinstance(line, str) for line in rec["lines"]):
        raise AnthologyError(f"{where}: verse field 'lines' must hold strings")


def read_anthology(session_dir: Path) -> tuple[str, list[dict[str, Any]]]:
    """(title, verse records) of a session's anthology.md."""
    path = Path(session_dir) / ANTHOLOGY
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnthologyError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise AnthologyError(f"{path}: cannot read: {e}") from None
    return parse(text, str(path))


class Anthology:
    """The anthology of one session directory; `add` writes each verse at once.

    If the directory already holds an anthology.md (a resumed session), its verses are
    kept and new ones follow them; temporary files a killed write left are removed.
    """

    def __init__(self, session_dir: Path, title: str = "Dream Art Festival") -> None:
        self.dir = Path(session_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / ANTHOLOGY
        self.title = title
        self.records: list[dict[str, Any]] = []
        for stray in self.dir.glob(f"{_temp_prefix(self.path)}*.tmp"):
            stray.unlink(missing_ok=True)
        if self.path.exists():
            self.title, self.records = read_anthology(self.dir)

    def add(self, verse: Verse) -> None:
        self.records.append(verse_record(verse, len(self.records) + 1))
        write_atomic(self.path, render(self.title, self.records))

    def __len__(self) -> int:
        return len(self.records)


class MeasuresLog:
    """Samples the measures into measures.jsonl every `every` seconds of show time.

    `sample` writes when the show time has reached the next multiple of `every` (and
    always when there are events); `write` writes unconditionally.
    """

    def __init__(self, session_dir: Path, every: float = 0.5) -> None:
        self.path = Path(session_dir) / MEASURES
        self.every = float(every)
        self._next = 0.0
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def sample(
        self, t: float, step: int, measures: Measures, events: tuple[Happening, ...] = ()
    ) -> bool:
        if t + 1e-9 < self._next and not events:
            return False
        self.write(t, step, measures, events)
        while self._next <= t + 1e-9:
            self._next += self.every
        return True

    def write(
        self, t: float, step: int, measures: Measures, events: tuple[Happening, ...] = ()
    ) -> None:
        rec: dict[str, Any] = {"t": _r(t), "step": int(step), "measures": _scalars(measures)}
        if events:
            rec["events"] = [_event(t, e) for e in events]
        os.write(self._fd, (_json(rec) + "\n").encode("utf-8"))

    def close(self) -> None:
        if self._fd >= 0:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> MeasuresLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_measures(session_dir: Path) -> list[dict[str, Any]]:
    """The samples of a session's measures.jsonl ([] when there is none)."""
    path = Path(session_dir) / MEASURES
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as e:
        raise AnthologyError(f"{path}: cannot read: {e}") from None
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines[:-1], start=1):  # the last piece lacks its newline
        if not line.strip():
            continue
        rec = _load(line, f"{path}:{number}")
        if not isinstance(rec.get("t"), (int, float)) or not isinstance(rec.get("measures"), dict):
            raise AnthologyError(f"{path}:{number}: a sample needs 't' and 'measures'")
        out.append(rec)
    return out


def render_html(session_dir: Path) -> str:
    """The session's anthology as one self-contained HTML page (kellan.poetry.page)."""
    title, records = read_anthology(session_dir)
    return page(title, records, read_measures(session_dir))


def write_html(session_dir: Path, out_path: Path) -> None:
    """Write render_html(session_dir) to out_path, atomically."""
    write_atomic(Path(out_path), render_html(session_dir))
