#!/usr/bin/env bash
# Set up (scripts/setup.sh) and run the whole test suite: unit, determinism, GUI (pytest-xvfb
# starts Xvfb), screenshot goldens (EGL, compared on llvmpipe), import contracts and ruff.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh --regen-goldens`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
