"""Vectorised hypergeometric CDF for OC curves of isolated lots.

``scipy.stats.hypergeom.cdf`` evaluates each point separately and takes about a
millisecond per point for lots of 10^5 items, far too slow for an OC curve over many
quality levels. Here the probability of at most ``c`` nonconforming items in the sample,

    P(X <= c) = sum_{k=0}^{c} C(D, k) C(N - D, n - k) / C(N, n),

is summed in logarithms for all points at once, with ``log C(a, b) = -log(a + 1) -
log B(a - b + 1, b + 1)`` from ``scipy.special.betaln`` (which keeps its accuracy for
large arguments), in blocks of bounded memory.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

__all__ = ["hypergeom_cdf"]

_BLOCK_CELLS = 1 << 22


def _log_binom(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """log C(a, b), -inf outside 0 <= b <= a."""
    valid = (b >= 0) & (b <= a)
    safe_b = np.where(valid, b, 0.0)
    safe_a = np.where(valid, a, 0.0)
    out = -np.log1p(safe_a) - special.betaln(safe_a - safe_b + 1.0, safe_b + 1.0)
    return np.asarray(np.where(valid, out, -np.inf), dtype=np.float64)


def hypergeom_cdf(
    c: ArrayLike, lot: int, defective: ArrayLike, n: ArrayLike
) -> NDArray[np.float64]:
    """P(X <= c) for X ~ Hypergeometric(lot, defective, n), broadcast over c, defective, n."""
    cc, dd, nn = (np.asarray(v, dtype=np.float64) for v in (c, defective, n))
    cc, dd, nn = np.broadcast_arrays(cc, dd, nn)
    shape = cc.shape
    cc, dd, nn = cc.ravel(), dd.ravel(), nn.ravel()
    out = np.empty(cc.size, dtype=np.float64)
    if cc.size == 0:
        return out.reshape(shape)
    k_max = int(max(0.0, float(np.max(np.minimum(cc, nn)))))
    k = np.arange(k_max + 1, dtype=np.float64)[None, :]
    rows = max(1, _BLOCK_CELLS // (k_max + 1))
    for start in range(0, cc.size, rows):
        part = slice(start, start + rows)
        d, m, limit = dd[part, None], nn[part, None], cc[part, None]
        whole = _log_binom(np.full_like(m, float(lot)), m)
        log_terms = _log_binom(d, k) + _log_binom(lot - d, m - k) - whole
        terms = np.where(k <= limit, np.exp(log_terms), 0.0)
        out[part] = terms.sum(axis=1)
    return np.clip(out, 0.0, 1.0).reshape(shape)
