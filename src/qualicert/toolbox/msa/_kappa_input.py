"""Input checks and tables for the kappa statistics."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["check_alternative", "check_chance", "cross_table", "fleiss_table"]


def check_alternative(alternative: str) -> None:
    """Refuse an unknown alternative hypothesis."""
    if alternative not in ("two-sided", "greater", "less"):
        raise ValueError(
            f"alternative {alternative!r} is not one of 'two-sided', 'greater', 'less'"
        )


def check_chance(expected: float, labels: tuple[object, ...]) -> None:
    """Kappa is undefined when chance agreement is 1 (every rating in one category)."""
    if expected >= 1.0 - 1e-12:
        raise ValueError(
            f"every rating is in one category of {list(labels)!r}; kappa is undefined "
            "when the agreement expected by chance is 1"
        )


def _labels(values: ArrayLike, name: str) -> NDArray[np.generic]:
    array = np.asarray(values)
    if array.dtype.kind == "f" and not bool(np.all(np.isfinite(array))):
        raise ValueError(f"{name} contains NaN or inf; every rating must be a category label")
    return array


def _encode(
    array: NDArray[np.generic], categories: ArrayLike | None
) -> tuple[tuple[object, ...], NDArray[np.intp]]:
    """Category labels and the index of each rating among them."""
    try:
        seen = np.unique(array)
        levels = seen if categories is None else np.unique(np.asarray(categories))
    except TypeError:
        raise ValueError("ratings must be labels of one comparable type") from None
    missing = np.setdiff1d(seen, levels)
    if missing.size:
        raise ValueError(
            f"rating {missing[0].item()!r} is not among categories {levels.tolist()!r}"
        )
    index = np.searchsorted(levels, array).astype(np.intp)
    return tuple(levels.tolist()), index


def cross_table(
    rater_a: ArrayLike, rater_b: ArrayLike, categories: ArrayLike | None
) -> tuple[tuple[object, ...], NDArray[np.float64]]:
    """Categories and the k x k count table of rater A (rows) by rater B (columns)."""
    a, b = _labels(rater_a, "rater_a"), _labels(rater_b, "rater_b")
    if a.ndim != 1 or b.ndim != 1 or a.size != b.size:
        raise ValueError(
            f"rater_a has shape {a.shape} and rater_b {b.shape}; both must be 1-D with one "
            "rating per subject"
        )
    if a.size < 2:
        raise ValueError(f"{a.size} subject(s) rated; at least 2 are required")
    labels, index = _encode(np.concatenate([a, b]), categories)
    k = len(labels)
    cells = index[: a.size] * k + index[a.size :]
    return labels, np.bincount(cells, minlength=k * k).reshape(k, k).astype(np.float64)


def _count_table(data: ArrayLike) -> NDArray[np.float64]:
    try:
        table = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("counts must be numbers (subjects x categories)") from None
    if table.ndim != 2 or table.shape[0] < 2 or table.shape[1] < 2:
        raise ValueError(
            f"counts has shape {table.shape}; it must be 2-D with at least 2 subjects (rows) "
            "and 2 categories (columns)"
        )
    if not bool(np.all(np.isfinite(table))) or bool(np.any(table < 0)):
        raise ValueError("counts must be finite and non-negative")
    if bool(np.any(table != np.round(table))):
        raise ValueError("counts must be whole numbers (numbers of raters)")
    totals = table.sum(axis=1)
    if float(totals.min()) != float(totals.max()):
        row = int(np.argmax(totals != totals[0]))
        raise ValueError(
            f"subject {row} has {int(totals[row])} ratings but subject 0 has "
            f"{int(totals[0])}; every subject needs the same number of ratings"
        )
    if totals[0] < 2:
        raise ValueError(f"each subject has {int(totals[0])} rating(s); at least 2 are required")
    return table


def fleiss_table(
    data: ArrayLike, kind: str, categories: ArrayLike | None
) -> tuple[tuple[object, ...], NDArray[np.float64]]:
    """Category labels and the subjects x categories count table."""
    if kind == "counts":
        table = _count_table(data)
        if categories is None:
            return tuple(range(table.shape[1])), table
        labels = tuple(np.asarray(categories).tolist())
        if len(labels) != table.shape[1]:
            raise ValueError(f"{len(labels)} categories given for {table.shape[1]} count columns")
        return labels, table
    if kind != "ratings":
        raise ValueError(f"kind {kind!r} is not one of 'counts', 'ratings'")
    ratings = _labels(data, "ratings")
    if ratings.ndim != 2 or ratings.shape[0] < 2 or ratings.shape[1] < 2:
        raise ValueError(
            f"ratings has shape {ratings.shape}; it must be 2-D with at least 2 subjects "
            "(rows) and 2 raters (columns)"
        )
    labels, index = _encode(ratings.ravel(), categories)
    k = len(labels)
    rows = np.repeat(np.arange(ratings.shape[0]), ratings.shape[1])
    flat = np.bincount(rows * k + index, minlength=ratings.shape[0] * k)
    return labels, flat.reshape(-1, k).astype(np.float64)
