"""Writes the small test meshes beside this file (run it again only to change them).

Good ones in each format, and broken ones that load_mesh must refuse with a clear error.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import numpy as np
import trimesh
from PIL import Image

HERE = Path(__file__).resolve().parent


def main() -> None:
    box = trimesh.creation.box(extents=(2.0, 1.0, 0.5))
    obj = trimesh.exchange.obj.export_obj(box, include_normals=True)
    (HERE / "box_normals.obj").write_text(obj)
    sphere = trimesh.creation.icosphere(subdivisions=1, radius=3.0)
    sphere.apply_translation([10.0, 0.0, 0.0])  # off-centre and large: tests normalising
    (HERE / "sphere.ply").write_bytes(trimesh.exchange.ply.export_ply(sphere, encoding="binary"))
    knot = trimesh.creation.torus(major_radius=1.0, minor_radius=0.3, major_sections=16,
                                  minor_sections=8)
    (HERE / "torus.stl").write_bytes(trimesh.exchange.stl.export_stl(knot))
    tetra = trimesh.Trimesh(
        [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]]
    )
    (HERE / "tetra_ascii.stl").write_text(trimesh.exchange.stl.export_stl_ascii(tetra))
    flipped = trimesh.creation.icosphere(subdivisions=1)
    flipped.invert()
    (HERE / "inside_out.obj").write_text(trimesh.exchange.obj.export_obj(flipped))
    latin1 = "# modèle exporté en Latin-1\n" + trimesh.exchange.obj.export_obj(tetra)
    (HERE / "latin1.obj").write_bytes(latin1.encode("latin-1"))
    scene = trimesh.Scene()
    scene.add_geometry(trimesh.creation.icosphere(subdivisions=1), node_name="ball",
                       transform=trimesh.transformations.translation_matrix([2.0, 0.0, 0.0]))
    scene.add_geometry(trimesh.creation.box(), node_name="block")
    (HERE / "two_parts.glb").write_bytes(scene.export(file_type="glb"))

    cloud = trimesh.PointCloud(np.random.default_rng(1).random((20, 3)))
    (HERE / "points.ply").write_bytes(trimesh.exchange.ply.export_ply(cloud, encoding="ascii"))
    png = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 40, 40)).save(png, format="PNG")
    (HERE / "image.obj").write_bytes(png.getvalue())
    stl = trimesh.exchange.stl.export_stl(knot)
    (HERE / "truncated.stl").write_bytes(stl[: len(stl) // 2])
    (HERE / "garbage.glb").write_bytes(b"glTF" + struct.pack("<II", 2, 999) + bytes(range(200)))
    (HERE / "empty.obj").write_text("# an OBJ file with no geometry\n")
    (HERE / "nan.obj").write_text("v 0 0 0\nv 1 0 nan\nv 0 1 0\nf 1 2 3\n")
    (HERE / "bad_index.obj").write_text("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 7\n")
    (HERE / "flat.obj").write_text("v 0 0 0\nv 1 0 0\nv 2 0 0\nf 1 2 3\n")
    (HERE / "model.fbx").write_text("not a format we read\n")


if __name__ == "__main__":
    main()
