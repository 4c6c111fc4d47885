"""Shader files: includes, located errors, and a GL compile of every program."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kellan.render.shaders import ShaderError, load_shader
from kellan.resources import shaders_dir
from tests.conftest import ROOT, headless_env


def test_include_is_expanded_once_with_line_markers():
    src = load_shader("julia.frag")
    assert "vec3 cosine_palette(" in src.text
    assert src.text.count("vec3 cosine_palette(") == 1
    assert [p.name for p in src.files] == ["julia.frag", "palette.glsl"]
    assert "#line 0 1" in src.text  # GLSL 1.20: the line after "#line N" is N + 1


def test_compiler_log_is_mapped_to_files():
    src = load_shader("julia.frag")
    assert src.explain("1:7(12): error: x") == "palette.glsl:7: error: x"
    assert src.explain("0:40(3): error: y") == "julia.frag:40: error: y"


def test_missing_include_names_file_and_line(tmp_path: Path):
    (tmp_path / "a.frag").write_text('void f();\n#include "lib/nope.glsl"\n')
    with pytest.raises(ShaderError, match=r"a\.frag:2: cannot read .*nope\.glsl"):
        load_shader("a.frag", tmp_path)


def test_include_cycle_is_reported(tmp_path: Path):
    (tmp_path / "a.glsl").write_text('#include "b.glsl"\n')
    (tmp_path / "b.glsl").write_text('#include "a.glsl"\n')
    with pytest.raises(ShaderError, match=r"include cycle: a\.glsl -> b\.glsl -> a\.glsl"):
        load_shader("a.glsl", tmp_path)


def test_non_ascii_is_reported_with_line(tmp_path: Path):
    (tmp_path / "a.frag").write_text("// ok\n// 2\u03c0 here\n")
    with pytest.raises(ShaderError, match=r"a\.frag:2: non-ASCII"):
        load_shader("a.frag", tmp_path)


def test_every_shader_file_is_ascii_and_loads():
    for path in sorted(shaders_dir().rglob("*")):
        if path.suffix in (".vert", ".frag", ".glsl"):
            load_shader(str(path.relative_to(shaders_dir())))


COMPILE_ERROR_SCRIPT = r"""
import sys
from pathlib import Path
from vispy import app
from kellan.render.shaders import program_sources
c = app.Canvas(show=False, app=app.Application("egl"))
c.set_current()
root = Path(sys.argv[1])
src = program_sources("fullscreen.vert", "broken.frag", root)
print(src.diagnose())
"""


@pytest.mark.gl
def test_gl_compile_error_names_the_shader_file(tmp_path: Path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "fullscreen.vert").write_text((shaders_dir() / "fullscreen.vert").read_text())
    (tmp_path / "lib" / "util.glsl").write_text("float ok() { return 1.0; }\n")
    (tmp_path / "broken.frag").write_text(
        '#include "lib/util.glsl"\nvoid main() {\n    gl_FragColor = vec4(nope);\n}\n'
    )
    res = subprocess.run(
        [sys.executable, "-c", COMPILE_ERROR_SCRIPT, str(tmp_path)],
        capture_output=True, text=True, env=headless_env(), cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert "broken.frag:3:" in res.stdout, res.stdout + res.stderr
