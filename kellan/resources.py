"""Where the bundled shaders and scenes are, from a checkout or an installed wheel.

The wheel carries the top-level shaders/ and scenes/ folders as kellan/shaders and
kellan/scenes (see pyproject.toml); a checkout or editable install has them beside the
package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder `name` ("shaders" or "scenes"), wherever Kellan was installed from."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"Kellan's {name}/ folder is missing from {_PACKAGE}")


def shaders_dir() -> Path:
    return data_dir("shaders")


def scenes_dir() -> Path:
    return data_dir("scenes")


def default_scene() -> Path:
    """The scene `kellan` opens when it is given none."""
    return scenes_dir() / "dream_art_festival.toml"
