"""A balanced crossed gauge study (parts x operators x trials), checked and reshaped."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["CrossedDesign", "crossed_design"]


@dataclass(frozen=True)
class CrossedDesign:
    """Measurements as an array ``y[part, operator, trial]`` with the level labels."""

    y: NDArray[np.float64]
    parts: tuple[object, ...]
    operators: tuple[object, ...]


def _labels(name: str, values: ArrayLike) -> tuple[NDArray[np.generic], NDArray[np.intp]]:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D sequence of labels, not {array.ndim}-D")
    try:
        levels, index = np.unique(array, return_inverse=True)
    except TypeError:
        raise ValueError(f"{name} labels must be of one comparable type") from None
    if levels.size < 2:
        raise ValueError(f"{name} has {levels.size} distinct level(s); at least 2 are required")
    return levels, index.astype(np.intp)


def _values(values: ArrayLike, size: int) -> NDArray[np.float64]:
    try:
        y = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("values must be numbers") from None
    if y.ndim != 1 or y.size != size:
        raise ValueError(
            f"values has shape {y.shape}; it must be 1-D with one value per part label ({size})"
        )
    bad = np.flatnonzero(~np.isfinite(y))
    if bad.size:
        raise ValueError(
            f"value {y[bad[0]]!r} at index {int(bad[0])} is not finite; all values must be "
            "finite numbers"
        )
    return y


def _check_balance(
    counts: NDArray[np.intp], parts: NDArray[np.generic], ops: NDArray[np.generic]
) -> int:
    grid = counts.reshape(parts.size, ops.size)
    rule = (
        "a crossed gauge study needs every operator to measure every part the same "
        "number of times (at least 2)"
    )
    if grid.min() == 0:
        i, j = np.argwhere(grid == 0)[0]
        raise ValueError(
            f"part {parts[i].item()!r} was not measured by operator {ops[j].item()!r}; {rule}"
        )
    if grid.min() != grid.max():
        i, j = np.argwhere(grid == grid.min())[0]
        k, m = np.argwhere(grid == grid.max())[0]
        raise ValueError(
            f"part {parts[i].item()!r} / operator {ops[j].item()!r} has {int(grid[i, j])} "
            f"measurements but part {parts[k].item()!r} / operator {ops[m].item()!r} has "
            f"{int(grid[k, m])}; the design is unbalanced: {rule}"
        )
    if grid.min() < 2:
        raise ValueError(f"each part was measured once per operator; {rule}")
    return int(grid.min())


def crossed_design(parts: ArrayLike, operators: ArrayLike, values: ArrayLike) -> CrossedDesign:
    """Check a long-format crossed study and reshape it to ``(parts, operators, trials)``."""
    part_levels, part_index = _labels("parts", parts)
    op_levels, op_index = _labels("operators", operators)
    if part_index.size != op_index.size:
        raise ValueError(
            f"parts has {part_index.size} labels but operators has {op_index.size}; "
            "they must have one label per measurement"
        )
    y = _values(values, part_index.size)
    cell = part_index * op_levels.size + op_index
    trials = _check_balance(
        np.bincount(cell, minlength=part_levels.size * op_levels.size), part_levels, op_levels
    )
    if float(np.ptp(y)) == 0.0:
        raise ValueError(f"all {y.size} values equal {y[0]!r}; zero variation cannot be analysed")
    ordered = y[np.argsort(cell, kind="stable")]
    shape = (part_levels.size, op_levels.size, trials)
    return CrossedDesign(
        ordered.reshape(shape), tuple(part_levels.tolist()), tuple(op_levels.tolist())
    )
