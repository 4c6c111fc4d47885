#!/usr/bin/env bash
# Set up (scripts/setup.sh) and open Kellan on the bundled default scene. With no display
# (a server, CI, a container) it runs under xvfb-run. Extra arguments go to `kellan`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/kellan "$@"
fi
exec .venv/bin/kellan "$@"
