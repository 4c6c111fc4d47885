"""Every variation of the kernel against its formula, at sample points.

The references below are written from the definitions in flam3's documentation and
variation catalogue, in plain numpy, independently of kellan.flame.kernel: a variation
maps the affine image (x, y) of a point, with weight w, to a contribution (dx, dy).
Conventions that are flam3's own and easy to get wrong are spelled out: flam3's "angle"
of a point is atan2(x, y) (not atan2(y, x)), fisheye swaps x and y, coth is the complex
conjugate of coth(z) (the other complex functions are the true ones), and the random
variations draw their uniforms in a fixed order (kellan.flame.kernel.random_sequence
replays the kernel's generator, so the references can use the same draws).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from kellan.flame import kernel as K
from kellan.flame.genome import Flame, Xform
from kellan.flame.pack import pack
from kellan.flame.variations import PARAM_DEFAULTS, VARIATION_NAMES

PI = math.pi
EPS = 1e-10
W = 0.7
COEFS = (0.9, 0.1, 0.2, 1.1, 0.3, -0.2)  # a d b e c f: x' = a x + b y + c, y' = d x + e y + f
POINTS = [(0.3, 0.4), (-0.7, 0.2), (1.3, -0.9), (-0.25, -0.6), (0.05, 1.7)]
STATE = np.uint64(0x1234_5678_9ABC_DEF1)

# Parameter values away from the defaults, so that each parameter matters.
PARAMS = dict(PARAM_DEFAULTS)
PARAMS.update(
    blob_low=0.2, blob_high=0.9, blob_waves=3.0, pdj_a=1.1, pdj_b=-0.7, pdj_c=2.1,
    pdj_d=0.4, fan2_x=0.6, fan2_y=0.3, rings2_val=0.45, perspective_angle=0.3,
    perspective_dist=2.5, julian_power=5.0, julian_dist=0.6, juliascope_power=-3.0,
    juliascope_dist=1.4, radial_blur_angle=0.4, pie_slices=5.0, pie_rotation=0.3,
    pie_thickness=0.6, ngon_sides=6.0, ngon_power=2.5, ngon_circle=0.8, ngon_corners=1.5,
    curl_c1=0.6, curl_c2=-0.3, rectangles_x=0.4, rectangles_y=0.7, disc2_rot=0.8,
    disc2_twist=7.0, super_shape_rnd=0.3, super_shape_m=5.0, super_shape_n1=1.5,
    super_shape_n2=0.8, super_shape_n3=1.2, super_shape_holes=0.1, flower_petals=4.0,
    flower_holes=0.2, conic_eccentricity=0.7, conic_holes=0.1, parabola_height=0.8,
    parabola_width=1.3, bent2_x=1.7, bent2_y=-0.6, bipolar_shift=0.4, cell_size=0.6,
    cpow_r=1.3, cpow_i=0.4, cpow_power=3.0, curve_xamp=0.6, curve_yamp=-0.4,
    curve_xlength=0.8, curve_ylength=1.3, escher_beta=0.7, lazysusan_spin=0.5,
    lazysusan_space=0.3, lazysusan_twist=0.8, lazysusan_x=0.2, lazysusan_y=-0.1,
    modulus_x=0.6, modulus_y=0.9, oscope_separation=0.5, oscope_frequency=2.0,
    oscope_amplitude=0.8, oscope_damping=0.3, popcorn2_x=0.3, popcorn2_y=-0.2,
    popcorn2_c=2.5, separation_x=0.4, separation_xinside=0.3, separation_y=0.6,
    separation_yinside=-0.2, split_xsize=0.7, split_ysize=0.4, splits_x=0.3, splits_y=-0.2,
    stripes_space=0.3, stripes_warp=0.8, wedge_angle=0.5, wedge_hole=0.2, wedge_count=3.0,
    wedge_swirl=0.4, wedge_julia_angle=0.6, wedge_julia_count=2.0, wedge_julia_power=4.0,
    wedge_julia_dist=0.8, wedge_sph_angle=0.4, wedge_sph_count=5.0, wedge_sph_hole=0.3,
    wedge_sph_swirl=0.2, whorl_inside=0.4, whorl_outside=0.7, waves2_scalex=0.4,
    waves2_scaley=0.3, waves2_freqx=2.0, waves2_freqy=3.0, auger_freq=2.5,
    auger_weight=0.6, auger_sym=0.4, auger_scale=1.2, flux_spread=0.3, mobius_re_a=0.8,
    mobius_re_b=0.2, mobius_re_c=-0.3, mobius_re_d=1.1, mobius_im_a=0.1, mobius_im_b=-0.4,
    mobius_im_c=0.5, mobius_im_d=0.2,
)  # fmt: skip


def polar(x: float, y: float) -> tuple[float, float, float]:
    """r, flam3's angle atan2(x, y), and the usual angle atan2(y, x)."""
    return math.hypot(x, y), math.atan2(x, y), math.atan2(y, x)


