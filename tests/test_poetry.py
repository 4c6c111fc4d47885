"""Rhea's poetry: the grammar, the engine's triggers and seeding, the anthology files,
their safety under a kill, the HTML page and the `kellan anthology` command."""

from __future__ import annotations

import html
import itertools
import math
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from kellan.core.measures import measures_from_tally
from kellan.core.simulation import N_GROUPS
from kellan.poetry import anthology as A
from kellan.poetry.cli import main as anthology_main
from kellan.poetry.generator import PoetryEngine, Thresholds
from kellan.poetry.grammar import EVENT_KINDS, GRAMMAR, REGIONS, region
from kellan.poetry.moment import Happening, Moment, Person, moment
from kellan.poetry.vocabulary import RULES
from tests.conftest import ROOT

NAMES = (("kellan", "Kellan Thorne", 188.0), ("siena", "Siena", 318.0),
         ("jasper", "Jasper", 132.0), ("rhea", "Rhea", 38.0))  # fmt: skip


def make_moment(
    t: float,
    pads: list[tuple[float, float, float]],
    calm: list[float] | None = None,
    attention: list[float] | None = None,
    events: tuple[Happening, ...] = (),
    people: tuple[tuple[str, str, float], ...] = NAMES,
    hz: int = 60,
) -> Moment:
    """A moment with measures from made-up per-participant counts (1000 particles each)."""
    n = len(pads)
    counts = np.zeros((N_GROUPS, 3))
    counts[:n, 0] = 1000
    counts[:n, 1] = attention if attention is not None else [250] * n
    counts[:n, 2] = calm if calm is not None else [400] * n
    present = np.zeros(N_GROUPS, bool)
    present[:n] = True
    pad = np.zeros((N_GROUPS, 3))
    pad[:n] = pads
    shares = np.ones(N_GROUPS)
    m = measures_from_tally(counts, present, shares, pad)
    persons = tuple(
        Person(i, name, tuple(p), hue) for (i, name, hue), p in zip(people, pads, strict=True)
    )
    return moment(t, round(t * hz), persons, m, events)


TENSE = [(0.5, -0.4, 0.6), (0.75, 0.7, 0.2), (0.1, -0.75, 0.4), (-0.55, 0.4, -0.4)]


SHOW_EVENTS = {12.0: (Happening("rift"),), 18.5: (Happening("healing"),),
               20.0: (Happening("protocol"),), 40.0: (Happening("dawn"),)}  # fmt: skip


def arc() -> list[Moment]:
    """A little show: tension, a rift at 12 s, healing, protocol at 20 s, dawn at 40 s."""
    out = []
    for k in range(0, 450):
        t = k / 10
        lift = min(1.0, max(0.0, (t - 38.0) / 3.0))
        pads = [(p + lift * (0.9 - p) * (1.5 if i == 3 else 0.5), a, d)
                for i, (p, a, d) in enumerate(TENSE)]  # fmt: skip
        pads = [(min(p, 1.0), a, d) for p, a, d in pads]
        calm = [700, 300, 900, 60] if t < 30 else [500, 400, 500, 400]
        events = SHOW_EVENTS.get(t, ())
        out.append(make_moment(t, pads, calm=calm, events=events))
    return out


def run(seed: int, moments: list[Moment]) -> list:
    engine = PoetryEngine(seed)
    return [v for v in (engine.observe(m) for m in moments) if v is not None]


# -- grammar ----------------------------------------------------------------------------------


def test_every_rule_expands_with_its_variables():
    import random

    ctx = {"name": "N", "holder": "H", "who": "W", "a": "A", "b": "B", "frac": "half",
           "tenths": "five"}  # fmt: skip
    for key in RULES:
        assert GRAMMAR.variables(key) <= set(ctx), key
        for seed in range(12):
            text = GRAMMAR.expand(key, ctx, random.Random(seed))
            assert "{" not in text and "<" not in text and text.strip() == text
    for key, alts in RULES.items():
        assert len(set(alts)) == len(alts), f"{key} repeats an alternative"


def test_regions_cover_the_circumplex():
    assert region(1.0, 0.0) == "happy"
    assert region(0.7, 0.7) == "excited"
    assert region(0.0, 1.0) == "alert"
    assert region(-0.7, 0.7) == "tense"
    assert region(-1.0, 0.0) == "upset"
    assert region(-0.7, -0.7) == "sad"
    assert region(0.0, -1.0) == "tired"
    assert region(0.7, -0.7) == "calm"


def test_names_are_never_parsed_as_grammar():
    import random

    text = GRAMMAR.expand("join", {"name": "<rift> {who}"}, random.Random(0))
    assert "<rift> {who}" in text


# -- the engine -------------------------------------------------------------------------------


