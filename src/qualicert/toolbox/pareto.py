"""Pareto analysis: rank categories by count (or weighted count) and find the vital few.

``analyze`` takes either raw occurrences (one entry per defect, counted here) or
categories with their counts, optionally weighted (cost per defect, minutes lost...),
sorts them in descending order (ties in name order), and returns cumulative counts and
percentages and the "vital few": the categories up to and including the one at which the
cumulative percentage first reaches the threshold (80 % by default). Small categories
can be grouped into one "Other" bar, which is always kept last.

``qualicert.toolbox.charts.render_pareto`` draws the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["ParetoResult", "ParetoRow", "analyze"]

# Cumulative percentages are sums of floats; allow for rounding when testing whether
# the threshold is reached (e.g. 79.99999999999999 for an exact 80 %).
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class ParetoRow:
    """One bar of a Pareto chart (see `ParetoResult.rows`)."""

    category: str
    count: float
    percentage: float
    cumulative_count: float
    cumulative_percentage: float


@dataclass(frozen=True)
class ParetoResult:
    """Result of `analyze`.

    Attributes
    ----------
    categories : tuple of str
        Category labels, largest first (ties in name order); ``other_label`` last when
        small categories were grouped.
    counts : ndarray of float64
        The ranked quantity of each category: the weighted count when weights were
        given, otherwise the count.
    frequencies : ndarray of float64
        Unweighted count of each category (equal to ``counts`` without weights).
    percentages : ndarray of float64
        ``100 * counts / total``.
    cumulative_counts : ndarray of float64
        Running sum of ``counts``.
    cumulative_percentages : ndarray of float64
        ``100 * cumulative_counts / total``; the last value is 100.
    total : float
        Sum of ``counts``.
    vital_few : tuple of str
        Categories up to and including the first whose cumulative percentage reaches
        ``threshold``. The grouped "Other" bar is never part of it.
    threshold : float
        Cumulative percentage that defines the vital few.
    grouped : tuple of str
        Categories merged into the "Other" bar (empty when nothing was grouped).
    weighted : bool
        Whether ``counts`` are weighted.
    """

    categories: tuple[str, ...]
    counts: NDArray[np.float64]
    frequencies: NDArray[np.float64]
    percentages: NDArray[np.float64]
    cumulative_counts: NDArray[np.float64]
    cumulative_percentages: NDArray[np.float64]
    total: float
    vital_few: tuple[str, ...]
    threshold: float
    grouped: tuple[str, ...]
    weighted: bool

    @property
    def useful_many(self) -> tuple[str, ...]:
        """Categories not in the vital few (including the "Other" bar, if any)."""
        return self.categories[len(self.vital_few) :]

    def rows(self) -> tuple[ParetoRow, ...]:
        """The table behind the chart, one `ParetoRow` per category, in chart order."""
        return tuple(
            ParetoRow(name, float(c), float(p), float(cc), float(cp))
            for name, c, p, cc, cp in zip(
                self.categories,
                self.counts,
                self.percentages,
                self.cumulative_counts,
                self.cumulative_percentages,
                strict=True,
            )
        )


def analyze(
    categories: Iterable[Any],
    counts: ArrayLike | None = None,
    weights: ArrayLike | Mapping[Any, float] | None = None,
    other_threshold: float | None = None,
    *,
    threshold: float = 80.0,
    other_label: str = "Other",
) -> ParetoResult:
    """Pareto analysis of categorical data.

    Parameters
    ----------
    categories : iterable
        Without ``counts``: raw occurrences, one entry per event (e.g. one defect
        type per rejected part), counted here. With ``counts``: the category of each
        count. Labels are compared as ``str(label)``; repeated labels are summed.
    counts : array_like, optional
        Non-negative finite count for each entry of ``categories``.
    weights : array_like or mapping, optional
        Weight of each entry of ``categories`` (same length), or a mapping from
        category label to weight (every category must be present). The ranked
        quantity is the sum of ``count * weight`` per category, e.g. the cost of
        defects instead of their number.
    other_threshold : float, optional
        Percentage (0 < value < 100): every category whose share of the total is below
        it is merged into one ``other_label`` bar, kept last. ``None`` (default) keeps
        all categories.
    threshold : float, default 80.0
        Cumulative percentage (0 < value <= 100) that defines the vital few.
    other_label : str, default "Other"
        Label of the grouped bar. A category already named so is merged into it.

    Returns
    -------
    ParetoResult

    Raises
    ------
    ValueError
        If there are no categories, lengths differ, a count or weight is negative,
        NaN or infinite, the total is zero, a threshold is out of range, or a
        category is missing from a weight mapping.

    References
    ----------
    .. [1] J. M. Juran, "Juran's Quality Handbook", 5th ed., McGraw-Hill, 1999,
       section 5 (the Pareto principle: the vital few and the useful many).
    .. [2] D. C. Montgomery, "Introduction to Statistical Quality Control", 7th ed.,
       Wiley, 2013, section 5.4 (the Pareto chart).
    .. [3] NIST/SEMATECH e-Handbook of Statistical Methods, section 6.1 (Pareto
       chart as a quality tool).

    Examples
    --------
    >>> r = analyze(["scratch", "dent", "scratch", "crack", "scratch", "dent"])
    >>> r.categories, r.counts.tolist(), r.vital_few
    (('scratch', 'dent', 'crack'), [3.0, 2.0, 1.0], ('scratch', 'dent'))
    """
    _check_percentage("threshold", threshold, allow_100=True)
    if other_threshold is not None:
        _check_percentage("other_threshold", other_threshold, allow_100=False)
    names, inverse = _encode(categories)
    if inverse.size == 0:
        raise ValueError("categories is empty; at least one category is needed")
    amounts = _amounts(counts, inverse.size)
    freq = np.bincount(inverse, weights=amounts, minlength=names.size).astype(np.float64)
    if weights is None:
        ranked = freq
    else:
        per_entry = _weights(weights, names, inverse)
        ranked = np.bincount(inverse, weights=amounts * per_entry, minlength=names.size).astype(
            np.float64
        )
    total = float(ranked.sum())
    if not total > 0.0:
        raise ValueError(f"the total is {total}; at least one count must be positive")
    order = np.argsort(-ranked, kind="stable")  # names are sorted: ties in name order
    return _result(
        names[order],
        ranked[order],
        freq[order],
        total,
        threshold,
        other_threshold,
        other_label,
        weighted=weights is not None,
    )


def _encode(categories: Iterable[Any]) -> tuple[NDArray[np.str_], NDArray[np.intp]]:
    """Sorted distinct labels (as str) and each entry's index among them."""
    if isinstance(categories, np.ndarray) and categories.dtype.kind in "biuf":
        values, inverse = np.unique(categories.ravel(), return_inverse=True)
        names, of_value = _encode_labels(list(map(str, values.tolist())))
        return names, of_value[inverse.ravel()]
    if isinstance(categories, np.ndarray):
        return _encode_labels(categories.astype(str).ravel().tolist())
    return _encode_labels(list(map(str, categories)))


