"""The .flam3 parser on real files: genomes written by hand after the format, and genomes
made by flam3-genome (committed; flam3 is not needed to run these tests)."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import numpy as np
import pytest

from kellan.flame import kernel as K
from kellan.flame.genome import Flame, FlameError, load_flame, load_flames, parse_flames
from kellan.flame.pack import pack, param_slot
from kellan.flame.palettes import rotate_hue
from kellan.flame.variations import PARAM_DEFAULTS, VARIATION_NAMES
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "flames"
GENERATED = sorted((DATA / "generated").glob("*.flam3"))


@pytest.fixture
def test_palettes(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point flam3's palette lookup at the small stand-in file of the tests."""
    path = DATA / "palettes.xml"
    monkeypatch.setenv("flam3_palettes", str(path))
    return path


def test_generated_genomes_parse_without_warnings():
    assert len(GENERATED) >= 8
    for path in GENERATED:
        flames, warnings = load_flames(path)
        assert warnings == [], path
        for f in flames:
            assert f.size == (640, 480) and f.quality == 10
            assert len(f.palette) == 256 and all(len(c) == 4 for c in f.palette)
            assert f.xforms and all(x.weight >= 0 for x in f.xforms)
            pack(f)  # every variation and parameter has a place in the kernel's table


def test_generated_genome_values():
    f, _ = load_flame(DATA / "generated" / "flam3-genome-1.flam3")
    assert f.center == (-0.341205, 0.2058)
    assert f.final_xform is not None
    assert f.estimator_radius == 9 and f.gamma_threshold == 0.01


def test_generated_file_with_three_flames():
    flames, _ = load_flames(DATA / "generated" / "flam3-genome-three.flam3")
    assert len(flames) == 3
    second, _ = load_flame(DATA / "generated" / "flam3-genome-three.flam3", 1)
    assert second == flames[1]


def test_symmetry_element_adds_its_xforms_like_flam3():
    # <symmetry kind="-3"/>: a mirror and two rotations, added before the file's xforms.
    text = (DATA / "generated" / "flam3-genome-mirror3.flam3").read_text()
    f, _ = load_flame(DATA / "generated" / "flam3-genome-mirror3.flam3")
    assert len(f.xforms) == text.count("<xform") + 3
    mirror = f.xforms[0]
    assert mirror.coefs == (-1.0, 0.0, 0.0, 1.0, 0.0, 0.0) and mirror.color_speed == 0.0
    assert f.xforms[1].coefs[0] == pytest.approx(-0.5)


def test_hand_written_sierpinski():
    f, warnings = load_flame(DATA / "sierpinski.flam3")
    assert warnings == []
    assert (f.name, f.size, f.center, f.scale, f.quality) == (
        "sierpinski", (64, 64), (0.5, 0.5), 56.0, 20.0,
    )  # fmt: skip
    assert f.gamma == 2.5 and f.estimator_radius == 0.0
    assert [x.weight for x in f.xforms] == [1.0, 1.0, 2.0]
    assert f.xforms[0].color_speed == 0.5  # symmetry="0": (1 - 0) / 2
    assert f.xforms[1].color_speed == 0.25
    assert f.xforms[1].coefs == (0.5, 0.0, 0.0, 0.5, 0.5, 0.0)
    assert f.xforms[2].variations == (("linear", 1.0),)
    # Three colours given; the rest interpolated: entry 64 is halfway red -> green.
    assert f.palette[0] == (1.0, 0.0, 0.0, 1.0)
    assert f.palette[64] == pytest.approx((0.5, 0.5, 0.0, 1.0))
    assert f.palette[255] == (0.0, 0.0, 1.0, 1.0)


def test_showcase_final_xform_post_and_palette_by_number(test_palettes: Path):
    f, warnings = load_flame(DATA / "showcase.flam3", 0)
    assert warnings == []
    assert f.name == "final-post-index" and f.rotate == 30.0
    assert f.background == (0.1, 0.0, 0.2) and f.vibrancy == 0.8
    assert f.palette_index == 9 and f.hue == 0.25
    julian = f.xforms[0]
    assert dict(julian.variations) == {"julian": 0.6, "linear": 0.4}
    assert julian.param("julian_power") == 3.0 and julian.param("julian_dist") == 0.7
    assert julian.param("rings2_val") == PARAM_DEFAULTS["rings2_val"]
    assert julian.post == (1.0, 0.0, 0.0, 1.0, 0.05, 0.02)
    assert f.final_xform is not None and f.final_xform.color_speed == 0.0
    assert dict(f.final_xform.variations) == {"spherical": 0.3, "linear": 0.7}
    # Palette 9 of the file is a red ramp; hue 0.25 turns red a quarter of the wheel.
    ramp = np.stack([np.arange(256) / 255.0, np.zeros(256), np.zeros(256)], axis=1)
    want = rotate_hue(ramp, 0.25)
    assert np.allclose(np.array(f.palette)[:, :3], want)
    assert f.palette[255][:3] == pytest.approx((0.5, 1.0, 0.0))


