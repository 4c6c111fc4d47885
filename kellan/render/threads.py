"""Empathy threads: glowing, softly curved lines between participants whose emotions
are close ("weaving threads of empathy"), drawn between their groups' centroids.

Two present participants are joined when their similarity, 1 - |PAD_i - PAD_j| / (2√3)
(the pair term of the empathy measure, kellan.core.measures), is above the scene's
`[poetry] thread_above`. How far above it (0..1) sets how many strands the thread has
(its thickness: GL lines are one pixel wide on software GL, so a thicker thread is more
strands side by side) and how brightly it glows. Each thread sags upward in a quadratic
curve, sways slowly and carries a shimmer that runs along it, in the two identity colours
blended end to end. Built from the frame alone (its time, moods, centroids), so stills
show the same threads as the live view.
"""

from __future__ import annotations

import math

import numpy as np

from kellan.dreamscape.frame import Frame

PAD_DIAMETER = 2.0 * math.sqrt(3.0)
SEGMENTS = 28
MAX_STRANDS = 4
GLOW = 9.0  # light of the closest pair's thread (HDR: the tone map and bloom make it glow)
EMPTY = (np.zeros((0, 3)), np.zeros((0, 4)))


def line_of_sight(frame: Frame, at: float) -> np.ndarray:
    """Where the scene's camera looks at show time `at` (auto-orbit included), as
    kellan.render.moments reckons it: the threads bend across it."""
    c = frame.scene.camera
    az = math.radians(c.azimuth + c.orbit * at)
    el = math.radians(c.elevation)
    return -np.array([math.cos(el) * math.sin(az), math.sin(el), math.cos(el) * math.cos(az)])


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """1 - |a - b| / (2√3) for two PAD states: 1 alike, 0 at opposite corners."""
    return float(1.0 - np.linalg.norm(np.asarray(a) - np.asarray(b)) / PAD_DIAMETER)


def pairs(frame: Frame, above: float) -> list[tuple[int, int, float]]:
    """(slot i, slot j, closeness 0..1 above the threshold) for every joined pair."""
    slots = sorted(p.slot for p in frame.people)
    out = []
    for k, i in enumerate(slots):
        for j in slots[k + 1 :]:
            s = similarity(frame.mood[i], frame.mood[j])
            if s > above:
                out.append((i, j, (s - above) / max(1e-6, 1.0 - above)))
    return out


def thread_lines(frame: Frame) -> tuple[np.ndarray, np.ndarray]:
    """The empathy threads as line-segment pairs: (positions (M, 3), colours (M, 4))."""
    poetry = frame.scene.poetry
    if not poetry.threads:
        return EMPTY
    up = np.array([0.0, 1.0, 0.0])
    look = line_of_sight(frame, frame.time)
    u = np.linspace(0.0, 1.0, SEGMENTS + 1)[:, None]
    segs, cols = [], []
    for i, j, close in pairs(frame, poetry.thread_above):
        a, b = frame.centroids[i].astype(np.float64), frame.centroids[j].astype(np.float64)
        d = float(np.linalg.norm(b - a))
        if d < 0.3:  # the groups overlap: nothing to bridge
            continue
        along = (b - a) / d
        # Bend across the line of sight, so the curve shows on screen whichever way the
        # thread runs; alternate sides, so threads between nearby groups fan apart.
        side = np.cross(along, look)
        n = np.linalg.norm(side)
        if n < 1e-6:  # running straight at the camera: any bend will do
            side, n = np.cross(along, up), max(1e-6, float(np.linalg.norm(np.cross(along, up))))
        side = side / n
        sign = 1.0 if (i + j) % 2 == 0 else -1.0
        phase = 1.7 * i + 0.9 * j  # each pair sways in its own rhythm
        bend = sign * (0.3 + 0.25 * d) * (1.0 + 0.12 * math.sin(0.5 * frame.time + phase))
        control = 0.5 * (a + b) + bend * side
        curve = (1 - u) ** 2 * a + 2 * (1 - u) * u * control + u**2 * b
        fade = min(float(frame.presence[i]), float(frame.presence[j]))
        colour = (1 - u) * frame.palette[i, :3] + u * frame.palette[j, :3]
        taper = np.sin(math.pi * u[:, 0]) ** 0.6
        shimmer = 0.7 + 0.3 * np.sin(2.0 * math.pi * (3.0 * u[:, 0] - 0.35 * frame.time + phase))
        strands = 1 + round((MAX_STRANDS - 1) * close)
        for k in range(strands):
            offset = (k - 0.5 * (strands - 1)) * 0.05 * np.sin(math.pi * u)
            pts = curve + offset * side
            light = GLOW * (0.25 + 0.75 * close) * fade * taper * shimmer / (1 + 0.3 * abs(k))
            rgba = np.concatenate([colour, light[:, None]], axis=1)
            segs.append(np.stack([pts[:-1], pts[1:]], axis=1).reshape(-1, 3))
            cols.append(np.stack([rgba[:-1], rgba[1:]], axis=1).reshape(-1, 4))
    if not segs:
        return EMPTY
    return np.concatenate(segs), np.concatenate(cols)
