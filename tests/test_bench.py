"""The benchmark script runs and reports what the targets are checked against.

No timing is asserted here (shared machines are noisy): the figures belong in the
benchmark's own output, measured side by side.
"""

from __future__ import annotations

import json

from tests.conftest import run_kellan


def test_bench_core_json_has_the_documented_keys():
    res = run_kellan(
        "bench", "core", "--json", "--sizes", "3000,5000", "--repeats", "2",
        "--numpy-repeats", "1", "--skip-jit",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    line = res.stdout.strip().splitlines()[-1]
    assert "NaN" not in line  # not measured is null: NaN is not JSON
    rows = json.loads(line)
    assert [r["n"] for r in rows] == [3000, 5000]
    for row in rows:
        for key in ("n", "step_ms", "numpy_step_ms", "ratio", "jit_cold_s", "jit_warm_s"):
            assert key in row
        assert row["step_ms"] > 0 and row["numpy_step_ms"] > 0
        assert row["bytes_per_particle"] > 0
        assert row["jit_cold_s"] is None and row["jit_warm_s"] is None  # --skip-jit


def test_bench_arguments_it_cannot_read_get_one_line_not_a_traceback():
    """`--sizes 1280x720` (a frame size where particle counts belong) used to end in a
    ValueError traceback."""
    for args in (("frame", "--sizes", "1280x720"), ("frame", "--renderers", "points"),
                 ("frame", "--sizes", "0"), ("core", "--sizes", "abc"),
                 ("core", "--sizes", "-5"), ("measures", "--sizes", "x")):  # fmt: skip
        res = run_kellan("bench", *args, timeout=60)
        assert res.returncode == 2, res.stderr
        assert "Traceback" not in res.stderr
        assert args[-1] in res.stderr and "separated by" in res.stderr
    res = run_kellan("bench", "fractals", "--kinds", "nope", timeout=60)
    assert res.returncode == 2 and "nope" in res.stderr and "Traceback" not in res.stderr
    res = run_kellan("bench", "flame", "--quality", "-1", timeout=60)
    assert res.returncode == 2 and "0.01..100000" in res.stderr, res.stderr
    res = run_kellan("bench", "flame", "--genome", "README.md", "--no-commands", timeout=120)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "README.md:1:" in res.stderr


def test_bench_frame_measures_the_fxaa_pass_with_and_without_it():
    res = run_kellan("bench", "frame", "--sizes", "2000", "--renderers", "density",
                     "--frames", "2", "--warm", "0.1", "--antialias", "fxaa,off", "--json",
                     timeout=300)  # fmt: skip
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout.strip().splitlines()[-1])["rows"]
    assert [(r["renderer"], r["antialias"]) for r in rows] == [("density", "fxaa"),
                                                               ("density", "off")]  # fmt: skip
    fxaa, off = rows
    assert fxaa["antialias_ms"] > 0.0 and off["antialias_ms"] == 0.0
