"""Atomic writes keep the permissions of the file they replace, and give new files the
usual ones rather than mkstemp's private 0600."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from kellan.files import atomic_open, write_text_atomic
from tests.conftest import DEFAULT_SCENE


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_saving_a_scene_keeps_its_permissions(tmp_path: Path):
    from kellan.scene.edit import save_midi_mappings
    from kellan.scene.models import MidiMap

    scene = tmp_path / "show.toml"
    shutil.copy(DEFAULT_SCENE, scene)
    os.chmod(scene, 0o644)
    save_midi_mappings(scene, (MidiMap(cc=7, target="dynamics.unity"),))
    assert "cc = 7" in scene.read_text()
    assert mode(scene) == 0o644  # readable by the rest of the crew, as before


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path):
    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "new.txt", "hello")
    finally:
        os.umask(old)
    assert mode(tmp_path / "new.txt") == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path):
    path = tmp_path / "work.txt"
    path.write_text("the old version")
    with pytest.raises(RuntimeError), atomic_open(path, "w", encoding="utf-8") as fh:
        fh.write("half of the new")
        raise RuntimeError("killed")
    assert path.read_text() == "the old version"
    assert list(tmp_path.iterdir()) == [path]
