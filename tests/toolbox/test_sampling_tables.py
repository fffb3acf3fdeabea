"""ISO 2859-1 code letters and master tables: published cells and the tables' structure."""

from __future__ import annotations

import itertools

import pytest

from qualicert.toolbox import sampling
from qualicert.toolbox.sampling import tables
from qualicert.toolbox.sampling.attributes import _follow

LETTERS = "ABCDEFGHJKLMNPQR"


# --- Table 1: sample size code letters ------------------------------------------------


@pytest.mark.parametrize(
    ("lot_size", "level", "letter"),
    [
        # ISO 2859-1:1999 Table 1 = GB/T 2828.1-2012 Table 1 = ANSI/ASQ Z1.4-2008 Table I.
        (1000, "II", "J"),  # 501 to 1 200, general level II
        (500, "S-3", "D"),  # 281 to 500, special level S-3
        (50, "I", "C"),  # 26 to 50, general level I
        (2000, "II", "K"),  # 1 201 to 3 200
        (5000, "II", "L"),  # 3 201 to 10 000
        (8, "III", "B"),  # 2 to 8: level III is B, every other level A
        (8, "S-1", "A"),
        (9, "II", "B"),  # 9 to 15
        (280, "II", "G"),  # 151 to 280
        (281, "II", "H"),  # 281 to 500
        (35000, "I", "K"),  # 10 001 to 35 000
        (150000, "S-4", "J"),  # 35 001 to 150 000
        (500000, "III", "Q"),  # 150 001 to 500 000
        (500001, "III", "R"),  # 500 001 and over
        (10**9, "S-1", "D"),
        (10**9, "S-2", "E"),
        (10**9, "S-3", "H"),
        (10**9, "S-4", "K"),
        (10**9, "I", "N"),
        (10**9, "II", "Q"),
    ],
)
def test_code_letters_from_table_1(lot_size, level, letter):
    assert sampling.code_letter(lot_size, level) == letter


def test_table_1_letters_never_decrease_with_lot_size_or_level():
    # Structure of Table 1: each column is non-decreasing down the lot sizes, and along a
    # row S-1 <= S-2 <= S-3 <= S-4 and I <= II <= III.
    order = {letter: i for i, letter in enumerate(LETTERS)}
    rows = [[order[c] for c in row] for row in tables.TABLE_1]
    for col in range(7):
        column = [row[col] for row in rows]
        assert column == sorted(column)
    for row in rows:
        assert row[:4] == sorted(row[:4])
        assert row[4:] == sorted(row[4:])
    # Level II steps one letter per lot size range from B (9-15) to R... Q (150 001+).
    assert [row[5] for row in rows[1:]] == list(range(1, 15))


@pytest.mark.parametrize("bad", [1, 0, -5, 2.5, True, "100", None])
def test_bad_lot_size_is_refused(bad):
    with pytest.raises(ValueError, match="lot_size"):
        sampling.code_letter(bad, "II")


def test_unknown_level_names_the_allowed_levels():
    with pytest.raises(
        ValueError, match=r"level 'IV' is not one of S-1, S-2, S-3, S-4, I, II, III"
    ):
        sampling.code_letter(1000, "IV")


# --- Tables 2-A, 2-B: published plans -------------------------------------------------


@pytest.mark.parametrize(
    ("letter", "aql", "n", "ac"),
    [
        # ISO 2859-1:1999 Table 2-A (= ANSI/ASQ Z1.4 Table II-A), normal inspection.
        ("J", 1.0, 80, 2),
        ("K", 0.65, 125, 2),
        ("J", 0.65, 80, 1),
        ("J", 1.5, 80, 3),
        ("J", 2.5, 80, 5),
        ("J", 4.0, 80, 7),
        ("J", 6.5, 80, 10),
        ("K", 1.0, 125, 3),
        ("K", 1.5, 125, 5),
        ("K", 2.5, 125, 7),
        ("K", 4.0, 125, 10),
        ("K", 6.5, 125, 14),
        ("L", 1.0, 200, 5),
        ("L", 2.5, 200, 10),
        ("L", 6.5, 200, 21),
        ("H", 2.5, 50, 3),
        ("A", 6.5, 2, 0),
        ("J", 0.15, 80, 0),
        ("A", 1000, 2, 30),
        ("B", 1000, 3, 44),
    ],
)
def test_normal_table_cells(letter, aql, n, ac):
    p = sampling.plan_for_letter(letter, aql, "normal")
    assert (p.used_code_letter, p.sample_size, p.ac, p.re) == (letter, n, ac, ac + 1)
    assert p.arrow is None


