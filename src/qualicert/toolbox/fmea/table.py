"""AIAG-VDA Action Priority (AP) table for Design and Process FMEA, and the legacy RPN.

The AIAG & VDA FMEA Handbook (1st edition, 2019) replaces the Risk Priority Number with
an Action Priority: High, Medium or Low, read from a table over Severity (S), Occurrence
(O) and Detection (D), each rated 1 to 10. The table groups the ratings into bands::

    S: 9-10 | 7-8 | 4-6 | 2-3 | 1
    O: 8-10 | 6-7 | 4-5 | 2-3 | 1
    D: 7-10 | 5-6 | 2-4 | 1

and gives one priority per (S band, O band, D band). The handbook gives one table "for
DFMEA and PFMEA" (section 3.5.9, repeated in the PFMEA chapter), so both ``kind`` values
read it. The
FMEA-MSR table (severity, frequency, monitoring) is different and is not provided.

Transcription note: the grid below was written from the handbook and compared with two
independent public transcriptions. One of them (which states it was checked cell by cell
against both printed copies) agrees in all 80 cells; the other differs in one cell,
S 4-6 / O 8-10 / D 5-6, which it gives as M instead of H. That cell is listed in
`UNCERTAIN_CELLS`; check it against your licensed copy of the handbook before relying
on it in a customer-facing FMEA.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "AP_TABLE",
    "DETECTION_BANDS",
    "KINDS",
    "OCCURRENCE_BANDS",
    "SEVERITY_BANDS",
    "UNCERTAIN_CELLS",
    "action_priority",
    "action_priority_array",
    "ap_table",
    "rpn",
    "rpn_array",
]

Band = tuple[int, int]

KINDS: tuple[str, ...] = ("dfmea", "pfmea")
SEVERITY_BANDS: tuple[Band, ...] = ((9, 10), (7, 8), (4, 6), (2, 3), (1, 1))
OCCURRENCE_BANDS: tuple[Band, ...] = ((8, 10), (6, 7), (4, 5), (2, 3), (1, 1))
DETECTION_BANDS: tuple[Band, ...] = ((7, 10), (5, 6), (2, 4), (1, 1))

# AIAG & VDA FMEA Handbook (2019), "Action Priority (AP) for DFMEA and PFMEA".
# One string per (S band, O band); its letters are the D bands 7-10, 5-6, 2-4, 1.
_GRID: tuple[tuple[str, ...], ...] = (
    # O:  8-10    6-7     4-5     2-3     1
    ("HHHH", "HHHH", "HHHM", "HMLL", "LLLL"),  # S 9-10  product effect very high
    ("HHHH", "HHHM", "HMMM", "MMLL", "LLLL"),  # S 7-8   product effect high
    ("HHMM", "MMML", "MLLL", "LLLL", "LLLL"),  # S 4-6   product effect moderate
    ("MMLL", "LLLL", "LLLL", "LLLL", "LLLL"),  # S 2-3   product effect low
    ("LLLL", "LLLL", "LLLL", "LLLL", "LLLL"),  # S 1     no discernible effect
)

AP_TABLE: Mapping[tuple[Band, Band, Band], str] = MappingProxyType(
    {
        (s_band, o_band, d_band): _GRID[i][j][k]
        for i, s_band in enumerate(SEVERITY_BANDS)
        for j, o_band in enumerate(OCCURRENCE_BANDS)
        for k, d_band in enumerate(DETECTION_BANDS)
    }
)
"""The published table as data: ``AP_TABLE[(S band, O band, D band)] -> "H" | "M" | "L"``,
each band an inclusive ``(low, high)`` pair, e.g. ``AP_TABLE[((9, 10), (4, 5), (1, 1))]``."""

UNCERTAIN_CELLS: tuple[tuple[Band, Band, Band], ...] = (((4, 6), (8, 10), (5, 6)),)
"""Band cells whose transcription could not be confirmed from two agreeing sources."""


def _band_index(bands: tuple[Band, ...]) -> NDArray[np.intp]:
    index = np.empty(10, dtype=np.intp)
    for i, (low, high) in enumerate(bands):
        index[low - 1 : high] = i
    return index


def _expand() -> NDArray[np.str_]:
    grid = np.array([[list(cell) for cell in row] for row in _GRID], dtype="<U1")
    s = _band_index(SEVERITY_BANDS)
    o = _band_index(OCCURRENCE_BANDS)
    d = _band_index(DETECTION_BANDS)
    full = grid[s[:, None, None], o[None, :, None], d[None, None, :]]
    full.setflags(write=False)
    return full


_FULL: NDArray[np.str_] = _expand()


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")


def ap_table(kind: str = "dfmea") -> NDArray[np.str_]:
    """The full table as a read-only 10 x 10 x 10 array of "H", "M", "L".

    ``ap_table()[s - 1, o - 1, d - 1]`` is the action priority of ratings S, O, D.

    Parameters
    ----------
    kind : {"dfmea", "pfmea"}
        Design or process FMEA (the handbook's tables are the same).

    References
    ----------
    .. [1] AIAG & VDA, "FMEA Handbook", 1st ed., 2019, section 3.5.9 and chapter 4,
       table "Action Priority (AP) for DFMEA and PFMEA".
    """
    _check_kind(kind)
    return _FULL


def _ratings(name: str, values: ArrayLike) -> NDArray[np.intp]:
    """Validate integer ratings 1..10 (integral floats accepted) and return them as ints."""
    array = np.asarray(values)
    flat = array.ravel()
    numeric = array.dtype != np.bool_ and (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    )
    if not numeric:
        bad = np.arange(flat.size)
    elif array.dtype.kind == "f":  # NaN fails every comparison, so it is caught here too
        bad = np.flatnonzero(~((flat >= 1) & (flat <= 10) & (np.floor(flat) == flat)))
    else:
        bad = np.flatnonzero((flat < 1) | (flat > 10))
    if bad.size:
        where = "" if array.ndim == 0 else f" at position {int(bad[0])}"
        value = flat[bad[0]].item()
        raise ValueError(f"{name} {value!r}{where} is not an integer from 1 to 10")
    return array.astype(np.intp)


def _broadcast(
    severity: ArrayLike, occurrence: ArrayLike, detection: ArrayLike
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]:
    s = _ratings("severity", severity)
    o = _ratings("occurrence", occurrence)
    d = _ratings("detection", detection)
    try:
        bs, bo, bd = np.broadcast_arrays(s, o, d)
    except ValueError:
        raise ValueError(
            f"severity, occurrence and detection have shapes {s.shape}, {o.shape}, "
            f"{d.shape}, which do not broadcast together"
        ) from None
    return bs, bo, bd


def action_priority(severity: int, occurrence: int, detection: int, kind: str = "dfmea") -> str:
    """Action priority of one failure chain: ``"H"``, ``"M"`` or ``"L"``.

    Parameters
    ----------
    severity, occurrence, detection : int
        Ratings from 1 to 10 (severity of the failure effect, occurrence of the
        failure cause, detection of the cause or failure mode).
    kind : {"dfmea", "pfmea"}
        Design or process FMEA.

    Returns
    -------
    str
        ``"H"`` (high: action needed to improve prevention and/or detection),
        ``"M"`` (medium: action should be taken) or ``"L"`` (low: action could be taken).

    Raises
    ------
    ValueError
        If a rating is not an integer from 1 to 10 or ``kind`` is unknown.

    References
    ----------
    .. [1] AIAG & VDA, "FMEA Handbook", 1st ed., 2019, section 3.5.9 and chapter 4,
       table "Action Priority (AP) for DFMEA and PFMEA".

    Examples
    --------
    >>> action_priority(9, 4, 1)
    'M'
    >>> action_priority(5, 2, 10, kind="pfmea")
    'L'
    """
    _check_kind(kind)
    s = int(_ratings("severity", severity))
    o = int(_ratings("occurrence", occurrence))
    d = int(_ratings("detection", detection))
    return str(_FULL[s - 1, o - 1, d - 1])


def action_priority_array(
    severity: ArrayLike, occurrence: ArrayLike, detection: ArrayLike, kind: str = "dfmea"
) -> NDArray[np.str_]:
    """Vectorised `action_priority`: the ratings broadcast against each other.

    Returns an array of ``"H"``, ``"M"``, ``"L"`` with the broadcast shape. Raises
    ``ValueError`` naming the first rating (and its position) that is not an integer
    from 1 to 10.

    Examples
    --------
    >>> action_priority_array([9, 7, 2], 5, [1, 1, 10]).tolist()
    ['M', 'M', 'L']
    """
    _check_kind(kind)
    s, o, d = _broadcast(severity, occurrence, detection)
    flat_index = (s - 1) * 100 + (o - 1) * 10 + (d - 1)
    result: NDArray[np.str_] = _FULL.ravel()[flat_index]
    return result


def rpn(severity: int, occurrence: int, detection: int) -> int:
    """Risk Priority Number ``S * O * D`` (1 to 1000), the pre-2019 AIAG measure.

    The 2019 handbook advises against RPN thresholds for deciding on actions; use
    `action_priority` for that. Ratings are validated as in `action_priority`.

    References
    ----------
    .. [1] AIAG, "Potential Failure Mode and Effects Analysis (FMEA)", 4th ed., 2008.

    Examples
    --------
    >>> rpn(7, 4, 5)
    140
    """
    s = int(_ratings("severity", severity))
    o = int(_ratings("occurrence", occurrence))
    d = int(_ratings("detection", detection))
    return s * o * d


def rpn_array(severity: ArrayLike, occurrence: ArrayLike, detection: ArrayLike) -> NDArray[np.intp]:
    """Vectorised `rpn` (broadcasting), as integers."""
    s, o, d = _broadcast(severity, occurrence, detection)
    product: NDArray[np.intp] = s * o * d
    return product
