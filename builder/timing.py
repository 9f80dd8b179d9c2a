"""Wall time of the named steps of a build (reported by ``plankg build`` and read by ``bench/``)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timings(dict[str, float]):
    """Seconds per step, in the order the steps ran.

    >>> timings = Timings()
    >>> with timings.step("link"):
    ...     pass
    >>> list(timings)
    ['link']
    """

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time the ``with`` body as step *name* (recorded even when the body raises)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self[name] = time.perf_counter() - started