@pytest.mark.parametrize(
    ("letter", "aql", "used", "n", "ac", "arrow"),
    [
        # ISO 2859-1:1999 Table 2-A: F (n = 20) at AQL 0.10 is an arrow down to the first
        # plan below it, K: n = 125, Ac 0, Re 1 -- sample size and Ac change together.
        ("F", 0.10, "K", 125, 0, "down"),
        # Arrow up: the Ac 0 diagonal is followed by an up-arrow diagonal (K at 0.15 ->
        # J at 0.15, n = 80, Ac 0); the largest Ac for AQL <= 10 is 21 (L at 10 -> K).
        ("K", 0.15, "J", 80, 0, "up"),
        ("L", 10, "K", 125, 21, "up"),
        ("A", 0.010, "Q", 1250, 0, "down"),
    ],
)
def test_normal_table_arrows(letter, aql, used, n, ac, arrow):
    p = sampling.plan_for_letter(letter, aql)
    assert (p.used_code_letter, p.sample_size, p.ac, p.re, p.arrow) == (used, n, ac, ac + 1, arrow)


@pytest.mark.parametrize(
    ("letter", "aql", "used", "n", "ac"),
    [
        # ISO 2859-1:1999 Table 2-B (= ANSI/ASQ Z1.4 Table II-B), tightened inspection:
        # acceptance numbers 0, 1, 2, 3, 5, 8, 12, 18 (27, 41 above AQL 10).
        ("J", 1.0, "J", 80, 1),
        ("K", 1.0, "K", 125, 2),
        ("K", 2.5, "K", 125, 5),
        ("K", 4.0, "K", 125, 8),
        ("K", 6.5, "K", 125, 12),
        ("L", 6.5, "L", 200, 18),
        # Row S (n = 3150) exists only in Table 2-B, with a plan at AQL 0.025 alone.
        ("R", 0.025, "S", 3150, 1),
    ],
)
def test_tightened_table_cells(letter, aql, used, n, ac):
    p = sampling.plan_for_letter(letter, aql, "tightened")
    assert (p.used_code_letter, p.sample_size, p.ac, p.re) == (used, n, ac, ac + 1)


def test_reduced_table_sample_sizes_and_acceptance_numbers():
    # ISO 2859-1:1999 Table 2-C: reduced sample sizes 2, 2, 2, 3, 5, 8, ..., 800. The 1999
    # edition has Re = Ac + 1 throughout (it dropped the "gap" plans such as Ac 1 Re 3 of
    # MIL-STD-105E / ANSI Z1.4), so the tables store Ac alone.
    assert [tables.REDUCED_SAMPLE_SIZES[c] for c in LETTERS] == [
        2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800,
    ]  # fmt: skip
    # Acceptance numbers of Table 2-C from letter C on: 0, 1, 2, 3, 5, 6, 8, 10 (and 14,
    # 21 above AQL 10); rows A and B (n = 2) repeat the normal n = 2 plans, up to Ac 30
    # (GB/T 2828.1-2012 Table 2-C).
    reduced = tables.MASTER_TABLES["reduced"]
    body = {c for letter, row in reduced.items() if letter > "B" for c in row}
    assert body - {"v", "^"} == {0, 1, 2, 3, 5, 6, 8, 10, 14, 21}
    assert reduced["A"][17:] == reduced["B"][17:] == tables.MASTER_TABLES["normal"]["A"][17:]
    # GB/T 2828.1-2012 Table 2-C: K (n = 50) at AQL 1.0 is Ac 2, Re 3; J (n = 32) at
    # AQL 2.5 is Ac 3, Re 4.
    k = sampling.plan_for_letter("K", 1.0, "reduced")
    assert (k.sample_size, k.ac, k.re) == (50, 2, 3)
    assert sampling.plan_for_letter("J", 2.5, "reduced").ac == 3


# --- structure over the whole tables --------------------------------------------------


