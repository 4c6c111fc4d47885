"""A scene brought to life: the simulation, the people in it, and the one input path.

`Dreamscape` turns a validated Scene into the core's arrays and keeps what the renderer
reads each frame (colours, collective mood). Every change to a running show arrives as a
typed input event (kellan.dreamscape.inputs) through `submit`, from any thread; events
are applied at the next step boundary, stamped with that step, in arrival order after the
scene's own timeline. Nothing else changes the simulation, so a log of applied inputs
replays a show exactly. It imports no Qt and no GL, so headless tools use it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from collections.abc import Callable

import numpy as np

from kellan.core.colour import oklch
from kellan.core.emotion import (
    Collective,
    collective,
    emotion_colour,
    julia_parameter,
    plutchik_to_pad,
)
from kellan.core.protocol import Protocol
from kellan.core.rift import RiftSpec
from kellan.core.simulation import COMMONS, MAX_PARTICIPANTS, N_GROUPS, Simulation
from kellan.dreamscape import params
from kellan.dreamscape.bindings import FractalBindings
from kellan.dreamscape.coalesce import coalesce
from kellan.dreamscape.config import sculpture_guide, sim_config
from kellan.dreamscape.frame import Frame, PersonView, RiftView
from kellan.dreamscape.inputs import (
    PLUTCHIK_ORDER,
    Applied,
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
from kellan.dreamscape.people import Person, Roster, display_name, spaced_hue
from kellan.dreamscape.poet import Poet
from kellan.dreamscape.rejections import Rejections
from kellan.dreamscape.sculptures import Sculptures, identity_rgb
from kellan.dreamscape.timeline import Timeline
from kellan.scene.models import Scene

log = logging.getLogger("kellan.input")

# The commons (particles that belong to nobody) glow a faint moonlight blue-white: low
# chroma, so it never reads as anyone's identity (linear sRGB; alpha is sprite size).
COMMONS_COLOUR = np.array([*oklch(0.62, 0.03, 250.0), 0.8], dtype=np.float32)
# Inputs waiting for the next step boundary. A flood beyond this is dropped and counted
# ("queue_full") rather than growing without bound while the show falls behind.
MAX_PENDING = 20_000


class TransportState:
    """What the transport inputs asked for; the clock that paces the show reads it."""

    def __init__(self) -> None:
        self.playing = True
        self.speed = 1.0
        self.single_steps = 0  # steps asked for while paused


class Dreamscape:
    """The live state of one scene: simulation, people, inputs and derived looks."""

    def __init__(self, scene: Scene, backend: str = "numba", timeline: bool = True,
                 traces: bool = False) -> None:  # fmt: skip
        """`traces`: gather sculpture traces (a live show does; stills, recordings and
        replays leave them out unless given saved ones, so they stay reproducible)."""
        self.scene = scene
        guides = [g for g in (sculpture_guide(s) for s in scene.sculptures
                              if s.guide.follow == "centre") if g is not None]  # fmt: skip
        people = scene.participants
        self.hues = np.zeros(N_GROUPS)
        self.hues[: len(people)] = [p.hue for p in people]
        self.roster = Roster()
        for slot, p in enumerate(people):
            self.roster.add(Person(p.id, p.name, p.hue, slot))
        pad = np.array(
            [(p.emotion.pleasure, p.emotion.arousal, p.emotion.dominance) for p in people],
            dtype=np.float64,
        )
        shares = np.array([p.share for p in people], dtype=np.float64)
        pr = scene.protocol
        protocol = Protocol(enabled=pr.enabled, target=pr.target, gain=pr.gain)
        self.simulation = Simulation(
            sim_config(scene), pad, shares, guides, backend=backend, protocol=protocol
        )
        self.sculptures = Sculptures(scene, traces)
        self.simulation.set_surface_field(
            self.sculptures.surface_field(*self.simulation.grid_geometry())
        )
        # Every participant ever present, by id: the colour of their traces.
        self.trace_colours: dict[str, tuple[float, float, float]] = {
            p.id: identity_rgb(p.hue) for p in people
        }
        # A replay brings the timeline's events from its log instead.
        self.timeline = Timeline(scene) if timeline else None
        self.transport = TransportState()
        self.rejected = Rejections()
        self.listeners: list[Callable[[Applied], None]] = []
        self._pending: deque[tuple[str, InputEvent]] = deque()
        self._pending_lock = threading.Lock()
        self.applied_count = 0
        self.superseded = 0  # inputs overridden within one step boundary (see coalesce.py)
        # Who is present, for other threads (OSC routing, the window): a tuple replaced
        # whole after every step boundary, so a reader never sees it half-changed.
        self.present_ids: tuple[str, ...] = tuple(p.id for p in self.roster.present())
        # Moments the picture answers to (joins, leaves, rifts, the protocol): (show time,
        # kind, participant id or "").
        self.moments: deque[tuple[float, str, str]] = deque(maxlen=64)
        self.protocol_since: float | None = 0.0 if pr.enabled else None
        self.fractal_bindings = FractalBindings(scene.fractals)
        self._advance_bindings(0.0)
        # Rhea's measures and verses: they read the state after each step, never write it.
        self.poet = Poet(scene, self.present_ids, pr.enabled)

    # -- read-outs -----------------------------------------------------------------
    @property
    def time(self) -> float:
        return self.simulation.time

    @property
    def frame(self) -> int:
        return self.simulation.state.frame

    def colours(self) -> np.ndarray:
        """(N_GROUPS, 4) RGBA per owner slot: rgb from identity hue and emotion, alpha =
        sprite size scale. Dominance makes a group's sprites larger (0.75x to 1.25x):
        assertive people take up more room. A participant who is leaving fades into the
        commons colour; the commons slot itself is a faint moonlight."""
        sim = self.simulation
        rgba = emotion_colour(self.hues, sim.pad)
        rgba[:, 3] = 1.0 + 0.25 * sim.pad[:, 2]
        fade = sim.presence.astype(np.float32)[:, None]
        rgba = rgba * fade + COMMONS_COLOUR[None, :] * (1.0 - fade)
        rgba[COMMONS] = COMMONS_COLOUR
        return rgba.astype(np.float32)

    def collective(self) -> Collective:
        sim = self.simulation
        idx = np.flatnonzero(sim.present)
        if len(idx) == 0:
            return collective(np.zeros((1, 3)), np.ones(1))
        return collective(sim.pad[idx], sim.shares[idx])

    def julia_c(self) -> tuple[float, float]:
        return julia_parameter(self.collective().mean)

    def participants(self) -> list[Person]:
        return self.roster.present()

    # -- the input path ----------------------------------------------------------------
    def submit(self, source: str, event: InputEvent) -> bool:
        """Queue an input from any thread; it takes effect at the next step boundary.
        False (and counted) when the queue is full."""
        with self._pending_lock:
            if len(self._pending) >= MAX_PENDING:
                full = True
            else:
                self._pending.append((source, event))
                full = False
        if full:
            self.rejected.add("queue_full", "the input queue is full", source)
        return not full

    def pending(self) -> int:
        with self._pending_lock:
            return len(self._pending)

    def _take_pending(self) -> list[tuple[str, InputEvent]]:
        with self._pending_lock:
            items = list(self._pending)
            self._pending.clear()
        return items

    def apply_now(self, source: str, event: InputEvent) -> bool:
        """Apply one input at this step boundary (the stepping thread only); True when it
        took effect, False when it was rejected (and counted)."""
        try:
            self._apply(event)
        except InputError as exc:
            self.rejected.add(exc.kind, str(exc), source)
            return False
        applied = Applied(self.frame, source, event)
        self.applied_count += 1
        if isinstance(event, Join | Leave):
            self.moments.append((self.time, event.type, event.participant))
        elif isinstance(event, Rift):
            self.moments.append((self.time, "rift", ""))
        elif isinstance(event, ProtocolSwitch):
            self.moments.append((self.time, "protocol-on" if event.enabled else "protocol-off", ""))
        for listener in self.listeners:
            listener(applied)
        return True

    def boundary(self) -> None:
        """Apply everything due now: the timeline's events, then queued inputs in order."""
        if self.timeline is not None:
            for event in self.timeline.due(self.frame):
                self.apply_now("timeline", event)
        kept, dropped = coalesce(self._take_pending())
        self.superseded += dropped
        for item in kept:
            applied = self.apply_now(item.source, item.event)
            fallbacks = iter(item.fallbacks)
            while not applied and (earlier := next(fallbacks, None)) is not None:
                applied = self.apply_now(*earlier)
            self.superseded += sum(1 for _ in fallbacks)
        ids = tuple(p.id for p in self.roster.present())
        if ids != self.present_ids:
            self.present_ids = ids

    def step(self, n: int = 1) -> None:
        """Advance n fixed steps, applying inputs at every step boundary."""
        for _ in range(n):
            self.boundary()
            self.simulation.step(1)
            self._release_faded()
            self._advance_sculptures()
            self._advance_bindings(1.0 / self.scene.dynamics.step_hz)
            self.poet.observe(self)

    def _advance_bindings(self, dt: float) -> None:
        b = self.fractal_bindings
        if not any(f.bind for f in b.fractals):
            return
        sim = self.simulation
        moods = {p.id: sim.pad[p.slot] for p in self.roster.present()}
        b.advance(dt, self.collective(), moods)

    def _advance_sculptures(self) -> None:
        sim = self.simulation
        sc = self.sculptures
        if not sc.items:
            return
        moods = {p.id: sim.pad[p.slot] for p in self.roster.present()}
        rift = sim.rift
        relative = sim.rift_strength() / rift.spec.strength if rift and rift.spec.strength else 0.0
        dt = 1.0 / self.scene.dynamics.step_hz
        sc.advance(dt, moods, sim.mean_pad(), min(1.0, relative), sim.protocol.enabled)
        if sc.needs_new_field():
            sim.set_surface_field(sc.surface_field(*sim.grid_geometry()))
        if any(s.traces is not None for s in sc.items) and self.frame % sc.trace_every == 0:
            slots: list[str | None] = [None] * N_GROUPS
            for p in self.roster.present():
                slots[p.slot] = p.id
            st = sim.state
            sc.gather(self.frame, st.pos, st.owner, slots, sc.trace_every * dt)
            sc.paint(self.trace_colours)

    def advance_to(self, seconds: float) -> None:
        """Step forward on the fixed step until the simulation time reaches `seconds`."""
        target = round(seconds * self.scene.dynamics.step_hz)
        if target > self.frame:
            self.step(target - self.frame)

    def _release_faded(self) -> None:
        sim = self.simulation
        for person in list(self.roster.by_id.values()):
            if not person.present and sim.presence[person.slot] == 0.0:
                self.roster.release(person.slot)

    # -- applying each kind of input -----------------------------------------------------
    def _apply(self, event: InputEvent) -> None:
        if isinstance(event, SetEmotion):
            self._set_emotion(event)
        elif isinstance(event, Join):
            self._join(event)
        elif isinstance(event, Leave):
            self._leave(event)
        elif isinstance(event, Rift):
            sim = self.simulation
            sim.schedule_rift(RiftSpec(start=sim.time, strength=event.strength, rise=event.rise,
                                       heal=event.heal, normal=event.normal,
                                       width=event.width))  # fmt: skip
        elif isinstance(event, ProtocolSwitch):
            self._switch_protocol(bool(event.enabled))
        elif isinstance(event, SetParam):
            self._set_param(event)
        elif isinstance(event, Transport):
            self._transport(event)
        else:
            raise InputError("bad_arguments", f"not an input event: {type(event).__name__}")

    def _switch_protocol(self, enabled: bool) -> None:
        protocol = self.simulation.protocol
        if enabled and not protocol.enabled:
            self.protocol_since = self.time
        protocol.enabled = enabled

    def _people(self, who: str) -> list[Person]:
        if who == "*":
            return self.roster.present()
        person = self.roster.get(who)
        if person is None or not person.present:
            raise InputError("unknown_participant", f"no participant {who[:40]!r} is present")
        return [person]

    def _set_emotion(self, event: SetEmotion) -> None:
        sim = self.simulation
        for person in self._people(event.participant):
            if event.plutchik is not None:
                pad = np.array(plutchik_to_pad(dict(zip(PLUTCHIK_ORDER, event.plutchik,
                                                        strict=True))))  # fmt: skip
            else:
                assert event.pad is not None
                pad = np.array(event.pad, dtype=np.float64)
                if None in event.pad:
                    target = sim.mood_target_of(person.slot)
                    pad = np.array([target[k] if v is None else v
                                    for k, v in enumerate(event.pad)])  # fmt: skip
            sim.aim_emotion(person.slot, pad, event.ramp)

    def _join(self, event: Join) -> None:
        if not valid_id(event.participant):
            raise InputError("bad_arguments", f"{event.participant[:40]!r} is not a valid id")
        existing = self.roster.get(event.participant)
        if existing is not None and existing.present:
            raise InputError("already_present", f"{event.participant!r} is already here")
        if existing is not None:
            # Rejoining while still fading out: their old slot finishes fading first.
            raise InputError("still_leaving", f"{event.participant!r} is still leaving")
        hue = event.hue
        if hue is None:
            hue = spaced_hue([p.hue for p in self.roster.present()])
        try:
            slot = self.simulation.join(event.pad, event.share)
        except ValueError:
            raise InputError(
                "full", f"all {MAX_PARTICIPANTS} participant slots are taken"
            ) from None
        self.hues[slot] = hue
        self.trace_colours[event.participant] = identity_rgb(float(hue))
        name = event.name or display_name(event.participant)
        self.roster.add(Person(event.participant, name, float(hue), slot))

    def _leave(self, event: Leave) -> None:
        [person] = self._people(event.participant) if event.participant != "*" else [None]
        if person is None:
            raise InputError("bad_arguments", "leave needs one participant's id")
        fade = event.fade if event.fade is not None else self.scene.live.leave_fade
        self.simulation.leave(person.slot, fade_seconds=fade)
        person.present = False

    def _set_param(self, event: SetParam) -> None:
        tokens = params.split_path(event.path)
        # participants.<id>.pleasure (what MIDI binds): a mood change, not a scene edit.
        if len(tokens) == 3 and tokens[0] == "participants" and tokens[2] in params.EMOTION_AXES:
            if isinstance(event.value, bool) or not isinstance(event.value, int | float):
                raise InputError("invalid_value", f"{event.path}: needs a number")
            pad: list[float | None] = [None, None, None]
            pad[params.EMOTION_AXES.index(tokens[2])] = float(event.value)
            self._set_emotion(SetEmotion(tokens[1], pad=(pad[0], pad[1], pad[2])))
            return
        if len(tokens) == 3 and tokens[0] == "participants" and tokens[2] in ("hue", "name"):
            person = self._people(tokens[1])[0]
            self._set_person(person, tokens[2], event.value)
            return
        new, name = params.with_value(self.scene, event.path, event.value)
        self._adopt(new, name)

    def _set_person(self, person: Person, field: str, value: object) -> None:
        if field == "hue":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InputError("invalid_value", "hue needs a number")
            if not 0.0 <= float(value) < 360.0:
                raise InputError("out_of_range", "hue must be 0..360")
            person.hue = float(value)
            self.hues[person.slot] = person.hue
            self.trace_colours[person.id] = identity_rgb(person.hue)
        else:
            if not isinstance(value, str) or not 1 <= len(value) <= 80:
                raise InputError("invalid_value", "a name is 1..80 characters")
            person.name = value

    def _adopt(self, new: Scene, name: str) -> None:
        """Take a validated scene with one changed field; apply what the core needs."""
        old, self.scene = self.scene, new
        sim = self.simulation
        if name.startswith("dynamics.") or name == "live.smoothing":
            d = new.dynamics
            sim.update_config(
                unity=d.unity, turbulence=d.turbulence, cohesion=d.cohesion, drag=d.damping,
                separation=d.separation, alignment=d.alignment, pulse=d.pulse,
                mood_smoothing=new.live.smoothing, polarity=d.polarity,
                expression=d.expression,
            )  # fmt: skip
        elif name.startswith("protocol."):
            self._switch_protocol(new.protocol.enabled)
            sim.protocol.target = new.protocol.target
            sim.protocol.gain = new.protocol.gain
        elif name.startswith("sculptures") and not params.is_live(name):
            self.scene = old
            raise InputError("not_live", f"{name}: a sculpture's shape, place and guide are "
                             "fixed per run (edit the scene file: hot reload restarts it)")
        elif name.startswith("sculptures"):
            k = int(name[len("sculptures["):name.index("]")])
            self.sculptures.items[k].spec = new.sculptures[k]  # material and reactions
        elif name.startswith("fractals"):
            self.fractal_bindings.fractals = new.fractals
        # Camera, sculptures' looks and fractals are read by the renderer from self.scene.

    def _transport(self, event: Transport) -> None:
        t = self.transport
        if event.action == "play":
            t.playing = True
        elif event.action == "pause":
            t.playing = False
        elif event.action == "step":
            t.single_steps += 1
        elif event.action == "speed":
            assert event.value is not None
            t.speed = float(event.value)

    def digest(self) -> str:
        return self.simulation.digest()

    def snapshot(self) -> Frame:
        """A complete copy of what the renderer and the window read, taken between two
        steps (the stepping thread only)."""
        sim = self.simulation
        st = sim.state
        counts = sim.counts()
        targets = sim.mood_target()
        people = tuple(
            PersonView(p.id, p.name, p.hue, p.slot, tuple(map(float, targets[p.slot])),
                       tuple(map(float, sim.pad[p.slot])), int(counts[p.slot]))
            for p in self.roster.present()
        )  # fmt: skip
        rift = sim.rift
        rift_view = None
        if rift is not None:
            rift_view = RiftView(
                strength=sim.rift_strength(), peak=rift.spec.strength,
                normal=tuple(map(float, rift.normal)), offset=float(rift.offset),
                age=self.time - rift.spec.start, rise=rift.spec.rise, heal=rift.spec.heal,
                width=rift.spec.width,
            )  # fmt: skip
        return Frame(
            step=self.frame, time=self.time, scene=self.scene,
            pos=st.pos.copy(), vel=st.vel.copy(), owner=st.owner.copy(), pid=st.pid.copy(),
            palette=self.colours(), hues=self.hues.copy(), mood=sim.pad.copy(),
            presence=sim.presence.copy(), collective=self.collective(),
            julia_c=self.julia_c(), people=people, energy=float(sim.energy),
            protocol_on=sim.protocol.enabled, protocol_multiplier=sim.protocol.multiplier,
            protocol_since=self.protocol_since, rift=rift_view,
            centroids=sim.centroids(), rejected=self.rejected.snapshot(),
            applied=self.applied_count, events=tuple(self.moments),
            sculptures=self.sculptures.views(),
            fractal_params=self.fractal_bindings.snapshot(),
            measures=self.poet.measures,
            verses=self.poet.recent(),
        )  # fmt: skip


# What a participant id may be, said to whoever typed one that is not (the GUI's Join box).
ID_RULE = "lowercase letters, digits, '-' and '_', at most 32, starting with a letter or digit"


def valid_id(text: str) -> bool:
    """A participant id the show accepts (the rule in ID_RULE)."""
    return re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", text) is not None
