"""Hostile scene files: no traceback, no hang, no silent NaN, no flood, no misleading line."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kellan.scene import SceneError, load_scene, parse_scene
from kellan.scene.errors import MAX_LINE
from kellan.scene.loader import MAX_SCENE_BYTES
from kellan.scene.locate import scan
from tests.test_scene_loader import GOOD, problems


def one(text: str) -> tuple[str, int | None, str]:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


# -- 1. tracebacks and runaways ---------------------------------------------------------
def test_a_number_with_thousands_of_digits_is_located():
    _field, line, msg = one(GOOD.replace("seed = 7", "seed = " + "9" * 5000))
    assert line == 3 and "thousands of digits" in msg


@pytest.mark.parametrize(
    "value", ["[" * 5000 + "]" * 5000, "{a = " * 3000 + "1" + "}" * 3000], ids=["arrays", "tables"]
)
def test_deep_nesting_is_refused_with_its_line(value):
    _field, line, msg = one(GOOD + f"\n[camera]\ntarget = {value}\n")
    assert line == GOOD.count("\n") + 3 and "nested more than" in msg


def test_devices_and_pipes_are_refused_before_reading(tmp_path: Path):
    start = time.monotonic()
    with pytest.raises(SceneError, match="not a regular file"):
        load_scene("/dev/zero")
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(SceneError, match="not a regular file"):
        load_scene(fifo)  # would block forever if it were opened
    assert time.monotonic() - start < 5


def test_files_over_the_limit_are_refused_before_reading(tmp_path: Path):
    big = tmp_path / "big.toml"
    with open(big, "wb") as fh:
        fh.truncate(MAX_SCENE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(SceneError, match="limited to 16,777,216 bytes"):
        load_scene(big)


@pytest.mark.parametrize(
    "text",
    [
        # "[" and thousands of spaces inside a multi-line string: cubic with regexes.
        'title = """\n[' + " " * 3000 + "\nx\n" + '"""\n' * 1 + "seed = 1\n" + "a = 1\n" * 300,
        # 200,000 spaces inside a quoted key.
        '"' + " " * 200_000 + '" = 1\n',
        "x = [" + "[ " * 60 + "1" + " ]" * 60 + "]\n" + "# " + "[ " * 100_000,
    ],
    ids=["multiline-string", "quoted-key", "brackets"],
)
def test_locating_is_linear(text):
    start = time.monotonic()
    scan(text)
    with pytest.raises(SceneError):
        parse_scene(text, "slow.toml")
    # Linear: these take milliseconds; the regexes they replace took 17 s and 74 s.
    assert time.monotonic() - start < 2.0


def test_errors_never_echo_whole_values():
    huge = "x" * 1_000_000
    text = GOOD.replace('title = "Test"', f'title = "{huge}"').replace(
        '[dynamics]', f'[dynamics]\n"{huge}" = 1'
    )
    with pytest.raises(SceneError) as info:
        parse_scene(text, "long.toml")
    lines = str(info.value).splitlines()
    assert len(lines) == 2
    assert all(len(line) <= MAX_LINE for line in lines), [len(line) for line in lines]
    assert "1,000,000 characters" in str(info.value)


# -- 2. bad values that passed silently --------------------------------------------------
@pytest.mark.parametrize(
    ("snippet", "field"),
    [
        ("[camera]\nazimuth = nan\n", "camera.azimuth"),
        ("[camera]\ntarget = [0.0, inf, 0.0]\n", "camera.target[1]"),
        ("[protocol]\ntarget = -inf\n", "protocol.target"),
        ('[[sculptures]]\nid = "s"\nposition = [nan, 0, 0]\n', "sculptures[0].position[0]"),
        ('[[events]]\nat = 1.0\nkind = "rift"\nnormal = [1.0, 0.0, nan]\n', "events[0].normal[2]"),
    ],
)
def test_non_finite_numbers_are_refused_with_their_line(snippet, field):
    got_field, line, msg = one(GOOD + "\n" + snippet)
    assert got_field == field and "finite" in msg
    assert line == GOOD.count("\n") + 1 + snippet.count("\n")


# Finite but past float32 (3.4e38): these passed, then overflowed at run time (a
# sculpture's vertices became inf). Each field is bounded to a stage-sized magnitude.
@pytest.mark.parametrize(
    ("snippet", "field"),
    [
        ("[camera]\nazimuth = 1e39\n", "camera.azimuth"),
        ("[camera]\ntarget = [1e39, 0, 0]\n", "camera.target[0]"),
        ('[[sculptures]]\nid = "s"\nposition = [1e39, 0, 0]\n', "sculptures[0].position[0]"),
        ('[[sculptures]]\nid = "s"\nrotation = [0, 0, 1e39]\n', "sculptures[0].rotation[2]"),
        ('[[sculptures]]\nid = "s"\nshape = "torus"\nparams = { major = 1e39 }\n',
         "sculptures[0].params.major"),
        ('[[sculptures]]\nid = "s"\nshape = "torus"\nparams = { segments = 100000 }\n',
         "sculptures[0].params.segments"),
        ("[[fractals]]\ncenter = [1e39, 0]\n", "fractals[0].center[0]"),
        ("[[fractals]]\nposition = [0, 1e39, 0]\n", "fractals[0].position[1]"),
        ("[[fractals]]\nrotation = [1e39, 0, 0]\n", "fractals[0].rotation[0]"),
        ('[[fractals]]\nkind = "mandelbrot"\nc = [1e39, 0]\n', "fractals[0].c[0]"),
        ("[[fractals]]\ntrap = { center = [0, 1e39] }\n", "fractals[0].trap.center[1]"),
        ('[[fractals]]\npalette = "custom"\ncolors = { d = [0, 0, 1e39] }\n',
         "fractals[0].colors.d[2]"),
        ("[[fractals]]\nduring = [0, 1e39]\n", "fractals[0].during[1]"),
        ('[[fractals]]\nbind = [{ param = "zoom", range = [1, 1e39] }]\n',
         "fractals[0].bind[0].range[1]"),
        ('[[live.midi]]\ncc = 1\ntarget = "dynamics.unity"\nmin = -1e39\n', "live.midi[0].min"),
        ('[[live.midi]]\ncc = 1\ntarget = "dynamics.unity"\nmax = 1e39\n', "live.midi[0].max"),
    ],
)  # fmt: skip
def test_huge_numbers_are_refused_with_their_line(snippet, field):
    got_field, line, msg = one(GOOD + "\n" + snippet)
    assert got_field == field and "than or equal to" in msg
    assert line == GOOD.count("\n") + 1 + snippet.count("\n")


def test_a_zero_rift_normal_is_refused_with_its_line():
    field, line, msg = one(GOOD + '\n[[events]]\nat = 1.0\nkind = "rift"\nnormal = [0, 0, 0]\n')
    assert field == "events[0].normal" and line == GOOD.count("\n") + 5
    assert "must not be zero" in msg


def test_a_huge_rift_normal_is_a_direction():
    scene = parse_scene(GOOD + '\n[[events]]\nat = 1.0\nkind = "rift"\nnormal = [1e200, 0, 0]\n')
    assert scene.events[0].normal == (1e200, 0.0, 0.0)  # the core normalises it robustly


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("particles = 1000", "particles = true", "dynamics.particles"),
        ("particles = 1000", 'particles = "25000"', "dynamics.particles"),
        ("particles = 1000", "particles = 3.4e38", "dynamics.particles"),
        ("schema = 1", "schema = true", "schema"),
        ("hue = 10.0", 'hue = "10"', "participants[0].hue"),
        ("hue = 10.0", "hue = false", "participants[0].hue"),
    ],
)
def test_types_are_strict(old, new, field):
    got_field, line, msg = one(GOOD.replace(old, new))
    assert got_field == field and line is not None
    assert "input string" not in msg and "valid" in msg


def test_protocol_switch_must_be_a_boolean():
    field, _, msg = one(GOOD + '\n[protocol]\nenabled = "yes"\n')
    assert field == "protocol.enabled" and "valid boolean" in msg


# -- 3. messages that misled --------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "\n\n  \n", "# only a comment\n"])
def test_an_empty_file_says_so(text):
    field, _line, msg = one(text)
    assert field == "" and "the file is empty" in msg


def test_a_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_scene(path).title == "Test"


def test_syntax_errors_at_the_end_of_the_file_have_a_line():
    _field, line, msg = one(GOOD + "\n[camera]\ntarget = [1, 2,")
    assert line == GOOD.count("\n") + 3 and "end of the file" in msg


def test_errors_after_a_multiline_string_point_at_the_real_key():
    text = GOOD.replace('title = "Test"', 'title = """Test\n[dynamics]\nparticles = -5\n"""')
    text = text.replace("particles = 1000", "particles = -1")
    field, line, _msg = one(text)
    assert field == "dynamics.particles"
    assert text.splitlines()[line - 1] == "particles = -1"


@pytest.mark.parametrize(
    ("snippet", "field", "says"),
    [
        ('[[sculptures]]\nid = "s"\nparams = { p = 2, q = 3, tube = nan }\n',
         "sculptures[0].params.tube", "finite"),
        ('[[sculptures]]\nid = "s"\nparams = { p = 2, q = 3, tube = "thin" }\n',
         "sculptures[0].params.tube", "a valid number, or a valid integer"),
        ("[render]\nscale = 2.0\n", "render.scale", "less than or equal to 1"),
        ('[render]\nscale = "big"\n', "render.scale", "'auto', or a valid number"),
    ],
)  # fmt: skip
def test_a_value_no_branch_of_a_union_takes_is_one_problem_at_its_own_path(
    snippet, field, says
):
    # pydantic reports each branch ("params.tube.float", "params.tube.int"): two lines for
    # one value, named by types the artist never wrote.
    got_field, line, msg = one(GOOD + "\n" + snippet)
    assert got_field == field and says in msg
    assert line == GOOD.count("\n") + 1 + snippet.count("\n")
