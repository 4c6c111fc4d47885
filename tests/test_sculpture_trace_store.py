"""Saved traces: persist across stores, survive a killed writer, set corrupt files aside,
and export as a vertex-coloured PLY."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import trimesh

from kellan.sculpture.shapes import build_shape
from kellan.sculpture.trace_store import TraceStore, export_ply, scene_key
from kellan.sculpture.traces import Traces
from tests.conftest import ROOT

KEY = scene_key("Dream Art Festival", 20261125, ["knot", "orb"])


def _traces(n, ids, seed):
    tr = Traces(n, ids)
    tr.amounts[:] = np.random.default_rng(seed).random(tr.amounts.shape, dtype=np.float32)
    return tr


def test_scene_key_is_stable_and_tells_scenes_apart():
    assert scene_key("T", 1, ["a", "b"]) == scene_key("T", 1, ["b", "a"])
    assert len({scene_key("T", 1, ["a"]), scene_key("T", 2, ["a"]), scene_key("U", 1, ["a"]),
                scene_key("T", 1, ["a", "b"])}) == 4  # fmt: skip
    assert scene_key("T", 1, ["a"]) == scene_key("T", 1, ["a"])
    assert len(KEY) == 16 and int(KEY, 16) >= 0


def test_traces_persist_across_two_stores(tmp_path):
    knot, orb = _traces(50, ["siena", "rhea"], 1), _traces(12, ["jasper"], 2)
    TraceStore(KEY, tmp_path).save({"knot": knot, "orb": orb}, hues={"siena": (1, 0, 0.5)})
    loaded = TraceStore(KEY, tmp_path).load({"knot": 50, "orb": 12})
    assert loaded.warnings == []
    assert loaded.traces["knot"].ids == ["siena", "rhea"]
    assert np.array_equal(loaded.traces["knot"].amounts, knot.amounts)
    assert np.array_equal(loaded.traces["orb"].amounts, orb.amounts)
    assert loaded.hues == {"siena": (1.0, 0.0, 0.5)}
    assert [p.name for p in tmp_path.iterdir()] == [f"{KEY}.npz"]  # no temporaries left


def test_first_load_is_empty_and_quiet(tmp_path):
    loaded = TraceStore(KEY, tmp_path / "new").load({"knot": 7})
    assert loaded.warnings == [] and loaded.hues == {}
    assert loaded.traces["knot"].amounts.shape == (7, 0)


def test_default_folder_is_the_users_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    store = TraceStore(KEY)
    assert store.path == tmp_path / "xdg" / "kellan" / "traces" / f"{KEY}.npz"
    store.save({"knot": _traces(3, ["a"], 0)})
    assert store.path.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x00garbage\xff" * 50, "not a trace file (not an .npz archive)"),
        (b"some words, not traces\n", "not a trace file (not an .npz archive)"),
        (b"", "an empty file"),
        ("truncate", "unreadable or truncated"),
    ],
)
def test_corrupt_state_is_set_aside_and_reported(tmp_path, content, words):
    store = TraceStore(KEY, tmp_path)
    store.save({"knot": _traces(40, ["a", "b"], 3)})
    if content == "truncate":
        data = store.path.read_bytes()
        content = data[: len(data) * 2 // 3]
    store.path.write_bytes(content)
    loaded = TraceStore(KEY, tmp_path).load({"knot": 40})
    assert len(loaded.warnings) == 1
    w = loaded.warnings[0]
    assert str(store.path) in w and words in w and f"{KEY}.npz.corrupt-1" in w and "\n" not in w
    assert (tmp_path / f"{KEY}.npz.corrupt-1").read_bytes() == content  # kept, not lost
    assert not store.path.exists()
    assert not loaded.traces["knot"].amounts.any()


def test_vertex_count_change_keeps_the_rest_and_sets_the_file_aside(tmp_path):
    store = TraceStore(KEY, tmp_path)
    knot, orb = _traces(50, ["a"], 4), _traces(12, ["b"], 5)
    store.save({"knot": knot, "orb": orb})
    before = store.path.read_bytes()
    loaded = store.load({"knot": 60, "orb": 12})
    assert any("'knot' had 50 vertices and now has 60" in w for w in loaded.warnings)
    assert all(str(store.path) in w for w in loaded.warnings)
    assert np.array_equal(loaded.traces["orb"].amounts, orb.amounts)  # this one still fits
    assert loaded.traces["knot"].amounts.shape == (60, 0)
    assert (tmp_path / f"{KEY}.npz.corrupt-1").read_bytes() == before
    # A second bad file goes beside the first, never over it.
    store.save(loaded.traces)
    store.path.write_bytes(b"junk")
    store.load({"knot": 60, "orb": 12})
    assert (tmp_path / f"{KEY}.npz.corrupt-1").read_bytes() == before
    assert (tmp_path / f"{KEY}.npz.corrupt-2").read_bytes() == b"junk"


def test_a_file_of_another_scene_is_not_taken(tmp_path):
    other = TraceStore(scene_key("Other", 1, ["knot"]), tmp_path)
    other.save({"knot": _traces(5, ["a"], 6)})
    mine = TraceStore(KEY, tmp_path)
    os.replace(other.path, mine.path)
    loaded = mine.load({"knot": 5})
    assert "belongs to scene key" in loaded.warnings[0]


def test_bad_key_is_refused():
    with pytest.raises(ValueError, match="trace key"):
        TraceStore("../escape")


_WRITER = """
import sys, numpy as np
from kellan.sculpture.trace_store import TraceStore
from kellan.sculpture.traces import Traces
tr = Traces(1_500_000, [f"p{i}" for i in range(8)])
tr.amounts[:] = 7.0
store = TraceStore(sys.argv[1], sys.argv[2])
print("ready", flush=True)
while True:
    store.save({"knot": tr})
