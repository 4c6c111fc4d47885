"""OSC over UDP: Kellan's address space, served on its own thread.

Packets are parsed by python-osc (messages and bundles) and routed by its Dispatcher,
which follows the OSC 1.0 address-pattern rules (`*`, `?`, `[..]`, `{a,b}`), so
`/kellan/participant/*/pad` reaches everyone present. Each message becomes a typed input
event submitted to the Dreamscape, applied at the next step boundary. Bundles are applied
at once (their time tags are not scheduled). Anything wrong (unknown address, wrong type
tags, out-of-range or non-finite values, oversized or malformed packets) is rejected,
counted by kind and logged at a limited rate; nothing a sender does stops the show.

The address space (ranges in brackets; "f" takes an OSC float or int):

    /kellan/participant/<id>/pad        f f f [f]  pleasure, arousal, dominance [-1..1],
                                                   optional ramp seconds [0..600]
    /kellan/participant/<id>/pleasure   f          one axis [-1..1] (also /arousal,
                                                   /dominance)
    /kellan/participant/<id>/plutchik   f x 8      joy, trust, fear, surprise, sadness,
                                                   disgust, anger, anticipation [0..1]
    /kellan/participant/<id>/join       [s name] [f hue 0..360]
    /kellan/participant/<id>/leave      [f fade seconds]
    /kellan/participant/<id>/hue        f          identity hue [0..360)
    /kellan/event/rift                  [f strength 0..50]
    /kellan/protocol/on, /off           (none)
    /kellan/protocol/target, /gain      f          as in the scene's [protocol]
    /kellan/param/<section>/<field>     value      any live scene field, e.g.
                                                   /kellan/param/dynamics/unity 0.8
    /kellan/transport/play, /pause, /step
    /kellan/transport/speed             f          factor of real time [0.05..8]
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
import socket
import threading
from collections.abc import Callable, Sequence
from typing import Any

from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_packet import OscPacket, ParseError

from kellan.dreamscape import Dreamscape, Rejections
from kellan.dreamscape.inputs import (
    InputError,
    InputEvent,
    Join,
    Leave,
    ProtocolSwitch,
    Rift,
    SetEmotion,
    SetParam,
    Transport,
)

log = logging.getLogger("kellan.osc")

PREFIX = "/kellan"
# A bundle of pad messages for 64 people is about 3 KB; anything far larger is a mistake
# or an attack, refused before parsing.
MAX_PACKET = 8192
MAX_ROUTES = 4096
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")

Handler = Callable[[str, Sequence[Any]], list[InputEvent]]


def _numbers(args: Sequence[Any], counts: tuple[int, ...], what: str) -> list[float]:
    """The arguments as finite floats; InputError naming the problem otherwise."""
    if len(args) not in counts:
        want = " or ".join(str(c) for c in counts)
        raise InputError("wrong_types", f"{what}: takes {want} numbers, got {len(args)}")
    out = []
    for a in args:
        if isinstance(a, bool) or not isinstance(a, int | float):
            raise InputError("wrong_types", f"{what}: takes numbers, got {type(a).__name__}")
        v = float(a)
        if not math.isfinite(v):
            raise InputError("not_finite", f"{what}: {a!r} is not finite")
        out.append(v)
    return out


def _participant(address: str) -> str:
    return address.split("/")[3]


class OscServer:
    """Listens on host:port and submits what it hears to a Dreamscape."""

    def __init__(self, dreamscape: Dreamscape, host: str = "127.0.0.1", port: int = 9000) -> None:
        self.ds = dreamscape
        self.rejected: Rejections = dreamscape.rejected
        self.received = 0
        self.submitted = 0
        self._ids: tuple[str, ...] = ()
        self._dispatcher = self._build(())
        self._routes: dict[str, list[Any]] = {}
        try:
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            self.sock = socket.socket(family, socket.SOCK_DGRAM)
            self.sock.bind((host, port))
        except OSError as exc:
            raise OSError(f"OSC: cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        self.sock.settimeout(0.2)
        self.host, self.port = self.sock.getsockname()[:2]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="kellan-osc", daemon=True)

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> OscServer:
        self._thread.start()
        log.info("OSC: listening on %s:%d", self.host, self.port)
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2.0)
        with contextlib.suppress(OSError):
            self.sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                if self._stop.is_set():
                    return
                continue
            self.handle_packet(data)

    # -- decoding ----------------------------------------------------------------------
    def handle_packet(self, data: bytes) -> None:
        """Decode one datagram and submit its events. Never raises."""
        self.received += 1
        if len(data) > MAX_PACKET:
            self.rejected.add("oversized", f"{len(data)} bytes (limit {MAX_PACKET})", "osc")
            return
        try:
            packet = OscPacket(data)
        except (ParseError, ValueError, TypeError, IndexError, OverflowError) as exc:
            self.rejected.add("malformed", f"{type(exc).__name__}: {str(exc)[:100]}", "osc")
            return
        except Exception as exc:
            self.rejected.add("malformed", f"{type(exc).__name__}: {str(exc)[:100]}", "osc")
            return
        for timed in packet.messages:
            msg = timed.message
            try:
                events = self.route(msg.address, list(msg.params))
            except InputError as exc:
                self.rejected.add(exc.kind, f"{msg.address[:80]}: {exc}", "osc")
                continue
            except Exception as exc:
                self.rejected.add("malformed", f"{msg.address[:80]}: {exc!r}"[:200], "osc")
                continue
            for event in events:
                if self.ds.submit("osc", event):
                    self.submitted += 1

    # -- routing -----------------------------------------------------------------------
    def route(self, address: str, args: list[Any]) -> list[InputEvent]:
        """The input events one OSC message asks for; InputError when it asks wrongly."""
        if not isinstance(address, str) or not address.startswith(PREFIX + "/"):
            raise InputError("unknown_address", f"not under {PREFIX}/")
        if address.startswith(PREFIX + "/param/"):
            return [self._param(address, args)]
        self._refresh_participants()
        # python-osc turns each address pattern into a regular expression on every call;
        # a sensor repeats the same few addresses, so their routes are remembered (until
        # the participants change).
        handlers = self._routes.get(address)
        if handlers is None:
            handlers = list(self._dispatcher.handlers_for_address(address))
            if len(self._routes) >= MAX_ROUTES:
                self._routes.clear()
            self._routes[address] = handlers
        if not handlers:
            joined = self._join_newcomer(address, args)
            if joined is not None:
                return [joined]
            parts = address.split("/")
            if len(parts) == 5 and parts[2] == "participant" and parts[4] in _PARTICIPANT_VERBS:
                raise InputError("unknown_participant", f"nobody present matches {parts[3]!r}")
            raise InputError("unknown_address", "no such address")
        events: list[InputEvent] = []
        for handler in handlers:
            events += handler.callback(address, args)
        return events

    def _refresh_participants(self) -> None:
        ids = self.ds.present_ids  # a tuple, replaced whole at step boundaries
        if ids != self._ids:
            self._ids = ids
            self._dispatcher = self._build(ids)
            self._routes = {}

    def _build(self, ids: tuple[str, ...]) -> Dispatcher:
        d = Dispatcher()
        for pid in ids:
            base = f"{PREFIX}/participant/{pid}"
            for verb, fn in _PARTICIPANT_VERBS.items():
                d.map(f"{base}/{verb}", _bound(fn, f"{base}/{verb}"))
        for address, fn in _GLOBAL.items():
            d.map(address, _bound(fn, address))
        return d

    def _join_newcomer(self, address: str, args: list[Any]) -> InputEvent | None:
        parts = address.split("/")
        if len(parts) != 5 or parts[2] != "participant" or parts[4] != "join":
            return None
        if not _ID.fullmatch(parts[3]):
            raise InputError("bad_arguments", f"{parts[3][:40]!r} is not a valid participant id")
        return _join(address, args)[0]

    def _param(self, address: str, args: list[Any]) -> InputEvent:
        path = address[len(PREFIX + "/param/") :].replace("/", ".")
        if len(args) != 1:
            raise InputError("wrong_types", f"{address[:80]}: takes one value")
        value = args[0]
        if not isinstance(value, bool | int | float | str):
            raise InputError("wrong_types", f"{address[:80]}: takes a number, bool or string")
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError("not_finite", f"{address[:80]}: {value!r} is not finite")
        return SetParam(path, value)


def _bound(fn: Handler, address: str) -> Callable[..., list[InputEvent]]:
    def call(_: str, args: Sequence[Any]) -> list[InputEvent]:
        return fn(address, args)

    return call


# -- handlers: (address, args) -> events ------------------------------------------------------
def _pad(address: str, args: Sequence[Any]) -> list[InputEvent]:
    v = _numbers(args, (3, 4), "pad")
    ramp = v[3] if len(v) == 4 else 0.0
    return [SetEmotion(_participant(address), pad=(v[0], v[1], v[2]), ramp=ramp)]


def _axis(k: int) -> Handler:
    def handler(address: str, args: Sequence[Any]) -> list[InputEvent]:
        [v] = _numbers(args, (1,), address.rsplit("/", 1)[-1])
        pad: list[float | None] = [None, None, None]
        pad[k] = v
        return [SetEmotion(_participant(address), pad=(pad[0], pad[1], pad[2]))]

    return handler


def _plutchik(address: str, args: Sequence[Any]) -> list[InputEvent]:
    return [SetEmotion(_participant(address), plutchik=tuple(_numbers(args, (8,), "plutchik")))]


def _join(address: str, args: Sequence[Any]) -> list[InputEvent]:
    name: str | None = None
    hue: float | None = None
    rest = list(args)
    if rest and isinstance(rest[0], str):
        name = rest.pop(0)
    if rest:
        [hue] = _numbers(rest, (1,), "join hue")
        if not 0.0 <= hue <= 360.0:
            raise InputError("out_of_range", "join hue must be 0..360")
        hue = hue % 360.0
    return [Join(_participant(address), name=name, hue=hue)]


def _leave(address: str, args: Sequence[Any]) -> list[InputEvent]:
    fade = _numbers(args, (0, 1), "leave")
    return [Leave(_participant(address), fade[0] if fade else None)]


def _hue(address: str, args: Sequence[Any]) -> list[InputEvent]:
    [v] = _numbers(args, (1,), "hue")
    return [SetParam(f"participants.{_participant(address)}.hue", v)]


def _rift(address: str, args: Sequence[Any]) -> list[InputEvent]:
    v = _numbers(args, (0, 1), "rift")
    return [Rift(strength=v[0]) if v else Rift()]


def _protocol(enabled: bool) -> Handler:
    def handler(address: str, args: Sequence[Any]) -> list[InputEvent]:
        _numbers(args, (0,), address)
        return [ProtocolSwitch(enabled)]

    return handler


def _protocol_param(name: str) -> Handler:
    def handler(address: str, args: Sequence[Any]) -> list[InputEvent]:
        [v] = _numbers(args, (1,), address)
        return [SetParam(f"protocol.{name}", v)]

    return handler


def _transport(action: str) -> Handler:
    def handler(address: str, args: Sequence[Any]) -> list[InputEvent]:
        if action == "speed":
            [v] = _numbers(args, (1,), "speed")
            return [Transport("speed", v)]
        _numbers(args, (0,), address)
        return [Transport(action)]  # type: ignore[arg-type]

    return handler


_PARTICIPANT_VERBS: dict[str, Handler] = {
    "pad": _pad, "pleasure": _axis(0), "arousal": _axis(1), "dominance": _axis(2),
    "plutchik": _plutchik, "join": _join, "leave": _leave, "hue": _hue,
}  # fmt: skip
_GLOBAL: dict[str, Handler] = {
    f"{PREFIX}/event/rift": _rift,
    f"{PREFIX}/protocol/on": _protocol(True),
    f"{PREFIX}/protocol/off": _protocol(False),
    f"{PREFIX}/protocol/target": _protocol_param("target"),
    f"{PREFIX}/protocol/gain": _protocol_param("gain"),
    **{f"{PREFIX}/transport/{a}": _transport(a) for a in ("play", "pause", "step", "speed")},
}
