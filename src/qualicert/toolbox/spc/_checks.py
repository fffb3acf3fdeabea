"""Input checks and small array helpers shared by the control charts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualicert.toolbox.spc._base import Stage, Value

__all__ = [
    "check_sigma_level",
    "collapse",
    "excluded_mask",
    "finite_array",
    "readonly",
    "segments",
]


def readonly(a: NDArray[np.float64]) -> NDArray[np.float64]:
    """Mark an array we own as read-only and return it."""
    a.flags.writeable = False
    return a


def finite_array(
    data: ArrayLike, name: str, ndim: int | None = None, copy: bool = True
) -> NDArray[np.float64]:
    """Convert to a float64 array, refusing NaN, infinity and wrong dimensions.

    With ``copy=False`` a float64 array is used as it is (the caller must not keep it).
    """
    try:
        arr = np.array(data, dtype=np.float64) if copy else np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional; got shape {arr.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        total = np.add.reduce(arr, axis=None) if arr.size else 0.0
    if not np.isfinite(total):  # a cheap pre-check: a finite sum means finite values
        bad = np.flatnonzero(~np.isfinite(arr.ravel()))
        if bad.size:
            raise ValueError(f"{name} holds a non-finite value {arr.ravel()[bad[0]]} at {bad[0]}")
    return arr


def check_sigma_level(nsigmas: float) -> float:
    value = float(nsigmas)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"nsigmas {nsigmas!r} is not allowed; it must be a positive number")
    return value


def segments(stages: ArrayLike | None, n: int) -> tuple[Stage, ...]:
    """Split ``n`` points into stages: maximal runs of equal consecutive labels."""
    if stages is None:
        return (Stage("1", 0, n),)
    labels = np.asarray(stages).astype(str)
    if labels.shape != (n,):
        raise ValueError(f"stages has shape {labels.shape}; it must give one label per point ({n})")
    cuts = np.flatnonzero(labels[1:] != labels[:-1]) + 1
    starts = np.concatenate(([0], cuts))
    stops = np.concatenate((cuts, [n]))
    return tuple(Stage(str(labels[a]), int(a), int(b)) for a, b in zip(starts, stops, strict=True))


def excluded_mask(exclude: Sequence[int] | ArrayLike | None, n: int) -> NDArray[np.bool_]:
    """Boolean mask of the points excluded from estimation (indices checked)."""
    mask = np.zeros(n, dtype=np.bool_)
    if exclude is None:
        return mask
    idx = np.asarray(exclude)
    if idx.size and (idx.dtype.kind not in "iu" or idx.min() < -n or idx.max() >= n):
        raise ValueError(f"exclude {idx.tolist()!r} must be integer indices in 0..{n - 1}")
    mask[idx.astype(np.intp)] = True
    return mask


def collapse(values: Sequence[Value], parts: Sequence[Stage], n: int) -> Value:
    """Join per-stage values into one float (all equal scalars) or a per-point array."""
    if len(values) == 1 and isinstance(values[0], float):
        return values[0]
    out = np.empty(n, dtype=np.float64)
    for v, st in zip(values, parts, strict=True):
        out[st.start : st.stop] = v
    return readonly(out)
