"""Procedural sculpture shapes (numpy only), each a closed Mesh about one unit in radius.

The vertical axis is y, as everywhere in Kellan (sculptures spin about it). Every shape
is watertight with outward-wound faces except the open Möbius strip (`mobius` with
thickness 0), which has a boundary and cannot be oriented at all. `SHAPES` maps a name to
its function and `build_shape` calls one with checked parameters.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping

import numpy as np

from kellan.sculpture.mesh import Mesh, make_mesh
from kellan.sculpture.shape_params import Param, ShapeError, check_params
from kellan.sculpture.sweep import (
    circle_profile,
    ellipse_profile,
    segment_profile,
    sweep,
)


def _to_unit(mesh: Mesh) -> Mesh:
    """Scale about the origin so the farthest vertex lies at distance 1."""
    reach = float(np.sqrt((mesh.vertices.astype(np.float64) ** 2).sum(axis=1)).max())
    return mesh._replace(vertices=(mesh.vertices / np.float32(reach)).astype(np.float32))


def torus_knot(
    p: int = 2, q: int = 3, segments: int = 256, sides: int = 16, tube: float = 0.11
) -> Mesh:
    """A (p, q) torus knot tube lying in the horizontal plane, about 1 unit in radius.

    p winds around the vertical axis, q through the hole; they must be coprime (otherwise
    the curve runs over itself).
    """
    t = 2.0 * np.pi * np.arange(segments) / segments
    r = 0.62 + 0.26 * np.cos(q * t)
    curve = np.stack([r * np.cos(p * t), 0.26 * np.sin(q * t), r * np.sin(p * t)], axis=1)
    return sweep(curve, circle_profile(tube, sides))


def torus(major: float = 0.75, minor: float = 0.25, segments: int = 160, sides: int = 32) -> Mesh:
    """A ring torus in the horizontal plane; major + minor = 1 keeps it unit-sized."""
    t = 2.0 * np.pi * np.arange(segments) / segments
    curve = np.stack([major * np.cos(t), np.zeros_like(t), major * np.sin(t)], axis=1)
    return sweep(curve, circle_profile(minor, sides))


_ICO_PHI = (1.0 + 5**0.5) / 2.0
_ICO_VERTS = [
    (-1, _ICO_PHI, 0), (1, _ICO_PHI, 0), (-1, -_ICO_PHI, 0), (1, -_ICO_PHI, 0),
    (0, -1, _ICO_PHI), (0, 1, _ICO_PHI), (0, -1, -_ICO_PHI), (0, 1, -_ICO_PHI),
    (_ICO_PHI, 0, -1), (_ICO_PHI, 0, 1), (-_ICO_PHI, 0, -1), (-_ICO_PHI, 0, 1),
]  # fmt: skip
_ICO_FACES = [
    (0, 11, 5), (0, 5, 1), (0, 1, 7), (0, 7, 10), (0, 10, 11), (1, 5, 9), (5, 11, 4),
    (11, 10, 2), (10, 7, 6), (7, 1, 8), (3, 9, 4), (3, 4, 2), (3, 2, 6), (3, 6, 8),
    (3, 8, 9), (4, 9, 5), (2, 4, 11), (6, 2, 10), (8, 6, 7), (9, 8, 1),
]  # fmt: skip


def icosphere(subdivisions: int = 3) -> Mesh:
    """A unit sphere from an icosahedron whose edges are halved `subdivisions` times."""
    verts = [np.array(v, float) / np.linalg.norm(v) for v in _ICO_VERTS]
    faces = list(_ICO_FACES)
    cache: dict[tuple[int, int], int] = {}  # edge -> midpoint vertex, shared by both faces

    def mid(a: int, b: int) -> int:
        key = (min(a, b), max(a, b))
        if key not in cache:
            m = verts[a] + verts[b]
            verts.append(m / np.linalg.norm(m))
            cache[key] = len(verts) - 1
        return cache[key]

    for _ in range(subdivisions):
        cache.clear()
        new = []
        for a, b, c in faces:
            ab, bc, ca = mid(a, b), mid(b, c), mid(c, a)
            new += [(a, ab, ca), (b, bc, ab), (c, ca, bc), (ab, bc, ca)]
        faces = new
    vs = np.array(verts, dtype=np.float32)
    return make_mesh(vs, vs, np.array(faces))


def geodesic_sphere(frequency: int = 8) -> Mesh:
    """A unit geodesic sphere (class I): each icosahedron face cut into frequency² triangles.

    Any frequency works, not only powers of two; the triangles are more even in size than
    those of a subdivided icosphere.
    """
    f = frequency
    ii, jj = (a.ravel() for a in np.meshgrid(np.arange(f + 1), np.arange(f + 1), indexing="ij"))
    keep = ii + jj <= f
    ii, jj = ii[keep], jj[keep]  # barycentric lattice of one face: (f+1)(f+2)/2 points
    local = {(a, b): n for n, (a, b) in enumerate(zip(ii.tolist(), jj.tolist(), strict=True))}
    tris = []
    for a in range(f):
        for b in range(f - a):
            tris.append((local[a, b], local[a + 1, b], local[a, b + 1]))
            if a + b < f - 1:
                tris.append((local[a + 1, b], local[a + 1, b + 1], local[a, b + 1]))
    tris = np.array(tris)
    corners = np.array(_ICO_VERTS, float)[np.array(_ICO_FACES)]  # (20, 3, 3)
    u, w = ii / f, jj / f
    pts = (
        corners[:, None, 0] * (1 - u - w)[None, :, None]
        + corners[:, None, 1] * u[None, :, None]
        + corners[:, None, 2] * w[None, :, None]
    )
    pts /= np.linalg.norm(pts, axis=2, keepdims=True)
    faces = (tris[None] + (np.arange(20) * len(ii))[:, None, None]).reshape(-1, 3)
    # Points on shared edges appear once per face: weld them by their rounded position.
    keys = np.round(pts.reshape(-1, 3) * 1e6).astype(np.int64)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    verts = pts.reshape(-1, 3)[first]
    return make_mesh(verts, verts, inverse.ravel()[faces])


def mobius(
    width: float = 0.45,
    thickness: float = 0.06,
    half_twists: int = 1,
    segments: int = 256,
    sides: int = 24,
) -> Mesh:
    """A Möbius band: a band that turns by `half_twists` half-turns as it goes round.

    With thickness > 0 it is a closed solid band (an ellipse swept along a circle): its
    surface is an ordinary closed, orientable, watertight surface with outward faces.
    With thickness 0 it is the true one-sided strip, which has a boundary and no inside
    or outside; it is stored cut open along one seam (that ring of vertices is doubled)
    so that every face winds consistently with its neighbours and every vertex has one
    continuous normal. Welded at the seam, the winding must flip across it: no surface
    with one side can be wound consistently. Draw it two-sided.
    """
    t = 2.0 * np.pi * np.arange(segments) / segments
    radius = 1.0 - 0.5 * width
    curve = np.stack([radius * np.cos(t), np.zeros_like(t), radius * np.sin(t)], axis=1)
    if thickness > 0.0:
        mesh = sweep(curve, ellipse_profile(width, thickness, sides), half_twists=half_twists)
    else:
        mesh = sweep(
            curve,
            segment_profile(width, sides // 2 + 1),
            closed_profile=False,
            half_twists=half_twists,
            shared_seam=False,
        )
    return _to_unit(mesh)


def _superformula(angle: np.ndarray, m: float, n1: float, n2: float, n3: float) -> np.ndarray:
    """Gielis' superformula r(φ) = (|cos(mφ/4)|^n2 + |sin(mφ/4)|^n3)^(-1/n1), a = b = 1."""
    s = np.abs(np.cos(m * angle / 4.0)) ** n2 + np.abs(np.sin(m * angle / 4.0)) ** n3
    return s ** (-1.0 / n1)


