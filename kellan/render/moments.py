"""The moments of a show, drawn as light so that they are seen, not only felt in motion.

- The rift is a tear: a jagged, glowing crack opens along the fracture plane across the
  cloud, brightest as it opens, and the whole frame flashes at that moment.
- The healing stitches the gap with threads: criss-crossing filaments across the crack,
  in the colours of the two groups it parted, that come and go as it closes.
- The protocol is a calming wave: rings of pale light spread out from the sculpture
  across the stage when it switches on.
- Empathy threads join the groups of participants who feel alike (kellan.render.threads).

Everything is built from the frame alone (its rift, its time, the protocol's start), as
lines in world space, so stills and recordings show the same moment as the live view.
"""

from __future__ import annotations

import math

import numpy as np
from vispy import gloo

from kellan.core.colour import oklch
from kellan.dreamscape.frame import Frame
from kellan.render import threads as empathy
from kellan.render.shaders import program_sources

CRACK_POINTS = 48
THREADS = 40
WAVE_SECONDS = 5.0
WAVE_SPEED = 1.6  # world units per second
WAVE_RINGS = 3
RING_SEGMENTS = 96
CALM = oklch(0.88, 0.07, 220.0)
HOT = np.array([1.0, 0.92, 0.85])


def flash(frame: Frame) -> float:
    """How much brighter the whole frame is now: a flash as a rift opens."""
    rift = frame.rift
    if rift is None or rift.age < 0.0:
        return 1.0
    return 1.0 + 4.0 * math.exp(-rift.age / 0.25)