def from_polar(rho: float, angle: float) -> tuple[float, float]:
    return rho * math.cos(angle), rho * math.sin(angle)


def gauss4(u) -> float:
    return u() + u() + u() + u() - 2.0


def wedge_fold(a: float, count: float, angle: float) -> float:
    """Squeeze the angle into `count` sectors with gaps of `angle` between them."""
    sector = math.floor((count * a + PI) / (2 * PI))
    return a * (1.0 - angle * count / (2 * PI)) + sector * angle


# Each reference: (x, y, w, p, u) -> (dx, dy); p holds the parameters and the affine
# coefficients b, e, c, f; u() returns the next uniform in [0, 1).
def _ref_table():
    R = {}

    def reg(name):
        def deco(fn):
            R[name] = fn
            return fn

        return deco

    reg("linear")(lambda x, y, w, p, u: (w * x, w * y))
    reg("sinusoidal")(lambda x, y, w, p, u: (w * math.sin(x), w * math.sin(y)))

    @reg("spherical")
    def _(x, y, w, p, u):
        k = w / (x * x + y * y + EPS)
        return k * x, k * y

    @reg("swirl")
    def _(x, y, w, p, u):
        z = complex(x, y) * complex(math.sin(x * x + y * y), math.cos(x * x + y * y))
        # (x + iy)(sin r2 + i cos r2) = (x sin - y cos) + i (x cos + y sin)
        return w * z.real, w * z.imag

    @reg("horseshoe")
    def _(x, y, w, p, u):
        r = math.hypot(x, y)
        z = complex(x, y) ** 2 / (r + EPS)
        return w * z.real, w * z.imag

    @reg("polar")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        return w * phi / PI, w * (r - 1.0)

    @reg("handkerchief")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        return w * r * math.sin(phi + r), w * r * math.cos(phi - r)

    @reg("heart")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        return w * r * math.sin(phi * r), -w * r * math.cos(phi * r)

    @reg("disc")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        return w * phi / PI * math.sin(PI * r), w * phi / PI * math.cos(PI * r)

    @reg("spiral")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        re = r + EPS
        return w / re * (math.cos(phi) + math.sin(re)), w / re * (math.sin(phi) - math.cos(re))

    @reg("hyperbolic")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        return w * math.sin(phi) / (r + EPS), w * math.cos(phi) * (r + EPS)

    @reg("diamond")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        return w * math.sin(phi) * math.cos(r), w * math.cos(phi) * math.sin(r)

    @reg("ex")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        p0, p1 = math.sin(phi + r) ** 3 * r, math.cos(phi - r) ** 3 * r
        return w * (p0 + p1), w * (p0 - p1)

    @reg("julia")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        omega = PI if u() >= 0.5 else 0.0
        return from_polar(w * math.sqrt(r), phi / 2 + omega)

    @reg("bent")
    def _(x, y, w, p, u):
        return w * (x if x >= 0 else 2 * x), w * (y if y >= 0 else y / 2)

    @reg("waves")
    def _(x, y, w, p, u):
        return (w * (x + p["b"] * math.sin(y / (p["c"] ** 2 + EPS))),
                w * (y + p["e"] * math.sin(x / (p["f"] ** 2 + EPS))))  # fmt: skip

    @reg("fisheye")
    def _(x, y, w, p, u):
        k = 2 * w / (math.hypot(x, y) + 1)
        return k * y, k * x

    @reg("popcorn")
    def _(x, y, w, p, u):
        return (w * (x + p["c"] * math.sin(math.tan(3 * y))),
                w * (y + p["f"] * math.sin(math.tan(3 * x))))  # fmt: skip

    @reg("exponential")
    def _(x, y, w, p, u):
        z = complex(w, 0) * np.exp(complex(x - 1, PI * y))
        return z.real, z.imag

    @reg("power")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        k = w * r ** math.sin(phi)
        return k * math.cos(phi), k * math.sin(phi)

    @reg("cosine")
    def _(x, y, w, p, u):
        z = w * np.cos(complex(PI * x, y))  # cos(a + ib) = cos a cosh b - i sin a sinh b
        return z.real, z.imag

    @reg("rings")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        c2 = p["c"] ** 2 + EPS
        rho = math.fmod(r + c2, 2 * c2) - c2 + r * (1 - c2)
        return w * rho * math.cos(phi), w * rho * math.sin(phi)

    @reg("fan")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        t = PI * (p["c"] ** 2 + EPS)
        a = phi - t / 2 if math.fmod(phi + p["f"], t) > t / 2 else phi + t / 2
        return from_polar(w * r, a)

    @reg("blob")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        lo, hi = p["blob_low"], p["blob_high"]
        rho = r * (lo + (hi - lo) / 2 * (math.sin(p["blob_waves"] * phi) + 1))
        return w * rho * math.sin(phi), w * rho * math.cos(phi)

    @reg("pdj")
    def _(x, y, w, p, u):
        return (w * (math.sin(p["pdj_a"] * y) - math.cos(p["pdj_b"] * x)),
                w * (math.sin(p["pdj_c"] * x) - math.cos(p["pdj_d"] * y)))  # fmt: skip

    @reg("fan2")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        t = PI * (p["fan2_x"] ** 2 + EPS)
        v = phi + p["fan2_y"]
        rem = v - t * math.trunc(v / t)
        a = phi - t / 2 if rem > t / 2 else phi + t / 2
        return w * r * math.sin(a), w * r * math.cos(a)

    @reg("rings2")
    def _(x, y, w, p, u):
        r, phi, _ = polar(x, y)
        d = p["rings2_val"] ** 2 + EPS
        rho = r - 2 * d * math.trunc((r + d) / (2 * d)) + r * (1 - d)
        return w * rho * math.sin(phi), w * rho * math.cos(phi)

    @reg("eyefish")
    def _(x, y, w, p, u):
        k = 2 * w / (math.hypot(x, y) + 1)
        return k * x, k * y

    @reg("bubble")
    def _(x, y, w, p, u):
        k = 4 * w / (x * x + y * y + 4)
        return k * x, k * y

    reg("cylinder")(lambda x, y, w, p, u: (w * math.sin(x), w * y))

    @reg("perspective")
    def _(x, y, w, p, u):
        ang, dist = p["perspective_angle"] * PI / 2, p["perspective_dist"]
        t = dist / (dist - y * math.sin(ang))
        return w * x * t, w * y * math.cos(ang) * t

    @reg("noise")
    def _(x, y, w, p, u):
        a, k = 2 * PI * u(), w * u()
        return x * k * math.cos(a), y * k * math.sin(a)

    @reg("julian")
    def _(x, y, w, p, u):
        n, d = p["julian_power"], p["julian_dist"]
        branch = math.trunc(abs(n) * u())
        a = (math.atan2(y, x) + 2 * PI * branch) / n
        return from_polar(w * math.hypot(x, y) ** (d / n), a)

    @reg("juliascope")
    def _(x, y, w, p, u):
        n, d = p["juliascope_power"], p["juliascope_dist"]
        branch = math.trunc(abs(n) * u())
        sign = 1.0 if branch % 2 == 0 else -1.0
        a = (2 * PI * branch + sign * math.atan2(y, x)) / n
        return from_polar(w * math.hypot(x, y) ** (d / n), a)

    @reg("blur")
    def _(x, y, w, p, u):
        a = 2 * PI * u()
        return from_polar(w * u(), a)

    @reg("gaussian_blur")
    def _(x, y, w, p, u):
        a = 2 * PI * u()
        return from_polar(w * gauss4(u), a)

    @reg("radial_blur")
    def _(x, y, w, p, u):
        g = w * gauss4(u)
        ang = p["radial_blur_angle"] * PI / 2
        a = math.atan2(y, x) + math.sin(ang) * g
        rz = math.cos(ang) * g - 1
        ox, oy = from_polar(math.hypot(x, y), a)
        return ox + rz * x, oy + rz * y

    @reg("pie")
    def _(x, y, w, p, u):
        n = p["pie_slices"]
        sl = math.floor(u() * n + 0.5)
        a = p["pie_rotation"] + 2 * PI * (sl + u() * p["pie_thickness"]) / n
        return from_polar(w * u(), a)

    @reg("ngon")
    def _(x, y, w, p, u):
        b = 2 * PI / p["ngon_sides"]
        theta = math.atan2(y, x)
        phi = theta - b * math.floor(theta / b)
        if phi > b / 2:
            phi -= b
        amp = p["ngon_corners"] * (1 / (math.cos(phi) + EPS) - 1) + p["ngon_circle"]
        amp /= (x * x + y * y) ** (p["ngon_power"] / 2) + EPS
        return w * x * amp, w * y * amp

    @reg("curl")
    def _(x, y, w, p, u):
        z = complex(x, y)
        q = 1 + p["curl_c1"] * z + p["curl_c2"] * z * z
        v = w * z / q
        return v.real, v.imag

    @reg("rectangles")
    def _(x, y, w, p, u):
        def fold(t, s):
            return t if s == 0 else (2 * math.floor(t / s) + 1) * s - t

        return w * fold(x, p["rectangles_x"]), w * fold(y, p["rectangles_y"])

    @reg("arch")
    def _(x, y, w, p, u):
        a = u() * w * PI
        return w * math.sin(a), w * math.sin(a) ** 2 / math.cos(a)

    reg("tangent")(lambda x, y, w, p, u: (w * math.sin(x) / math.cos(y), w * math.tan(y)))
    reg("square")(lambda x, y, w, p, u: (w * (u() - 0.5), w * (u() - 0.5)))

    @reg("rays")
    def _(x, y, w, p, u):
        k = w * w * math.tan(u() * w * PI) / (x * x + y * y + EPS)
        return k * math.cos(x), k * math.sin(y)

    @reg("blade")
    def _(x, y, w, p, u):
        a = u() * w * math.hypot(x, y)
        return w * x * (math.cos(a) + math.sin(a)), w * x * (math.cos(a) - math.sin(a))

    @reg("secant2")
    def _(x, y, w, p, u):
        c = math.cos(w * math.hypot(x, y))
        return w * x, w * (1 / c + (1 if c < 0 else -1))

    @reg("twintrian")
    def _(x, y, w, p, u):
        a = u() * w * math.hypot(x, y)
        d = math.log10(math.sin(a) ** 2) + math.cos(a)
        return w * x * d, w * x * (d - PI * math.sin(a))

    @reg("cross")
    def _(x, y, w, p, u):
        k = w / math.sqrt((x * x - y * y) ** 2 + EPS)
        return k * x, k * y

    @reg("disc2")
    def _(x, y, w, p, u):
        tw = p["disc2_twist"]
        sin_add, cos_add = math.sin(tw), math.cos(tw) - 1
        if tw > 2 * PI:
            sin_add, cos_add = sin_add * (1 + tw - 2 * PI), cos_add * (1 + tw - 2 * PI)
        t = p["disc2_rot"] * PI * (x + y)
        k = w * math.atan2(x, y) / PI
        return k * (math.sin(t) + cos_add), k * (math.cos(t) + sin_add)

    @reg("super_shape")
    def _(x, y, w, p, u):
        r = math.hypot(x, y)
        th = p["super_shape_m"] / 4 * math.atan2(y, x) + PI / 4
        sh = abs(math.cos(th)) ** p["super_shape_n2"] + abs(math.sin(th)) ** p["super_shape_n3"]
        rnd = p["super_shape_rnd"]
        rho = (rnd * u() + (1 - rnd) * r - p["super_shape_holes"]) * sh ** (
            -1 / p["super_shape_n1"]
        )
        return w * rho * x / r, w * rho * y / r

    @reg("flower")
    def _(x, y, w, p, u):
        r = math.hypot(x, y)
        rho = (u() - p["flower_holes"]) * math.cos(p["flower_petals"] * math.atan2(y, x))
        return w * rho * x / r, w * rho * y / r

    @reg("conic")
    def _(x, y, w, p, u):
        r = math.hypot(x, y)
        e = p["conic_eccentricity"]
        rho = (u() - p["conic_holes"]) * e / (1 + e * x / r)
        return w * rho * x / r, w * rho * y / r

    @reg("parabola")
    def _(x, y, w, p, u):
        r = math.hypot(x, y)
        return (p["parabola_height"] * w * math.sin(r) ** 2 * u(),
                p["parabola_width"] * w * math.cos(r) * u())  # fmt: skip

    @reg("bent2")
    def _(x, y, w, p, u):
        return (w * (x * p["bent2_x"] if x < 0 else x),
                w * (y * p["bent2_y"] if y < 0 else y))  # fmt: skip

    @reg("bipolar")
    def _(x, y, w, p, u):
        r2 = x * x + y * y
        v = 0.5 * math.atan2(2 * y, r2 - 1) - PI / 2 * p["bipolar_shift"]
        if v > PI / 2:
            v = -PI / 2 + math.fmod(v + PI / 2, PI)
        elif v < -PI / 2:
            v = PI / 2 - math.fmod(PI / 2 - v, PI)
        return w / (2 * PI) * math.log((r2 + 1 + 2 * x) / (r2 + 1 - 2 * x)), w * 2 / PI * v

    @reg("boarders")
    def _(x, y, w, p, u):
        rx, ry = round(x), round(y)  # Python rounds halves to even, as C's rint
        ox, oy = x - rx, y - ry
        bx, by = ox / 2 + rx, oy / 2 + ry
        if u() >= 0.75:
            return w * bx, w * by
        if abs(ox) >= abs(oy):
            s = 1 if ox >= 0 else -1
            return w * (bx + s * 0.25), w * (by + s * 0.25 * oy / ox)
        s = 1 if oy >= 0 else -1
        return w * (bx + s * 0.25 * ox / oy), w * (by + s * 0.25)

    @reg("butterfly")
    def _(x, y, w, p, u):
        k = w * 4 / math.sqrt(3 * PI) * math.sqrt(abs(x * y) / (EPS + x * x + 4 * y * y))
        return k * x, k * 2 * y

    @reg("cell")
    def _(x, y, w, p, u):
        s = p["cell_size"]
        cx, cy = math.floor(x / s), math.floor(y / s)
        dx, dy = x - cx * s, y - cy * s

        def spread(n):  # 0, 1, 2, ... and -1, -2, ... onto the even and odd numbers
            return 2 * n if n >= 0 else -(2 * n + 1)

        return w * (dx + spread(cx) * s), -w * (dy + spread(cy) * s)

    @reg("cpow")
    def _(x, y, w, p, u):
        n = p["cpow_power"]
        z = complex(x, y)
        k = math.floor(n * u())
        # z ** ((r + i im) / n), on the k-th branch
        v = np.exp(complex(p["cpow_r"], p["cpow_i"]) / n * (np.log(z))) * np.exp(
            complex(0, 2 * PI * k / n)
        )
        return w * v.real, w * v.imag

    @reg("curve")
    def _(x, y, w, p, u):
        xl, yl = max(p["curve_xlength"] ** 2, 1e-20), max(p["curve_ylength"] ** 2, 1e-20)
        return (w * (x + p["curve_xamp"] * math.exp(-y * y / xl)),
                w * (y + p["curve_yamp"] * math.exp(-x * x / yl)))  # fmt: skip

    @reg("edisc")
    def _(x, y, w, p, u):
        r2 = x * x + y * y
        xm = (math.sqrt(r2 + 1 + 2 * x) + math.sqrt(r2 + 1 - 2 * x)) / 2
        a1 = math.log(xm + math.sqrt(xm - 1))
        a2 = -math.acos(x / xm)
        s = -math.sin(a1) if y > 0 else math.sin(a1)
        k = w / 11.57034632
        return k * math.cosh(a2) * math.cos(a1), k * math.sinh(a2) * s

    @reg("elliptic")
    def _(x, y, w, p, u):
        r2 = x * x + y * y
        xm = (math.sqrt(r2 + 1 + 2 * x) + math.sqrt(r2 + 1 - 2 * x)) / 2
        a = x / xm
        b = math.sqrt(max(1 - a * a, 0.0))
        ly = math.log(xm + math.sqrt(max(xm - 1, 0.0)))
        k = 2 * w / PI
        return k * math.atan2(a, b), k * ly if y > 0 else -k * ly

    @reg("escher")
    def _(x, y, w, p, u):
        b = p["escher_beta"]
        e = complex(1 + math.cos(b), math.sin(b)) / 2
        v = w * np.exp(e * np.log(complex(x, y)))
        return v.real, v.imag

    @reg("foci")
    def _(x, y, w, p, u):
        ex = math.exp(x) / 2
        k = w / (ex + 0.25 / ex - math.cos(y))
        return k * (ex - 0.25 / ex), k * math.sin(y)

    @reg("lazysusan")
    def _(x, y, w, p, u):
        lx, ly = p["lazysusan_x"], p["lazysusan_y"]
        qx, qy = x - lx, y + ly
        d = math.hypot(qx, qy)
        if d < w:
            a = math.atan2(qy, qx) + p["lazysusan_spin"] + p["lazysusan_twist"] * (w - d)
            ox, oy = from_polar(w * d, a)
            return ox + lx, oy - ly
        k = w * (1 + p["lazysusan_space"] / d)
        return k * qx + lx, k * qy - ly

    @reg("loonie")
    def _(x, y, w, p, u):
        r2 = x * x + y * y
        k = w * math.sqrt(w * w / r2 - 1) if r2 < w * w else w
        return k * x, k * y

    @reg("pre_blur")
    def _(x, y, w, p, u):
        return 0.0, 0.0  # it moves the point instead; see test_pre_blur_moves_the_point

    @reg("modulus")
    def _(x, y, w, p, u):
        def fold(t, m):
            if t > m:
                return -m + math.fmod(t + m, 2 * m)
            if t < -m:
                return m - math.fmod(m - t, 2 * m)
            return t

        return w * fold(x, p["modulus_x"]), w * fold(y, p["modulus_y"])

    @reg("oscilloscope")
    def _(x, y, w, p, u):
        damp = p["oscope_damping"]
        env = math.exp(-abs(x) * damp) if damp else 1.0
        t = (p["oscope_amplitude"] * env * math.cos(2 * PI * p["oscope_frequency"] * x)
             + p["oscope_separation"])  # fmt: skip
        return w * x, -w * y if abs(y) <= t else w * y

    @reg("polar2")
    def _(x, y, w, p, u):
        return w / PI * math.atan2(x, y), w / (2 * PI) * math.log(x * x + y * y)

    @reg("popcorn2")
    def _(x, y, w, p, u):
        c = p["popcorn2_c"]
        return (w * (x + p["popcorn2_x"] * math.sin(math.tan(c * y))),
                w * (y + p["popcorn2_y"] * math.sin(math.tan(c * x))))  # fmt: skip

    @reg("scry")
    def _(x, y, w, p, u):
        r2 = x * x + y * y
        k = 1 / (math.sqrt(r2) * (r2 + 1 / (w + EPS)))
        return k * x, k * y

    @reg("separation")
    def _(x, y, w, p, u):
        def sep(t, s, inside):
            return (math.sqrt(t * t + s * s) - t * inside if t > 0
                    else -(math.sqrt(t * t + s * s) + t * inside))  # fmt: skip

        return (w * sep(x, p["separation_x"], p["separation_xinside"]),
                w * sep(y, p["separation_y"], p["separation_yinside"]))  # fmt: skip

    @reg("split")
    def _(x, y, w, p, u):
        sx = 1 if math.cos(PI * p["split_ysize"] * y) >= 0 else -1
        sy = 1 if math.cos(PI * p["split_xsize"] * x) >= 0 else -1
        return w * sx * x, w * sy * y

    @reg("splits")
    def _(x, y, w, p, u):
        sx, sy = p["splits_x"], p["splits_y"]  # pushed away from the axes
        return w * (x + sx if x >= 0 else x - sx), w * (y + sy if y >= 0 else y - sy)

    @reg("stripes")
    def _(x, y, w, p, u):
        rx = math.floor(x + 0.5)
        ox = x - rx
        return w * (ox * (1 - p["stripes_space"]) + rx), w * (y + ox * ox * p["stripes_warp"])

    @reg("wedge")
    def _(x, y, w, p, u):
        r = math.hypot(x, y)
        a = wedge_fold(math.atan2(y, x) + p["wedge_swirl"] * r, p["wedge_count"],
                       p["wedge_angle"])  # fmt: skip
        return from_polar(w * (r + p["wedge_hole"]), a)

    @reg("wedge_julia")
    def _(x, y, w, p, u):
        n = p["wedge_julia_power"]
        branch = math.trunc(abs(n) * u())
        a = (math.atan2(y, x) + 2 * PI * branch) / n
        a = wedge_fold(a, p["wedge_julia_count"], p["wedge_julia_angle"])
        return from_polar(w * math.hypot(x, y) ** (p["wedge_julia_dist"] / n), a)

    @reg("wedge_sph")
    def _(x, y, w, p, u):
        inv = 1 / (math.hypot(x, y) + EPS)
        a = wedge_fold(math.atan2(y, x) + p["wedge_sph_swirl"] * inv, p["wedge_sph_count"],
                       p["wedge_sph_angle"])  # fmt: skip
        return from_polar(w * (inv + p["wedge_sph_hole"]), a)

    @reg("whorl")
    def _(x, y, w, p, u):
        r = math.hypot(x, y)
        turn = p["whorl_inside"] if r < w else p["whorl_outside"]
        return from_polar(w * r, math.atan2(y, x) + turn / (w - r))

    @reg("waves2")
    def _(x, y, w, p, u):
        return (w * (x + p["waves2_scalex"] * math.sin(y * p["waves2_freqx"])),
                w * (y + p["waves2_scaley"] * math.sin(x * p["waves2_freqy"])))  # fmt: skip

    # The complex functions f(z), z = x + iy, each scaled by w.
    def cfun(name, f):
        def ref(x, y, w, p, u):
            v = w * f(complex(x, y))
            return v.real, v.imag

        R[name] = ref

    cfun("exp", np.exp)
    cfun("log", np.log)
    cfun("sin", np.sin)
    cfun("cos", np.cos)
    cfun("tan", np.tan)
    cfun("sec", lambda z: 1 / np.cos(z))
    cfun("csc", lambda z: 1 / np.sin(z))
    cfun("cot", lambda z: 1 / np.tan(z))
    cfun("sinh", np.sinh)
    cfun("cosh", np.cosh)
    cfun("tanh", np.tanh)
    cfun("sech", lambda z: 1 / np.cosh(z))
    cfun("csch", lambda z: 1 / np.sinh(z))
    cfun("coth", lambda z: np.conj(1 / np.tanh(z)))  # flam3's coth is the conjugate

    @reg("auger")
    def _(x, y, w, p, u):
        f, aw, sc = p["auger_freq"], p["auger_weight"], p["auger_scale"]
        sx, sy = math.sin(f * x), math.sin(f * y)
        nx = x + aw * (sc * sy / 2 + abs(x) * sy)
        ny = y + aw * (sc * sx / 2 + abs(y) * sx)
        return w * (x + p["auger_sym"] * (nx - x)), w * ny

    @reg("flux")
    def _(x, y, w, p, u):
        zp, zm = complex(x + w, y), complex(x - w, y)
        rho = w * (2 + p["flux_spread"]) * math.sqrt(abs(zp) / abs(zm))
        a = (np.angle(zm) - np.angle(zp)) / 2
        return from_polar(rho, a)

    @reg("mobius")
    def _(x, y, w, p, u):
        a = complex(p["mobius_re_a"], p["mobius_im_a"])
        b = complex(p["mobius_re_b"], p["mobius_im_b"])
        c = complex(p["mobius_re_c"], p["mobius_im_c"])
        d = complex(p["mobius_re_d"], p["mobius_im_d"])
        z = complex(x, y)
        v = w * (a * z + b) / (c * z + d)
        return v.real, v.imag

    return R


