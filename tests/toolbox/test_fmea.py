"""Tests for qualicert.toolbox.fmea (AIAG-VDA action priority, RPN, worksheet)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from qualicert.toolbox import fmea

RATING = st.integers(min_value=1, max_value=10)
RANK = {"L": 0, "M": 1, "H": 2}

# Reference: AIAG & VDA FMEA Handbook, 1st ed. (2019), section 3.5.9, table "Action
# Priority (AP) for DFMEA and PFMEA". Rows: S band; columns: O band 8-10, 6-7, 4-5, 2-3, 1;
# each string: D band 7-10, 5-6, 2-4, 1. Typed here independently of the module. The cell
# S 4-6 / O 8-10 / D 5-6 ("?") is not asserted: public transcriptions disagree (H or M).
HANDBOOK = {
    (9, 10): ("HHHH", "HHHH", "HHHM", "HMLL", "LLLL"),
    (7, 8): ("HHHH", "HHHM", "HMMM", "MMLL", "LLLL"),
    (4, 6): ("H?MM", "MMML", "MLLL", "LLLL", "LLLL"),
    (2, 3): ("MMLL", "LLLL", "LLLL", "LLLL", "LLLL"),
    (1, 1): ("LLLL", "LLLL", "LLLL", "LLLL", "LLLL"),
}
O_BANDS = ((8, 10), (6, 7), (4, 5), (2, 3), (1, 1))
D_BANDS = ((7, 10), (5, 6), (2, 4), (1, 1))


def _handbook_cells() -> list[tuple[int, int, int, str]]:
    cells = []
    for (s_lo, s_hi), row in HANDBOOK.items():
        for (o_lo, o_hi), letters in zip(O_BANDS, row, strict=True):
            for (d_lo, d_hi), ap in zip(D_BANDS, letters, strict=True):
                for s, o, d in itertools.product(
                    range(s_lo, s_hi + 1), range(o_lo, o_hi + 1), range(d_lo, d_hi + 1)
                ):
                    cells.append((s, o, d, ap))
    return cells


CELLS = _handbook_cells()


def test_handbook_table_covers_all_1000_ratings() -> None:
    assert len(CELLS) == 1000
    assert len({(s, o, d) for s, o, d, _ in CELLS}) == 1000


@pytest.mark.parametrize("kind", ["dfmea", "pfmea"])
def test_every_certain_cell_matches_the_handbook(kind: str) -> None:
    # Reference: AIAG & VDA FMEA Handbook (2019), AP table (see HANDBOOK above); the same
    # table applies to DFMEA and PFMEA.
    table = fmea.ap_table(kind)
    wrong = [
        (s, o, d, ap, table[s - 1, o - 1, d - 1])
        for s, o, d, ap in CELLS
        if ap != "?" and table[s - 1, o - 1, d - 1] != ap
    ]
    assert wrong == []


def test_uncertain_cell_is_declared_and_lies_between_its_neighbours() -> None:
    assert fmea.UNCERTAIN_CELLS == (((4, 6), (8, 10), (5, 6)),)
    for s, o, d in itertools.product(range(4, 7), range(8, 11), range(5, 7)):
        assert fmea.action_priority(s, o, d) in {"H", "M"}  # D 7-10 is H, D 2-4 is M


@pytest.mark.parametrize(
    ("s", "o", "d", "expected"),
    [
        # Reference: AIAG & VDA FMEA Handbook (2019), AP table: named cells.
        (1, 10, 10, "L"),  # S 1: no discernible effect, always L
        (10, 10, 1, "H"),  # S 9-10 with O 8-10: H whatever the detection
        (9, 6, 1, "H"),  # S 9-10, O 6-7, D 1: still H
        (9, 4, 1, "M"),  # S 9-10, O 4-5, D 1
        (10, 2, 2, "L"),  # S 9-10, O 2-3, D 2-4: L (rare and well detected)
        (10, 3, 7, "H"),  # S 9-10, O 2-3, D 7-10
        (10, 1, 10, "L"),  # O 1: L for every severity
        (8, 7, 1, "M"),  # S 7-8, O 6-7, D 1
        (7, 5, 7, "H"),  # S 7-8, O 4-5, D 7-10
        (7, 5, 1, "M"),
        (8, 3, 6, "M"),  # S 7-8, O 2-3, D 5-6
        (8, 3, 4, "L"),
        (6, 6, 1, "L"),  # S 4-6, O 6-7, D 1
        (5, 8, 10, "H"),  # S 4-6, O 8-10, D 7-10
        (4, 9, 3, "M"),
        (5, 4, 7, "M"),
        (5, 4, 6, "L"),
        (3, 10, 10, "M"),  # S 2-3: at most M
        (2, 8, 4, "L"),
    ],
)
def test_named_cells(s: int, o: int, d: int, expected: str) -> None:
    assert fmea.action_priority(s, o, d) == expected
    assert fmea.action_priority(s, o, d, kind="pfmea") == expected


def test_table_as_data_agrees_with_the_full_array() -> None:
    table = fmea.ap_table()
    assert table.shape == (10, 10, 10)
    assert not table.flags.writeable
    assert len(fmea.AP_TABLE) == 5 * 5 * 4
    for (s_band, o_band, d_band), ap in fmea.AP_TABLE.items():
        block = table[
            s_band[0] - 1 : s_band[1], o_band[0] - 1 : o_band[1], d_band[0] - 1 : d_band[1]
        ]
        assert set(block.ravel().tolist()) == {ap}
    assert fmea.AP_TABLE[((9, 10), (4, 5), (1, 1))] == "M"


def test_vectorised_equals_scalar_for_all_1000_ratings() -> None:
    s, o, d = np.meshgrid(np.arange(1, 11), np.arange(1, 11), np.arange(1, 11), indexing="ij")
    vector = fmea.action_priority_array(s, o, d)
    triples = zip(s.ravel().tolist(), o.ravel().tolist(), d.ravel().tolist(), strict=True)
    scalar = np.array([fmea.action_priority(a, b, c) for a, b, c in triples]).reshape(s.shape)
    assert_array_equal(vector, scalar)
    assert_array_equal(vector, fmea.ap_table())


def test_vectorised_broadcasts_and_accepts_integral_floats() -> None:
    out = fmea.action_priority_array([[9], [2]], [5.0, 8.0], 1)
    assert_array_equal(out, [["M", "H"], ["L", "L"]])


@given(RATING, RATING, RATING)
def test_priority_never_decreases_when_a_rating_worsens(s: int, o: int, d: int) -> None:
    ap = RANK[fmea.action_priority(s, o, d)]
    if s < 10:
        assert RANK[fmea.action_priority(s + 1, o, d)] >= ap
    if o < 10:
        assert RANK[fmea.action_priority(s, o + 1, d)] >= ap
    if d < 10:
        assert RANK[fmea.action_priority(s, o, d + 1)] >= ap


@given(RATING, RATING, RATING)
def test_rpn_is_the_product(s: int, o: int, d: int) -> None:
    assert fmea.rpn(s, o, d) == s * o * d
    assert 1 <= fmea.rpn(s, o, d) <= 1000


def test_rpn_array() -> None:
    assert_array_equal(fmea.rpn_array([10, 2], [10, 3], [10, 4]), [1000, 24])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 5, 5), "severity 0 is not an integer from 1 to 10"),
        ((5, 11, 5), "occurrence 11 is not an integer from 1 to 10"),
        ((5, 5, 2.5), "detection 2.5 is not an integer from 1 to 10"),
        ((np.nan, 5, 5), "severity nan"),
        ((True, 5, 5), "severity True"),
        (("7", 5, 5), "severity '7'"),
    ],
)
def test_bad_ratings_are_named(args: tuple[object, object, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fmea.action_priority(*args)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=message):
        fmea.rpn(*args)  # type: ignore[arg-type]


def test_bad_array_rating_names_its_position() -> None:
    with pytest.raises(ValueError, match="occurrence 0 at position 2"):
        fmea.action_priority_array(5, [1, 2, 0], 3)
    with pytest.raises(ValueError, match="do not broadcast together"):
        fmea.action_priority_array([1, 2], [1, 2, 3], 1)


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="kind 'msr' is not one of dfmea, pfmea"):
        fmea.action_priority(5, 5, 5, kind="msr")
    with pytest.raises(ValueError, match="kind 'x'"):
        fmea.evaluate([], kind="x")


def _row(item: str, s: int, o: int, d: int) -> fmea.FmeaRow:
    return fmea.FmeaRow(item, "fails", "effect", s, "cause", o, "controls", d)


def test_worksheet_evaluation_and_summary_order() -> None:
    rows = [
        _row("a", 5, 5, 5),  # L, RPN 125
        _row("b", 9, 4, 1),  # M
        _row("c", 7, 8, 2),  # H
        _row("d", 9, 8, 1),  # H, higher severity than c
        _row("e", 9, 4, 3),  # H
    ]
    result = fmea.evaluate(rows)
    assert [r.action_priority for r in result.rows] == ["L", "M", "H", "H", "H"]
    assert [r.rpn for r in result.rows] == [125, 36, 112, 72, 108]
    assert [r.number for r in result.rows] == [1, 2, 3, 4, 5]
    # H before M before L; within H: severity, then occurrence, highest first.
    assert [r.row.item for r in result.summary] == ["d", "e", "c", "b", "a"]
    assert (result.high, result.medium, result.low) == (3, 1, 1)
    assert result.max_rpn == 125
    assert [r.row.item for r in result.with_priority("H")] == ["d", "e", "c"]
    with pytest.raises(ValueError, match="action priority 'X' is not one of H, M, L"):
        result.with_priority("X")


def test_worksheet_from_mappings_and_fmea_model() -> None:
    record = {
        "item": "door hinge",
        "failure_mode": "cracks",
        "effect": "door sags",
        "severity": 7,
        "cause": "porosity",
        "occurrence": 4.0,
        "controls": "X-ray sample",
        "detection": 6,
        "actions": "100 % X-ray",
    }
    sheet = fmea.Fmea(rows=(record,), kind="pfmea", title="hinge line")  # type: ignore[arg-type]
    assert isinstance(sheet.rows[0], fmea.FmeaRow)
    assert sheet.rows[0].occurrence == 4
    result = sheet.evaluate()
    assert result.kind == "pfmea"
    assert result.rows[0].action_priority == "M"  # S 7-8, O 4-5, D 5-6
    assert fmea.evaluate([]).summary == ()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "severity",
            11,
            r"row 2: severity 11 of 'hinge' / 'cracks' is not allowed; "
            r"severity must be an integer from 1 to 10",
        ),
        ("occurrence", 0, r"row 2: occurrence 0"),
        ("detection", 3.5, r"row 2: detection 3.5"),
        ("detection", None, r"row 2: detection None"),
    ],
)
def test_bad_worksheet_rating_names_row_field_and_range(
    field: str, value: object, message: str
) -> None:
    good = {
        "item": "x", "failure_mode": "y", "effect": "z", "severity": 5,
        "cause": "c", "occurrence": 5, "controls": "k", "detection": 5,
    }  # fmt: skip
    bad = {**good, "item": "hinge", "failure_mode": "cracks", field: value}
    with pytest.raises(ValueError, match=message):
        fmea.evaluate([good, bad])


def test_unknown_or_missing_worksheet_field() -> None:
    with pytest.raises(ValueError, match="row 1: field 'sev' is not one of item, failure_mode"):
        fmea.evaluate([{"sev": 5}])
    with pytest.raises(ValueError, match="row 1: field 'effect' is missing"):
        fmea.evaluate([{"item": "x", "failure_mode": "y"}])


def test_rows_are_frozen() -> None:
    row = _row("a", 5, 5, 5)
    with pytest.raises(AttributeError):
        row.severity = 6  # type: ignore[misc]
