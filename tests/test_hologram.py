"""The hologram material: each part of it changes a close-up of one sculpture; the
wireframe draws each edge once; FXAA smooths the hard steps along a silhouette, and
`antialias = "off"` leaves them. The stills come from tests/hologram_shots.py, rendered
headless in a process of its own."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from kellan.render.hologram import crack_planes, flicker, hologram_uniforms, sculpture_seed
from kellan.render.renderer import antialias_mode
from kellan.render.wireframe import unique_edges, welded
from kellan.scene.models import Sculpture
from kellan.sculpture.shapes import build_shape
from tests.conftest import ROOT, SCENES, headless_env


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, np.ndarray]:
    out = tmp_path_factory.mktemp("hologram") / "shots.npz"
    res = subprocess.run([sys.executable, "-m", "tests.hologram_shots", str(out)],
                         capture_output=True, text=True, cwd=ROOT, env=headless_env(),
                         timeout=600)  # fmt: skip
    assert res.returncode == 0, res.stderr
    with np.load(out) as data:
        return {k: data[k] for k in data.files}


def difference(a: np.ndarray, b: np.ndarray) -> tuple[float, int]:
    """Mean absolute difference (0..255 per channel) and the largest one."""
    d = np.abs(a[..., :3].astype(np.int16) - b[..., :3].astype(np.int16))
    return float(d.mean()), int(d.max())


def hard_steps(image: np.ndarray, level: float = 48.0) -> int:
    """Neighbouring pixels (across or down) whose luma differs by more than `level`:
    the staircase along an aliased edge."""
    luma = image[..., :3].astype(np.float64) @ np.array([0.299, 0.587, 0.114])
    return int((np.abs(np.diff(luma, axis=0)) > level).sum()
               + (np.abs(np.diff(luma, axis=1)) > level).sum())  # fmt: skip


# (the still with the part as the defaults have it or switched off, the one that
# changes it): each pair must differ visibly.
PAIRS = [
    ("base", "intensity_off"),
    ("base", "rim_off"),
    ("base", "fill_on"),
    ("base", "scanlines_off"),
    ("base", "scan_density_30"),
    ("scan_speed_0", "scan_speed_0.3"),
    ("base", "scan_axis_x"),
    ("base", "interference_off"),
    ("chroma_off", "chroma_3"),
    ("base", "chroma_off"),
    ("base", "flicker_on"),
    ("base", "iridescence_off"),
    ("base", "halo_off"),
    ("base", "wireframe_on"),
    ("base", "rim_power_5"),
    ("base", "glitch_on"),
    ("base", "crack_on"),
    ("base", "mood_bright"),
    ("base", "traces_on"),
]


@pytest.mark.gl
@pytest.mark.parametrize(("off", "on"), PAIRS, ids=[p[1] for p in PAIRS])
def test_each_part_of_the_material_changes_the_picture(shots, off, on):
    mean, most = difference(shots[off], shots[on])
    assert mean > 0.25 and most > 12, (off, on, mean, most)


@pytest.mark.gl
def test_the_close_up_shows_a_sculpture(shots):
    base = shots["base"][..., :3]
    assert (base.max(axis=-1) > 60).mean() > 0.05  # lit
    assert (shots["intensity_off"][..., :3].max(axis=-1) > 60).mean() < 0.001  # gone


@pytest.mark.gl
def test_the_protocols_calm_steadies_the_flicker(shots):
    wild = difference(shots["base"], shots["flicker_on"])[0]
    calm = difference(shots["base"], shots["flicker_on_calm"])[0]
    assert calm < 0.5 * wild


@pytest.mark.gl
def test_the_crack_adds_bright_lines(shots):
    """The rift's crack lines are near white, where the whole sculpture was not."""
    def white(img: np.ndarray) -> float:
        return float((img[..., :3].min(axis=-1) > 200).mean())

    assert white(shots["crack_on"]) > white(shots["base"]) + 0.002


@pytest.mark.gl
def test_traces_glow_in_the_participants_colour(shots):
    """An orange patina on a cyan sculpture: more red than before, where it lies."""
    before = shots["base"][..., :3].astype(np.float64)
    after = shots["traces_on"][..., :3].astype(np.float64)
    redder = (after[..., 0] - before[..., 0]) > 40
    assert redder.mean() > 0.01


@pytest.mark.gl
def test_fxaa_smooths_the_hard_steps_and_off_keeps_them(shots):
    off, fxaa = hard_steps(shots["aa_off"]), hard_steps(shots["aa_fxaa"])
    assert fxaa < 0.6 * off, (off, fxaa)
    # Smoothing, not blurring the picture away: the frame as a whole barely changes.
    assert difference(shots["aa_off"], shots["aa_fxaa"])[0] < 3.0
    if "llvmpipe" in str(shots["renderer"]):
        # auto is FXAA on software GL: the very same pixels.
        assert np.array_equal(shots["aa_auto"], shots["aa_fxaa"])


