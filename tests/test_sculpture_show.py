"""Sculptures in a running show: shapes and mesh files from the scene, the answers to
mood, rift and protocol, surface guides, and traces that last from one show to the next
without touching the state hash."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from kellan.scene import SceneError, load_scene, parse_scene
from tests.conftest import DATA, DEFAULT_SCENE, run_kellan

TEXT = DEFAULT_SCENE.read_text()
SHAPE_LINE = 'shape = "torus_knot"'


def with_sculpture(extra: str, shape: str = "torus_knot") -> str:
    return TEXT.replace(SHAPE_LINE, f'shape = "{shape}"\n{extra}')


def small(text: str, particles: int = 6000) -> str:
    return text.replace("particles = 25000", f"particles = {particles}")


@pytest.mark.parametrize("shape", ["torus_knot", "torus", "icosphere", "geodesic_sphere",
                                   "mobius", "supershape", "lissajous", "trefoil"])  # fmt: skip
def test_every_procedural_shape_plays(shape: str):
    from kellan.dreamscape import Dreamscape

    scene = parse_scene(small(with_sculpture("", shape)))
    ds = Dreamscape(scene)
    ds.step(30)
    view = ds.snapshot().sculptures[0]
    assert np.isfinite(view.model).all() and view.model[1, 3] == 0.0
    assert np.isfinite(ds.simulation.state.pos).all()


def test_mesh_paths_resolve_from_the_scene_folder_and_errors_name_the_file(tmp_path: Path):
    folder = tmp_path / "show"
    (folder / "meshes").mkdir(parents=True)
    shutil.copy(DATA / "meshes" / "box_normals.obj", folder / "meshes" / "cube.obj")
    scene_file = folder / "gallery.toml"
    scene_file.write_text(with_sculpture('mesh = "meshes/cube.obj"', "mesh"))
    scene = load_scene(scene_file)
    assert Path(scene.sculptures[0].mesh) == (folder / "meshes" / "cube.obj").resolve()
    # The artist's own files elsewhere, by absolute path, are theirs to use.
    elsewhere = tmp_path / "mine.obj"
    shutil.copy(DATA / "meshes" / "box_normals.obj", elsewhere)
    scene_file.write_text(with_sculpture(f'mesh = "{elsewhere}"', "mesh"))
    assert load_scene(scene_file).sculptures[0].mesh == str(elsewhere)
    for name, content, words in (("gone.obj", None, "no such file"),
                                 ("junk.ply", b"\x00\x01 not a mesh" * 20, "junk.ply"),
                                 ("notes.txt", b"hello", "notes.txt")):  # fmt: skip
        if content is not None:
            (folder / name).write_bytes(content)
        scene_file.write_text(with_sculpture(f'mesh = "{name}"', "mesh"))
        with pytest.raises(SceneError) as err:
            load_scene(scene_file)
        line = next(k for k, t in enumerate(scene_file.read_text().splitlines(), 1)
                    if t.startswith("mesh ="))  # fmt: skip
        assert f"{scene_file}:{line}: sculptures[0].mesh:" in str(err.value)
        assert words in str(err.value)


def test_bad_shape_parameters_are_located():
    with pytest.raises(SceneError) as err:
        parse_scene(with_sculpture("params = { p = 2, q = 4 }"), "s.toml")
    assert re.search(r"s\.toml:\d+: sculptures\[0\]\.params\.q: .*share a factor", str(err.value))
    with pytest.raises(SceneError) as err:
        parse_scene(with_sculpture('mesh = "x.obj"'), "s.toml")
    assert 'only read with shape = "mesh"' in str(err.value)


def test_the_rift_cracks_a_sculpture_that_mends_and_the_protocol_calms_it():
    from kellan.dreamscape import Dreamscape

    ds = Dreamscape(parse_scene(small(TEXT)))
    ds.advance_to(11.5)
    before = ds.snapshot().sculptures[0]
    assert before.crack == 0.0 and before.calm == 0.0
    ds.advance_to(13.0)
    cracked = ds.snapshot().sculptures[0]
    assert cracked.crack > 0.5 and cracked.glitch > before.glitch + 0.5
    ds.advance_to(19.5)  # healed at 18.4; the crack mends over a few seconds
    assert 0.0 < ds.snapshot().sculptures[0].crack < 0.5 * cracked.crack
    ds.advance_to(27.0)  # the protocol switched on at 20
    calm = ds.snapshot().sculptures[0]
    assert calm.calm > 0.9 and calm.glitch - calm.crack < 0.5 * before.glitch  # steadier


def test_arousal_spins_a_sculpture_faster():
    from kellan.dreamscape import Dreamscape
    from kellan.dreamscape.inputs import SetEmotion

    angles = []
    for arousal in (-0.9, 0.9):
        ds = Dreamscape(parse_scene(small(TEXT)), timeline=False)
        for p in ("kellan", "siena", "jasper", "rhea"):
            ds.apply_now("test", SetEmotion(p, pad=(0.3, arousal, 0.0)))
        ds.step(240)
        angles.append(ds.sculptures.items[0].angle)
    assert angles[1] > 2.0 * angles[0]


def test_a_surface_guide_draws_particles_onto_the_shape_itself():
    """An attracting torus: with the surface guide, particles gather on the ring; around
    its centre only, they fill the hole too."""
    from kellan.dreamscape import Dreamscape

    def hole_fraction(follow: str) -> float:
        text = small(with_sculpture("", "torus"), 8000).replace(
            'guide = { mode = "orbit", radius = 3.2, strength = 1.1 }',
            f'guide = {{ mode = "attract", radius = 2.5, strength = 6.0, follow = "{follow}" }}',
        )
        ds = Dreamscape(parse_scene(text), timeline=False)
        ds.step(360)
        m = ds.sculptures.items[0].matrix()
        p = ds.simulation.state.pos.T - m[:3, 3]
        local = p @ np.linalg.inv(m[:3, :3]).T  # into the torus's own frame
        ring = np.hypot(local[:, 0], local[:, 2])
        near = np.linalg.norm(local, axis=1) < 1.2
        return float((ring[near] < 0.4).mean())

    assert hole_fraction("surface") < 0.5 * hole_fraction("centre")


def test_traces_last_from_show_to_show_export_and_never_touch_the_hash(tmp_path: Path):
    scene_file = tmp_path / "festival.toml"
    scene_file.write_text(small(TEXT))
    state = tmp_path / "state"
    state.mkdir()
    runs = []
    for _ in range(2):
        res = run_kellan("play", str(scene_file), "--headless", "--duration", "12", "--fast",
                         "--state", str(state))  # fmt: skip
        assert res.returncode == 0, res.stderr
        [saved] = state.glob("*.npz")
        data = np.load(saved)
        meta = json.loads(bytes(data["meta"]).decode())
        runs.append((res.stdout.strip().splitlines()[-1], float(data["amounts_0"].sum())))
        assert meta["sculptures"][0]["participants"][:4] == ["kellan", "siena", "jasper", "rhea"]
    assert runs[0][0] == runs[1][0]  # the same hash line: traces are not state
    assert runs[1][1] > 1.5 * runs[0][1] > 0  # the second show added to the first's
    no_state = run_kellan("hash", str(scene_file), "--frames", "240")
    out = tmp_path / "traces.ply"
    res = run_kellan("traces", "export", str(scene_file), "--state", str(state), "-o", str(out))
    assert res.returncode == 0, res.stderr
    import trimesh

    mesh = trimesh.load(out)
    colours = np.asarray(mesh.visual.vertex_colors)[:, :3].astype(float)
    assert len(mesh.vertices) == len(colours) > 1000
    import colorsys

    bare = 255.0 * np.array(colorsys.hsv_to_rgb(192.0 / 360.0, 0.5, 0.35))  # the knot's own
    assert np.abs(colours - bare).mean() > 4  # a patina (faint after 24 s) in their hues
    assert no_state.returncode == 0
    missing = run_kellan("traces", "export", str(scene_file), "--state", str(tmp_path),
                         "-o", str(out))  # fmt: skip
    assert missing.returncode != 0 and "no traces saved" in missing.stderr


def test_a_session_finds_its_meshes_from_the_scenes_folder(tmp_path: Path):
    folder = tmp_path / "show"
    folder.mkdir()
    shutil.copy(DATA / "meshes" / "box_normals.obj", folder / "cube.obj")
    scene_file = folder / "s.toml"
    scene_file.write_text(small(with_sculpture('mesh = "cube.obj"', "mesh")))
    session = tmp_path / "session"
    res = run_kellan("play", str(scene_file), "--headless", "--duration", "1", "--fast",
                     "--record", str(session), "--state", str(tmp_path))  # fmt: skip
    assert res.returncode == 0, res.stderr
    replay = run_kellan("replay", str(session))
    assert replay.returncode == 0, replay.stderr
    assert replay.stdout.strip().splitlines()[-1] == res.stdout.strip().splitlines()[-1]
