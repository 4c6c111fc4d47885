"""Shared fixtures: the golden-regeneration flag and a headless `kellan` runner."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SCENES = ROOT / "scenes"
DEFAULT_SCENE = SCENES / "dream_art_festival.toml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-goldens",
        action="store_true",
        default=False,
        help="rewrite the golden PNGs in tests/golden from the current renderer "
        "(look at old and new before committing, and say why in the commit)",
    )


@pytest.fixture(autouse=True)
def _private_settings_and_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """Each test gets its own QSettings, cache and data folders (the window's layout,
    recent files, automatic sessions, sculpture traces), so no test sees another's, or
    the developer's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_VIDEOS_DIR", str(home / "videos"))
    from PyQt6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(home / "config"))


@pytest.fixture(autouse=True)
def dialogs(request: pytest.FixtureRequest, monkeypatch) -> Iterator[list[str]]:
    """A warning dialog the window opens is recorded here instead of waiting, modal, for
    a click that never comes (it used to hang the suite). A GUI test that expects one reads
    and clears this list; one left here fails the test, with its message."""
    seen: list[str] = []
    if "qtbot" not in request.fixturenames:
        yield seen
        return
    from PyQt6.QtWidgets import QMessageBox

    def record(_parent, title, text, *rest):
        seen.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Ok

    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, record)
    yield seen
    assert not seen, f"the window showed unexpected dialogs: {seen}"


@pytest.fixture
def regen_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-goldens"))


def headless_env(**extra: str) -> dict[str, str]:
    """Environment for a subprocess that must render through EGL with no X display."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["EGL_PLATFORM"] = "surfaceless"
    env.update(extra)
    return env


def run_kellan(*args: str, env: dict[str, str] | None = None, timeout: float = 300):
    """Run `python -m kellan ARGS` headless; returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "kellan", *args],
        capture_output=True,
        text=True,
        env=env or headless_env(),
        cwd=ROOT,
        timeout=timeout,
    )
