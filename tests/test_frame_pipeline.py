"""The frame pipeline: the density splat's determinism and culling, frames that are
whole steps, and a window that keeps real time."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from kellan.render.camera import OrbitCamera
from kellan.render.splat import Splatter
from tests.conftest import ROOT, headless_env


def mvp() -> np.ndarray:
    cam = OrbitCamera(distance=6.0, azimuth=0.0, elevation=0.0)
    return (cam.projection(1.0) @ cam.view()).astype(np.float32)


def splat(pos: np.ndarray, radius: int = 1, size: tuple[int, int] = (64, 64)) -> np.ndarray:
    n = pos.shape[1]
    palette = np.ones((65, 4), np.float32)
    img = Splatter().splat(np.ascontiguousarray(pos, np.float32), np.zeros(n, np.int32),
                           np.arange(n, dtype=np.int32), palette, mvp(), size, radius)  # fmt: skip
    return img.copy()


SPLAT_SCRIPT = """
import hashlib, numpy as np
from kellan.bench import full_model
from kellan.render.splat import Splatter
from kellan.render.camera import OrbitCamera
sim = full_model(200_001); sim.step(5)
cam = OrbitCamera(distance=9.0)
m = (cam.projection(16 / 9) @ cam.view()).astype(np.float32)
pal = np.random.default_rng(1).uniform(0, 1, (65, 4)).astype(np.float32)
for radius in (1, 3):
    st = sim.state
    img = Splatter().splat(st.pos, st.owner, st.pid, pal, m, (641, 359), radius)
    print(hashlib.sha256(img.tobytes()).hexdigest())
"""


def test_the_splat_is_identical_on_one_and_two_threads():
    out = []
    for threads in ("1", "2"):
        res = subprocess.run([sys.executable, "-c", SPLAT_SCRIPT], capture_output=True,
                             text=True, cwd=ROOT, env=headless_env(NUMBA_NUM_THREADS=threads),
                             timeout=600)  # fmt: skip
        assert res.returncode == 0, res.stderr
        out.append(res.stdout.split())
    assert out[0] == out[1] and len(out[0]) == 2


def test_the_splat_conserves_light_inside_the_frame():
    rng = np.random.default_rng(2)
    pos = rng.uniform(-0.5, 0.5, (3, 5000))
    for radius in (1, 2, 4):
        img = splat(pos, radius)
        assert img[..., 3].sum() == pytest.approx(5000 * 1.0, rel=0.02)  # 0.6..1.4 jitter


@pytest.mark.parametrize("radius", [1, 3])
def test_particles_just_outside_the_frame_neither_wrap_nor_write_out_of_bounds(radius):
    """A particle a little beyond each edge: only its footprint's part that overlaps the
    image is drawn, on the near edge, never on the opposite one (no wrap-around)."""
    m = mvp()
    size = 64
    # Pixel x = -0.6 and x = size - 0.4: just outside left and right, at the middle row.
    out = []
    for sx in (-0.6 - (radius - 1), size - 0.4 + (radius - 1)):
        ndc_x = (sx + 0.5) / size * 2 - 1
        inv = np.linalg.inv(m.astype(np.float64))
        clip = np.array([ndc_x, 0.0, 0.5, 1.0])
        world = inv @ clip
        world = world[:3] / world[3]
        img = splat(world.reshape(3, 1), radius, (size, size))
        out.append(img)
    left, right = out
    assert left[..., 3].sum() > 0 and right[..., 3].sum() > 0
    assert left[:, size // 2:, 3].sum() == 0  # nothing wrapped to the right half
    assert right[:, : size // 2, 3].sum() == 0
    assert np.isfinite(left).all() and np.isfinite(right).all()


def test_far_outside_and_behind_the_camera_are_never_drawn():
    far = np.array([[1000.0, 0.0, 0.0], [-1000.0, 5.0, 0.0], [0.0, 1e6, 0.0]]).T
    behind = np.array([[0.0, 0.0, 12.0], [0.1, 0.0, 6.0], [0.0, 0.0, 100.0]]).T  # z > eye
    img = splat(np.concatenate([far, behind], axis=1), 2)
    assert img.sum() == 0.0


def test_frames_from_the_worker_are_whole_steps():
    """Every frame the worker hands over is bit for bit the state of one step, as a
    headless run to the same step computes it, never a state caught mid-step."""
    from kellan.dreamscape import Dreamscape
    from kellan.live.show import Show, ShowOptions
    from kellan.live.worker import ShowWorker
    from kellan.scene import parse_scene
    from tests.test_inputs import SCENE

    scene = parse_scene(SCENE)
    worker = ShowWorker(Show(scene, SCENE, ShowOptions(osc=False, midi=False))).start()
    frames = {}
    try:
        import time

        deadline = time.monotonic() + 60
        while len(frames) < 6 and time.monotonic() < deadline:
            frame = worker.take()
            if frame is not None and frame.step > 0:
                frames[frame.step] = frame
            time.sleep(0.07)
    finally:
        worker.stop()
        worker.show.finish()
    assert len(frames) >= 6
    ref = Dreamscape(scene)
    for step in sorted(frames):
        ref.step(step - ref.frame)
        got = frames[step]
        assert np.array_equal(got.pos, ref.simulation.state.pos)
        assert np.array_equal(got.owner, ref.simulation.state.owner)
        assert np.array_equal(got.pid, ref.simulation.state.pid)


LIGHT = """
schema = 1
title = "Light"
seed = 2
[dynamics]
particles = 500
[[participants]]
id = "a"
name = "A"
hue = 10.0
"""


@pytest.mark.gui
def test_the_window_keeps_real_time_on_a_light_scene(qtbot, tmp_path):
    from kellan.gui.main_window import AppOptions, MainWindow
    from kellan.scene import load_scene

    path = tmp_path / "light.toml"
    path.write_text(LIGHT)
    win = MainWindow(load_scene(path), path, AppOptions(osc=False))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.canvas.frames_drawn >= 3, timeout=60_000)
    qtbot.wait(5000)
    rt = win.show_.clock.realtime()
    frame = win.canvas.last_frame
    win.close()
    assert rt > 0.95, rt
    assert frame is not None and frame.time > 4.0
