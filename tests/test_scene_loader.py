"""Every class of bad scene file gets an error naming the file, the field and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from kellan.scene import Scene, SceneError, load_scene, parse_scene
from tests.conftest import DEFAULT_SCENE, SCENES, run_kellan

GOOD = """\
schema = 1
title = "Test"
seed = 7

[dynamics]
particles = 1000

[[participants]]
id = "a"
name = "A"
hue = 10.0
emotion = { pleasure = 0.5, arousal = 0.1, dominance = 0.0 }

[[participants]]
id = "b"
name = "B"
hue = 200.0
"""


def problems(text: str) -> list[tuple[str, int | None, str]]:
    with pytest.raises(SceneError) as info:
        parse_scene(text, "bad.toml")
    return [(p.field, p.line, p.message) for p in info.value.problems]


def test_good_scene_parses_into_frozen_models():
    scene = parse_scene(GOOD)
    assert scene.dynamics.particles == 1000
    assert scene.participants[1].emotion.pleasure == 0.0
    with pytest.raises(ValidationError):
        scene.participants[0].hue = 3.0  # type: ignore[misc]


def test_bundled_scenes_are_valid():
    for path in SCENES.glob("*.toml"):
        assert isinstance(load_scene(path), Scene)


def test_default_scene_tells_the_story():
    scene = load_scene(DEFAULT_SCENE)
    names = {p.name for p in scene.participants}
    assert names == {"Kellan Thorne", "Siena", "Jasper", "Rhea"}
    assert len(scene.sculptures) == 1 and len(scene.fractals) == 1
    by_id = {p.id: p.emotion for p in scene.participants}
    assert by_id["rhea"].pleasure < 0 < by_id["siena"].pleasure  # Rhea troubled, Siena delighted
    assert by_id["jasper"].arousal < by_id["siena"].arousal  # Jasper's calm steadies


def test_toml_syntax_error_has_line():
    text = GOOD.replace('title = "Test"', "title = ")
    [(_, line, msg)] = problems(text)
    assert line == 2 and "TOML syntax error" in msg


def test_unknown_key_is_an_error_with_hint_and_line():
    text = GOOD.replace("particles = 1000", "particles = 1000\nturbulance = 2.0")
    [(field, line, msg)] = problems(text)
    assert field == "dynamics.turbulance"
    assert line == 7
    assert "did you mean 'turbulence'" in msg


def test_unknown_section_is_an_error_with_hint():
    [(field, line, msg)] = problems(GOOD + "\n[camra]\nfov = 30\n")
    assert field == "camra" and "did you mean 'camera'" in msg
    assert line == GOOD.count("\n") + 2


def test_out_of_range_value_in_inline_table_names_field_and_line():
    text = GOOD.replace("pleasure = 0.5", "pleasure = 1.5")
    [(field, line, msg)] = problems(text)
    assert field == "participants[0].emotion.pleasure"
    assert line == 12
    assert "less than or equal to 1" in msg and "1.5" in msg


def test_wrong_type_in_second_array_table():
    text = GOOD.replace("hue = 200.0", 'hue = "blue"')
    [(field, line, _)] = problems(text)
    assert field == "participants[1].hue" and line == 17


def test_missing_required_field():
    text = GOOD.replace('name = "B"\n', "")
    [(field, line, msg)] = problems(text)
    assert field == "participants[1].name" and "required" in msg
    assert line == 14  # the [[participants]] header that lacks it


def test_missing_schema_and_wrong_version():
    [(field, _, msg)] = problems(GOOD.replace("schema = 1\n", ""))
    assert field == "schema" and "required" in msg
    [(field, line, msg)] = problems(GOOD.replace("schema = 1", "schema = 2"))
    assert field == "schema" and line == 1 and "version 2 is not supported" in msg


def test_duplicate_ids_are_rejected():
    text = GOOD.replace('id = "b"', 'id = "a"')
    [(field, line, msg)] = problems(text)
    # Named at the second use, with its line, and without pydantic's "Value error," prefix.
    assert field == "participants[1].id" and line == 15
    assert msg == "id 'a' is already used by participants[0]"


def test_no_participants():
    text = GOOD.split("[[participants]]")[0]
    [(field, _, _)] = problems(text)
    assert field == "participants"


def test_file_level_errors(tmp_path: Path):
    with pytest.raises(SceneError, match="no such file"):
        load_scene(tmp_path / "missing.toml")
    with pytest.raises(SceneError, match="is a directory"):
        load_scene(tmp_path)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b'schema = 1\ntitle = "\xff\xfe"\n')
    with pytest.raises(SceneError) as info:
        load_scene(binary)
    assert str(info.value) == f"{binary}:2: is not UTF-8 text"


def test_error_message_names_file_field_and_line(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace("particles = 1000", "particles = -1"))
    with pytest.raises(SceneError) as info:
        load_scene(bad)
    assert str(info.value).startswith(f"{bad}:6: dynamics.particles: ")


def test_cli_validate_exit_codes_and_located_message(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace("arousal = 0.1", "arousal = 7"))
    ok = run_kellan("validate", str(DEFAULT_SCENE))
    assert ok.returncode == 0, ok.stderr
    assert "ok" in ok.stdout
    res = run_kellan("validate", str(DEFAULT_SCENE), str(bad))
    assert res.returncode == 1
    assert f"{bad}:12: participants[0].emotion.arousal:" in res.stderr
    assert "Traceback" not in res.stderr


def test_cli_render_of_broken_scene_is_one_clean_line(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text("schema = 1\ntitle = \n")
    res = run_kellan("render", str(bad), "-o", str(tmp_path / "x.png"))
    assert res.returncode == 1
    assert res.stderr.strip() == f"{bad}:2: TOML syntax error: Invalid value"
    assert not (tmp_path / "x.png").exists()


def test_events_and_protocol_are_validated():
    scene = parse_scene(
        GOOD
        + "\n[protocol]\nenabled = true\ntarget = 0.2\n"
        + '\n[[events]]\nat = 3.0\nkind = "rift"\nheal = 4.0\n'
        + '\n[[events]]\nat = 5.0\nkind = "protocol"\nenabled = false\n'
    )
    assert scene.protocol.enabled and scene.events[0].normal is None
    assert scene.events[1].enabled is False
    [(field, line, msg)] = problems(GOOD + '\n[[events]]\nat = 3.0\nkind = "protocol"\n')
    assert field == "events[0].enabled" and "required" in msg
    assert line == GOOD.count("\n") + 2 and not msg.startswith("Value error")
    [(field, _, msg)] = problems(GOOD + '\n[[events]]\nat = 1.0\nkind = "rift"\nheel = 4.0\n')
    assert field == "events[0].heel" and "did you mean 'heal'" in msg
    [(field, line, msg)] = problems(GOOD + '\n[[events]]\nat = 1.0\nkind = "earthquake"\n')
    assert field == "events[0].kind" and line == GOOD.count("\n") + 4
    assert msg.startswith("unknown kind 'earthquake'; one of rift, protocol, emotion")
    [_, (field, _, msg)] = problems(GOOD + '\n[[events]]\nat = 1.0\nkind = "join"\nid = "x"\n')
    assert field == "events[0].id"  # the keys allowed are those of a join event
    assert "allowed here: at, kind, participant, name, hue, share, emotion" in msg


def test_readme_scene_example_is_valid():
    """The documented example in README.md must stay a valid scene."""
    from tests.conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```toml\n", 1)[1].split("```", 1)[0]
    scene = parse_scene(block, "README.md")
    assert scene.title == "Dream Art Festival"
    assert [e.kind for e in scene.events] == ["rift", "protocol", "emotion", "join", "leave"]
    assert scene.live.midi[0].target == "dynamics.unity" and scene.render.particles == "auto"
