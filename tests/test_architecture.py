"""The layer rules (import-linter contracts in pyproject.toml) and ruff, run as tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else (shutil.which(name) or name)


def test_import_contracts_hold():
    res = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], capture_output=True, text=True, cwd=ROOT
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 broken" in res.stdout and "6 kept" in res.stdout


def test_ruff_is_clean():
    res = subprocess.run([_tool("ruff"), "check", "."], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stdout + res.stderr


def test_core_does_not_load_gui_or_gl_at_run_time():
    code = (
        "import sys, kellan.core.simulation, kellan.scene, kellan.dreamscape;"
        "bad=[m for m in ('PyQt6','vispy','pydantic') if m in sys.modules];"
        "import kellan.core.simulation as s;"
        "print(','.join(bad))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert "PyQt6" not in res.stdout and "vispy" not in res.stdout


def test_the_core_allow_list_catches_an_unlisted_import(tmp_path):
    """The core's contract is an allow-list: an import nobody thought to forbid (here
    OpenGL) breaks it. Checked on a copy of the package with one bad line added."""
    import shutil

    skip = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "kellan", tmp_path / "kellan", ignore=skip)
    shutil.copytree(ROOT / "tools", tmp_path / "tools", ignore=skip)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    pulse = tmp_path / "kellan" / "core" / "pulse.py"
    pulse.write_text(pulse.read_text() + "\nimport OpenGL  # noqa\n")
    res = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], capture_output=True, text=True, cwd=tmp_path,
        env={"PATH": str(BIN), "PYTHONPATH": str(tmp_path)},
    )  # fmt: skip
    assert res.returncode != 0
    assert "kellan.core.pulse imports OpenGL" in res.stdout
