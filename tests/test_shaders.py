"""Shader files: includes, located errors, and a GL compile of every program."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kellan.render.shaders import LINE_STRIDE, ShaderError, load_shader
from kellan.resources import shaders_dir
from tests.conftest import ROOT, headless_env


def test_include_is_expanded_once_with_line_markers():
    src = load_shader("julia.frag")
    assert "vec3 cosine_palette(" in src.text
    assert src.text.count("vec3 cosine_palette(") == 1
    assert [p.name for p in src.files] == ["julia.frag", "escape.glsl", "palette.glsl"]
    # GLSL 1.20: the line after "#line N" is N + 1; the include starts at LINE_STRIDE + 1.
    assert f"#line {LINE_STRIDE}" in src.text


def test_compiler_log_is_mapped_to_files_by_line_alone():
    src = load_shader("julia.frag")
    # Mesa reports every source as 0: the line number alone names the file.
    assert src.explain(f"0:{2 * LINE_STRIDE + 7}(12): error: x") == "palette.glsl:7: error: x"
    assert src.explain(f"0:{LINE_STRIDE + 9}(2): error: w") == "escape.glsl:9: error: w"
    assert src.explain("0:40(3): error: y") == "julia.frag:40: error: y"
    assert src.explain(f"0:{3 * LINE_STRIDE + 5}(1): e") == f"0:{3 * LINE_STRIDE + 5}(1): e"
    # NVIDIA's format, and the "ERROR: 0:LINE:" of other drivers.
    out = src.explain(f"0({2 * LINE_STRIDE + 3}) : error C0000: z")
    assert out == "palette.glsl:3: error C0000: z"
    out = src.explain("ERROR: 0:12: 'q' : undeclared")
    assert out == "ERROR: julia.frag:12: 'q' : undeclared"


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


def test_every_shader_file_is_ascii_and_loads(tmp_path: Path):
    user = tmp_path / "user.glsl"
    user.write_text("void mainImage(out vec4 c, in vec2 p) { c = vec4(1.0); }\n")
    for path in sorted(shaders_dir().rglob("*")):
        if path.suffix in (".vert", ".frag", ".glsl"):
            load_shader(str(path.relative_to(shaders_dir())), user=user)


def test_a_user_shader_is_included_with_its_own_lines(tmp_path: Path):
    """Shadertoy files are pulled into the wrapper; their lines are their own, and a
    stray non-ASCII sign in a comment does not refuse the file."""
    user = tmp_path / "waves.glsl"
    user.write_text("// (c) Zo\u00eb\nvoid mainImage(out vec4 c, in vec2 p) {\n"
                    "  c = vec4(1.0);\n}\n")
    src = load_shader("shadertoy.frag", user=user)
    assert [p.name for p in src.files] == ["shadertoy.frag", "waves.glsl"]
    assert src.explain(f"0:{LINE_STRIDE + 3}(5): error: q") == "waves.glsl:3: error: q"
    with pytest.raises(ShaderError, match="no user shader"):
        load_shader("shadertoy.frag")


COMPILE_ERROR_SCRIPT = r"""
import sys
from pathlib import Path
from vispy import app
from kellan.render.shaders import program_sources
c = app.Canvas(show=False, app=app.Application("egl"))
c.set_current()
root = Path(sys.argv[1])
src = program_sources("fullscreen.vert", sys.argv[2], root)
print(src.diagnose())
"""


def _compile_errors(tmp_path: Path, fragment: str) -> str:
    res = subprocess.run(
        [sys.executable, "-c", COMPILE_ERROR_SCRIPT, str(tmp_path), fragment],
        capture_output=True, text=True, env=headless_env(), cwd=ROOT, timeout=120,
    )  # fmt: skip
    return res.stdout + res.stderr


@pytest.fixture
def shader_tree(tmp_path: Path) -> Path:
    (tmp_path / "lib").mkdir()
    (tmp_path / "fullscreen.vert").write_text((shaders_dir() / "fullscreen.vert").read_text())
    return tmp_path


@pytest.mark.gl
def test_gl_compile_error_names_the_shader_file(shader_tree: Path):
    (shader_tree / "lib" / "util.glsl").write_text("float ok() { return 1.0; }\n")
    (shader_tree / "broken.frag").write_text(
        '#include "lib/util.glsl"\nvoid main() {\n    gl_FragColor = vec4(nope);\n}\n'
    )
    out = _compile_errors(shader_tree, "broken.frag")
    assert "broken.frag:3:" in out, out


@pytest.mark.gl
def test_gl_compile_error_inside_an_include_names_the_include(shader_tree: Path):
    """A real compile: Mesa reports the include's source as 0 too, so the line range is
    what tells the files apart."""
    (shader_tree / "lib" / "util.glsl").write_text(
        "// helpers\nfloat ok() {\n    return undefined_thing;\n}\n"
    )
    (shader_tree / "main.frag").write_text(
        '#include "lib/util.glsl"\nvoid main() {\n    gl_FragColor = vec4(ok());\n}\n'
    )
    out = _compile_errors(shader_tree, "main.frag")
    assert "util.glsl:3:" in out and "main.frag:3:" not in out, out


@pytest.mark.gl
def test_gl_compile_error_after_a_version_line_keeps_its_line(shader_tree: Path):
    (shader_tree / "v.frag").write_text(
        "#version 120\n// two\nvoid main() {\n    gl_FragColor = vec4(nope);\n}\n"
    )
    out = _compile_errors(shader_tree, "v.frag")
    assert "v.frag:4:" in out, out
