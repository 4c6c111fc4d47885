"""Every fractal kind draws, and each of its settings and bindings changes the picture;
stills are reproducible; a Shadertoy shader that does not compile leaves the backdrop off
and names its own file and line, and the show goes on."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, headless_env

FLAME = ROOT / "scenes" / "flames" / "empathy.flam3"
GOOD_TOY = """void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.xy;
    fragColor = vec4(uv.x * (0.5 + 0.5 * uPleasure), uv.y, 0.5 + 0.5 * sin(iTime), 1.0);
}
"""
BAD_TOY = """// a comment
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    fragColor = vec4(nope, 1.0);
}
"""
F = "[[fractals]]\nintensity = 1.5\n"
CASES = {
    "none": ("", 0.2),
    "julia": (F + 'kind = "julia"\npalette = "aurora"\n', 0.2),
    "julia_sad": (F + 'kind = "julia"\npalette = "aurora"\n', -0.8),
    "mandelbrot": (F + 'kind = "mandelbrot"\npalette = "aurora"\n', 0.2),
    "mandelbrot_happy": (F + 'kind = "mandelbrot"\npalette = "aurora"\n', 0.9),
    "mandelbrot_trap": (F + 'kind = "mandelbrot"\npalette = "aurora"\n'
                        'trap = { shape = "circle", size = 0.6, strength = 0.8 }\n', 0.2),
    "mandelbrot_line_trap": (F + 'kind = "mandelbrot"\npalette = "aurora"\n'
                             'trap = { shape = "line", angle = 30.0, strength = 0.8 }\n', 0.2),
    "mandelbrot_power3": (F + 'kind = "mandelbrot"\npalette = "aurora"\npower = 3.0\n', 0.2),
    "mandelbrot_custom": (F + 'kind = "mandelbrot"\npalette = "custom"\n'
                          'colors = { a = [0.5, 0.2, 0.2], b = [0.5, 0.3, 0.2], '
                          'c = [1.0, 1.0, 1.0], d = [0.0, 0.2, 0.4] }\n', 0.2),
    "bound_power_happy": (F + 'kind = "mandelbrot"\npalette = "aurora"\nbind = [{ param = '
                          '"power", measure = "pleasure", range = [2.0, 4.0] }]\n', 0.9),
    "plane": ('[[fractals]]\nkind = "julia"\nplacement = "plane"\nsize = 5.0\n'
              'intensity = 1.0\n', 0.2),
    "bulb": (F + 'kind = "mandelbulb"\nsteps = 24\n', 0.2),
    "bulb_again": (F + 'kind = "mandelbulb"\nsteps = 24\n', 0.2),
    "bulb_bound": (F + 'kind = "mandelbulb"\nsteps = 24\nbind = [{ param = "power", '
                   'measure = "pleasure", range = [4.0, 10.0] }]\n', 0.2),
    "flame": (F + f'kind = "flame"\ngenome = "{FLAME}"\nsamples = 50000\n', 0.2),
    "flame_again": (F + f'kind = "flame"\ngenome = "{FLAME}"\nsamples = 50000\n', 0.2),
    "flame_bound": (F + f'kind = "flame"\ngenome = "{FLAME}"\nsamples = 50000\nbind = '
                    '[{ param = "hue", measure = "pleasure", range = [0.0, 180.0] }]\n', 0.2),
    "toy": (F + 'kind = "shadertoy"\nshader = "good.glsl"\n', 0.2),
    "toy_sad": (F + 'kind = "shadertoy"\nshader = "good.glsl"\n', -0.9),
    "toy_bad": (F + 'kind = "shadertoy"\nshader = "bad.glsl"\n', 0.2),
    "hidden": (F + 'kind = "mandelbrot"\nduring = [5.0, 10.0]\n', 0.2),
    # A window from 2 to 10 s, seen at a fixed time: whole, easing in, easing out, cut.
    "window_whole": (F + 'kind = "mandelbrot"\nduring = [2.0, 10.0]\nfade = 2.0\n', 0.2, 6.0),
    "window_none": ("", 0.2, 6.0),
    "window_in": (F + 'kind = "mandelbrot"\nduring = [2.0, 10.0]\nfade = 2.0\n', 0.2, 3.0),
    "window_out": (F + 'kind = "mandelbrot"\nduring = [2.0, 10.0]\nfade = 2.0\n', 0.2, 9.5),
    "window_cut": (F + 'kind = "mandelbrot"\nduring = [2.0, 10.0]\nfade = 0.0\n', 0.2, 2.05),
}  # fmt: skip


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    base = tmp_path_factory.mktemp("fractals")
    (base / "good.glsl").write_text(GOOD_TOY)
    (base / "bad.glsl").write_text(BAD_TOY)
    shutil.copy(FLAME, base / "e.flam3")
    cases = base / "cases.json"
    cases.write_text(json.dumps(CASES))
    res = subprocess.run([sys.executable, "-m", "tests.fractal_shots", str(base), str(cases)],
                         capture_output=True, text=True, env=headless_env(), cwd=ROOT,
                         timeout=600)  # fmt: skip
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


def differ(shots: dict[str, list], a: str, b: str) -> bool:
    return shots[a][1] != shots[b][1]


@pytest.mark.gl
@pytest.mark.parametrize("kind", ["julia", "mandelbrot", "plane", "bulb", "flame", "toy"])
def test_each_kind_draws_something_of_its_own(shots, kind):
    assert differ(shots, kind, "none")
    assert shots[kind][0] > shots["none"][0]  # the backdrop adds light
    assert shots[kind][2] == []


@pytest.mark.gl
@pytest.mark.parametrize(("a", "b"), [
    ("julia", "mandelbrot"), ("mandelbrot", "mandelbrot_trap"),
    ("mandelbrot_trap", "mandelbrot_line_trap"), ("mandelbrot", "mandelbrot_power3"),
    ("mandelbrot", "mandelbrot_custom"), ("julia", "julia_sad"),
    ("bulb", "bulb_bound"),
    ("flame", "flame_bound"), ("toy", "toy_sad"),
])  # fmt: skip
def test_settings_and_bindings_change_the_picture(shots, a, b):
    assert differ(shots, a, b)


@pytest.mark.gl
def test_stills_are_reproducible(shots):
    assert not differ(shots, "bulb", "bulb_again")
    assert not differ(shots, "flame", "flame_again")


@pytest.mark.gl
def test_a_bound_parameter_reaches_the_shader(shots):
    """power bound to pleasure: at pleasure 0.9 the set is that of power 3.8, not 2 (the
    same crowd and mood without the binding draws another picture)."""
    assert differ(shots, "bound_power_happy", "mandelbrot_happy")


@pytest.mark.gl
def test_a_broken_shadertoy_shader_is_reported_and_the_show_goes_on(shots):
    _, digest, warnings = shots["toy_bad"]
    assert len(warnings) == 1 and "bad.glsl:3:" in warnings[0], warnings
    assert "does not compile" in warnings[0]
    assert digest == shots["none"][1]  # the backdrop is off; everything else draws


@pytest.mark.gl
def test_during_hides_a_backdrop_outside_its_time(shots):
    assert shots["hidden"][1] == shots["none"][1]


@pytest.mark.gl
def test_a_backdrop_eases_in_and_out_of_its_window(shots):
    """A backdrop's `during` window used to open and close with a hard cut: the gallery
    jumped from one fractal to the next. Now it fades over `fade` seconds each side."""
    none, whole = shots["window_none"][0], shots["window_whole"][0]
    assert whole > none + 1.0
    share = {k: (shots[k][0] - none) / (whole - none) for k in ("window_in", "window_out")}
    # Half way through the fade in (smoothstep 0.5), a quarter from the end of the fade out.
    assert 0.2 < share["window_in"] < 0.8, share
    assert 0.02 < share["window_out"] < share["window_in"], share
    # fade = 0 is the hard cut, at full strength from the window's first moment.
    assert (shots["window_cut"][0] - none) / (whole - none) > 0.9


@pytest.mark.gl
def test_kellan_render_says_which_line_of_a_shader_is_wrong(tmp_path: Path):
    from tests.conftest import run_kellan

    (tmp_path / "bad.glsl").write_text(BAD_TOY)
    scene = tmp_path / "s.toml"
    scene.write_text('schema = 1\ntitle = "t"\nseed = 1\n[dynamics]\nparticles = 1000\n'
                     '[[participants]]\nid = "a"\nname = "A"\nhue = 10.0\n'
                     '[[fractals]]\nkind = "shadertoy"\nshader = "bad.glsl"\n')  # fmt: skip
    res = run_kellan("render", str(scene), "--time", "0", "--size", "64x36", "-o",
                     str(tmp_path / "x.png"))  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "bad.glsl:3:" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.gl
def test_a_live_flame_refines_over_frames_then_holds(tmp_path: Path):
    """Live, each frame adds a slice of samples (the picture sharpens) until the cap of
    LIVE_CAP times the still's count; then the picture holds."""
    from kellan.render.flame_backdrop import LIVE_CAP, LIVE_MIN

    cases = tmp_path / "live.json"
    body = F + f'kind = "flame"\ngenome = "{FLAME}"\nsamples = {LIVE_MIN // 2}\n'
    cases.write_text(json.dumps({"flame": [body, 0.2]}))
    res = subprocess.run([sys.executable, "-m", "tests.fractal_shots", str(tmp_path),
                          str(cases), "6"], capture_output=True, text=True,
                         env=headless_env(), cwd=ROOT, timeout=600)  # fmt: skip
    assert res.returncode == 0, res.stderr[-3000:]
    frames = json.loads(res.stdout.strip().splitlines()[-1])["flame"]
    samples = [s for _, s in frames]
    cap = LIVE_CAP * LIVE_MIN // 2
    assert samples[0] < samples[1] and samples[-1] >= cap  # it refined, then reached the cap
    assert samples[-1] == samples[-2]  # and then held
    assert frames[0][0] != frames[1][0]  # the picture changed as it refined
    assert frames[-1][0] == frames[-2][0]  # and holds once refined


@pytest.mark.gl
def test_bench_fractals_reports_each_kind(tmp_path: Path):
    from tests.conftest import run_kellan

    res = run_kellan("bench", "fractals", "--kinds", "julia,shadertoy", "--frames", "1",
                     "--json")  # fmt: skip
    assert res.returncode == 0, res.stderr[-2000:]
    rows = json.loads(res.stdout)
    assert [r["kind"] for r in rows] == ["julia", "shadertoy"]
    for r in rows:
        assert r["size"] == "1280x720" and r["backdrop_still_ms"] > 0 and r["frame_live_ms"] > 0
