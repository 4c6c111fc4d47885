"""The GPU tone map of flames: the shader file, the vispy layer, and the layer rule that
kellan.flame itself imports neither GL nor Qt."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kellan.render.shaders import load_shader
from tests.conftest import ROOT, headless_env


def test_flame_shader_loads_with_its_include():
    src = load_shader("flame.frag")
    assert [p.name for p in src.files] == ["flame.frag", "flame_tone.glsl"]
    assert "vec3 flame_tone(" in src.text and "uniform float u_k2;" in src.text


GPU_VS_CPU = r"""
import sys
import numpy as np
from vispy import app, gloo
from kellan.flame.genome import load_flame
from kellan.flame.progressive import ProgressiveFlame
from kellan.render.flame import FlameLayer
c = app.Canvas(show=False, size=(16, 16), app=app.Application("egl"))
c.set_current()
worst = 0
for name, index in (("generated/flam3-genome-1.flam3", 0), ("showcase.flam3", 1)):
    flame, _ = load_flame(sys.argv[1] + "/" + name, index)
    w, h = 120, 90
    p = ProgressiveFlame(flame, (w, h), seed=3)
    p.refine(400_000)
    layer = FlameLayer()
    layer.update(p.histogram, p.tone_constants())
    fbo = gloo.FrameBuffer(gloo.Texture2D(shape=(h, w, 4), internalformat="rgba8"),
                           gloo.RenderBuffer((h, w)))
    with fbo:
        layer.draw((w, h))
        gpu = fbo.read()
    cpu = p.image()
    assert gpu.shape == cpu.shape, (gpu.shape, cpu.shape)
    assert cpu[..., :3].max() > 100
    worst = max(worst, int(np.abs(gpu[..., :3].astype(int) - cpu[..., :3].astype(int)).max()))
print(worst)
"""


@pytest.mark.gl
def test_gpu_tone_map_matches_the_cpu():
    data = ROOT / "tests" / "data" / "flames"
    env = headless_env(flam3_palettes=str(data / "palettes.xml"))
    res = subprocess.run([sys.executable, "-c", GPU_VS_CPU, str(data)], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=300)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert int(res.stdout.strip().splitlines()[-1]) <= 2  # float32 on the GPU, float64 here


def test_flame_package_loads_no_gl_or_qt():
    code = (
        "import sys, kellan.flame.cli, kellan.flame.progressive, kellan.flame.bindings,"
        " kellan.flame.bench, kellan.flame.render;"
        "print(','.join(m for m in ('PyQt6', 'vispy', 'OpenGL', 'pydantic') if m in sys.modules))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == ""
