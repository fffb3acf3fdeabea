"""Input checks for acceptance sampling; each failure is a ValueError naming the value."""

from __future__ import annotations

import math
import operator

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["choice", "finite_array", "integer", "probability", "proportion", "real"]


def choice(name: str, value: object, allowed: tuple[object, ...]) -> None:
    """Refuse an option that is not one of ``allowed``."""
    if not isinstance(value, str | None) or value not in allowed:
        shown = ", ".join(str(a) for a in allowed)
        raise ValueError(f"{name} {value!r} is not one of {shown}")


def integer(name: str, value: object, minimum: int) -> int:
    """``value`` as an int after checking it is an integer >= ``minimum``."""
    if isinstance(value, bool | float):
        raise ValueError(f"{name} {value!r} is not an integer >= {minimum}")
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"{name} {value!r} is not an integer >= {minimum}") from None
    if number < minimum:
        raise ValueError(f"{name} {number} is not an integer >= {minimum}")
    return number


def real(name: str, value: object) -> float:
    """``value`` as a float after checking it is a finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating | np.integer):
        raise ValueError(f"{name} {value!r} is not a number")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} {number!r} is not a finite number")
    return number


def probability(name: str, value: object) -> float:
    """A risk such as alpha or beta: a number strictly between 0 and 1."""
    number = real(name, value)
    if not 0.0 < number < 1.0:
        raise ValueError(f"{name} {number!r} must lie strictly between 0 and 1")
    return number


def proportion(name: str, value: object, *, upper: float | None = 1.0) -> float:
    """A fraction nonconforming (0 < p < 1) or, with ``upper=None``, a rate > 0."""
    number = real(name, value)
    if number <= 0.0 or (upper is not None and number >= upper):
        allowed = "strictly between 0 and 1" if upper is not None else "greater than 0"
        raise ValueError(f"{name} {number!r} must be {allowed}")
    return number


def finite_array(name: str, values: ArrayLike, *, upper: float | None) -> NDArray[np.float64]:
    """A float array of quality levels in ``[0, upper]`` (``upper=None``: no upper bound)."""
    try:
        x = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers") from None
    bad = ~np.isfinite(x) | (x < 0.0)
    if upper is not None:
        bad |= x > upper
    if np.any(bad):
        first = float(x.ravel()[np.flatnonzero(bad.ravel())[0]])
        limit = f"0 and {upper:g}" if upper is not None else "0 and +inf (exclusive)"
        raise ValueError(f"{name} value {first!r} is not a finite number between {limit}")
    return x
