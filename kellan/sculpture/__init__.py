"""Holographic sculptures without GL: procedural and imported meshes, surface sampling,
and the traces that participants leave on them (and their saved state).

Modules: `mesh` (the Mesh type), `sweep` (tubes and bands along closed curves), `shapes`
and `shape_params` (procedural shapes, their registry and parameter checks), `mesh_file`
(imported meshes through trimesh), `sampling` (area-weighted surface samples), `traces`
(per-vertex trace accumulation), `trace_store` (saving, loading and exporting traces),
`atomic` (atomic writes) and `bench` (benchmarks). The surface guide field itself is in
kellan.core.surface_guides. Nothing here imports Qt or vispy.
"""
