"""Fractal flame genomes: typed, frozen dataclasses, read from flam3's XML format.

`load_flame(path, index)` returns one Flame and a list of warnings (the library never
prints). Every problem with a file is a FlameError whose message starts "file:line:".
Semantics follow flam3 3.1.1 where it matters for the picture: defaults, `symmetry` on an
xform as colour speed (1 - s) / 2, a `<symmetry kind=N>` element adding its xforms, palettes
by number with `hue` rotation, missing palette entries interpolated around the wheel.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kellan.flame import palettes
from kellan.flame.variations import PARAM_DEFAULTS, VARIATION_NUMBER, canonical_param
from kellan.flame.xmltree import Node, XMLError, parse_xml

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_SIDE = 16384  # pixels per image side
MAX_PIXELS = 64 * 1024 * 1024
MAX_XFORMS = 256
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)  # coefs "a d b e c f"


class FlameError(Exception):
    """A genome file cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class Xform:
    """One function of the iterated function system.

    coefs and post are in flam3's attribute order "a d b e c f":
    x' = a*x + b*y + c, y' = d*x + e*y + f.
    """

    weight: float = 0.0
    color: float = 0.0
    color_speed: float = 0.5
    opacity: float = 1.0
    coefs: tuple[float, ...] = IDENTITY
    post: tuple[float, ...] = IDENTITY
    variations: tuple[tuple[str, float], ...] = (("linear", 1.0),)
    params: tuple[tuple[str, float], ...] = ()  # only those the file sets
    chaos: tuple[float, ...] = ()  # xaos: weight multipliers for the next xform
    line: int = 0

    def param(self, name: str) -> float:
        """A variation parameter, with flam3's default when the genome leaves it out."""
        return dict(self.params).get(name, PARAM_DEFAULTS[name])


@dataclass(frozen=True)
class Flame:
    """A flame genome: camera, tone map, palette and xforms."""

    xforms: tuple[Xform, ...]
    palette: tuple[tuple[float, float, float, float], ...]  # 256 RGBA entries in 0..1
    final_xform: Xform | None = None
    name: str = ""
    size: tuple[int, int] = (100, 100)
    center: tuple[float, float] = (0.0, 0.0)
    scale: float = 50.0  # pixels per unit
    rotate: float = 0.0  # degrees
    zoom: float = 0.0  # log2 magnification; also raises the sample density
    quality: float = 1.0  # samples per output pixel
    oversample: int = 1
    filter_radius: float = 0.5
    filter_shape: str = "gaussian"
    brightness: float = 4.0
    gamma: float = 4.0
    gamma_threshold: float = 0.01
    vibrancy: float = 1.0
    highlight_power: float = -1.0
    background: tuple[float, float, float] = (0.0, 0.0, 0.0)
    hue: float = 0.0
    estimator_radius: float = 9.0
    estimator_minimum: float = 0.0
    estimator_curve: float = 0.4
    palette_mode: str = "step"
    palette_index: int | None = None
    source: str = "<flame>"
    line: int = 0


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NON_FINITE = re.compile(r"[+-]?(?:inf|infinity|nan)", re.IGNORECASE)
_FILTERS = ("gaussian", "hermite", "box", "triangle", "bell", "bspline", "mitchell", "blackman",
            "catrom", "hanning", "hamming", "lanczos3", "lanczos2", "quadratic")  # fmt: skip
# Xform attributes that are flam3's but do not change a still image.
_XFORM_IGNORED = {"animate", "motion_frequency", "motion_function", "name", "var_color"}


