#!/usr/bin/env bash
# Set up everything Kellan needs on Debian 12 (Python 3.11): the system libraries for Qt
# under Xvfb and for headless EGL rendering, a virtual environment in .venv, and Kellan
# itself (editable) with its test tools. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt (xcb) under Xvfb, Mesa's llvmpipe for software GL, EGL for headless renders,
# x11-utils so that vispy can read the screen DPI. liblo-tools (oscsend, oscdump) is a
# real, independent OSC client the tests drive Kellan with; flam3-utils (flam3-render,
# flam3-genome and flam3's palettes) is the reference renderer for fractal flames; ffmpeg
# brings ffprobe, which checks recordings (Kellan records with imageio-ffmpeg's binary).
APT_PACKAGES=(
  xvfb xauth x11-utils
  libgl1 libegl1 libegl-mesa0 libgl1-mesa-dri
  libdbus-1-3 libfontconfig1 libglib2.0-0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0
  liblo-tools flam3-utils ffmpeg
)

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  if command -v python3.11 >/dev/null 2>&1; then PYTHON=python3.11; else PYTHON=python3; fi
fi
# Debian's python3 has no venv module until python3-venv is installed.
if ! command -v "$PYTHON" >/dev/null 2>&1 || ! "$PYTHON" -c "import ensurepip, venv" 2>/dev/null; then
  APT_PACKAGES+=(python3.11 python3.11-venv)
  PYTHON=python3.11
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ "$version" != "3.11" ]; then
  echo "setup: Kellan needs Python 3.11, $PYTHON is $version (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
# Install only when pyproject.toml changed since the last successful install: opening the
# show must not need the network (or pip's minute) every time.
STAMP=.venv/.kellan-installed
want="$(sha256sum pyproject.toml | cut -d' ' -f1) $(.venv/bin/python -c 'import sys; print(sys.version)' | head -1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && .venv/bin/python -c "import kellan" 2>/dev/null; then
  echo "setup: Python packages up to date (pyproject.toml unchanged)"
else
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
  echo "$want" > "$STAMP"
fi
# Compile the particle core and the flame kernels now (about 20 s and 60 s the first
# time, cached afterwards), so that the first show starts at once.
.venv/bin/python -c "from kellan.core.warmup import warm_up; warm_up(print)"
.venv/bin/python -c "from kellan.flame.warmup import warm_up; warm_up(print)"
echo "setup: done (.venv/bin/kellan is ready)"