def test_showcase_hex_palette_xaos_and_oversample():
    f, _ = load_flame(DATA / "showcase.flam3", 1)
    assert (f.oversample, f.filter_shape, f.palette_mode) == (2, "bell", "linear")
    assert f.highlight_power == 1.0 and f.estimator_curve == 0.6
    assert f.xforms[0].chaos == (0.0, 1.0, 1.0)
    assert f.xforms[2].opacity == 0.5
    assert len(set(f.palette)) > 200  # the <palette> hex block, not white
    p = pack(f)
    assert p.chaos and p.pick.shape == (4, K.PICK_GRAIN)
    assert not np.any(p.pick[1] == 0)  # chaos 0: xform 0 never follows xform 0
    assert np.all(p.pick[0] < 3)


def test_index_out_of_range_names_the_count():
    with pytest.raises(FlameError, match=r"showcase\.flam3: has 2 flame\(s\); there is no index 5"):
        load_flame(DATA / "showcase.flam3", 5)


def test_bad_xml_names_file_and_line():
    path = DATA / "bad_xml.flam3"
    with pytest.raises(FlameError) as err:
        load_flame(path)
    assert str(err.value).startswith(f"{path}:4: bad XML: mismatched tag")


def test_bad_value_names_file_line_and_attribute():
    path = DATA / "bad_value.flam3"
    with pytest.raises(FlameError, match=rf"^{path}:4: <xform> coefs='1 0 0 1 0': expected 6"):
        load_flame(path)


def test_non_finite_number_is_refused_with_its_line():
    path = DATA / "nonfinite.flam3"
    with pytest.raises(FlameError, match=rf"^{path}:1: <flame> brightness='inf'"):
        load_flame(path)
    with pytest.raises(FlameError, match=r"not a finite number"):
        parse_flames('<flame><xform weight="nan" linear="1"/></flame>', "t.flam3")


def test_absurd_size_is_refused():
    with pytest.raises(FlameError, match=r"huge_size\.flam3:1: size='100000 100000'"):
        load_flame(DATA / "huge_size.flam3")


def test_file_over_16_mb_is_refused_before_reading(tmp_path: Path):
    big = tmp_path / "big.flam3"
    with big.open("wb") as fh:
        fh.truncate(16 * 1024 * 1024 + 1)  # sparse: costs no disk
    with pytest.raises(FlameError, match=r"big\.flam3: 16777217 bytes is over"):
        load_flame(big)


def test_entity_declarations_are_refused():
    text = '<!DOCTYPE f [<!ENTITY a "aaaa">]>\n<flame><xform weight="1"/></flame>'
    with pytest.raises(FlameError, match=r"t\.flam3:1: bad XML: entity declarations"):
        parse_flames(text, "t.flam3")


def test_unsupported_variation_loads_with_a_warning_naming_it():
    path = DATA / "unsupported.flam3"
    f, warnings = load_flame(path)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}:3:")
    assert "hemisphere" in warnings[0] and "julia3D" in warnings[0]
    assert f.xforms[1].variations == (("linear", 0.5),)


def test_missing_palette_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("flam3_palettes", "/nonexistent/flam3-palettes.xml")
    text = '<flame palette="3">\n<xform weight="1" linear="1"/>\n</flame>\n'
    with pytest.raises(FlameError) as err:
        parse_flames(text, "p.flam3")
    msg = str(err.value)
    assert msg.startswith("p.flam3:1: palette=3:") and "flam3-palette" in msg
    assert "\n" not in msg


def test_missing_palette_number_is_a_clear_error(test_palettes: Path):
    with pytest.raises(FlameError, match=r"p\.flam3:1: palette=3: .* has no palette number 3"):
        parse_flames('<flame palette="3"><xform weight="1" linear="1"/></flame>', "p.flam3")


def test_genomes_are_frozen():
    f, _ = load_flame(DATA / "sierpinski.flam3")
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.scale = 3.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.xforms[0].weight = 3.0  # type: ignore[misc]
    assert isinstance(f, Flame) and hash(f.xforms[0]) == hash(f.xforms[0])


def test_final_xform_with_weight_is_an_error():
    text = '<flame>\n<xform weight="1" linear="1"/>\n<finalxform weight="1" linear="1"/>\n</flame>'
    with pytest.raises(FlameError, match=r"t\.flam3:3: a <finalxform> must not have a weight"):
        parse_flames(text, "t.flam3")


def test_kernel_numbers_match_flam3s_variation_table():
    for number, name in enumerate(VARIATION_NAMES):
        assert getattr(K, "V_" + name.upper()) == number, name
    slots = [param_slot(name) for name in PARAM_DEFAULTS]
    assert len(set(slots)) == len(slots) and max(slots) < K.N_PARAMS


def test_palette_file_can_come_from_the_environment(tmp_path: Path, test_palettes: Path):
    assert os.environ["flam3_palettes"] == str(test_palettes)  # noqa: SIM112 - flam3's name
    f, _ = parse_flames('<flame palette="7"><xform weight="1" linear="1"/></flame>')
    assert f[0].palette[128][:3] == pytest.approx((128 / 255,) * 3)