REFS = _ref_table()


def test_every_flam3_variation_has_a_reference():
    assert sorted(REFS) == sorted(VARIATION_NAMES)


def _kernel_point(name: str, x: float, y: float, params: dict[str, float]) -> tuple:
    xf = Xform(weight=1.0, coefs=COEFS, variations=((name, W),),
               params=tuple(params.items()))  # fmt: skip
    flame = Flame(xforms=(xf,), palette=((1.0, 1.0, 1.0, 1.0),) * 256)
    X = pack(flame).X
    px, py, _, _ = K.apply_xform_at(X, 0, x, y, 0.0, STATE)
    return px, py


def _affine(x: float, y: float) -> tuple[float, float]:
    a, d, b, e, c, f = COEFS
    return a * x + b * y + c, d * x + e * y + f


@pytest.mark.parametrize("name", [n for n in VARIATION_NAMES if n != "pre_blur"])
def test_variation_matches_its_formula(name: str):
    params = {k: v for k, v in PARAMS.items()}
    p = dict(params, b=COEFS[2], e=COEFS[3], c=COEFS[4], f=COEFS[5])
    for x, y in POINTS:
        draws = iter(K.random_sequence(STATE, 16))
        tx, ty = _affine(x, y)
        want = REFS[name](tx, ty, W, p, draws.__next__)
        got = _kernel_point(name, x, y, params)
        assert np.allclose(got, want, rtol=1e-8, atol=1e-10, equal_nan=True), (
            f"{name} at ({x}, {y}): kernel {got}, formula {want}"
        )


