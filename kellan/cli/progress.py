"""Progress on long headless runs: a bar on stderr, never on stdout (which carries the
results that scripts read)."""

from __future__ import annotations

import sys
from collections.abc import Callable

from tqdm import tqdm

# Below this many steps a run takes seconds at most: no bar.
SHOW_AFTER_STEPS = 600
CHUNK = 60


def run_steps(step: Callable[[int], None], count: int, label: str) -> None:
    """Call `step(k)` until `count` steps are done, with a bar when the run is long."""
    if count < SHOW_AFTER_STEPS:
        if count > 0:
            step(count)
        return
    with tqdm(total=count, desc=label, unit="step", file=sys.stderr, mininterval=1.0,
              dynamic_ncols=True, leave=False) as bar:  # fmt: skip
        done = 0
        while done < count:
            k = min(CHUNK, count - done)
            step(k)
            done += k
            bar.update(k)
