"""Find the line of a field in TOML text, in one linear pass.

tomllib reports lines only for syntax errors; validation errors come from pydantic with a
field path and no position. This maps field paths back to lines by scanning the text once,
character by character, the way a TOML reader does: table headers, dotted and quoted
keys, strings (multi-line ones included, so a key-like line inside a string is never taken
for a key), arrays and inline tables (their keys and items get paths too). There are no
regular expressions, so no input can make it backtrack: the cost is linear in the size
of the text, and nesting is tracked on an explicit stack, never by recursion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Deeper nesting than this is refused before tomllib or pydantic see the text: both
# recurse, and a file of 5,000 nested arrays would end in a RecursionError.
MAX_DEPTH = 64

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass
class ScanResult:
    """What one pass over the text found."""

    lines: dict[str, int] = field(default_factory=dict)  # field path -> 1-based line
    too_deep_line: int | None = None  # first line where nesting passed MAX_DEPTH
    last_line: int = 1


@dataclass
class _Container:
    kind: str  # "array" or "table" (an inline table)
    path: str
    index: int = 0  # arrays: the index of the next item


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.i = 0
        self.line = 1
        self.out = ScanResult()
        self.table = ""  # path of the current [table] or [[array element]]
        self.array_counts: dict[str, int] = {}

    # -- low-level -------------------------------------------------------------------
    def _peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.text[j] if j < self.n else ""

    def _advance(self, k: int = 1) -> None:
        end = min(self.n, self.i + k)
        self.line += self.text.count("\n", self.i, end)
        self.i = end

    def _skip_spaces(self) -> None:
        while self.i < self.n and self.text[self.i] in " \t\r":
            self.i += 1

    def _skip_to_eol(self) -> None:
        j = self.text.find("\n", self.i)
        self.i = self.n if j < 0 else j

    def _skip_blank(self) -> None:
        """Spaces, newlines and comments (inside arrays)."""
        while self.i < self.n:
            ch = self.text[self.i]
            if ch in " \t\r":
                self.i += 1
            elif ch == "\n":
                self.i += 1
                self.line += 1
            elif ch == "#":
                self._skip_to_eol()
            else:
                return

    def _record(self, path: str) -> None:
        if path and path not in self.out.lines:
            self.out.lines[path] = self.line

    # -- tokens ----------------------------------------------------------------------
    def _string(self) -> str:
        """Read a string starting at the cursor; returns its raw content (no escapes)."""
        quote = self.text[self.i]
        if self.text.startswith(quote * 3, self.i):
            start = self.i + 3
            end = self.text.find(quote * 3, start)
            end = self.n if end < 0 else end
            # A closing run may hold up to two more quotes that belong to the string.
            while end + 3 < self.n and self.text[end + 3] == quote:
                end += 1
            value = self.text[start:end]
            self._advance(end + 3 - self.i)
            return value
        j = self.i + 1
        while j < self.n and self.text[j] not in (quote, "\n"):
            escaped = quote == '"' and self.text[j] == "\\" and self._peek(j + 1 - self.i) != "\n"
            j += 2 if escaped else 1
        j = min(j, self.n)
        value = self.text[self.i + 1 : j]
        # A single-line string holds no newline: the line count does not change.
        self.i = j + 1 if j < self.n and self.text[j] == quote else j
        return value

    def _key(self) -> list[str] | None:
        """A dotted key at the cursor, as its parts; None when there is none."""
        parts: list[str] = []
        while True:
            self._skip_spaces()
            ch = self._peek()
            if ch in ('"', "'"):
                parts.append(self._string())
            elif ch and ch in _BARE:
                j = self.i
                while j < self.n and self.text[j] in _BARE:
                    j += 1
                parts.append(self.text[self.i : j])
                self.i = j
            else:
                return parts or None
            self._skip_spaces()
            if self._peek() != ".":
                return parts
            self.i += 1

    # -- structure -------------------------------------------------------------------
    def scan(self) -> ScanResult:
        while self.i < self.n:
            self._skip_spaces()
            ch = self._peek()
            if ch == "\n":
                self._advance()
            elif ch == "#":
                self._skip_to_eol()
            elif ch == "[":
                self._header()
            elif ch == "":
                break
            else:
                self._key_value(self.table)
                self._skip_spaces()
                if self._peek() == "#":
                    self._skip_to_eol()
                # Anything else left on the line is tomllib's to report.
                self._skip_to_eol()
        self.out.last_line = self.line
        return self.out

    def _header(self) -> None:
        is_array = self.text.startswith("[[", self.i)
        self.i += 2 if is_array else 1
        parts = self._key() or []
        resolved: list[str] = []
        for k, part in enumerate(parts):
            prefix = ".".join([*resolved, part])
            if k == len(parts) - 1 and is_array:
                self.array_counts[prefix] = self.array_counts.get(prefix, -1) + 1
                self._record(prefix)
                resolved.append(f"{part}[{self.array_counts[prefix]}]")
            elif prefix in self.array_counts:
                resolved.append(f"{part}[{self.array_counts[prefix]}]")
            else:
                resolved.append(part)
            self._record(".".join(resolved))
        self.table = ".".join(resolved)
        self._skip_to_eol()

    def _key_value(self, base: str) -> None:
        parts = self._key()
        if parts is None:
            return
        path = ".".join([base, *parts] if base else parts)
        self._record(path)
        self._skip_spaces()
        if self._peek() != "=":
            return
        self.i += 1
        self._skip_spaces()
        self._value(path)

    def _value(self, path: str) -> None:
        """One value; arrays and inline tables are walked with an explicit stack."""
        stack: list[_Container] = []
        while True:
            ch = self._peek()
            if ch in ('"', "'"):
                self._string()
            elif ch == "[":
                self.i += 1
                stack.append(_Container("array", path))
                if len(stack) > MAX_DEPTH and self.out.too_deep_line is None:
                    self.out.too_deep_line = self.line
            elif ch == "{":
                self.i += 1
                stack.append(_Container("table", path))
                if len(stack) > MAX_DEPTH and self.out.too_deep_line is None:
                    self.out.too_deep_line = self.line
            else:
                # A scalar (number, bool, date): up to the next delimiter.
                while self.i < self.n and self.text[self.i] not in ",]}\n#":
                    self.i += 1
            # After a value: close containers, or move to the next item.
            while True:
                if not stack:
                    return
                top = stack[-1]
                if top.kind == "array":
                    self._skip_blank()
                else:
                    self._skip_spaces()
                ch = self._peek()
                if ch == ",":
                    self.i += 1
                    if top.kind == "array":
                        top.index += 1
                elif ch in ("]", "}"):
                    self.i += 1
                    stack.pop()
                    continue
                elif ch == "" or (ch == "\n" and top.kind == "table"):
                    return  # unterminated: tomllib will say where
                # The next item of the innermost container.
                if top.kind == "array":
                    self._skip_blank()
                    if self._peek() in ("]", ""):
                        continue
                    path = f"{top.path}[{top.index}]"
                    self._record(path)
                    break
                self._skip_spaces()
                if self._peek() == "}":
                    continue
                parts = self._key()
                if parts is None:
                    return
                path = ".".join([top.path, *parts])
                self._record(path)
                self._skip_spaces()
                if self._peek() != "=":
                    return
                self.i += 1
                self._skip_spaces()
                break


def scan(text: str) -> ScanResult:
    """Scan TOML text once: field lines, nesting depth and the number of the last line."""
    return _Scanner(text).scan()


def field_lines(text: str) -> dict[str, int]:
    """Map dotted field paths ("participants[1].emotion") to 1-based line numbers."""
    return scan(text).lines


def line_of(lines: dict[str, int], field: str) -> int | None:
    """The line of `field`, or of its nearest enclosing field that has one."""
    path = field
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None
