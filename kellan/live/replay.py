"""Replaying a session: the same scene, the same inputs at the same steps, the same hash.

The scene's own timeline is switched off: its events are in the log already (source
"timeline"), so the log alone drives the run. Every input is applied at the boundary of
the step it was recorded at, in the recorded order.
"""

from __future__ import annotations

from collections.abc import Callable

from kellan.dreamscape import Dreamscape
from kellan.live.session import Session


def replay_dreamscape(session: Session) -> Dreamscape:
    """A fresh Dreamscape for the session's scene, with the timeline off."""
    return Dreamscape(session.scene, timeline=False)


class Replayer:
    """Steps a Dreamscape through a session's inputs, as far as asked each time."""

    def __init__(self, session: Session, dreamscape: Dreamscape | None = None) -> None:
        self.session = session
        self.ds = dreamscape or replay_dreamscape(session)
        self._next = 0

    def _apply_due(self) -> None:
        inputs = self.session.inputs
        ds = self.ds
        while self._next < len(inputs) and inputs[self._next].step <= ds.frame:
            item = inputs[self._next]
            if item.step == ds.frame:
                ds.apply_now(item.source, item.event)
            self._next += 1

    def advance_to(self, step: int, on_step: Callable[[Dreamscape], None] | None = None) -> None:
        """Step until the dreamscape has run `step` steps."""
        while self.ds.frame < step:
            self._apply_due()
            self.ds.step(1)
            if on_step is not None:
                on_step(self.ds)

    def finish(self) -> Dreamscape:
        """Inputs recorded at the last step (after it, nothing ran) still take effect."""
        self._apply_due()
        return self.ds


def replay(
    session: Session,
    dreamscape: Dreamscape | None = None,
    until: int | None = None,
    on_step: Callable[[Dreamscape], None] | None = None,
    step_runner: Callable[[Callable[[int], None], int], None] | None = None,
) -> Dreamscape:
    """Re-run `session` up to step `until` (default: all of it).

    `on_step` is called after every step; `step_runner(step_fn, count)` may wrap the
    stepping (a progress bar)."""
    r = Replayer(session, dreamscape)
    end = session.steps if until is None else until

    def advance(count: int) -> None:
        r.advance_to(r.ds.frame + count, on_step)

    todo = max(0, end - r.ds.frame)
    if step_runner is None:
        advance(todo)
    else:
        step_runner(advance, todo)
    return r.finish()