def test_pre_blur_moves_the_point_before_the_other_variations():
    # pre_blur jitters the affine image by a bell-curve step; linear then copies it.
    draws = iter(K.random_sequence(STATE, 8))
    g = 0.4 * (next(draws) + next(draws) + next(draws) + next(draws) - 2.0)
    a = 2 * PI * next(draws)
    tx, ty = _affine(0.3, 0.4)
    want = (tx + g * math.cos(a), ty + g * math.sin(a))
    xf = Xform(weight=1.0, coefs=COEFS, variations=(("pre_blur", 0.4), ("linear", 1.0)))
    X = pack(Flame(xforms=(xf,), palette=((1.0,) * 4,) * 256)).X
    got = K.apply_xform_at(X, 0, 0.3, 0.4, 0.0, STATE)[:2]
    assert np.allclose(got, want, rtol=1e-12)


def test_variations_sum_then_post_transform_and_colour_blend():
    post = (0.5, 0.2, -0.3, 0.8, 0.1, -0.4)
    xf = Xform(weight=1.0, color=0.9, color_speed=0.3, coefs=COEFS, post=post,
               variations=(("linear", 0.5), ("sinusoidal", 0.25)))  # fmt: skip
    X = pack(Flame(xforms=(xf,), palette=((1.0,) * 4,) * 256)).X
    px, py, pc, _ = K.apply_xform_at(X, 0, 0.3, -0.6, 0.2, STATE)
    tx, ty = _affine(0.3, -0.6)
    vx = 0.5 * tx + 0.25 * math.sin(tx)
    vy = 0.5 * ty + 0.25 * math.sin(ty)
    a, d, b, e, c, f = post
    assert np.allclose((px, py), (a * vx + b * vy + c, d * vx + e * vy + f), rtol=1e-12)
    assert pc == pytest.approx(0.3 * 0.9 + 0.7 * 0.2)


def test_generator_is_uniform_and_reproducible():
    u = K.random_sequence(STATE, 200_000)
    assert np.array_equal(u, K.random_sequence(STATE, 200_000))
    assert u.min() >= 0.0 and u.max() < 1.0
    assert abs(u.mean() - 0.5) < 0.005
    hist, _ = np.histogram(u, bins=10, range=(0.0, 1.0))
    assert hist.min() > 19_000 and hist.max() < 21_000