def supershape(
    m: float = 6.0,
    n1: float = 1.5,
    n2: float = 4.0,
    n3: float = 4.0,
    m_polar: float = 0.0,
    n1_polar: float = 1.0,
    n2_polar: float = 1.0,
    n3_polar: float = 1.0,
    resolution: int = 64,
) -> Mesh:
    """Gielis' supershape: the spherical product of two superformulas.

    (m, n1, n2, n3) shape the horizontal cross-section (m-fold symmetry around the
    vertical axis); the `_polar` ones shape the profile from pole to pole. m_polar = 0
    (the default) makes that profile round; m = 0 makes the cross-section a circle.
    The defaults are a six-lobed bud.
    """
    polar = [m_polar, n1_polar, n2_polar, n3_polar]
    lon_n, lat_n = 2 * resolution, resolution
    theta = -np.pi + 2.0 * np.pi * np.arange(lon_n) / lon_n
    phi = -0.5 * np.pi + np.pi * np.arange(1, lat_n) / lat_n  # interior latitudes
    r1 = _superformula(theta, m, n1, n2, n3)
    r2 = _superformula(phi, *polar)
    ends = _superformula(np.array([-0.5 * np.pi, 0.5 * np.pi]), *polar)
    ring = np.stack(
        [
            (r1 * np.cos(theta))[None, :] * (r2 * np.cos(phi))[:, None],
            np.broadcast_to((r2 * np.sin(phi))[:, None], (len(phi), lon_n)),
            (r1 * np.sin(theta))[None, :] * (r2 * np.cos(phi))[:, None],
        ],
        axis=-1,
    ).reshape(-1, 3)
    verts = np.concatenate([ring, [[0.0, -ends[0], 0.0], [0.0, ends[1], 0.0]]])
    south, north = len(ring), len(ring) + 1
    rows = len(phi)
    i = np.arange(rows - 1)[:, None]
    j = np.arange(lon_n)[None, :]
    j1 = (j + 1) % lon_n
    a, b, c, d = i * lon_n + j, i * lon_n + j1, (i + 1) * lon_n + j1, (i + 1) * lon_n + j
    # Going up (d) then round (b) is outward: (a, d, c) and (a, c, b).
    quads = np.concatenate([np.stack([a, d, c], -1), np.stack([a, c, b], -1)]).reshape(-1, 3)
    jr = np.arange(lon_n)
    top = (rows - 1) * lon_n
    caps = np.concatenate(
        [
            np.stack([np.full(lon_n, south), jr, (jr + 1) % lon_n], -1),
            np.stack([top + jr, np.full(lon_n, north), top + (jr + 1) % lon_n], -1),
        ]
    )
    verts = verts / np.sqrt((verts * verts).sum(axis=1)).max()
    return make_mesh(verts, None, np.concatenate([quads, caps]))