def test_same_seed_same_verses_other_seed_other_verses():
    a = run(7, arc())
    b = run(7, arc())
    c = run(8, arc())
    assert [v.lines for v in a] == [v.lines for v in b]
    assert len(a) >= 6
    assert [v.lines for v in a] != [v.lines for v in c]
    # The triggers are the moments', not the seed's.
    assert [v.step for v in a] == [v.step for v in c]


def test_the_arc_is_followed():
    verses = run(20261125, arc())
    by_trigger = {v.trigger: v for v in verses}
    for kind in ("opening", "rift", "healing", "protocol", "dawn"):
        assert kind in by_trigger, [v.trigger for v in verses]
    rift = by_trigger["rift"]
    assert 12.0 <= rift.time <= 13.0
    assert "rift" in rift.vocab and "Rhea" in rift.text
    assert 40.0 <= by_trigger["dawn"].time <= 41.0
    for v in verses:
        assert 2 <= len(v.lines) <= 4
    # Rhea has hardly any of the calm before 30 s: some verse says so, naming her.
    assert any("calm.without" in v.vocab and "Rhea" in v.text for v in verses)


def test_a_steady_state_writes_no_new_verses():
    engine = PoetryEngine(1)
    verses = [engine.observe(make_moment(k / 10, TENSE)) for k in range(600)]
    assert verses[0] is not None and verses[0].trigger == "opening"
    assert all(v is None for v in verses[1:])


def test_verses_come_on_marked_change_only_and_never_flood():
    engine = PoetryEngine(1, Thresholds(min_gap=4.0))
    assert engine.observe(make_moment(0.0, TENSE)) is not None
    # A small change in who holds the calm: below the Gini threshold, no verse.
    assert engine.observe(make_moment(5.0, TENSE, calm=[420, 380, 400, 400])) is None
    # A marked one, but too soon after the last verse: held back...
    unequal = [900, 400, 400, 20]
    assert engine.observe(make_moment(2.0, TENSE, calm=unequal)) is None
    # ... and written once the gap has passed, with what moved it.
    v = engine.observe(make_moment(4.5, TENSE, calm=unequal))
    assert v is not None and v.trigger == "gini_calm"
    assert any(name == "gini_calm" for name, _, _ in v.moved)
    # Held there, nothing more.
    assert engine.observe(make_moment(20.0, TENSE, calm=unequal)) is None


def test_events_are_held_until_a_verse_can_be_written():
    engine = PoetryEngine(1, Thresholds(min_gap=4.0, event_gap=1.0))
    engine.observe(make_moment(0.0, TENSE))
    assert engine.observe(make_moment(0.5, TENSE, events=(Happening("rift"),))) is None
    v = engine.observe(make_moment(1.0, TENSE))
    assert v is not None and v.trigger == "rift"
    assert v.events[0][0] == 0.5  # when it happened, not when it was written


def test_a_collective_mood_change_writes_a_verse():
    engine = PoetryEngine(3)
    engine.observe(make_moment(0.0, [(0.6, 0.1, 0)] * 4))
    assert engine.observe(make_moment(5.0, [(0.62, 0.15, 0)] * 4)) is None
    v = engine.observe(make_moment(10.0, [(-0.6, -0.5, 0)] * 4))
    assert v is not None and "mood" in v.triggers


