"""OSC output of the collective state, so other tools (lights, sound) can follow.

Sent at a set rate (wall clock) from the thread that steps the show:

    /kellan/collective/pad           f f f   share-weighted mean pleasure, arousal, dominance
    /kellan/collective/spread        f f f   their standard deviations
    /kellan/collective/polarisation  f       0 (everyone alike) .. 0.5 (two opposite camps)
    /kellan/collective/energy        f       mean kinetic energy per particle
    /kellan/collective/participants  i       how many are present
    /kellan/time                     f i     show time in seconds, step
"""

from __future__ import annotations

import logging
import time

from pythonosc.udp_client import SimpleUDPClient

from kellan.dreamscape import Dreamscape

log = logging.getLogger("kellan.osc")


class OscSender:
    def __init__(self, host: str, port: int, rate: float) -> None:
        self.client = SimpleUDPClient(host, port)
        self.period = 1.0 / rate
        self._next = 0.0
        self.sent = 0
        self.failed = 0

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
        try:
            for address, args in messages:
                self.client.send_message(address, args)
            self.sent += 1
        except OSError as exc:
            self.failed += 1
            if self.failed == 1:
                log.warning("OSC output failed (%s); it keeps trying", exc)
        return True
