"""The anthology as one self-contained HTML page: inline CSS, inline SVG, no scripts.

Sparklines of the measures over the show (from measures.jsonl, or from the verses'
own measures when there is none), the show's moments marked on them (rift, healing,
protocol, dawn, join, leave), and the verses in order, each name in its hue. Every piece
of text from the files is escaped: participant names and titles are user input.
"""

from __future__ import annotations

import math
import re
from html import escape
from typing import Any

from kellan.poetry.generator import TRIGGER_LABELS

# The sparklines, in order: (measure, label, colour).
SERIES = (
    ("gini_calm", "Gini of the calm", "#8fd3ff"),
    ("gini_attention", "Gini of the sculptures' attention", "#c9a7ff"),
    ("gini_particles", "Gini of the particles", "#9fe3b4"),
    ("polarisation", "polarisation", "#ff9d7a"),
    ("empathy", "empathy", "#ffd27a"),
)
MARK_COLOURS = {
    "rift": "#ff6b6b",
    "healing": "#7be0a8",
    "protocol": "#6fb7ff",
    "dawn": "#ffd27a",
    "join": "#b8b8c8",
    "leave": "#8a8a9a",
}
W, H, PAD_X = 640.0, 46.0, 4.0
TIMELINE_H = 40.0
# Each sparkline runs from 0 to the series' maximum rounded up to 0.05, at least this.
MIN_TOP = 0.2

CSS = """
body{margin:0;background:#0c0d16;color:#dcdcea;font:15px/1.5 system-ui,sans-serif}
main{max-width:760px;margin:0 auto;padding:32px 20px 64px}
h1{font:italic 32px/1.2 Georgia,serif;color:#f1ecff;margin:0 0 4px}
.sub{color:#8d8ba6;font-size:13px;margin:0 0 28px}
.spark{display:grid;grid-template-columns:210px 1fr;align-items:center;gap:8px;margin:2px 0}
.spark .label{font-size:12px;color:#a9a7c2;text-align:right}
.spark .label b{color:#e9e7ff;font-weight:600}
.spark .scale{display:block;font-size:10px;color:#5f5d7a}
svg{display:block;width:100%;height:auto}
.legend{font-size:12px;color:#8d8ba6;margin:6px 0 34px 218px}
.legend span{margin-right:12px;white-space:nowrap}
article{margin:0 0 30px;padding-left:16px;border-left:2px solid #2a2940}
article.event{border-left-color:var(--mark)}
.when{font-size:12px;color:#8d8ba6;letter-spacing:.03em}
.when b{color:#c8c6e4}
.verse{font:19px/1.55 Georgia,'Times New Roman',serif;color:#f4f1ff;margin:6px 0}
.verse p{margin:0}
.moved{font-size:12px;color:#7f7d99}
"""


def _x(t: float, t_max: float) -> float:
    return PAD_X + (W - 2 * PAD_X) * (t / t_max if t_max > 0 else 0.0)


def _y(v: float, top: float = 1.0) -> float:
    return 3.0 + (H - 6.0) * (1.0 - min(max(v / top, 0.0), 1.0))


def scale_top(values: list[float]) -> float:
    """The top of a sparkline's scale: the maximum rounded up to 0.05, at least MIN_TOP."""
    peak = max(values, default=0.0)
    return max(MIN_TOP, min(1.0, math.ceil(peak * 20.0 - 1e-9) / 20.0))


def _marks_svg(marks: list[tuple[float, str]], t_max: float, height: float = H) -> str:
    out = []
    for t, kind in marks:
        x = _x(t, t_max)
        colour = MARK_COLOURS.get(kind, "#888")
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{height:.0f}" stroke="{colour}" '
            f'stroke-width="1" stroke-dasharray="3 3" opacity="0.8"/>'
        )
    return "".join(out)


def sparkline(
    points: list[tuple[float, float]],
    colour: str,
    marks: list[tuple[float, str]],
    t_max: float,
    top: float = 1.0,
) -> str:
    """An inline SVG of one measure over show time, 0..top vertically, marks dashed."""
    pts = " ".join(f"{_x(t, t_max):.1f},{_y(v, top):.1f}" for t, v in points)
    line = (
        f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="1.6" '
        'stroke-linejoin="round"/>'
        if len(points) > 1
        else ""
    )
    dots = "".join(
        f'<circle cx="{_x(t, t_max):.1f}" cy="{_y(v, top):.1f}" r="1.8" fill="{colour}"/>'
        for t, v in points[-1:]
    )
    mid = _y(top / 2, top)
    return (
        f'<svg viewBox="0 0 {W:.0f} {H:.0f}" role="img" preserveAspectRatio="none">'
        f'<rect width="{W:.0f}" height="{H:.0f}" fill="#14152a"/>'
        f'<line x1="0" x2="{W:.0f}" y1="{mid:.1f}" y2="{mid:.1f}" stroke="#23243d"/>'
        f"{_marks_svg(marks, t_max)}{line}{dots}</svg>"
    )


