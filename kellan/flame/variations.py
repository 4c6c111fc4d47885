"""The flam3 variation table: names in flam3's numbering and the parameters they read.

Pure Python (no numba): the genome parser uses it to recognise attributes, and
kellan.flame.pack to lay a genome out for the kernel. The kernel has its own literal
copies of the numbers (numba's cache rule, see kernel.py); a test checks that they agree.
"""

from __future__ import annotations

import math

# flam3's variation numbering (variations.c, flam3 3.1.1): index = variation number.
VARIATION_NAMES: tuple[str, ...] = (
    "linear", "sinusoidal", "spherical", "swirl", "horseshoe", "polar",  # 0-5
    "handkerchief", "heart", "disc", "spiral", "hyperbolic", "diamond",  # 6-11
    "ex", "julia", "bent", "waves", "fisheye", "popcorn",  # 12-17
    "exponential", "power", "cosine", "rings", "fan", "blob",  # 18-23
    "pdj", "fan2", "rings2", "eyefish", "bubble", "cylinder",  # 24-29
    "perspective", "noise", "julian", "juliascope", "blur", "gaussian_blur",  # 30-35
    "radial_blur", "pie", "ngon", "curl", "rectangles", "arch",  # 36-41
    "tangent", "square", "rays", "blade", "secant2", "twintrian",  # 42-47
    "cross", "disc2", "super_shape", "flower", "conic", "parabola",  # 48-53
    "bent2", "bipolar", "boarders", "butterfly", "cell", "cpow",  # 54-59
    "curve", "edisc", "elliptic", "escher", "foci", "lazysusan",  # 60-65
    "loonie", "pre_blur", "modulus", "oscilloscope", "polar2", "popcorn2",  # 66-71
    "scry", "separation", "split", "splits", "stripes", "wedge",  # 72-77
    "wedge_julia", "wedge_sph", "whorl", "waves2", "exp", "log",  # 78-83
    "sin", "cos", "tan", "sec", "csc", "cot",  # 84-89
    "sinh", "cosh", "tanh", "sech", "csch", "coth",  # 90-95
    "auger", "flux", "mobius",  # 96-98
)  # fmt: skip

VARIATION_NUMBER: dict[str, int] = {name: i for i, name in enumerate(VARIATION_NAMES)}

# Every variation of flam3 3.1.1 is implemented by kellan.flame.kernel.
SUPPORTED: frozenset[str] = frozenset(VARIATION_NAMES)

# Variation parameters (xform attributes) with flam3's defaults (initialize_xforms).
PARAM_DEFAULTS: dict[str, float] = {
    "blob_low": 0.0, "blob_high": 1.0, "blob_waves": 1.0,
    "pdj_a": 0.0, "pdj_b": 0.0, "pdj_c": 0.0, "pdj_d": 0.0,
    "fan2_x": 0.0, "fan2_y": 0.0,
    "rings2_val": 0.0,
    "perspective_angle": 0.0, "perspective_dist": 0.0,
    "julian_power": 1.0, "julian_dist": 1.0,
    "juliascope_power": 1.0, "juliascope_dist": 1.0,
    "radial_blur_angle": 0.0,
    "pie_slices": 6.0, "pie_rotation": 0.0, "pie_thickness": 0.5,
    "ngon_sides": 5.0, "ngon_power": 3.0, "ngon_circle": 1.0, "ngon_corners": 2.0,
    "curl_c1": 1.0, "curl_c2": 0.0,
    "rectangles_x": 1.0, "rectangles_y": 1.0,
    "disc2_rot": 0.0, "disc2_twist": 0.0,
    "super_shape_rnd": 0.0, "super_shape_m": 0.0, "super_shape_n1": 1.0,
    "super_shape_n2": 1.0, "super_shape_n3": 1.0, "super_shape_holes": 0.0,
    "flower_petals": 0.0, "flower_holes": 0.0,
    "conic_eccentricity": 1.0, "conic_holes": 0.0,
    "parabola_height": 0.0, "parabola_width": 0.0,
    "bent2_x": 1.0, "bent2_y": 1.0,
    "bipolar_shift": 0.0,
    "cell_size": 1.0,
    "cpow_r": 1.0, "cpow_i": 0.0, "cpow_power": 1.0,
    "curve_xamp": 0.0, "curve_yamp": 0.0, "curve_xlength": 1.0, "curve_ylength": 1.0,
    "escher_beta": 0.0,
    "lazysusan_spin": 0.0, "lazysusan_space": 0.0, "lazysusan_twist": 0.0,
    "lazysusan_x": 0.0, "lazysusan_y": 0.0,
    "modulus_x": 0.0, "modulus_y": 0.0,
    "oscope_separation": 1.0, "oscope_frequency": math.pi, "oscope_amplitude": 1.0,
    "oscope_damping": 0.0,
    "popcorn2_x": 0.0, "popcorn2_y": 0.0, "popcorn2_c": 0.0,
    "separation_x": 0.0, "separation_xinside": 0.0,
    "separation_y": 0.0, "separation_yinside": 0.0,
    "split_xsize": 0.0, "split_ysize": 0.0,
    "splits_x": 0.0, "splits_y": 0.0,
    "stripes_space": 0.0, "stripes_warp": 0.0,
    "wedge_angle": 0.0, "wedge_hole": 0.0, "wedge_count": 1.0, "wedge_swirl": 0.0,
    "wedge_julia_angle": 0.0, "wedge_julia_count": 1.0, "wedge_julia_power": 1.0,
    "wedge_julia_dist": 0.0,
    "wedge_sph_angle": 0.0, "wedge_sph_count": 1.0, "wedge_sph_hole": 0.0,
    "wedge_sph_swirl": 0.0,
    "whorl_inside": 0.0, "whorl_outside": 0.0,
    "waves2_scalex": 0.0, "waves2_scaley": 0.0, "waves2_freqx": 0.0, "waves2_freqy": 0.0,
    "auger_freq": 1.0, "auger_weight": 0.5, "auger_sym": 0.0, "auger_scale": 1.0,
    "flux_spread": 0.0,
    "mobius_re_a": 0.0, "mobius_re_b": 0.0, "mobius_re_c": 0.0, "mobius_re_d": 0.0,
    "mobius_im_a": 0.0, "mobius_im_b": 0.0, "mobius_im_c": 0.0, "mobius_im_d": 0.0,
}  # fmt: skip

# Other spellings flam3 accepts for the same parameters.
PARAM_ALIASES: dict[str, str] = {
    "oscilloscope_separation": "oscope_separation",
    "oscilloscope_frequency": "oscope_frequency",
    "oscilloscope_amplitude": "oscope_amplitude",
    "oscilloscope_damping": "oscope_damping",
    "Re_A": "mobius_re_a", "Re_B": "mobius_re_b", "Re_C": "mobius_re_c", "Re_D": "mobius_re_d",
    "Im_A": "mobius_im_a", "Im_B": "mobius_im_b", "Im_C": "mobius_im_c", "Im_D": "mobius_im_d",
}  # fmt: skip


def canonical_param(name: str) -> str | None:
    """The parameter an attribute name sets, or None when it is not a parameter."""
    name = PARAM_ALIASES.get(name, name)
    return name if name in PARAM_DEFAULTS else None
