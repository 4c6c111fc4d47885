"""OSC output of the collective state, so other tools (lights, sound) can follow.

Sent at a set rate (wall clock) from the thread that steps the show:

    /kellan/collective/pad           f f f   share-weighted mean pleasure, arousal, dominance
    /kellan/collective/spread        f f f   their standard deviations
    /kellan/collective/polarisation  f       0 (everyone alike) .. 0.5 (two opposite camps)
    /kellan/collective/energy        f       mean kinetic energy per particle
    /kellan/collective/participants  i       how many are present
    /kellan/time                     f i     show time in seconds, step

Rhea's measures (kellan.core.measures, docs/poetry.md), at the same rate:

    /kellan/measures/gini            f f f   Gini of the particles, the sculptures'
                                             attention and the calm (0 fair .. (n-1)/n)
    /kellan/measures/polarisation    f       as /kellan/collective/polarisation, at the
                                             measures' step
    /kellan/measures/empathy         f       mean pairwise PAD closeness, 0..1
    /kellan/measures/fractions       f f     particles near a sculpture, slow particles
    /kellan/measures/shares          s f f f for each present participant: id, their share
                                             of the particles, the attention, the calm

and every verse once, as soon as it is written (lines joined by newlines):

    /kellan/verse                    i f s s number, show time, trigger, text
"""

from __future__ import annotations

import logging
import time

from pythonosc.udp_client import SimpleUDPClient

from kellan.dreamscape import Dreamscape

log = logging.getLogger("kellan.osc")


def measure_messages(ds: Dreamscape) -> list[tuple[str, list]]:
    """The /kellan/measures/* messages of the latest measures (none before the first)."""
    m = ds.poet.measures
    if m is None:
        return []
    ids = {p.slot: p.id for p in ds.roster.by_id.values()}
    out: list[tuple[str, list]] = [
        ("/kellan/measures/gini", [m.gini_particles, m.gini_attention, m.gini_calm]),
        ("/kellan/measures/polarisation", [m.polarisation]),
        ("/kellan/measures/empathy", [m.empathy]),
        ("/kellan/measures/fractions", [m.near_fraction, m.calm_fraction]),
    ]
    for k, slot in enumerate(m.slots):
        who = ids.get(slot, f"slot-{slot}")
        out.append(("/kellan/measures/shares", [who, m.particles[k], m.attention[k], m.calm[k]]))
    return out


class OscSender:
    def __init__(self, host: str, port: int, rate: float) -> None:
        self.client = SimpleUDPClient(host, port)
        self.period = 1.0 / rate
        self._next = 0.0
        self.sent = 0
        self.failed = 0
        self.verses_sent = 0  # verses of the show sent so far

    def maybe_send(self, ds: Dreamscape, now: float | None = None) -> bool:
        """Send the collective state if a period has passed; never raises."""
        now = time.monotonic() if now is None else now
        if now < self._next:
            return False
        self._next = now + self.period
        c = ds.collective()
        messages = [
            ("/kellan/collective/pad", [float(v) for v in c.mean]),
            ("/kellan/collective/spread", [float(v) for v in c.spread]),
            ("/kellan/collective/polarisation", [float(c.polarisation)]),
            ("/kellan/collective/energy", [float(ds.simulation.energy)]),
            ("/kellan/collective/participants", [len(ds.present_ids)]),
            ("/kellan/time", [float(ds.time), int(ds.frame)]),
        ]
        messages += measure_messages(ds)
        verses = ds.poet.verses
        for v in verses[self.verses_sent :]:
            messages.append(("/kellan/verse", [v.n, float(v.time), v.trigger, "\n".join(v.lines)]))
        self.verses_sent = len(verses)
        try:
            for address, args in messages:
                self.client.send_message(address, args)
            self.sent += 1
        except OSError as exc:
            self.failed += 1
            if self.failed == 1:
                log.warning("OSC output failed (%s); it keeps trying", exc)
        return True