def verse_ticks(records: list[dict[str, Any]], marks: list[tuple[float, str]], t_max: float) -> str:
    """The timeline row: each verse a dot linking to it, each marked moment named (names
    that would overlap step down a row)."""
    h = TIMELINE_H
    out = [f'<svg viewBox="0 0 {W:.0f} {h:.0f}" role="img">',
           _marks_svg(marks, t_max, h)]  # fmt: skip
    for rec in records:
        x = _x(float(rec["t"]), t_max)
        label = TRIGGER_LABELS.get(str(rec["trigger"]), str(rec["trigger"]))
        out.append(
            f'<a href="#v{int(rec["n"])}"><circle cx="{x:.1f}" cy="{h - 6:.0f}" r="3.5" '
            f'fill="#f4f1ff"><title>{float(rec["t"]):.2f} s: {escape(label)}</title>'
            "</circle></a>"
        )
    ends = [-1e9, -1e9]  # right end of the last label on each row
    for t, kind in marks:
        x = _x(t, t_max) + 3.0
        row = 0 if x > ends[0] + 4 else (1 if x > ends[1] + 4 else 0)
        ends[row] = x + 6.0 * len(kind)
        out.append(
            f'<text x="{x:.1f}" y="{10 + 11 * row}" font-size="10" '
            f'fill="{MARK_COLOURS.get(kind, "#888")}" '
            f'font-family="system-ui,sans-serif">{escape(kind)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _hue_colour(hue: float) -> str:
    return f"hsl({float(hue) % 360.0:.0f},75%,72%)"


def coloured(line: str, people: list[dict[str, Any]]) -> str:
    """The line escaped, each participant's name wrapped in a span of their hue."""
    names = {
        str(p["name"]): _hue_colour(p["hue"]) if isinstance(p.get("hue"), (int, float)) else "#fff"
        for p in people
        if isinstance(p, dict) and p.get("name")
    }
    if not names:
        return escape(line)
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    out, pos = [], 0
    for m in pattern.finditer(line):
        out.append(escape(line[pos : m.start()]))
        out.append(f'<span style="color:{names[m.group(0)]}">{escape(m.group(0))}</span>')
        pos = m.end()
    out.append(escape(line[pos:]))
    return "".join(out)


def _moved_text(moved: dict[str, Any]) -> str:
    parts = []
    for name, pair in moved.items():
        if isinstance(pair, list) and len(pair) == 2:
            a, b = pair
            parts.append(f"{name.replace('_', ' ')} {float(a):.2f} → {float(b):.2f}")
    return "; ".join(parts)


def _article(rec: dict[str, Any]) -> str:
    kinds = [str(e.get("kind")) for e in rec.get("events", []) if isinstance(e, dict)]
    event = next((k for k in kinds if k in MARK_COLOURS), None)
    cls = f' class="event" style="--mark:{MARK_COLOURS[event]}"' if event else ""
    lines = "".join(f"<p>{coloured(str(line), rec.get('people', []))}</p>" for line in rec["lines"])
    moved = _moved_text(rec.get("moved", {}))
    moved_html = f'<div class="moved">moved: {escape(moved)}</div>' if moved else ""
    label = TRIGGER_LABELS.get(str(rec["trigger"]), str(rec["trigger"]).replace("_", " "))
    return (
        f'<article id="v{int(rec["n"])}"{cls}><div class="when"><b>{float(rec["t"]):.2f} s</b>'
        f" · step {int(rec['step'])} · {escape(label)}</div>"
        f'<div class="verse">{lines}</div>{moved_html}</article>'
    )


def _marks(records: list[dict[str, Any]], samples: list[dict[str, Any]]) -> list[tuple[float, str]]:
    seen: set[tuple[float, str]] = set()
    for source in (samples, records):
        for rec in source:
            for e in rec.get("events", []) or []:
                if isinstance(e, dict) and e.get("kind") in MARK_COLOURS:
                    seen.add((float(e.get("t", rec.get("t", 0.0))), str(e["kind"])))
    return sorted(seen)


def page(title: str, records: list[dict[str, Any]], samples: list[dict[str, Any]]) -> str:
    """The HTML of an anthology: title, sparklines with the show's moments, verses."""
    source = samples if samples else records
    t_max = max([float(r["t"]) for r in source + records] + [1e-9])
    marks = _marks(records, samples)
    rows = []
    for key, label, colour in SERIES:
        pts = [
            (float(r["t"]), float(r["measures"][key]))
            for r in source
            if isinstance(r.get("measures"), dict) and key in r["measures"]
        ]
        last = f"{pts[-1][1]:.2f}" if pts else "–"
        top = scale_top([v for _, v in pts])
        rows.append(
            f'<div class="spark"><div class="label">{escape(label)} <b>{last}</b>'
            f'<span class="scale">0–{top:.2f}</span></div>'
            f"{sparkline(pts, colour, marks, t_max, top)}</div>"
        )
    legend = "".join(
        f'<span style="color:{MARK_COLOURS[k]}">┆ {escape(k)}</span>'
        for k in MARK_COLOURS
        if any(kind == k for _, kind in marks)
    )
    sub = (
        f"{len(records)} verses over {t_max:.1f} s of show"
        f"{'' if samples else ' (measures from the verses: no measures.jsonl)'}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}: anthology</title><style>{CSS}</style></head><body><main>"
        f'<h1>{escape(title)}</h1><p class="sub">{escape(sub)}</p>'
        f'<div class="spark"><div class="label">verses</div>'
        f"{verse_ticks(records, marks, t_max)}</div>"
        + "".join(rows)
        + f'<div class="legend">{legend}</div>'
        + "".join(_article(r) for r in records)
        + "</main></body></html>\n"
    )
