"""The OSC flood benchmark runs and accounts for every message (no timing asserted)."""

from __future__ import annotations

import json

from tests.conftest import run_kellan


def test_bench_osc_accounts_for_every_message():
    res = run_kellan("bench", "osc", "--rate", "2000", "--seconds", "1", "--json",
                     "--particles", "2000")  # fmt: skip
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["sent"] == 2000 and out["unaccounted"] == 0
    assert out["applied"] + out["superseded"] + sum(out["rejected"].values()) \
        + out["kernel_dropped"] == 2000
    assert out["applied"] > 0 and out["realtime"] > 0