def test_antialias_modes():
    assert antialias_mode("off", "llvmpipe (LLVM 15.0.6, 256 bits)") == "off"
    assert antialias_mode("fxaa", "NVIDIA GeForce RTX 4090/PCIe/SSE2") == "fxaa"
    assert antialias_mode("auto", "llvmpipe (LLVM 15.0.6, 256 bits)") == "fxaa"
    # Live on software GL the pass would take 40 % of the frame: auto leaves it out there.
    assert antialias_mode("auto", "llvmpipe (LLVM 15.0.6, 256 bits)", live=True) == "off"
    assert antialias_mode("auto", "NVIDIA GeForce RTX 4090/PCIe/SSE2", live=True) == "fxaa"
    assert antialias_mode("fxaa", "llvmpipe (LLVM 15.0.6, 256 bits)", live=True) == "fxaa"


def test_wireframe_edges_are_unique():
    mesh = build_shape("icosphere", {"subdivisions": 2})
    edges = unique_edges(mesh.faces)
    assert edges.dtype == np.uint32 and edges.shape[1] == 2
    assert (edges[:, 0] < edges[:, 1]).all()  # ordered, so a reversed twin would show
    assert len(np.unique(edges, axis=0)) == len(edges)
    # A closed triangle mesh has 3F/2 edges, each shared by two faces.
    assert len(edges) == 3 * len(mesh.faces) // 2
    # Every edge of every face is among them.
    f = mesh.faces.astype(np.int64)
    pairs = np.sort(np.concatenate([f[:, [0, 1]], f[:, [1, 2]], f[:, [2, 0]]]), axis=1)
    assert {tuple(p) for p in pairs} == {tuple(e) for e in edges.astype(np.int64)}


def test_wireframe_welds_split_vertices():
    """A mesh file that repeats its vertices per face (flat shading, texture seams) draws
    each edge once all the same."""
    mesh = build_shape("icosphere", {"subdivisions": 1})
    flat_vertices = mesh.vertices[mesh.faces.reshape(-1)]
    flat_faces = np.arange(len(flat_vertices), dtype=np.uint32).reshape(-1, 3)
    assert len(unique_edges(flat_faces)) == 3 * len(mesh.faces)  # unwelded: all apart
    edges = unique_edges(flat_faces, flat_vertices)
    assert len(edges) == 3 * len(mesh.faces) // 2
    first = welded(flat_vertices)
    assert (first[edges] == edges).all()  # each names the first vertex at its place


def test_the_bundled_crystal_draws_each_edge_once():
    from kellan.sculpture.mesh_file import load_mesh

    mesh, warnings = load_mesh(SCENES / "meshes" / "dream_crystal.ply")
    assert not warnings and len(mesh.faces) == 96
    assert len(unique_edges(mesh.faces, mesh.vertices)) == 96 * 3 // 2


def test_uniforms_follow_the_material_and_the_show():
    from kellan.dreamscape.frame import SculptureView

    spec = Sculpture(id="k", material={"scan_axis": "z", "flicker": 0.0})
    model = np.eye(4)
    model[:3, :3] *= 2.0
    model[:3, 3] = (1.0, 2.0, 3.0)
    u = hologram_uniforms(spec, None, 1.0, model)
    assert u.shared["u_axis"] == (0.0, 0.0, 1.0)
    assert u.shared["u_size"] == pytest.approx(2.0)
    assert u.shared["u_centre"] == (1.0, 2.0, 3.0)
    assert u.shared["u_glitch"] == pytest.approx(spec.material.glitch)
    assert u.halo_inflate > 0 and max(u.halo_color) > 0
    assert u.wire_color == (0.0, 0.0, 0.0)  # no wireframe by default
    view = SculptureView("k", model, 2.0, 0.9, 0.5, 0.0, None)
    v = hologram_uniforms(spec, view, 1.0, model)
    assert v.light["u_emission"] == pytest.approx(2.0 * u.light["u_emission"])
    assert v.shared["u_glitch"] == pytest.approx(0.9) and v.shared["u_crack"] == 0.5


def test_flicker_is_reproducible_and_calm_when_off():
    seed = sculpture_seed("knot")
    levels = [flicker(0.5, t / 30.0, seed) for t in range(300)]
    assert levels == [flicker(0.5, t / 30.0, seed) for t in range(300)]
    assert min(levels) < 0.9 and max(levels) <= 1.0 and len(set(levels)) > 20
    assert {flicker(0.0, t / 30.0, seed) for t in range(300)} == {1.0}


def test_crack_planes_are_fixed_per_sculpture():
    a, ja = crack_planes(sculpture_seed("one"))
    b, _ = crack_planes(sculpture_seed("one"))
    c, _ = crack_planes(sculpture_seed("two"))
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    np.testing.assert_allclose(np.linalg.norm(a[:, :3], axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(ja[:, :3], axis=1), 1.0, atol=1e-6)


COMPILE_SCRIPT = r"""
from kellan.render.offscreen import _offscreen_canvas
from kellan.render.renderer import SceneRenderer
from kellan.scene import load_scene
c = _offscreen_canvas()
c.set_current()
r = SceneRenderer(load_scene("scenes/sculpture_gallery.toml"))
r.check()
print(len(r.sources()))
"""


@pytest.mark.gl
def test_every_program_of_the_gallery_compiles():
    res = subprocess.run([sys.executable, "-c", COMPILE_SCRIPT], capture_output=True, text=True,
                         cwd=ROOT, env=headless_env(), timeout=300)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert int(res.stdout.split()[-1]) >= 9 * 4  # four programs per sculpture
