"""ISO 2859-1 tables as data: code letters (Table 1) and single sampling master tables.

ISO 2859-1:1999 (with Amd 1:2011) is identical to GB/T 2828.1-2012; its Table 1 is also
Table I of ANSI/ASQ Z1.4 and MIL-STD-105E.

Table 1 maps a lot size and an inspection level to a sample size code letter.
Tables 2-A (normal), 2-B (tightened) and 2-C (reduced) give, for each code letter and
AQL, either a plan (sample size of the letter, acceptance number Ac) or an arrow. Every
master-table cell below is one token:

* an integer: the acceptance number Ac of the plan in that cell; the rejection number is
  Re = Ac + 1 in all three tables (ISO 2859-1:1999 removed the "gap" plans, such as
  Ac 1 Re 3, that the reduced table of MIL-STD-105E and ANSI/ASQ Z1.4 still has);
* ``v``: use the first plan below the arrow (same AQL column, larger code letter);
* ``^``: use the first plan above the arrow (same AQL column, smaller code letter);
* ``-``: no plan (only in the extra tightened row S, which has a plan at AQL 0.025 alone).

Following an arrow changes the sample size *and* the acceptance number together: the plan
is the whole cell the arrow leads to.

Provenance. The cells were written from the structure of the printed tables (a plan's
acceptance number is constant along each diagonal "one code letter down, one AQL step
tighter", with arrow bands between the Ac 0 and Ac 1 diagonals and above the largest
acceptance numbers) and then compared, plan by plan after following the arrows, with an
independent public cell-by-cell transcription of GB/T 2828.1-2012 Tables 2-A, 2-B and 2-C
(16 letters x 26 AQLs each): all 1248 resolved cells agree. Two cells print an arrow that
would leave the table (normal A/AQL 10 and the bottom rows at the smallest AQLs); they are
stored here as the arrow that leads to the plan the standard's users read there
(normal A/10 leads down to C, n = 5, Ac 1; normal R/0.015 leads up to P, n = 800, Ac 0).

References
----------
.. [1] ISO 2859-1:1999, *Sampling procedures for inspection by attributes -- Part 1:
   Sampling schemes indexed by acceptance quality limit (AQL) for lot-by-lot inspection*,
   Tables 1, 2-A, 2-B and 2-C. Identical national adoption: GB/T 2828.1-2012.
.. [2] ANSI/ASQ Z1.4-2008, Tables I, II-A and II-B (same code letters; same normal and
   tightened master tables).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

__all__ = [
    "AQL_LABELS",
    "AQL_VALUES",
    "CODE_LETTERS",
    "LEVELS",
    "LOT_SIZE_UPPER",
    "MASTER_TABLES",
    "REDUCED_SAMPLE_SIZES",
    "SAMPLE_SIZES",
    "SEVERITIES",
    "TABLE_1",
    "Cell",
    "Severity",
    "cell",
]

Severity = Literal["normal", "tightened", "reduced"]
Cell = int | Literal["v", "^", "-"]

LEVELS: tuple[str, ...] = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")
SEVERITIES: tuple[Severity, ...] = ("normal", "tightened", "reduced")

# Preferred AQL series of ISO 2859-1: the column heads of Tables 2-A to 2-C.
# Up to 10: percent nonconforming or nonconformities per 100 items; above 10:
# nonconformities per 100 items only.
AQL_VALUES: tuple[float, ...] = (
    0.010, 0.015, 0.025, 0.040, 0.065, 0.10, 0.15, 0.25, 0.40, 0.65, 1.0, 1.5, 2.5,
    4.0, 6.5, 10.0, 15.0, 25.0, 40.0, 65.0, 100.0, 150.0, 250.0, 400.0, 650.0, 1000.0,
)  # fmt: skip

# The AQLs as the column heads of Tables 2-A to 2-C print them.
AQL_LABELS: tuple[str, ...] = (
    "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65",
    "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15", "25", "40", "65", "100", "150", "250",
    "400", "650", "1000",
)  # fmt: skip

# Code letters of Tables 2-A to 2-C; "S" exists only in Table 2-B (tightened).
CODE_LETTERS: tuple[str, ...] = tuple("ABCDEFGHJKLMNPQRS")

# Sample size of each code letter in Tables 2-A and 2-B (ISO 2859-1, Tables 2-A, 2-B).
SAMPLE_SIZES: Mapping[str, int] = MappingProxyType(
    dict(zip(CODE_LETTERS, (2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800,
                            1250, 2000, 3150), strict=True))
)  # fmt: skip

# Sample size of each code letter in Table 2-C (reduced): about 0.4 times normal.
REDUCED_SAMPLE_SIZES: Mapping[str, int] = MappingProxyType(
    dict(zip(CODE_LETTERS[:16], (2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315,
                                 500, 800), strict=True))
)  # fmt: skip

# ISO 2859-1:1999, Table 1 "Sample size code letters". The upper end of each lot size
# range; the last range is "500 001 and over".
LOT_SIZE_UPPER: tuple[int, ...] = (
    8,
    15,
    25,
    50,
    90,
    150,
    280,
    500,
    1200,
    3200,
    10000,
    35000,
    150000,
    500000,
)
# One string per lot size range; its letters are the levels S-1, S-2, S-3, S-4, I, II, III.
TABLE_1: tuple[str, ...] = (
    "AAAAAAB",  # 2 to 8
    "AAAAABC",  # 9 to 15
    "AABBBCD",  # 16 to 25
    "ABBCCDE",  # 26 to 50
    "BBCCCEF",  # 51 to 90
    "BBCDDFG",  # 91 to 150
    "BCDEEGH",  # 151 to 280
    "BCDEFHJ",  # 281 to 500
    "CCEFGJK",  # 501 to 1 200
    "CDEGHKL",  # 1 201 to 3 200
    "CDFGJLM",  # 3 201 to 10 000
    "CDFHKMN",  # 10 001 to 35 000
    "DEGJLNP",  # 35 001 to 150 000
    "DEGJMPQ",  # 150 001 to 500 000
    "DEHKNQR",  # 500 001 and over
)

# Columns: AQL 0.010 0.015 0.025 0.040 0.065 0.10 0.15 0.25 0.40 0.65 1.0 1.5 2.5 4.0 6.5
#          10 15 25 40 65 100 150 250 400 650 1000 (the order of AQL_VALUES).
# fmt: off
_NORMAL = {  # ISO 2859-1:1999, Table 2-A (normal inspection, single sampling)
    "A": " v  v  v  v  v  v  v  v  v  v  v  v  v  v  0  v  v  1  2  3  5  7 10 14 21 30",
    "B": " v  v  v  v  v  v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7 10 14 21 30 44",
    "C": " v  v  v  v  v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7 10 14 21 30 44  ^",
    "D": " v  v  v  v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7 10 14 21 30 44  ^  ^",
    "E": " v  v  v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7 10 14 21 30 44  ^  ^  ^",
    "F": " v  v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7 10 14 21  ^  ^  ^  ^  ^  ^",
    "G": " v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7 10 14 21  ^  ^  ^  ^  ^  ^  ^",
    "H": " v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7 10 14 21  ^  ^  ^  ^  ^  ^  ^  ^",
    "J": " v  v  v  v  v  v  0  ^  v  1  2  3  5  7 10 14 21  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "K": " v  v  v  v  v  0  ^  v  1  2  3  5  7 10 14 21  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "L": " v  v  v  v  0  ^  v  1  2  3  5  7 10 14 21  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "M": " v  v  v  0  ^  v  1  2  3  5  7 10 14 21  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "N": " v  v  0  ^  v  1  2  3  5  7 10 14 21  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "P": " v  0  ^  v  1  2  3  5  7 10 14 21  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "Q": " 0  ^  v  1  2  3  5  7 10 14 21  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "R": " ^  ^  1  2  3  5  7 10 14 21  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
}
_TIGHTENED = {  # ISO 2859-1:1999, Table 2-B (tightened inspection, single sampling)
    "A": " v  v  v  v  v  v  v  v  v  v  v  v  v  v  v  0  v  v  1  2  3  5  8 12 18 27",
    "B": " v  v  v  v  v  v  v  v  v  v  v  v  v  v  0  v  v  1  2  3  5  8 12 18 27 41",
    "C": " v  v  v  v  v  v  v  v  v  v  v  v  v  0  v  v  1  2  3  5  8 12 18 27 41  ^",
    "D": " v  v  v  v  v  v  v  v  v  v  v  v  0  v  v  1  2  3  5  8 12 18 27 41  ^  ^",
    "E": " v  v  v  v  v  v  v  v  v  v  v  0  v  v  1  2  3  5  8 12 18 27 41  ^  ^  ^",
    "F": " v  v  v  v  v  v  v  v  v  v  0  v  v  1  2  3  5  8 12 18  ^  ^  ^  ^  ^  ^",
    "G": " v  v  v  v  v  v  v  v  v  0  v  v  1  2  3  5  8 12 18  ^  ^  ^  ^  ^  ^  ^",
    "H": " v  v  v  v  v  v  v  v  0  v  v  1  2  3  5  8 12 18  ^  ^  ^  ^  ^  ^  ^  ^",
    "J": " v  v  v  v  v  v  v  0  v  v  1  2  3  5  8 12 18  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "K": " v  v  v  v  v  v  0  v  v  1  2  3  5  8 12 18  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "L": " v  v  v  v  v  0  v  v  1  2  3  5  8 12 18  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "M": " v  v  v  v  0  v  v  1  2  3  5  8 12 18  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "N": " v  v  v  0  v  v  1  2  3  5  8 12 18  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "P": " v  v  0  v  v  1  2  3  5  8 12 18  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "Q": " v  0  v  v  1  2  3  5  8 12 18  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "R": " 0  ^  v  1  2  3  5  8 12 18  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "S": " -  -  1  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -  -",
}
_REDUCED = {  # ISO 2859-1:1999, Table 2-C (reduced inspection, single sampling)
    "A": " v  v  v  v  v  v  v  v  v  v  v  v  v  v  0  v  v  1  2  3  5  7 10 14 21 30",
    "B": " v  v  v  v  v  v  v  v  v  v  v  v  v  0  ^  v  v  1  2  3  5  7 10 14 21 30",
    "C": " v  v  v  v  v  v  v  v  v  v  v  v  0  ^  v  v  1  2  3  5  6  8 10 14 21  ^",
    "D": " v  v  v  v  v  v  v  v  v  v  v  0  ^  v  v  1  2  3  5  6  8 10 14 21  ^  ^",
    "E": " v  v  v  v  v  v  v  v  v  v  0  ^  v  v  1  2  3  5  6  8 10 14 21  ^  ^  ^",
    "F": " v  v  v  v  v  v  v  v  v  0  ^  v  v  1  2  3  5  6  8 10  ^  ^  ^  ^  ^  ^",
    "G": " v  v  v  v  v  v  v  v  0  ^  v  v  1  2  3  5  6  8 10  ^  ^  ^  ^  ^  ^  ^",
    "H": " v  v  v  v  v  v  v  0  ^  v  v  1  2  3  5  6  8 10  ^  ^  ^  ^  ^  ^  ^  ^",
    "J": " v  v  v  v  v  v  0  ^  v  v  1  2  3  5  6  8 10  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "K": " v  v  v  v  v  0  ^  v  v  1  2  3  5  6  8 10  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "L": " v  v  v  v  0  ^  v  v  1  2  3  5  6  8 10  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "M": " v  v  v  0  ^  v  v  1  2  3  5  6  8 10  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "N": " v  v  0  ^  v  v  1  2  3  5  6  8 10  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "P": " v  0  ^  v  v  1  2  3  5  6  8 10  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "Q": " 0  ^  ^  v  1  2  3  5  6  8 10  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "R": " ^  ^  ^  1  2  3  5  6  8 10  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
}
# fmt: on


def _parse(rows: dict[str, str]) -> Mapping[str, tuple[Cell, ...]]:
    def token(text: str) -> Cell:
        if text in ("v", "^", "-"):
            return text  # type: ignore[return-value]
        return int(text)

    parsed = {letter: tuple(token(t) for t in row.split()) for letter, row in rows.items()}
    if any(len(row) != len(AQL_VALUES) for row in parsed.values()):
        raise RuntimeError("a master table row does not have one cell per AQL")
    return MappingProxyType(parsed)


MASTER_TABLES: Mapping[str, Mapping[str, tuple[Cell, ...]]] = MappingProxyType(
    {
        "normal": _parse(_NORMAL),
        "tightened": _parse(_TIGHTENED),
        "reduced": _parse(_REDUCED),
    }
)


def cell(severity: str, letter: str, aql_index: int) -> Cell:
    """The printed cell of a master table: an acceptance number or an arrow."""
    return MASTER_TABLES[severity][letter][aql_index]