def _encode_labels(labels: list[str]) -> tuple[NDArray[np.str_], NDArray[np.intp]]:
    names = sorted(set(labels))
    index = {name: i for i, name in enumerate(names)}
    inverse = np.fromiter(map(index.__getitem__, labels), dtype=np.intp, count=len(labels))
    return np.array(names, dtype=str), inverse


def _check_percentage(name: str, value: float, *, allow_100: bool) -> None:
    ok = np.isfinite(value) and value > 0.0 and (value <= 100.0 if allow_100 else value < 100.0)
    if not ok:
        upper = "<= 100" if allow_100 else "< 100"
        raise ValueError(f"{name} {value!r} is not a percentage with 0 < {name} {upper}")


def _amounts(counts: ArrayLike | None, n: int) -> NDArray[np.float64]:
    if counts is None:
        return np.ones(n)
    values = np.asarray(counts, dtype=np.float64).ravel()
    if values.size != n:
        raise ValueError(f"counts has {values.size} values but categories has {n}; they must match")
    _check_non_negative("count", values)
    return values


def _weights(
    weights: ArrayLike | Mapping[Any, float],
    names: NDArray[np.str_],
    inverse: NDArray[np.intp],
) -> NDArray[np.float64]:
    if isinstance(weights, Mapping):
        by_name = {str(k): float(v) for k, v in weights.items()}
        missing = [str(n) for n in names if str(n) not in by_name]
        if missing:
            raise ValueError(
                f"category {missing[0]!r} has no weight; weights must cover every category"
            )
        per_name = np.array([by_name[str(n)] for n in names], dtype=np.float64)
        _check_non_negative("weight", per_name, lambda i: str(names[i]))
        return per_name[inverse]
    values = np.asarray(weights, dtype=np.float64).ravel()
    if values.size != inverse.size:
        raise ValueError(
            f"weights has {values.size} values but categories has {inverse.size}; they must match"
        )
    _check_non_negative("weight", values, lambda i: str(names[inverse[i]]))
    return values


def _check_non_negative(
    what: str, values: NDArray[np.float64], label_of: Callable[[int], str] | None = None
) -> None:
    bad = np.flatnonzero(~np.isfinite(values) | (values < 0))
    if bad.size:
        i = int(bad[0])
        where = f"for category {label_of(i)!r}" if label_of else f"at position {i}"
        raise ValueError(
            f"{what} {float(values[i])!r} {where} is not allowed; {what}s must be finite and >= 0"
        )


def _result(
    names: NDArray[np.str_],
    ranked: NDArray[np.float64],
    freq: NDArray[np.float64],
    total: float,
    threshold: float,
    other_threshold: float | None,
    other_label: str,
    *,
    weighted: bool,
) -> ParetoResult:
    grouped: tuple[str, ...] = ()
    n_named = names.size
    if other_threshold is not None:
        small = (100.0 * ranked / total < other_threshold) | (names == other_label)
        if small.any():
            grouped = tuple(str(n) for n in names[small] if n != other_label)
            names = np.append(names[~small], other_label)
            ranked = np.append(ranked[~small], ranked[small].sum())
            freq = np.append(freq[~small], freq[small].sum())
            n_named = names.size - 1
    cumulative = np.cumsum(ranked)
    cum_pct = 100.0 * cumulative / total
    vital = _vital_few(cum_pct[:n_named], threshold)
    return ParetoResult(
        categories=tuple(str(n) for n in names),
        counts=_frozen(ranked),
        frequencies=_frozen(freq),
        percentages=_frozen(100.0 * ranked / total),
        cumulative_counts=_frozen(cumulative),
        cumulative_percentages=_frozen(cum_pct),
        total=total,
        vital_few=tuple(str(n) for n in names[:vital]),
        threshold=float(threshold),
        grouped=grouped,
        weighted=weighted,
    )


def _vital_few(cum_pct: NDArray[np.float64], threshold: float) -> int:
    """Number of leading categories up to and including the one reaching ``threshold``."""
    reached = np.flatnonzero(cum_pct >= threshold - _TOLERANCE)
    return int(reached[0]) + 1 if reached.size else int(cum_pct.size)


def _frozen(values: NDArray[np.float64]) -> NDArray[np.float64]:
    out = np.array(values, dtype=np.float64)
    out.setflags(write=False)
    return out
