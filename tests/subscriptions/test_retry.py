"""Back-off: base, then twice as long each time, at most a day; failed after the last try."""

from __future__ import annotations

import datetime as dt

import pytest

from qualicert.subscriptions import retry

NOW = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)


def test_each_retry_waits_twice_as_long():
    assert [retry.delay(n, 60).total_seconds() for n in range(1, 8)] == [
        60,
        120,
        240,
        480,
        960,
        1920,
        3840,
    ]


def test_the_wait_stops_growing_at_a_day():
    assert retry.delay(20, 60) == dt.timedelta(days=1)
    assert retry.delay(10_000, 60) == dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("failures", "base", "name"), [(0, 60, "failures"), (1, 0, "base_seconds")]
)
def test_bad_arguments_are_named(failures, base, name):
    with pytest.raises(ValueError, match=name):
        retry.delay(failures, base)


def test_pending_while_attempts_remain_then_failed():
    assert retry.next_state(attempts=1, max_attempts=3, base_seconds=60, now=NOW) == (
        "pending",
        NOW + dt.timedelta(seconds=60),
    )
    assert retry.next_state(attempts=2, max_attempts=3, base_seconds=60, now=NOW) == (
        "pending",
        NOW + dt.timedelta(seconds=120),
    )
    assert retry.next_state(attempts=3, max_attempts=3, base_seconds=60, now=NOW) == ("failed", NOW)