def sweep() -> list[Moment]:
    """Each person circles the circumplex at a different pace; every event happens."""
    kinds = [
        Happening("rift"), Happening("healing"), Happening("protocol"),
        Happening("protocol", enabled=False), Happening("dawn"),
        Happening("join", "siena"), Happening("leave", "siena"),
    ]  # fmt: skip
    out = []
    for k in range(1600):
        t = k / 4
        pads = []
        for i in range(4):
            ang = 2 * math.pi * (t / (40 + 17 * i)) + i
            r = 0.9 if i != 2 else 0.1 + 0.8 * (0.5 + 0.5 * math.sin(t / 9))
            pads.append((r * math.cos(ang), r * math.sin(ang), 0.0))
        calm = [400 + 380 * math.sin(t / (13 + 3 * i) + i) for i in range(4)]
        att = [300 + 280 * math.cos(t / (11 + 5 * i) + 2 * i) for i in range(4)]
        events = (kinds[(k // 30) % len(kinds)],) if k % 30 == 0 else ()
        out.append(make_moment(t, pads, calm=calm, attention=att, events=events))
    return out


def test_every_region_and_event_vocabulary_is_used_over_a_sweep():
    verses = run(11, sweep())
    used = {key for v in verses for key in v.vocab}
    for name in REGIONS:
        assert f"{name}.dream" in used, name
        assert f"{name}.person" in used, name
    for kind in (*EVENT_KINDS, "protocol_off"):
        assert kind in used, kind
    for key in ("calm.holder", "calm.without", "calm.shared", "attention.unheard",
                "attention.holder", "polar.apart", "rise", "fall"):  # fmt: skip
        assert key in used, key
    # Not repetitive: consecutive verses never share a line.
    for a, b in itertools.pairwise(verses):
        assert not set(a.lines) & set(b.lines)


def test_join_and_leave_name_the_participant():
    engine = PoetryEngine(2)
    three = NAMES[:3]
    engine.observe(make_moment(0.0, TENSE[:3], people=three))
    v = engine.observe(make_moment(5.0, TENSE, events=(Happening("join", "rhea"),)))
    assert v is not None and v.trigger == "join" and "Rhea" in v.lines[0]
    v = engine.observe(
        make_moment(10.0, TENSE[:3], people=three, events=(Happening("leave", "rhea"),))
    )
    assert v is not None and v.trigger == "leave" and "Rhea" in v.lines[0]


def test_bad_moments_are_refused():
    with pytest.raises(ValueError, match="unknown event kind"):
        Happening("earthquake")
    with pytest.raises(ValueError, match="participant"):
        Happening("join")
    m = make_moment(0.0, TENSE)
    with pytest.raises(ValueError, match="slots"):
        Moment(0.0, 0, m.participants[:2], m.mean, m.spread, 0.0, m.measures)


# -- the anthology ----------------------------------------------------------------------------


def write_show(directory: Path, seed: int = 5, moments: list[Moment] | None = None) -> None:
    book = A.Anthology(directory, "Dream Art Festival")
    engine = PoetryEngine(seed)
    with A.MeasuresLog(directory, every=0.5) as log:
        for m in moments or arc():
            log.sample(m.time, m.step, m.measures, m.events)
            v = engine.observe(m)
            if v is not None:
                book.add(v)


def test_the_anthology_is_byte_identical_for_identical_runs(tmp_path):
    write_show(tmp_path / "a")
    write_show(tmp_path / "b")
    for name in (A.ANTHOLOGY, A.MEASURES):
        a = (tmp_path / "a" / name).read_bytes()
        assert a == (tmp_path / "b" / name).read_bytes()
    text = (tmp_path / "a" / A.ANTHOLOGY).read_text()
    assert str(tmp_path) not in text and "/a" not in text
    title, records = A.read_anthology(tmp_path / "a")
    assert title == "Dream Art Festival" and len(records) >= 6
    # Parsing and rendering again gives the same bytes, so a resumed session continues it.
    assert A.render(title, records) == text
    rift = next(r for r in records if r["trigger"] == "rift")
    assert rift["events"][0]["kind"] == "rift" and rift["step"] == 720
    assert set(rift["measures"]) >= {"gini_calm", "gini_attention", "polarisation", "empathy"}


def test_a_resumed_anthology_keeps_its_verses(tmp_path):
    moments = arc()
    write_show(tmp_path, moments=moments[:200])
    n = len(A.read_anthology(tmp_path)[1])
    book = A.Anthology(tmp_path)
    engine = PoetryEngine(5)
    for m in moments[200:]:
        v = engine.observe(m)
        if v is not None:
            book.add(v)
    records = A.read_anthology(tmp_path)[1]
    assert len(records) > n and [r["n"] for r in records] == list(range(1, len(records) + 1))


WRITER = """
import os, signal, sys
from pathlib import Path
from tests.test_poetry import make_moment
from kellan.poetry.anthology import Anthology
from kellan.poetry.generator import PoetryEngine, Thresholds
book = Anthology(Path(sys.argv[1]))
die_in, die_after = sys.argv[2], int(sys.argv[3])  # die in that call, writing verse N

def dying(real):
    def call(*args):
        if len(book) >= die_after:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args)
    return call

if die_in != "never":
    setattr(os, die_in, dying(getattr(os, die_in)))
engine = PoetryEngine(1, Thresholds(min_gap=0.0, event_gap=0.0))
k = 0
while True:  # a verse at every moment, until killed
    k += 1
    calm = [400 + 300 * (-1) ** k, 400, 400, 400]
    v = engine.observe(make_moment(k / 10, [(0.5, 0.3 * (-1) ** k, 0.0)] * 4, calm=calm))
    if v is not None:
        book.add(v)
        print(k, flush=True)
"""


def writer(directory: Path, die_in: str = "never", die_after: int = 0) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(directory), die_in, str(die_after)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def assert_whole(directory: Path) -> int:
    """The anthology parses, holds only complete verses, and is exactly as rendered."""
    title, records = A.read_anthology(directory)  # raises on a partial verse
    text = (directory / A.ANTHOLOGY).read_text()
    assert text.count("<!-- verse ") == text.count("<!-- /verse ") == len(records)
    assert A.render(title, records) == text
    return len(records)


@pytest.mark.parametrize("die_in", ["fsync", "replace"])
def test_a_kill_inside_a_write_leaves_the_previous_anthology(tmp_path, die_in):
    # Killed after the 6th verse's text went to the temporary file (inside fsync) or just
    # before the rename: the anthology on disk is the 5-verse one, whole.
    proc = writer(tmp_path, die_in, 6)
    proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert assert_whole(tmp_path) == 5
    leftovers = list(tmp_path.glob(".anthology.md.*.tmp"))
    assert len(leftovers) == 1  # the write that was cut short
    # Reopening the session sweeps the leftover and continues after verse 5.
    book = A.Anthology(tmp_path)
    assert len(book) == 5 and not list(tmp_path.glob(".anthology.md.*.tmp"))


@pytest.mark.parametrize("after", [0.3, 1.1])
def test_the_anthology_survives_a_kill_at_any_moment(tmp_path, after):
    proc = writer(tmp_path)
    try:
        assert proc.stdout is not None
        proc.stdout.readline()  # the first verse is on disk
        time.sleep(after)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert assert_whole(tmp_path) >= 1


def test_a_partial_or_broken_anthology_is_reported_with_its_line(tmp_path):
    write_show(tmp_path)
    path = tmp_path / A.ANTHOLOGY
    text = path.read_text()
    cut = text[: text.rindex("<!-- /verse ")]
    path.write_text(cut)
    with pytest.raises(A.AnthologyError, match=r"anthology\.md:\d+: verse never ends"):
        A.read_anthology(tmp_path)
    path.write_text(text.replace('"step": 720', '"step": "x"'))
    with pytest.raises(A.AnthologyError, match=r"anthology\.md:\d+: verse field 'step'"):
        A.read_anthology(tmp_path)


def test_a_torn_last_measures_line_is_ignored(tmp_path):
    write_show(tmp_path)
    path = tmp_path / A.MEASURES
    n = len(A.read_measures(tmp_path))
    with path.open("a") as f:
        f.write('{"t": 99.0, "measu')
    assert len(A.read_measures(tmp_path)) == n
    path.write_text('{"t": 1.0, "measures": {}}\nnot json\n{"t": 2.0, "measures": {}}\n')
    with pytest.raises(A.AnthologyError, match=r"measures\.jsonl:2: bad JSON"):
        A.read_measures(tmp_path)


# -- the page and the command ------------------------------------------------------------------

EVIL = (("kellan", "<script>alert('x')</script>", 10.0), ("siena", 'Bo & "Co" -->', 300.0),
        ("jasper", "Jasper", 132.0), ("rhea", "Rhea", 38.0))  # fmt: skip


def test_the_page_escapes_names_and_holds_the_verses_and_sparklines(tmp_path):
    moments = [
        make_moment(m.time, [p.pad for p in m.participants], events=m.events, people=EVIL)
        for m in arc()
    ]
    write_show(tmp_path, moments=moments)
    page = A.render_html(tmp_path)
    assert "<script" not in page and "--> " not in page.replace("<!-- ", "")
    assert "&lt;script&gt;" in page
    assert "<svg" in page and "<polyline" in page
    # Every verse line is on the page, read as text (names are wrapped in coloured spans).
    visible = html.unescape(re.sub(r"<[^>]+>", "", page))
    _, records = A.read_anthology(tmp_path)
    for rec in records:
        for line in rec["lines"]:
            assert line in visible
    assert any(EVIL[0][1] in line for rec in records for line in rec["lines"])
    assert '<span style="color:hsl(10,75%,72%)">&lt;script&gt;' in page
    for kind in ("rift", "protocol", "dawn"):
        assert f">{kind}</text>" in page


def test_the_page_works_without_measures_jsonl(tmp_path):
    write_show(tmp_path)
    (tmp_path / A.MEASURES).unlink()
    page = A.render_html(tmp_path)
    assert "<svg" in page and "no measures.jsonl" in page


def test_the_command_writes_the_page_and_reports_errors_in_one_line(tmp_path, capsys):
    write_show(tmp_path / "s")
    out = tmp_path / "page.html"
    assert anthology_main([str(tmp_path / "s"), "-o", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert anthology_main([str(tmp_path / "s")]) == 0
    assert (tmp_path / "s" / "anthology.html").exists()
    capsys.readouterr()
    for argv in ([str(tmp_path / "nowhere")], [str(tmp_path)], []):
        assert anthology_main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("kellan anthology: ")
        assert "Traceback" not in err
    (tmp_path / "s" / A.ANTHOLOGY).write_text("# just notes\n")
    assert anthology_main([str(tmp_path / "s")]) == 1
    assert "not an anthology" in capsys.readouterr().err
