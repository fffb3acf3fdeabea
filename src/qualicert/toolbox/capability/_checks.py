"""Input checks for capability analysis; each failure is a ValueError naming the value."""

from __future__ import annotations

import math
import operator

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["choice", "groups_of", "spec_limits"]


def choice(name: str, value: object, allowed: tuple[str | None, ...]) -> None:
    """Refuse an option that is not one of ``allowed``."""
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} {value!r} is not one of {shown}")


def _finite_array(data: ArrayLike) -> NDArray[np.float64]:
    try:
        x = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("data must be numbers (a 1-D sequence or a 2-D subgroup array)") from None
    if x.ndim not in (1, 2):
        raise ValueError(f"data has {x.ndim} dimensions; 1 (values) or 2 (subgroups) allowed")
    bad = np.flatnonzero(~np.isfinite(x.ravel()))
    if bad.size:
        raise ValueError(
            f"data value {x.ravel()[bad[0]]!r} at flat index {int(bad[0])} is not finite; "
            "all values must be finite numbers (remove NaN and inf)"
        )
    return x


def _subgroup_size(value: int) -> int:
    try:
        size = operator.index(value)
    except TypeError:
        raise ValueError(f"subgroup_size {value!r} must be an integer >= 1") from None
    if size < 1:
        raise ValueError(f"subgroup_size {size} must be an integer >= 1")
    return size


def groups_of(data: ArrayLike, subgroup_size: int) -> NDArray[np.float64]:
    """The data as a ``(k, n)`` array of subgroups (rows), checked."""
    x = _finite_array(data)
    size = _subgroup_size(subgroup_size)
    if x.ndim == 2:
        if size not in (1, x.shape[1]):
            raise ValueError(
                f"subgroup_size {size} disagrees with the {x.shape[1]} columns of the 2-D data; "
                "give 1 or the number of columns"
            )
        size = x.shape[1]
        x = x.ravel()
    if x.size % size:
        raise ValueError(
            f"{x.size} values are not divisible by subgroup_size {size}; every subgroup "
            "must have the same size"
        )
    groups = x.reshape(-1, size)
    minimum, what = (2, "values") if size == 1 else (2, "subgroups")
    if groups.shape[0] < minimum:
        raise ValueError(f"{groups.shape[0]} {what} given; at least {minimum} are required")
    if float(np.ptp(x)) == 0.0:
        raise ValueError(f"all {x.size} values equal {x[0]!r}; zero variance is not allowed")
    return groups


def _finite_or_none(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} {value!r} must be a number or None") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} {value!r} must be a finite number or None")
    return number


def spec_limits(
    lsl: float | None, usl: float | None, target: float | None
) -> tuple[float | None, float | None, float | None]:
    """Checked ``(lsl, usl, target)``; at least one limit, and ``lsl < usl``."""
    low = _finite_or_none("lsl", lsl)
    high = _finite_or_none("usl", usl)
    aim = _finite_or_none("target", target)
    if low is None and high is None:
        raise ValueError("no specification: give lsl, usl or both")
    if low is not None and high is not None and low >= high:
        raise ValueError(f"lsl {low!r} must be below usl {high!r}")
    return low, high, aim
