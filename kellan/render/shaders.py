"""Load GLSL files from shaders/ at run time, with `#include "lib/x.glsl"` for sharing.

Each file of an expanded source gets its own range of line numbers through `#line`
directives: file k's line n is reported as k * LINE_STRIDE + n. Compilers disagree on
source-string numbers (Mesa reports every source as 0), but all of them report the line
a `#line` directive set, so a log's line alone names the real file and line (see
`ShaderSource.explain`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kellan.resources import shaders_dir

_INCLUDE = re.compile(r'^\s*#include\s+"([^"]+)"\s*$')
# Mesa/Intel/AMD: "0:12(7): error" or "ERROR: 0:12: ..."; NVIDIA: "0(12) : error".
_GL_ERROR = re.compile(r"\b\d+(?::(\d+)(?:\(\d+\))?|\((\d+)\))\s*:")
LINE_STRIDE = 100_000


class ShaderError(Exception):
    """A shader file is missing, includes itself, or does not compile."""


@dataclass
class ShaderSource:
    """GLSL text after includes, plus the list of files behind its #line ids."""

    text: str
    files: list[Path] = field(default_factory=list)

    def locate(self, line: int) -> tuple[Path, int] | None:
        """The real file and line behind a line number of the expanded source."""
        idx, number = divmod(line, LINE_STRIDE)
        if 0 <= idx < len(self.files) and number > 0:
            return self.files[idx], number
        return None

    def explain(self, compiler_log: str) -> str:
        """Rewrite the "0:LINE(COL):" or "0(LINE) :" references of a GL compiler log to
        "file:line:"."""

        def sub(m: re.Match[str]) -> str:
            found = self.locate(int(m.group(1) or m.group(2)))
            if found is None:
                return m.group(0)
            return f"{found[0].name}:{found[1]}:"

        return _GL_ERROR.sub(sub, compiler_log)


USER_INCLUDE = "<user>"


def load_shader(name: str, root: Path | None = None, user: Path | None = None) -> ShaderSource:
    """Read shaders/<name> and expand its includes (each file at most once);
    `#include "<user>"` pulls in the file `user` (a Shadertoy shader), whose lines
    are then reported as its own."""
    root = root or shaders_dir()
    src = ShaderSource(text="")
    lines: list[str] = []
    _expand(root, root / name, lines, src.files, stack=[], where=None, user=user)
    # `#version` must come first; vispy adds "#version 120" when there is none. Its own
    # line stays as an empty line, so that the lines after it keep their numbers.
    version = [ln for ln in lines if ln.lstrip().startswith("#version")]
    body = ["" if ln.lstrip().startswith("#version") else ln for ln in lines]
    number = int(re.findall(r"\d+", version[0])[0]) if version else 120
    if number < 330:
        # Before GLSL 3.30, "#line N" names the line *after* the directive N + 1.
        body = [_shift_line_directive(ln) for ln in body]
    src.text = "\n".join(version[:1] + body) + "\n"
    return src


def _shift_line_directive(line: str) -> str:
    m = re.match(r"^#line (\d+)$", line)
    return f"#line {int(m.group(1)) - 1}" if m else line


def _expand(
    root: Path,
    path: Path,
    out: list[str],
    files: list[Path],
    stack: list[Path],
    where: str | None,
    user: Path | None = None,
) -> None:
    if path in stack:
        chain = " -> ".join(p.name for p in [*stack, path])
        raise ShaderError(f"{where}: include cycle: {chain}")
    if path in files:
        return  # already included once: acts as an include guard
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise ShaderError(f"{where or 'shader'}: cannot read {path}") from None
    files.append(path)
    base = (len(files) - 1) * LINE_STRIDE
    out.append(f"#line {base + 1}")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.isascii() and path == user:
            # Shadertoy shaders often carry a "(c)" sign or accents in their comments:
            # stand-ins keep a comment a comment, and in code the compiler says where.
            line = line.encode("ascii", "replace").decode("ascii")
        if not line.isascii():
            # GLSL's character set is ASCII; Mesa reports a confusing "unexpected end of
            # file" for a stray "π" in a comment, so say what and where instead.
            bad = next(ch for ch in line if not ch.isascii())
            raise ShaderError(f"{path}:{number}: non-ASCII character {bad!r} (GLSL is ASCII)")
        m = _INCLUDE.match(line)
        if m:
            name = m.group(1)
            if name == USER_INCLUDE and user is None:
                raise ShaderError(f"{path}:{number}: no user shader to include")
            target = user if name == USER_INCLUDE and user is not None else root / name
            _expand(root, target, out, files, [*stack, path], f"{path}:{number}", user)
            out.append(f"#line {base + number + 1}")
        else:
            out.append(line)


@dataclass
class ProgramSources:
    """The two expanded sources behind one gloo Program, kept to explain errors."""

    vertex: ShaderSource
    fragment: ShaderSource

    def diagnose(self) -> str:
        """Compile both stages and return their errors as file:line lines ("" if none)."""
        logs = [compile_log(self.vertex, "vertex"), compile_log(self.fragment, "fragment")]
        return "\n".join(log.strip() for log in logs if log.strip())


def compile_log(source: ShaderSource, stage: str) -> str:
    """Compile one stage directly with GL (context must be current) and return its raw
    log mapped to file:line. vispy's own message drops the #line source ids."""
    from vispy.gloo import gl
    from vispy.gloo.glir import convert_shader

    kind = gl.GL_VERTEX_SHADER if stage == "vertex" else gl.GL_FRAGMENT_SHADER
    handle = gl.glCreateShader(kind)
    try:
        gl.glShaderSource(handle, convert_shader("desktop", source.text))
        gl.glCompileShader(handle)
        if gl.glGetShaderParameter(handle, gl.GL_COMPILE_STATUS):
            return ""
        return source.explain(gl.glGetShaderInfoLog(handle))
    finally:
        gl.glDeleteShader(handle)


def program_sources(vertex: str, fragment: str, root: Path | None = None,
                    user: Path | None = None) -> ProgramSources:  # fmt: skip
    """Load a vertex and a fragment shader file by name (relative to shaders/); `user`
    is the file a fragment's `#include "<user>"` brings in."""
    return ProgramSources(load_shader(vertex, root), load_shader(fragment, root, user))
