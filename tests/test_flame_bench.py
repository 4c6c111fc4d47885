"""`kellan bench flame` runs and reports its figures (no timing is asserted: shared
machines are noisy, so the figures belong in the benchmark's own output)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from tests.conftest import ROOT


def test_bench_flame_json_has_the_documented_keys():
    res = subprocess.run(
        [sys.executable, "-m", "kellan.flame.bench", "flame", "--json", "--quality", "2",
         "--repeats", "1", "--no-commands"],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    row = json.loads(res.stdout.strip().splitlines()[-1])
    assert row["samples"] >= 2 * 640 * 480 and row["iterations_per_s"] > 0
    assert row["chaos_s"] > 0 and row["render_s"] >= row["chaos_s"]
    if shutil.which("flam3-render"):
        assert row["flam3_s"] > 0 and row["chaos_ratio"] > 0 and row["render_ratio"] > 0
    else:
        assert "flam3_s" not in row
