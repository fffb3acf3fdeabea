"""The k-method decision for one sample (ISO 3951-1 "form k"), sigma and s methods.

``Q_U = (U - x̄) / s`` and ``Q_L = (x̄ - L) / s`` (``sigma`` instead of ``s`` for the
sigma method); the lot is accepted when every given ``Q >= k``. With both limits each
is controlled separately with the same k; the combined control of double limits is not
provided (see :mod:`~qualicert.toolbox.sampling.variables`).

References
----------
.. [1] ISO 3951-1:2013, form k (s method and sigma method).
.. [2] Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed.,
   chapter 16, "Acceptance sampling by variables" (the k-method).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualicert.toolbox.sampling._checks import proportion, real

__all__ = ["KMethodResult", "k_method"]


@dataclass(frozen=True)
class KMethodResult:
    """Outcome of the k-method for one sample.

    Attributes
    ----------
    accepted : bool
        True when every given limit has ``Q >= k``.
    n : int
        Number of measurements.
    mean : float
        Sample mean x̄.
    spread : float
        Sample standard deviation s (s method) or the known sigma (sigma method).
    method : {'s', 'sigma'}
        Which statistic ``spread`` is.
    k : float
        Acceptability constant used.
    q_upper, q_lower : float or None
        ``(U - x̄) / spread`` and ``(x̄ - L) / spread``; None for an absent limit.
    """

    accepted: bool
    n: int
    mean: float
    spread: float
    method: str
    k: float
    q_upper: float | None
    q_lower: float | None


def _limits(lsl: float | None, usl: float | None) -> tuple[float | None, float | None]:
    if lsl is None and usl is None:
        raise ValueError("give at least one specification limit: lsl or usl")
    low = None if lsl is None else real("lsl", lsl)
    high = None if usl is None else real("usl", usl)
    if low is not None and high is not None and low >= high:
        raise ValueError(f"lsl {low!r} must be below usl {high!r}")
    return low, high


def _spread(x: NDArray[np.float64], sigma: float | None) -> tuple[float, str]:
    if sigma is not None:
        value = proportion("sigma", sigma, upper=None)
        return value, "sigma"
    if x.size < 2:
        raise ValueError(f"the s method needs at least 2 measurements, got {x.size}")
    s = float(np.std(x, ddof=1))
    if s == 0.0:
        raise ValueError("the measurements have zero variance (s = 0); the s method needs s > 0")
    return s, "s"


def k_method(
    data: ArrayLike,
    k: float,
    *,
    lsl: float | None = None,
    usl: float | None = None,
    sigma: float | None = None,
) -> KMethodResult:
    """Accept or reject a lot by the k-method (ISO 3951-1 form k).

    Parameters
    ----------
    data : array_like
        The n measurements of the sample (finite numbers).
    k : float
        Acceptability constant (from a :class:`VariablesPlan` or a table).
    lsl, usl : float, optional
        Lower and upper specification limits; at least one. With both, each is
        controlled separately with the same k.
    sigma : float, optional
        Known process standard deviation (sigma method); by default the sample standard
        deviation is used (s method).

    References
    ----------
    .. [1] ISO 3951-1:2013, form k; Montgomery (2019), chapter 16.
    """
    try:
        x = np.asarray(data, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise ValueError("data must be numbers") from None
    if x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError("data must be a non-empty sequence of finite numbers (no NaN or inf)")
    const, (low, high) = real("k", k), _limits(lsl, usl)
    spread, method = _spread(x, sigma)
    mean = float(np.mean(x))
    q_upper = None if high is None else (high - mean) / spread
    q_lower = None if low is None else (mean - low) / spread
    accepted = all(q >= const for q in (q_upper, q_lower) if q is not None)
    return KMethodResult(accepted, int(x.size), mean, spread, method, const, q_upper, q_lower)
