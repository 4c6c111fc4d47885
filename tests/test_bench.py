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
