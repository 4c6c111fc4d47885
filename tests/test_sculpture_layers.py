"""The sculpture code stays out of the GL and Qt layers; the core part imports only
numpy and numba; building shapes does not pay for importing trimesh."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def _loaded_after(code: str) -> set[str]:
    probe = code + "; import sys; print(' '.join(sorted(sys.modules)))"
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    return {m.split(".")[0] for m in res.stdout.split()}


def test_sculpture_package_imports_no_gl_or_qt():
    mods = _loaded_after(
        "import kellan.sculpture.shapes, kellan.sculpture.mesh_file, kellan.sculpture.sampling,"
        " kellan.sculpture.traces, kellan.sculpture.trace_store, kellan.sculpture.bench"
    )
    assert not mods & {"vispy", "PyQt6", "OpenGL"}


def test_surface_guides_import_only_numpy_and_numba():
    mods = _loaded_after("import kellan.core.surface_guides")
    assert not mods & {"trimesh", "platformdirs", "vispy", "PyQt6", "pydantic", "scipy"}


def test_shapes_do_not_import_trimesh():
    assert "trimesh" not in _loaded_after("import kellan.sculpture.shapes, kellan.render.meshes")