def test_normal_table_is_constant_along_its_diagonals():
    # Table 2-A: one code letter down (sample size x ~1.6) and one AQL step tighter
    # (AQL / ~1.6) keeps n x AQL, and the printed acceptance number, the same. Every
    # plan up to Ac 21 continues along its diagonal; Ac 30 and 44 exist only for the
    # letters A to E (above them the cells point up).
    normal = tables.MASTER_TABLES["normal"]
    checked = 0
    for i, j in itertools.product(range(15), range(1, 26)):
        here, below_left = normal[LETTERS[i]][j], normal[LETTERS[i + 1]][j - 1]
        if isinstance(here, int) and here <= 21:
            assert below_left == here, (LETTERS[i], tables.AQL_VALUES[j])
            checked += 1
        elif isinstance(here, int):
            assert below_left == (here if i < 4 else "^")
    assert checked > 100


@pytest.mark.parametrize("severity", ["normal", "tightened", "reduced"])
def test_acceptance_numbers_grow_down_each_column_and_along_each_row(severity):
    table = tables.MASTER_TABLES[severity]
    rows = [row for letter, row in table.items() if letter != "S"]
    for row in rows:
        numbers = [c for c in row if isinstance(c, int)]
        assert numbers == sorted(numbers)
    for j in range(26):
        numbers = [row[j] for row in rows if isinstance(row[j], int)]
        assert numbers == sorted(numbers)


@pytest.mark.parametrize("severity", ["normal", "tightened", "reduced"])
def test_every_cell_leads_to_a_plan_without_turning_back(severity):
    table = tables.MASTER_TABLES[severity]
    for letter, j in itertools.product(LETTERS, range(26)):
        used, ac, direction = _follow(severity, letter, j)
        assert table[used][j] == ac
        first = table[letter][j]
        expected = None if isinstance(first, int) else {"v": "down", "^": "up"}[first]
        assert direction == expected
        step = 1 if direction == "down" else -1
        path = list(table)[list(table).index(letter) : list(table).index(used) : step]
        assert all(table[x][j] == first for x in path)  # one arrow band, never reversed


def test_normal_switching_score_neighbour_has_the_same_sample_size():
    # 9.3.3.2 compares a lot with "the AQL one step tighter": for every Table 2-A plan
    # with Ac >= 2 the next tighter column of the same letter holds a plan (same n) with
    # the previous acceptance number of the series.
    series = [0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 44]
    normal = tables.MASTER_TABLES["normal"]
    for letter, j in itertools.product(LETTERS, range(1, 26)):
        ac = normal[letter][j]
        if isinstance(ac, int) and ac >= 2:
            assert normal[letter][j - 1] == series[series.index(ac) - 1]


# --- plan(): lot size, 100 % inspection, bad input ------------------------------------


def test_plan_for_a_lot():
    p = sampling.plan(1000, 1.0)
    assert (p.code_letter, p.used_code_letter, p.sample_size, p.ac, p.re) == ("J", "J", 80, 2, 3)
    assert not p.hundred_percent
    assert p.accepts(2) and not p.accepts(3)


def test_plan_with_sample_size_beyond_lot_is_hundred_percent():
    # Lot of 100 at level II is F; AQL 0.10 points down to K (n = 125 > 100): ISO 2859-1
    # Table 2-A footnote -- if the sample size equals or exceeds the lot size, carry out
    # 100 % inspection.
    p = sampling.plan(100, 0.10)
    assert (p.code_letter, p.used_code_letter, p.table_sample_size) == ("F", "K", 125)
    assert p.hundred_percent and p.sample_size == 100
    assert "100 % inspection" in p.note
    assert (p.ac, p.re) == (0, 1)


def test_aql_above_10_is_nonconformities_per_hundred_units():
    p = sampling.plan(20, 25)
    assert p.per_hundred_units
    assert not sampling.plan(20, 10).per_hundred_units


@pytest.mark.parametrize("bad", [0.5, 2.0, 0.0, -1.0, 1500, float("nan"), "1.0", True])
def test_aql_outside_the_preferred_series_lists_the_allowed_values(bad):
    with pytest.raises(
        ValueError, match=r"allowed: 0\.010, 0\.015, .*, 0\.65, 1\.0, .*, 650, 1000"
    ):
        sampling.plan(1000, bad)


def test_aql_given_as_integer_or_numpy_float_is_accepted():
    import numpy as np

    assert sampling.plan(1000, 1).ac == sampling.plan(1000, np.float64(1.0)).ac == 2


def test_unknown_severity_is_refused():
    with pytest.raises(ValueError, match="severity 'strict' is not one of normal, tightened"):
        sampling.plan(1000, 1.0, severity="strict")
