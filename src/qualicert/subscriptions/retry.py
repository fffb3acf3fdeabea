"""Retry timing: exponential back-off with a ceiling (pure).

The n-th failed attempt (n from 1) waits ``base * 2**(n - 1)`` seconds, at most
:data:`MAX_DELAY`; after ``attempts`` failures the delivery is given up (``failed``).
With the defaults (8 attempts, 60 s) the retries come after 1, 2, 4, 8, 16, 32 and 64 minutes,
so a receiver that is down for about two hours still gets every event.
"""

from __future__ import annotations

import datetime as dt

MAX_DELAY = dt.timedelta(days=1)


def delay(failures: int, base_seconds: int) -> dt.timedelta:
    """How long to wait after the ``failures``-th failed attempt.

    Raises
    ------
    ValueError
        When ``failures`` is below 1 or ``base_seconds`` below 1.
    """
    if failures < 1:
        raise ValueError(f"failures must be at least 1, not {failures}")
    if base_seconds < 1:
        raise ValueError(f"base_seconds must be at least 1, not {base_seconds}")
    if failures > 40:  # 2**40 seconds is far past the ceiling; avoid huge integers
        return MAX_DELAY
    return min(dt.timedelta(seconds=base_seconds * 2 ** (failures - 1)), MAX_DELAY)


def next_state(
    *, attempts: int, max_attempts: int, base_seconds: int, now: dt.datetime
) -> tuple[str, dt.datetime]:
    """After a failed attempt (``attempts`` made so far): the status and the next attempt time.

    ``pending`` with a later time while attempts remain, else ``failed`` (time unchanged).
    """
    if attempts >= max_attempts:
        return "failed", now
    return "pending", now + delay(attempts, base_seconds)
