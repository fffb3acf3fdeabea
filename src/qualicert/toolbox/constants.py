"""Control-chart constants for any subgroup size.

The usual tables (Montgomery, Appendix VI; ASTM E2587, Table 1) stop at n = 25. Here every
constant is computed from its definition for any subgroup size ``n >= 2``:

* ``d2(n)`` -- mean of the range of ``n`` independent standard normal values,
  ``d2 = integral of 1 - Phi(x)**n - (1 - Phi(x))**n dx`` (Tippett, 1925);
* ``d3(n)`` -- standard deviation of that range, from
  ``E[R**2] = 2 * double integral over x < y of P(min < x, max > y)``;
* ``c4(n)`` -- mean of the sample standard deviation of ``n`` standard normal values,
  ``c4 = sqrt(2 / (n - 1)) * Gamma(n / 2) / Gamma((n - 1) / 2)``.

The integrals use a fixed composite Gauss-Legendre rule (32 panels of 16 nodes on each axis);
``d2`` and ``d3`` agree with adaptive quadrature to better than 1e-12 for ``n <= 1000`` and
1e-9 for ``n <= 10**6``. Values are cached per ``n``.

The derived constants follow Montgomery (2019), section 6 and Appendix VI:

========  =====================================  ==========================================
name      formula                                use
========  =====================================  ==========================================
A         3 / sqrt(n)                            x-bar limits from a known sigma
A2        3 / (d2 sqrt(n))                       x-bar limits from R-bar
A3        3 / (c4 sqrt(n))                       x-bar limits from S-bar
B3, B4    1 -/+ 3 sqrt(1 - c4**2) / c4           S chart limits from S-bar (B3 >= 0)
B5, B6    c4 -/+ 3 sqrt(1 - c4**2)               S chart limits from a known sigma (B5 >= 0)
D1, D2    d2 -/+ 3 d3                            R chart limits from a known sigma (D1 >= 0)
D3, D4    1 -/+ 3 d3 / d2                        R chart limits from R-bar (D3 >= 0)
E2        3 / d2                                 individuals limits from the mean moving range
========  =====================================  ==========================================

References
----------
.. [1] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   Wiley. Appendix VI, "Factors for constructing variables control charts".
.. [2] ASTM E2587-16, *Standard Practice for Use of Control Charts in Statistical Process
   Control*, Table 1.
.. [3] Tippett, L. H. C. (1925). On the extreme individuals and the range of samples taken
   from a normal population. *Biometrika* 17, 364-387.
.. [4] NIST/SEMATECH e-Handbook of Statistical Methods, section 6.3.2.
"""

from __future__ import annotations

import math
import operator
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import special

__all__ = [
    "A2",
    "A3",
    "B3",
    "B4",
    "B5",
    "B6",
    "D1",
    "D2",
    "D3",
    "D4",
    "E2",
    "A",
    "c4",
    "d2",
    "d3",
]

_PANELS = 32
_NODES = 16
_HALF_WIDTH = 12.0


def _size(n: int) -> int:
    """Return ``n`` as a plain int after checking it is an integer >= 2."""
    if isinstance(n, bool):
        raise ValueError(f"subgroup size {n!r} is not an integer >= 2")
    try:
        size = operator.index(n)
    except TypeError:
        raise ValueError(f"subgroup size {n!r} is not an integer >= 2") from None
    if size < 2:
        raise ValueError(f"subgroup size {size} is not allowed; it must be an integer >= 2")
    return size