def lissajous(
    a: int = 3,
    b: int = 2,
    c: int = 5,
    phase_x: float = 1.5,
    phase_y: float = 0.25,
    phase_z: float = 0.0,
    width: float = 0.14,
    thickness: float = 0.04,
    segments: int = 1024,
    sides: int = 16,
) -> Mesh:
    """A ribbon along the 3-D Lissajous curve (cos(a·t + φx), cos(c·t + φz), cos(b·t + φy)).

    (a, b) are the horizontal frequencies, c the vertical one. The defaults are a
    Lissajous knot, 3-2-5, with phases picked so that its tightest bend (radius 0.09) and
    its closest approach to itself (0.18) leave room for the ribbon; other choices may
    bend sharper than the ribbon is wide, or cross. Equal width and thickness make a tube.
    """
    t = 2.0 * np.pi * np.arange(segments) / segments
    curve = np.stack(
        [np.cos(a * t + phase_x), np.cos(c * t + phase_z), np.cos(b * t + phase_y)], axis=1
    )
    curve *= (1.0 - 0.5 * width) / np.sqrt((curve * curve).sum(axis=1)).max()
    return _to_unit(sweep(curve, ellipse_profile(width, thickness, sides)))


def trefoil(segments: int = 384, sides: int = 16, tube: float = 0.12) -> Mesh:
    """The classic trefoil knot, (sin t + 2 sin 2t, cos t − 2 cos 2t, −sin 3t), as a tube
    lying in the horizontal plane; rounder and more open than torus_knot(2, 3)."""
    t = 2.0 * np.pi * np.arange(segments) / segments
    curve = np.stack(
        [np.sin(t) + 2.0 * np.sin(2 * t), -np.sin(3 * t), np.cos(t) - 2.0 * np.cos(2 * t)],
        axis=1,
    )
    curve *= (1.0 - tube) / np.sqrt((curve * curve).sum(axis=1)).max()
    return _to_unit(sweep(curve, circle_profile(tube, sides)))