def _plane_axes(normal: np.ndarray, look: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two unit axes in the plane: `u` along the crack, at right angles to the line of
    sight where it can be (the plane is set by where the dreamers are, and a crack drawn
    towards the camera shrinks to a squiggle), `v` across it."""
    u = np.cross(normal, look)
    if np.linalg.norm(u) < 1e-3:  # the plane faces the camera: any line in it shows
        u = np.cross(normal, np.array([0.0, 1.0, 0.0]))
        if np.linalg.norm(u) < 1e-6:
            u = np.cross(normal, np.array([1.0, 0.0, 0.0]))
    u /= np.linalg.norm(u)
    v = np.cross(normal, u)
    return u, v / np.linalg.norm(v)


def _line_of_sight(frame: Frame, at: float) -> np.ndarray:
    """Where the scene's camera looks at show time `at` (its auto-orbit included, the
    user's own orbit not), so a moment's lines are fixed by the show alone."""
    c = frame.scene.camera
    az = math.radians(c.azimuth + c.orbit * at)
    el = math.radians(c.elevation)
    return -np.array([math.cos(el) * math.sin(az), math.sin(el), math.cos(el) * math.cos(az)])


def _rng(*keys: float) -> np.random.Generator:
    """Random numbers fixed by the moment (never by the frame's time), so a crack keeps
    its shape while it glows."""
    entropy = [round(k * 1000.0) & 0xFFFFFFFF for k in keys]
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy)))


def _rift_frame(frame: Frame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The rift's plane as the crack and the threads use it: its normal, the cloud's
    centre dropped onto it, and the axes along and across the crack."""
    rift = frame.rift
    assert rift is not None
    n = np.array(rift.normal)
    c = frame.centroids[-1]
    centre = c - (n @ c - rift.offset) * n
    u, v = _plane_axes(n, _line_of_sight(frame, frame.time - rift.age))
    return n, centre, u, v


def crack_lines(frame: Frame) -> tuple[np.ndarray, np.ndarray]:
    """The rift's crack: (positions (M, 3), colours (M, 4)) as line-segment pairs."""
    rift = frame.rift
    if rift is None:
        return np.zeros((0, 3)), np.zeros((0, 4))
    n, centre, u, v = _rift_frame(frame)
    d = frame.scene.dynamics
    half = 0.85 * d.world_radius * d.stage
    rng = _rng(frame.time - rift.age, *rift.normal)
    s = np.linspace(-half, half, CRACK_POINTS)
    # A jagged path: a random walk across the plane, pinned near the centre.
    walk = np.cumsum(rng.normal(0.0, 0.18, CRACK_POINTS))
    walk -= np.linspace(walk[0], walk[-1], CRACK_POINTS)
    pts = centre + s[:, None] * u + walk[:, None] * v
    # Brightest as it opens, dimming as it heals.
    strength = rift.strength / max(rift.peak, 1e-6)
    glow = float(np.clip(strength, 0.0, 1.0)) * 6.0
    segs, cols = [], []
    # A few parallel strands across the gap's width make the crack a glowing seam.
    for offset in (-0.5, -0.2, 0.0, 0.2, 0.5):
        shifted = pts + offset * rift.width * 0.3 * n
        a, b = shifted[:-1], shifted[1:]
        segs.append(np.stack([a, b], axis=1).reshape(-1, 3))
        fade = glow * (1.0 - 0.6 * abs(offset))
        taper = np.sin(np.linspace(0.0, math.pi, len(a))) ** 0.5
        c4 = np.concatenate([np.repeat(HOT[None], len(a), 0), (fade * taper)[:, None]], axis=1)
        cols.append(np.repeat(c4, 2, axis=0))
    return np.concatenate(segs), np.concatenate(cols)


def thread_lines(frame: Frame) -> tuple[np.ndarray, np.ndarray]:
    """Healing threads stitching the crack: present while the rift heals."""
    rift = frame.rift
    if rift is None or rift.age <= rift.rise:
        return np.zeros((0, 3)), np.zeros((0, 4))
    h = min(1.0, (rift.age - rift.rise) / max(rift.heal, 1e-6))
    presence = math.sin(math.pi * h) ** 0.7
    n, centre, u, v = _rift_frame(frame)
    d = frame.scene.dynamics
    half = 0.75 * d.world_radius * d.stage
    rng = _rng(frame.time - rift.age, rift.heal, *rift.normal)
    # The colours of the two groups the rift parted: the most and least on each side.
    people = sorted(frame.people, key=lambda p: p.slot)
    side_colours = [frame.palette[p.slot, :3] for p in people] or [CALM]
    span = rift.width * 1.5 + 0.5 * (1.0 - h)
    segs, cols = [], []
    for k in range(THREADS):
        s = rng.uniform(-half, half)
        w = rng.normal(0.0, 0.4)
        a = centre + s * u + w * v - span * n
        b = centre + (s + rng.normal(0.0, 0.25)) * u + (w + rng.normal(0.0, 0.2)) * v + span * n
        # A softly sagging thread: four segments through a lowered middle.
        t = np.linspace(0.0, 1.0, 5)[:, None]
        pts = a * (1 - t) + b * t - 0.12 * np.sin(math.pi * t) * np.array([0.0, 1.0, 0.0])
        colour = side_colours[k % len(side_colours)]
        for q in range(4):
            segs += [pts[q], pts[q + 1]]
            cols += [[*colour, 2.2 * presence]] * 2
    return np.array(segs), np.array(cols)


def wave_lines(frame: Frame) -> tuple[np.ndarray, np.ndarray]:
    """The protocol's calming wave: rings spreading across the stage from the
    sculpture (or the cloud's centre) for WAVE_SECONDS after it switches on."""
    since = frame.protocol_since
    if not frame.protocol_on or since is None:
        return np.zeros((0, 3)), np.zeros((0, 4))
    age = frame.time - since
    if not 0.0 <= age <= WAVE_SECONDS:
        return np.zeros((0, 3)), np.zeros((0, 4))
    sculptures = frame.scene.sculptures
    centre = np.array(sculptures[0].position) if sculptures else frame.centroids[-1]
    d = frame.scene.dynamics
    theta = np.linspace(0.0, 2.0 * math.pi, RING_SEGMENTS + 1)
    segs, cols = [], []
    for k in range(WAVE_RINGS):
        r = WAVE_SPEED * age - 0.7 * k
        if r <= 0.05:
            continue
        fade = (1.0 - age / WAVE_SECONDS) ** 2 * (1.0 - 0.25 * k) * 3.0
        ring = np.stack([centre[0] + r * d.stage * np.cos(theta), np.full_like(theta, centre[1]),
                         centre[2] + r * d.stage * np.sin(theta)], axis=1)  # fmt: skip
        a, b = ring[:-1], ring[1:]
        segs.append(np.stack([a, b], axis=1).reshape(-1, 3))
        cols.append(np.repeat([[*CALM, fade]], 2 * len(a), axis=0))
    if not segs:
        return np.zeros((0, 3)), np.zeros((0, 4))
    return np.concatenate(segs), np.concatenate(cols)


class MomentLayer:
    """Draws the moment lines of a frame into the float target."""

    def __init__(self) -> None:
        self.sources = program_sources("moment.vert", "moment.frag")
        self.program = gloo.Program(self.sources.vertex.text, self.sources.fragment.text)
        self._pos = gloo.VertexBuffer(np.zeros((2, 3), np.float32))
        self._col = gloo.VertexBuffer(np.zeros((2, 4), np.float32))
        self.program["a_position"] = self._pos
        self.program["a_color"] = self._col
        self.drawn = 0  # line segments in the last frame (tests, benchmarks)

    def draw(self, frame: Frame, view: np.ndarray, projection: np.ndarray) -> None:
        parts = [crack_lines(frame), thread_lines(frame), wave_lines(frame),
                 empathy.thread_lines(frame)]  # fmt: skip
        pos = np.concatenate([p for p, _ in parts]).astype(np.float32)
        col = np.concatenate([c for _, c in parts]).astype(np.float32)
        self.drawn = len(pos) // 2
        if len(pos) == 0:
            return
        self._pos.set_data(pos)
        self._col.set_data(col)
        p = self.program
        p["u_view"] = view
        p["u_projection"] = projection
        gloo.set_state(depth_test=False, blend=True, blend_func=("one", "one"), cull_face=False)
        p.draw("lines")