def _gauss_legendre(low: float, high: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Nodes and weights of a composite Gauss-Legendre rule on ``[low, high]``."""
    nodes, weights = np.polynomial.legendre.leggauss(_NODES)
    edges = np.linspace(low, high, _PANELS + 1)
    half = (edges[1:] - edges[:-1]) / 2.0
    mid = (edges[1:] + edges[:-1]) / 2.0
    x = (mid[:, None] + half[:, None] * nodes).ravel()
    w = (half[:, None] * weights).ravel()
    return x, w


@lru_cache(maxsize=1)
def _grids() -> tuple[NDArray[np.float64], ...]:
    x, wx = _gauss_legendre(-_HALF_WIDTH, _HALF_WIDTH)
    u, wu = _gauss_legendre(0.0, 2.0 * _HALF_WIDTH)
    return x, wx, u, wu


@lru_cache(maxsize=4096)
def _range_moments(n: int) -> tuple[float, float]:
    """Mean and standard deviation of the range of ``n`` standard normal values."""
    x, wx, u, wu = _grids()
    log_upper = special.log_ndtr(-x)  # log(1 - Phi(x))
    # P(R > r) integrated over r: E[R] = int 1 - Phi(x)^n - (1 - Phi(x))^n dx
    mean = float((-np.expm1(n * special.log_ndtr(x)) - np.exp(n * log_upper)) @ wx)
    y = x[:, None] + u[None, :]
    inside = special.ndtr(-x)[:, None] - special.ndtr(-y)  # Phi(y) - Phi(x), accurately
    with np.errstate(divide="ignore"):
        joint = (
            -np.expm1(n * special.log_ndtr(y))
            - np.exp(n * log_upper)[:, None]
            + np.exp(n * np.log(inside))
        )  # P(min < x, max > y) for y = x + u
    second = 2.0 * float(wx @ joint @ wu)
    return mean, math.sqrt(second - mean * mean)


def d2(n: int) -> float:
    """Mean of the relative range ``R / sigma`` for subgroups of size ``n`` (>= 2).

    ``sigma`` is estimated by ``R-bar / d2(n)``; ``d2(2) = 2 / sqrt(pi) = 1.1284``,
    ``d2(5) = 2.326``, ``d2(25) = 3.931``, ``d2(50) = 4.498``.
    """
    return _range_moments(_size(n))[0]


def d3(n: int) -> float:
    """Standard deviation of the relative range ``R / sigma`` for subgroups of size ``n``."""
    return _range_moments(_size(n))[1]


@lru_cache(maxsize=4096)
def _c4(n: int) -> float:
    log_ratio = special.gammaln(n / 2.0) - special.gammaln((n - 1) / 2.0)
    return float(math.sqrt(2.0 / (n - 1)) * math.exp(log_ratio))


def c4(n: int) -> float:
    """Mean of ``S / sigma`` for subgroups of size ``n``: ``sqrt(2/(n-1)) G(n/2)/G((n-1)/2)``."""
    return _c4(_size(n))


def A(n: int) -> float:
    """Factor for x-bar limits from a known sigma: ``3 / sqrt(n)``."""
    return 3.0 / math.sqrt(_size(n))


def A2(n: int) -> float:
    """Factor for x-bar limits from R-bar: ``3 / (d2 sqrt(n))``."""
    return 3.0 / (d2(n) * math.sqrt(n))


def A3(n: int) -> float:
    """Factor for x-bar limits from S-bar: ``3 / (c4 sqrt(n))``."""
    return 3.0 / (c4(n) * math.sqrt(n))


def _c4_spread(n: int) -> float:
    c = c4(n)
    return 3.0 * math.sqrt(1.0 - c * c)


def B3(n: int) -> float:
    """Lower S chart factor from S-bar: ``max(0, 1 - 3 sqrt(1 - c4^2) / c4)``."""
    return max(0.0, 1.0 - _c4_spread(n) / c4(n))


def B4(n: int) -> float:
    """Upper S chart factor from S-bar: ``1 + 3 sqrt(1 - c4^2) / c4``."""
    return 1.0 + _c4_spread(n) / c4(n)


def B5(n: int) -> float:
    """Lower S chart factor from a known sigma: ``max(0, c4 - 3 sqrt(1 - c4^2))``."""
    return max(0.0, c4(n) - _c4_spread(n))


def B6(n: int) -> float:
    """Upper S chart factor from a known sigma: ``c4 + 3 sqrt(1 - c4^2)``."""
    return c4(n) + _c4_spread(n)


def D1(n: int) -> float:
    """Lower R chart factor from a known sigma: ``max(0, d2 - 3 d3)``."""
    return max(0.0, d2(n) - 3.0 * d3(n))


def D2(n: int) -> float:
    """Upper R chart factor from a known sigma: ``d2 + 3 d3``."""
    return d2(n) + 3.0 * d3(n)


def D3(n: int) -> float:
    """Lower R chart factor from R-bar: ``max(0, 1 - 3 d3 / d2)``."""
    return max(0.0, 1.0 - 3.0 * d3(n) / d2(n))


def D4(n: int) -> float:
    """Upper R chart factor from R-bar: ``1 + 3 d3 / d2``."""
    return 1.0 + 3.0 * d3(n) / d2(n)


def E2(n: int) -> float:
    """Factor for individuals limits from the mean moving range of span ``n``: ``3 / d2``."""
    return 3.0 / d2(n)
