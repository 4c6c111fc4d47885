"""The set-up script: fast and offline once everything is installed."""

from __future__ import annotations

import os
import subprocess

from tests.conftest import ROOT


def test_setup_skips_pip_when_nothing_changed():
    """Opening the show must not need the network: with every index unreachable, a second
    set-up still succeeds because it installs nothing."""
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_INDEX_URL": "http://127.0.0.1:9/"}
    first = subprocess.run(["bash", "scripts/setup.sh"], cwd=ROOT, capture_output=True,
                           text=True, env={**os.environ}, timeout=900)  # fmt: skip
    assert first.returncode == 0, first.stdout + first.stderr
    again = subprocess.run(["bash", "scripts/setup.sh"], cwd=ROOT, capture_output=True,
                           text=True, env=env, timeout=300)  # fmt: skip
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Python packages up to date" in again.stdout
