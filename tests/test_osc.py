"""OSC: the address space, OSC 1.0 patterns, rejections, fuzzing, and a real client."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pythonosc.osc_bundle_builder import IMMEDIATELY, OscBundleBuilder
from pythonosc.osc_message_builder import OscMessageBuilder

from kellan.dreamscape import Dreamscape
from kellan.live.osc import MAX_PACKET, OscServer
from kellan.scene import parse_scene
from tests.conftest import ROOT, headless_env
from tests.test_inputs import SCENE

PEOPLE = SCENE + """
[[participants]]
id = "rhea"
name = "Rhea"
hue = 38.0
"""


def message(address: str, *args: object) -> bytes:
    b = OscMessageBuilder(address=address)
    for a in args:
        b.add_arg(a)
    return b.build().dgram


@pytest.fixture
def osc():
    ds = Dreamscape(parse_scene(PEOPLE))
    server = OscServer(ds, "127.0.0.1", 0)  # not started: packets are fed directly
    yield ds, server
    server.stop()


def applied(ds: Dreamscape) -> list[dict]:
    out: list[dict] = []
    ds.listeners.append(lambda a: out.append(a.to_json()))
    ds.step(1)
    return out


def test_pad_reaches_one_participant(osc):
    ds, server = osc
    server.handle_packet(message("/kellan/participant/rhea/pad", 0.5, -0.25, 0.125))
    [event] = applied(ds)
    assert event["participant"] == "rhea" and list(event["pad"]) == [0.5, -0.25, 0.125]


@pytest.mark.parametrize(
    ("pattern", "who"),
    [
        ("/kellan/participant/*/arousal", {"ana", "ben", "rhea"}),
        ("/kellan/participant/{ana,rhea}/arousal", {"ana", "rhea"}),
        ("/kellan/participant/[a-b]*/arousal", {"ana", "ben"}),
        ("/kellan/participant/[!a]*/arousal", {"ben", "rhea"}),
        ("/kellan/participant/?e?/arousal", {"ben"}),
    ],
)
def test_osc_1_0_patterns(osc, pattern, who):
    ds, server = osc
    server.handle_packet(message(pattern, 0.5))
    assert {e["participant"] for e in applied(ds)} == who


def test_bundles_are_accepted(osc):
    ds, server = osc
    bundle = OscBundleBuilder(IMMEDIATELY)
    for pid in ("ana", "ben"):
        b = OscMessageBuilder(address=f"/kellan/participant/{pid}/pad")
        for v in (0.1, 0.2, 0.3):
            b.add_arg(v)
        bundle.add_content(b.build())
    server.handle_packet(bundle.build().dgram)
    assert [e["participant"] for e in applied(ds)] == ["ana", "ben"]


def test_newcomers_join_by_id_and_events_transport_params_arrive(osc):
    ds, server = osc
    for packet in (
        message("/kellan/participant/newbie/join", "New Bie", 300.0),
        message("/kellan/event/rift", 2.0),
        message("/kellan/protocol/on"),
        message("/kellan/protocol/target", 0.2),
        message("/kellan/param/dynamics/unity", 0.9),
        message("/kellan/transport/speed", 0.5),
    ):
        server.handle_packet(packet)
    types = [e["type"] for e in applied(ds)]
    assert types == ["join", "rift", "protocol", "param", "param", "transport"]
    assert ds.roster.get("newbie").name == "New Bie" and ds.roster.get("newbie").hue == 300.0
    assert ds.scene.dynamics.unity == pytest.approx(0.9) and ds.transport.speed == 0.5


@pytest.mark.parametrize(
    ("packet", "kind"),
    [
        (message("/elsewhere/x", 1.0), "unknown_address"),
        (message("/kellan/nothing"), "unknown_address"),
        (message("/kellan/participant/ghost/pad", 0.1, 0.1, 0.1), "unknown_participant"),
        (message("/kellan/participant/rhea/pad", "happy", 0.1, 0.1), "wrong_types"),
        (message("/kellan/participant/rhea/pad", 0.1, 0.1), "wrong_types"),
        (message("/kellan/participant/rhea/pad", 1.5, 0.1, 0.1), "out_of_range"),
        (message("/kellan/participant/rhea/pad", float("nan"), 0.1, 0.1), "not_finite"),
        (message("/kellan/participant/rhea/plutchik", *[0.5] * 7), "wrong_types"),
        (message("/kellan/participant/Bad!/join"), "bad_arguments"),
        (b"\x00" * (MAX_PACKET + 4), "oversized"),
        (b"/kellan\x00garbage", "malformed"),
    ],
)
def test_bad_packets_are_rejected_and_counted_by_kind(osc, packet, kind):
    ds, server = osc
    server.handle_packet(packet)
    applied(ds)
    assert ds.rejected.snapshot() == {kind: 1}


SLOW_OK = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW_OK)
@given(st.binary(max_size=2048))
def test_fuzz_random_bytes_never_raise(osc, data):
    _, server = osc
    server.handle_packet(data)
    server.handle_packet(b"#bundle\x00" + data)
    server.handle_packet(b"/kellan/participant/rhea/pad\x00\x00\x00\x00,fff\x00\x00\x00\x00" + data)


ARG = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=32), st.integers(-2**31, 2**31 - 1),
    st.text(max_size=20), st.booleans(), st.binary(max_size=16), st.none(),
)  # fmt: skip
ADDRESS = st.one_of(
    st.sampled_from([
        "/kellan/participant/rhea/pad", "/kellan/participant/*/plutchik",
        "/kellan/participant/x/join", "/kellan/event/rift", "/kellan/transport/speed",
        "/kellan/param/dynamics/unity", "/kellan/param/seed", "/kellan/protocol/gain",
        "/kellan/participant/{rhea,ana}/leave", "/kellan/participant/[z-a]/pad",
    ]),
    st.text(min_size=1, max_size=60).map(lambda s: "/" + s.replace("\x00", "")),
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=SLOW_OK)
@given(ADDRESS, st.lists(ARG, max_size=12))
def test_fuzz_messages_with_wrong_types_never_raise(osc, address, args):
    ds, server = osc
    b = OscMessageBuilder(address=address)
    for a in args:
        b.add_arg(a)
    try:
        dgram = b.build().dgram
    except Exception:  # python-osc refuses to build some: not our input
        return
    server.handle_packet(dgram)
    ds.step(1)  # applying what was accepted must not raise either


def test_a_taken_port_is_one_clear_line():
    ds = Dreamscape(parse_scene(PEOPLE))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        with pytest.raises(OSError, match=rf"OSC: cannot listen on 127\.0\.0\.1:{port}"):
            OscServer(ds, "127.0.0.1", port)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(shutil.which("oscsend") is None,
                    reason="oscsend (Debian liblo-tools) is not installed")  # fmt: skip
def test_a_real_client_drives_a_headless_show_that_replays_exactly(tmp_path: Path):
    """oscsend (liblo, an independent implementation) -> kellan play --headless --record
    -> kellan replay: the same final hash."""
    scene = tmp_path / "scene.toml"
    scene.write_text(PEOPLE + '\n[[events]]\nat = 1.0\nkind = "rift"\n')
    session = tmp_path / "session"
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kellan", "play", str(scene), "--headless", "--duration", "4",
         "--osc-port", str(port), "--record", str(session)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=headless_env(),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not (session / "session.json").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        sends = [
            ["/kellan/participant/rhea/pad", "fff", "-0.8", "0.9", "-0.5"],
            ["/kellan/participant/guest/join", "s", "Guest"],
            ["/kellan/participant/*/arousal", "f", "0.7"],
            ["/kellan/participant/ghost/pad", "fff", "0", "0", "0"],
            ["/kellan/param/dynamics/unity", "f", "0.95"],
        ]
        for args in sends:
            subprocess.run(["oscsend", "127.0.0.1", str(port), *args], check=True, timeout=10)
            time.sleep(0.1)
        out, err = proc.communicate(timeout=180)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    line = out.strip().splitlines()[-1]
    meta = json.loads((session / "session.json").read_text())
    assert meta["rejected"] == {"unknown_participant": 1}
    sources = [json.loads(x)["source"] for x in (session / "inputs.jsonl").read_text().splitlines()]
    assert sources.count("osc") >= 6 and "timeline" in sources
    replayed = subprocess.run([sys.executable, "-m", "kellan", "replay", str(session)],
                              capture_output=True, text=True, cwd=ROOT, env=headless_env(),
                              timeout=300)  # fmt: skip
    assert replayed.returncode == 0, replayed.stderr
    assert replayed.stdout.strip().splitlines()[-1] == line


def test_osc_output_sends_the_collective_state():
    from pythonosc.osc_packet import OscPacket

    from kellan.live.osc_out import OscSender

    ds = Dreamscape(parse_scene(PEOPLE))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx:
        rx.bind(("127.0.0.1", 0))
        rx.settimeout(5)
        sender = OscSender("127.0.0.1", rx.getsockname()[1], rate=10.0)
        assert sender.maybe_send(ds, now=0.0)
        assert not sender.maybe_send(ds, now=0.05)  # the rate holds
        got = {}
        for _ in range(6):
            msg = OscPacket(rx.recv(4096)).messages[0].message
            got[msg.address] = list(msg.params)
    assert set(got) == {"/kellan/collective/pad", "/kellan/collective/spread",
                        "/kellan/collective/polarisation", "/kellan/collective/energy",
                        "/kellan/collective/participants", "/kellan/time"}  # fmt: skip
    assert got["/kellan/collective/participants"] == [3] and len(got["/kellan/collective/pad"]) == 3
