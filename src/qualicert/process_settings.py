"""Process-wide interpreter settings changed for as long as any caller needs them.

Some bulk work runs faster with an interpreter setting changed (the garbage collector's
thresholds, the thread switch interval), but the setting belongs to the whole process, and
two imports may run at once in server threads. :class:`Held` counts its holders: the first
to enter saves the setting and changes it, the last to leave restores what was saved.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")


class Held(Generic[T]):
    """A setting read by ``read``, changed by ``change(saved)``, put back by ``restore(saved)``."""

    def __init__(
        self,
        read: Callable[[], T],
        change: Callable[[T], None],
        restore: Callable[[T], None],
    ) -> None:
        self._read, self._change, self._restore = read, change, restore
        self._lock = threading.Lock()
        self._holders = 0
        self._saved: T | None = None

    @contextmanager
    def held(self) -> Iterator[None]:
        """The changed setting until the block ends (and every other holder's has)."""
        with self._lock:
            if self._holders == 0:
                self._saved = self._read()
                self._change(self._saved)
            self._holders += 1
        try:
            yield
        finally:
            with self._lock:
                self._holders -= 1
                if self._holders == 0 and self._saved is not None:
                    self._restore(self._saved)
