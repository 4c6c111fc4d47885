"""Find the line of a field in TOML text.

tomllib reports lines only for syntax errors; validation errors come from pydantic with a
field path and no position. This maps field paths back to lines by reading the table
headers and keys, which is enough to point an artist at the right line.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\-\"' ]+?)\s*=\s*(.*)$")
_INLINE_KEY = re.compile(r"([A-Za-z0-9_\-]+)\s*=")


def _split_key(key: str) -> list[str]:
    return [part.strip().strip("\"'") for part in key.split(".")]


def field_lines(text: str) -> dict[str, int]:
    """Map dotted field paths ("participants[1].emotion") to 1-based line numbers."""
    lines: dict[str, int] = {}
    array_counts: dict[str, int] = {}
    current: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = _HEADER.match(line)
        if header:
            is_array = header.group(1) == "[["
            parts = _split_key(header.group(2))
            resolved: list[str] = []
            for i, part in enumerate(parts):
                prefix = ".".join([*resolved, part])
                last = i == len(parts) - 1
                if last and is_array:
                    array_counts[prefix] = array_counts.get(prefix, -1) + 1
                    lines.setdefault(prefix, number)
                    resolved.append(f"{part}[{array_counts[prefix]}]")
                elif prefix in array_counts:
                    resolved.append(f"{part}[{array_counts[prefix]}]")
                else:
                    resolved.append(part)
                lines.setdefault(".".join(resolved), number)
            current = resolved
            continue
        key = _KEY.match(line)
        if key:
            path = ".".join([*current, *_split_key(key.group(1))])
            lines.setdefault(path, number)
            value = key.group(2)
            if value.startswith("{"):
                for sub in _INLINE_KEY.findall(value):
                    lines.setdefault(f"{path}.{sub}", number)
    return lines


def line_of(lines: dict[str, int], field: str) -> int | None:
    """The line of `field`, or of its nearest enclosing field that has one."""
    path = field
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None