"""


def test_a_writer_killed_mid_save_leaves_the_old_file_intact(tmp_path):
    old = _traces(1_500_000, [f"p{i}" for i in range(8)], 7)  # 48 MB of traces
    store = TraceStore(KEY, tmp_path)
    store.save({"knot": old})
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, KEY, str(tmp_path)], stdout=subprocess.PIPE, env=env
    )
    try:
        assert child.stdout.readline().strip() == b"ready"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            sizes = []
            for tmp in tmp_path.glob(f".{KEY}.npz.*.tmp"):
                with contextlib.suppress(FileNotFoundError):  # renamed as we looked
                    sizes.append(tmp.stat().st_size)
            if any(size > 1_000_000 for size in sizes):
                break
            time.sleep(0.001)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    # The kill came in the middle of a write: its temporary file is still there.
    assert list(tmp_path.glob(f".{KEY}.npz.*.tmp"))
    loaded = TraceStore(KEY, tmp_path).load({"knot": 1_500_000})
    assert loaded.warnings == []
    got = loaded.traces["knot"].amounts
    # Either the old state or one whole save of the new: never a mixture or a wreck.
    assert np.array_equal(got, old.amounts) or (got == 7.0).all()
    # The next save clears the dead writer's leftovers.
    TraceStore(KEY, tmp_path).save(loaded.traces)
    assert not list(tmp_path.glob(f".{KEY}.npz.*.tmp"))


def test_ply_export_reopens_with_its_colours(tmp_path):
    mesh = build_shape("icosphere", {"subdivisions": 2})
    rng = np.random.default_rng(8)
    colours = rng.random((len(mesh.vertices), 4)).astype(np.float32)
    path = tmp_path / "patina.ply"
    export_ply(path, mesh, colours)
    back = trimesh.load(path, process=False)
    assert np.array_equal(back.faces, mesh.faces)
    assert np.allclose(back.vertices, mesh.vertices)
    want = np.round(colours * 255).astype(np.uint8)
    assert np.array_equal(np.asarray(back.visual.vertex_colors), want)
    assert [p.name for p in tmp_path.iterdir()] == ["patina.ply"]
    with pytest.raises(ValueError, match="colours"):
        export_ply(Path(tmp_path / "x.ply"), mesh, colours[:, :3])
