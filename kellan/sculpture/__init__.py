"""Holographic sculptures without GL: procedural and imported meshes, surface sampling,
and the traces that participants leave on them (and their saved state).

Modules: `mesh` (the Mesh type), `sweep` (tubes and bands along closed curves), `shapes`
(procedural shapes and their registry), `mesh_file` (imported meshes through trimesh),
`sampling` (area-weighted surface samples), `traces` (per-vertex trace accumulation) and
`trace_store` (saving, loading and exporting traces). Nothing here imports Qt or vispy.
"""