def coprime(*values: int) -> bool:
    return math.gcd(*values) == 1


SHAPES: dict[str, Callable[..., Mesh]] = {
    "torus_knot": torus_knot,
    "torus": torus,
    "icosphere": icosphere,
    "geodesic_sphere": geodesic_sphere,
    "mobius": mobius,
    "supershape": supershape,
    "lissajous": lissajous,
    "trefoil": trefoil,
}

_FREQ = Param(1, 16, integer=True)
_SUPER = {"m": Param(0.0, 32.0), "n1": Param(0.1, 50.0), "n2": Param(0.0, 50.0)}
_SUPER["n3"] = _SUPER["n2"]

SHAPE_PARAMS: dict[str, dict[str, Param]] = {
    "torus_knot": {
        "p": _FREQ,
        "q": _FREQ,
        "segments": Param(32, 4096, integer=True),
        "sides": Param(3, 128, integer=True),
        "tube": Param(0.01, 0.3),
    },
    "torus": {
        "major": Param(0.05, 1.0),
        "minor": Param(0.01, 1.0),
        "segments": Param(8, 4096, integer=True),
        "sides": Param(3, 256, integer=True),
    },
    "icosphere": {"subdivisions": Param(0, 6, integer=True)},
    "geodesic_sphere": {"frequency": Param(1, 64, integer=True)},
    "mobius": {
        "width": Param(0.05, 1.0),
        "thickness": Param(0.0, 0.5),
        "half_twists": Param(0, 9, integer=True),
        "segments": Param(16, 4096, integer=True),
        "sides": Param(4, 128, integer=True),
    },
    "supershape": {
        **_SUPER,
        **{f"{k}_polar": v for k, v in _SUPER.items()},
        "resolution": Param(8, 512, integer=True),
    },
    "lissajous": {
        "a": _FREQ,
        "b": _FREQ,
        "c": _FREQ,
        "phase_x": Param(-10.0, 10.0),
        "phase_y": Param(-10.0, 10.0),
        "phase_z": Param(-10.0, 10.0),
        "width": Param(0.005, 0.5),
        "thickness": Param(0.005, 0.5),
        "segments": Param(64, 8192, integer=True),
        "sides": Param(4, 64, integer=True),
    },
    "trefoil": {
        "segments": Param(32, 4096, integer=True),
        "sides": Param(3, 128, integer=True),
        "tube": Param(0.01, 0.3),
    },
}


def _relations(name: str, v: dict[str, object]) -> tuple[str, str] | None:
    """(parameter, problem) for a combination of values that cannot make a good mesh."""
    if name == "torus_knot" and not coprime(v["p"], v["q"]):
        return "q", f"p = {v['p']} and q = {v['q']} share a factor, so the knot runs over itself"
    if name == "torus" and v["minor"] >= v["major"]:
        return "minor", f"minor = {v['minor']} must be smaller than major = {v['major']}"
    if name == "lissajous" and not coprime(v["a"], v["b"], v["c"]):
        return "c", f"a, b and c = {v['a']}, {v['b']}, {v['c']} share a factor (curve repeats)"
    if name == "mobius" and v["half_twists"] % 2 and v["sides"] % 2:
        return "sides", f"sides = {v['sides']} must be even for an odd number of half-twists"
    return None


def build_shape(name: str, params: Mapping[str, object] | None = None) -> Mesh:
    """Build the shape `name` with `params` (from a scene), or raise a ShapeError."""
    if name not in SHAPES:
        known = sorted(SHAPES)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ShapeError(f"unknown shape {name!r}{hint}; known: {', '.join(known)}", name)
    values = check_params(name, SHAPES[name], SHAPE_PARAMS[name], params or {})
    bad = _relations(name, values)
    if bad:
        raise ShapeError(f"shape {name!r}: {bad[1]}", name, bad[0])
    return SHAPES[name](**values)