class _Where:
    """Builds located errors for one file."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, line: int, message: str) -> FlameError:
        return FlameError(f"{self.source}:{line}: {message}")

    def numbers(self, node: Node, attr: str, count: int | None = None) -> list[float]:
        text = node.attrs[attr]
        parts = text.split()
        if any(_NON_FINITE.fullmatch(p) for p in parts):
            raise self.error(node.line, f"<{node.tag}> {attr}={text!r}: not a finite number")
        if not parts or any(not _NUMBER.fullmatch(p) for p in parts):
            raise self.error(node.line, f"<{node.tag}> {attr}={text!r}: expected numbers")
        if count is not None and len(parts) != count:
            raise self.error(
                node.line, f"<{node.tag}> {attr}={text!r}: expected {count} numbers"
            )
        values = [float(p) for p in parts]
        if not all(math.isfinite(v) for v in values):
            raise self.error(node.line, f"<{node.tag}> {attr}={text!r}: not a finite number")
        return values

    def number(self, node: Node, attr: str, lo: float = -math.inf, hi: float = math.inf) -> float:
        value = self.numbers(node, attr, 1)[0]
        if not lo <= value <= hi:
            raise self.error(
                node.line, f"<{node.tag}> {attr}={value:g}: must be in [{lo:g}, {hi:g}]"
            )
        return value


def load_flame(path: str | Path, index: int = 0) -> tuple[Flame, list[str]]:
    """Flame number `index` (0-based) of a .flam3 file, and the warnings. Only that flame
    is interpreted (a problem in another flame of the file does not matter)."""
    path = Path(path)
    flames, warnings = parse_flames(_read(path), str(path), index)
    return flames[0], warnings


def load_flames(path: str | Path) -> tuple[list[Flame], list[str]]:
    """Every flame in a .flam3 file, in document order, and the warnings."""
    path = Path(path)
    return parse_flames(_read(path), str(path))


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FlameError(f"{path}: {size} bytes is over the {MAX_FILE_BYTES} byte limit")
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError as err:
        raise FlameError(f"{path}: cannot read: {err.strerror}") from None


def parse_flames(text: str, source: str = "<flame>",
                 index: int | None = None) -> tuple[list[Flame], list[str]]:  # fmt: skip
    """Parse the XML text of a .flam3 file (a <flame>, or any element holding several):
    every flame, or only flame number `index`."""
    where = _Where(source)
    if len(text) > MAX_FILE_BYTES:
        raise FlameError(f"{source}: over the {MAX_FILE_BYTES} byte limit")
    try:
        root = parse_xml(text)
    except XMLError as err:
        raise where.error(err.line, f"bad XML: {err}") from None
    nodes = root.iter("flame")
    if not nodes:
        raise where.error(root.line, "no <flame> element")
    if index is not None:
        if not 0 <= index < len(nodes):
            raise FlameError(f"{source}: has {len(nodes)} flame(s); there is no index {index}")
        nodes = [nodes[index]]
    warnings: list[str] = []
    return [_flame(node, where, warnings) for node in nodes], warnings


def _flame(node: Node, where: _Where, warnings: list[str]) -> Flame:
    a = node.attrs
    kw: dict[str, object] = {"source": where.source, "line": node.line}
    if "name" in a:
        kw["name"] = a["name"]
    if "size" in a:
        w, h = where.numbers(node, "size", 2)
        if w != int(w) or h != int(h) or not (1 <= w <= MAX_SIDE and 1 <= h <= MAX_SIDE):
            raise where.error(node.line, f"size={a['size']!r}: sides must be 1..{MAX_SIDE}")
        if w * h > MAX_PIXELS:
            raise where.error(node.line, f"size={a['size']!r}: over {MAX_PIXELS} pixels")
        kw["size"] = (int(w), int(h))
    if "center" in a:
        kw["center"] = tuple(where.numbers(node, "center", 2))
    for attr, key, lo, hi in (
        ("scale", "scale", 1e-12, 1e12),
        ("rotate", "rotate", -1e9, 1e9),
        ("zoom", "zoom", -30.0, 30.0),
        ("quality", "quality", 1e-9, 1e6),
        ("filter", "filter_radius", 0.0, 100.0),
        ("brightness", "brightness", 0.0, 1e6),
        ("gamma", "gamma", 1e-6, 1e6),
        ("gamma_threshold", "gamma_threshold", 0.0, 1e6),
        ("vibrancy", "vibrancy", -1e6, 1e6),
        ("highlight_power", "highlight_power", -1e6, 1e6),
        ("estimator_radius", "estimator_radius", 0.0, 64.0),
        ("estimator_minimum", "estimator_minimum", 0.0, 64.0),
        ("estimator_curve", "estimator_curve", 1e-6, 100.0),
    ):
        if attr in a:
            kw[key] = where.number(node, attr, lo, hi)
    for attr in ("oversample", "supersample"):
        if attr in a:
            kw["oversample"] = int(where.number(node, attr, 1, 8))
    if "background" in a:
        kw["background"] = tuple(where.numbers(node, "background", 3))
    if "hue" in a:
        kw["hue"] = math.fmod(where.number(node, "hue"), 1.0)
    if "filter_shape" in a:
        if a["filter_shape"] not in _FILTERS:
            raise where.error(node.line, f"filter_shape={a['filter_shape']!r}: unknown")
        kw["filter_shape"] = a["filter_shape"]
    if "palette_mode" in a:
        if a["palette_mode"] not in ("step", "linear"):
            raise where.error(node.line, f"palette_mode={a['palette_mode']!r}: step|linear")
        kw["palette_mode"] = a["palette_mode"]
    if kw.get("estimator_minimum", 0.0) > kw.get("estimator_radius", 9.0):  # type: ignore[operator]
        raise where.error(node.line, "estimator_minimum is larger than estimator_radius")
    index = None
    if "palette" in a:
        index = int(where.number(node, "palette", -1, 1e9))
        index = None if index < 0 else index
    kw["palette_index"] = index

    xforms: list[Xform] = []
    final: Xform | None = None
    colors: dict[int, tuple[float, float, float, float]] = {}
    for child in node.children:
        if child.tag == "xform":
            xforms.append(_xform(child, where, warnings, len(xforms)))
        elif child.tag == "finalxform":
            if final is not None:
                raise where.error(child.line, "a second <finalxform>")
            final = _xform(child, where, warnings, len(xforms), is_final=True)
        elif child.tag == "symmetry":
            xforms.extend(_symmetry(child, where, warnings))
        elif child.tag == "color":
            _color(child, where, colors)
        elif child.tag in ("palette", "colors"):
            _hex_palette(child, where, colors, warnings)
    if not xforms:
        raise where.error(node.line, "the flame has no <xform>")
    if len(xforms) > MAX_XFORMS:
        raise where.error(node.line, f"more than {MAX_XFORMS} xforms")
    if sum(x.weight for x in xforms) <= 0.0:
        raise where.error(node.line, "every xform has weight 0")
    kw["palette"] = _palette(node, where, warnings, index, float(kw.get("hue", 0.0)), colors)  # type: ignore[arg-type]
    return Flame(xforms=tuple(xforms), final_xform=final, **kw)  # type: ignore[arg-type]


def _xform(node: Node, where: _Where, warnings: list[str], index: int,
           is_final: bool = False) -> Xform:  # fmt: skip
    a = node.attrs
    kw: dict[str, object] = {"line": node.line, "color": float(index & 1)}  # flam3's default
    variations: list[tuple[str, float]] = []
    params: list[tuple[str, float]] = []
    unknown: list[str] = []
    for attr in a:
        if attr == "weight":
            if is_final:
                raise where.error(node.line, "a <finalxform> must not have a weight")
            kw["weight"] = where.number(node, attr, 0.0, 1e12)
        elif attr == "color":
            kw["color"] = where.numbers(node, attr)[0]  # flam3 also accepts "c0 c1"
        elif attr == "symmetry":
            kw["color_speed"] = (1.0 - where.number(node, attr)) / 2.0
        elif attr == "color_speed":
            kw["color_speed"] = where.number(node, attr)
        elif attr == "opacity":
            kw["opacity"] = where.number(node, attr, 0.0, 1.0)
        elif attr == "plotmode":
            if a[attr] == "off":
                kw["opacity"] = 0.0
        elif attr in ("coefs", "post"):
            kw[attr] = tuple(where.numbers(node, attr, 6))
        elif attr == "chaos":
            values = where.numbers(node, attr)
            if any(v < 0 for v in values):
                raise where.error(node.line, "chaos: values must be >= 0")
            kw["chaos"] = tuple(values)
        elif attr in VARIATION_NUMBER:
            weight = where.number(node, attr)
            if weight != 0.0:
                variations.append((attr, weight))
        elif attr in ("var1", "var"):
            raise where.error(node.line, f"the old '{attr}' attribute is not supported")
        elif canonical_param(attr) is not None:
            params.append((canonical_param(attr), where.number(node, attr)))  # type: ignore[arg-type]
        elif attr not in _XFORM_IGNORED:
            unknown.append(attr)
    if unknown:
        names = ", ".join(unknown)
        warnings.append(
            f"{where.source}:{node.line}: unsupported variation(s) ignored: {names}"
        )
    kw["variations"] = tuple(variations)
    kw["params"] = tuple(params)
    return Xform(**kw)  # type: ignore[arg-type]


def _symmetry(node: Node, where: _Where, warnings: list[str]) -> list[Xform]:
    """flam3's <symmetry kind=N>: N-fold rotations (negative N: with a mirror), each an
    xform of weight 1 that keeps the colour (colour speed 0)."""
    if "kind" not in node.attrs:
        raise where.error(node.line, "<symmetry> needs a kind")
    kind = int(where.number(node, "kind", -1000, 1000))
    if kind == 0:
        warnings.append(f"{where.source}:{node.line}: <symmetry kind=0> (random) ignored")
    added: list[Xform] = []
    if kind < 0:
        added.append(Xform(weight=1.0, color=1.0, color_speed=0.0,
                           coefs=(-1.0, 0.0, 0.0, 1.0, 0.0, 0.0), line=node.line))  # fmt: skip
        kind = -kind
    for k in range(1, kind):
        a = 2.0 * math.pi * k / kind
        c, s = round(math.cos(a), 6), round(math.sin(a), 6)
        color = 0.0 if kind < 3 else (k - 1.0) / (kind - 2.0)
        added.append(Xform(weight=1.0, color=color, color_speed=0.0,
                           coefs=(c, s, -s, c, 0.0, 0.0), line=node.line))  # fmt: skip
    return added


def _color(node: Node, where: _Where, colors: dict[int, tuple[float, ...]]) -> None:
    a = node.attrs
    if "index" not in a:
        raise where.error(node.line, "<color> needs an index")
    index = where.number(node, "index", 0, 255)
    if index != int(index):
        raise where.error(node.line, f"<color> index={a['index']!r}: not an integer")
    alpha = 255.0
    if "rgb" in a:
        rgb = where.numbers(node, "rgb", 3)
    elif "rgba" in a:
        *rgb, alpha = where.numbers(node, "rgba", 4)
    else:
        raise where.error(node.line, "<color> needs rgb or rgba")
    if "a" in a:
        alpha = where.number(node, "a")
    colors[int(index)] = (*(min(max(v / 255.0, 0.0), 1.0) for v in rgb),
                          min(max(alpha / 255.0, 0.0), 1.0))  # fmt: skip


def _hex_palette(node: Node, where: _Where, colors: dict[int, tuple[float, ...]],
                 warnings: list[str]) -> None:  # fmt: skip
    a = node.attrs
    if node.tag == "colors":  # flam3's older form: data="00RRGGBB..."
        text, width, skip = a.get("data", ""), 4, 1
    else:
        if any(k in a for k in ("index0", "index1", "hue0", "hue1", "blend")):
            warnings.append(f"{where.source}:{node.line}: old-style <palette> blend ignored")
            return
        fmt = a.get("format", "RGB")
        if fmt not in ("RGB", "RGBA"):
            raise where.error(node.line, f"<palette> format={fmt!r}: RGB or RGBA")
        text, width, skip = node.text, (3 if fmt == "RGB" else 4), 0
    digits = re.sub(r"\s+", "", text)
    if not re.fullmatch(r"[0-9a-fA-F]*", digits) or len(digits) % (2 * width):
        raise where.error(node.line, f"<{node.tag}>: malformed hexadecimal colours")
    raw = np.frombuffer(bytes.fromhex(digits), dtype=np.uint8).reshape(-1, width)
    count = int(where.number(node, "count", 0, 256)) if "count" in a else len(raw)
    if len(raw) < count or len(raw) > 256:
        raise where.error(node.line, f"<{node.tag}>: {len(raw)} colours for count={count}")
    for i, entry in enumerate(raw[:count]):
        rgb = entry[skip : skip + 3] / 255.0
        alpha = entry[3] / 255.0 if width == 4 and skip == 0 else 1.0
        colors[i] = (float(rgb[0]), float(rgb[1]), float(rgb[2]), float(alpha))


def _palette(node: Node, where: _Where, warnings: list[str], index: int | None,
             hue: float, colors: dict[int, tuple[float, ...]]) -> tuple:  # fmt: skip
    if index is not None:
        try:
            rgb = palettes.standard_palette(index, hue)
            return tuple((float(r), float(g), float(b), 1.0) for r, g, b in rgb)
        except palettes.PaletteError as err:
            if not colors:
                raise where.error(node.line, f"palette={index}: {err}") from None
            warnings.append(f"{where.source}:{node.line}: {err}; using the inline colours")
    if not colors:
        warnings.append(f"{where.source}:{node.line}: no palette; using white")
        return tuple((1.0, 1.0, 1.0, 1.0) for _ in range(256))
    return _fill_missing(colors)


def _fill_missing(colors: dict[int, tuple[float, ...]]) -> tuple:
    """Interpolate unset palette entries linearly between their set neighbours, around
    the wheel (as flam3 does)."""
    known = sorted(colors)
    out = []
    for i in range(256):
        if i in colors:
            out.append(tuple(colors[i]))
            continue
        after = next((k for k in known if k > i), known[0] + 256)
        before = next((k for k in reversed(known) if k < i), known[-1] - 256)
        t = (i - before) / (after - before)
        c0, c1 = colors[before % 256], colors[after % 256]
        out.append(tuple((1.0 - t) * u + t * v for u, v in zip(c0, c1, strict=True)))
    return tuple(out)  # type: ignore[return-value]
