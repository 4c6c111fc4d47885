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


def replay(
    session: Session,
    dreamscape: Dreamscape | None = None,
    until: int | None = None,
    on_step: Callable[[Dreamscape], None] | None = None,
    step_runner: Callable[[Callable[[int], None], int], None] | None = None,
) -> Dreamscape:
    """Re-run `session` up to step `until` (default: all of it).

    `on_step` is called after every step (recording uses it to render frames);
    `step_runner(step_fn, count)` may wrap the stepping (a progress bar)."""
    ds = dreamscape or replay_dreamscape(session)
    end = session.steps if until is None else until
    inputs = session.inputs
    k = 0

    def advance(count: int) -> None:
        nonlocal k
        for _ in range(count):
            while k < len(inputs) and inputs[k].step <= ds.frame:
                item = inputs[k]
                if item.step == ds.frame:
                    ds.apply_now(item.source, item.event)
                k += 1
            ds.step(1)
            if on_step is not None:
                on_step(ds)

    # Inputs recorded at the last step (after it, nothing ran) still take effect.
    todo = max(0, end - ds.frame)
    if step_runner is None:
        advance(todo)
    else:
        step_runner(advance, todo)
    while k < len(inputs) and inputs[k].step == ds.frame:
        ds.apply_now(inputs[k].source, inputs[k].event)
        k += 1
    return ds
