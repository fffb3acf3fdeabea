"""Tests for qualicert.toolbox.pareto."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from qualicert.toolbox import pareto


def test_qcc_pareto_chart_example() -> None:
    # Reference: R package qcc, help page of pareto.chart, example data
    # defect <- c(80, 27, 66, 94, 33) named price code, schedule date, supplier code,
    # contact num., part num.; pareto.chart(defect) prints Frequency, Cum.Freq.,
    # Percentage and Cum.Percent. as below.
    names = ["price code", "schedule date", "supplier code", "contact num.", "part num."]
    r = pareto.analyze(names, counts=[80, 27, 66, 94, 33])
    assert r.categories == (
        "contact num.",
        "price code",
        "supplier code",
        "part num.",
        "schedule date",
    )
    assert_allclose(r.counts, [94, 80, 66, 33, 27])
    assert_allclose(r.cumulative_counts, [94, 174, 240, 273, 300])
    assert_allclose(r.percentages, [31.333333, 26.666667, 22.0, 11.0, 9.0], atol=5e-7)
    assert_allclose(r.cumulative_percentages, [31.333333, 58.0, 80.0, 91.0, 100.0], atol=5e-7)
    assert r.total == 300.0
    # The cumulative percentage reaches exactly 80 % at "supplier code": it is included.
    assert r.vital_few == ("contact num.", "price code", "supplier code")
    assert r.useful_many == ("part num.", "schedule date")


def test_raw_occurrences_are_counted_and_ties_ordered_by_name() -> None:
    data = ["dent", "scratch", "crack", "scratch", "dent", "burr", "scratch"]
    r = pareto.analyze(data)
    assert r.categories == ("scratch", "dent", "burr", "crack")
    assert_array_equal(r.counts, [3, 2, 1, 1])
    assert_array_equal(r.frequencies, r.counts)
    assert not r.weighted


def test_repeated_labels_with_counts_are_summed_and_labels_are_strings() -> None:
    r = pareto.analyze([1, 2, 1], counts=[5, 4, 2])
    assert r.categories == ("1", "2")
    assert_array_equal(r.counts, [7, 4])


@pytest.mark.parametrize(
    "data",
    [[3, 1, 3, 2, 3, 10], ["b", "a", "b", "c", "a", "b"], [1.5, 2.0, 1.5], [True, False, True]],
)
def test_numpy_arrays_give_the_same_result_as_lists(data: list[object]) -> None:
    from_list = pareto.analyze(data)
    from_array = pareto.analyze(np.array(data))
    assert from_array.categories == from_list.categories
    assert_array_equal(from_array.counts, from_list.counts)


def test_threshold_is_configurable() -> None:
    r = pareto.analyze(list("abcd"), counts=[50, 30, 15, 5], threshold=90)
    assert r.vital_few == ("a", "b", "c")
    assert r.threshold == 90.0
    assert pareto.analyze(list("abcd"), counts=[50, 30, 15, 5], threshold=50).vital_few == ("a",)


def test_rounding_does_not_move_the_vital_few() -> None:
    # 0.1 + 0.7 gives 0.7999999999999999 of 1.0 in floating point: still 80 %.
    r = pareto.analyze(["a", "b", "c"], counts=[0.7, 0.1, 0.2])
    assert_allclose(r.cumulative_percentages[1], 90.0)
    r = pareto.analyze(["a", "b", "c"], counts=[0.1, 0.7, 0.2])
    assert r.categories == ("b", "c", "a")
    r = pareto.analyze(["a", "b"], counts=[0.7 + 0.1, 0.2])
    assert r.vital_few == ("a",)


def test_small_categories_are_grouped_into_other_kept_last() -> None:
    counts = {"a": 40, "b": 30, "c": 10, "d": 4, "e": 3, "f": 3, "Other": 10}
    r = pareto.analyze(list(counts), counts=list(counts.values()), other_threshold=5)
    # Other = d + e + f + the existing "Other" = 20, larger than "c" but still last.
    assert r.categories == ("a", "b", "c", "Other")
    assert_array_equal(r.counts, [40, 30, 10, 20])
    assert r.grouped == ("d", "e", "f")
    assert_allclose(r.cumulative_percentages[-1], 100.0)
    assert r.vital_few == ("a", "b", "c")


def test_other_is_never_in_the_vital_few() -> None:
    r = pareto.analyze(list("abcdefgh"), counts=[30, 20, 10, 10, 10, 10, 5, 5], other_threshold=15)
    assert r.categories == ("a", "b", "Other")
    assert r.vital_few == ("a", "b")  # 50 % before "Other": all named categories
    assert r.useful_many == ("Other",)


def test_nothing_to_group_keeps_every_category() -> None:
    r = pareto.analyze(["a", "b"], counts=[60, 40], other_threshold=10)
    assert r.categories == ("a", "b")
    assert r.grouped == ()


def test_weights_per_entry_and_per_category() -> None:
    data = ["scratch", "crack", "scratch", "dent", "scratch"]
    by_entry = pareto.analyze(data, weights=[1, 50, 1, 5, 1])
    by_name = pareto.analyze(data, weights={"scratch": 1, "crack": 50, "dent": 5})
    for r in (by_entry, by_name):
        assert r.weighted
        assert r.categories == ("crack", "dent", "scratch")
        assert_array_equal(r.counts, [50, 5, 3])
        assert_array_equal(r.frequencies, [1, 1, 3])
    costed = pareto.analyze(["a", "b"], counts=[10, 2], weights=[1.0, 20.0])
    assert costed.categories == ("b", "a")
    assert_array_equal(costed.counts, [40, 10])


def test_rows_give_the_table() -> None:
    rows = pareto.analyze(["x", "y", "x"]).rows()
    assert [row.category for row in rows] == ["x", "y"]
    assert rows[0].count == 2.0
    assert rows[1].cumulative_percentage == pytest.approx(100.0)


def test_result_is_immutable() -> None:
    r = pareto.analyze(["x", "y", "x"])
    with pytest.raises(ValueError, match="read-only"):
        r.counts[0] = 5
    with pytest.raises(AttributeError):
        r.total = 3.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"categories": []}, "categories is empty"),
        ({"categories": ["a", "b"], "counts": [1]}, "counts has 1 values but categories has 2"),
        ({"categories": ["a", "b"], "counts": [1, -2]}, r"count -2.0 at position 1"),
        ({"categories": ["a", "b"], "counts": [1, np.nan]}, r"count nan at position 1"),
        ({"categories": ["a", "b"], "counts": [0, 0]}, "the total is 0.0"),
        ({"categories": ["a"], "threshold": 0}, "threshold 0 is not a percentage"),
        ({"categories": ["a"], "threshold": 101}, "threshold 101"),
        ({"categories": ["a"], "other_threshold": 100}, "other_threshold 100"),
        ({"categories": ["a", "b"], "weights": [1]}, "weights has 1 values"),
        ({"categories": ["a", "b"], "weights": {"a": 1}}, "category 'b' has no weight"),
        ({"categories": ["a", "b"], "weights": [1, np.inf]}, "weight inf for category 'b'"),
    ],
)
def test_bad_input_names_the_value(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pareto.analyze(**kwargs)  # type: ignore[arg-type]


@given(
    st.dictionaries(
        st.text(alphabet="abcdefgh", min_size=1, max_size=3),
        st.integers(min_value=0, max_value=1000),
        min_size=1,
        max_size=20,
    ).filter(lambda d: sum(d.values()) > 0),
    st.floats(min_value=1.0, max_value=100.0),
)
def test_invariants(counts: dict[str, int], threshold: float) -> None:
    r = pareto.analyze(list(counts), counts=list(counts.values()), threshold=threshold)
    assert sorted(r.categories) == sorted(counts)
    assert np.all(np.diff(r.counts) <= 0)  # non-increasing
    assert np.all(np.diff(r.cumulative_percentages) >= -1e-9)
    assert r.cumulative_percentages[-1] == pytest.approx(100.0)
    assert r.total == sum(counts.values())
    k = len(r.vital_few)
    assert 1 <= k <= len(r.categories)
    assert r.cumulative_percentages[k - 1] >= threshold - 1e-6
    if k > 1:
        assert r.cumulative_percentages[k - 2] < threshold
    for a, b, ca, cb in zip(r.categories, r.categories[1:], r.counts, r.counts[1:], strict=False):
        assert ca > cb or a < b  # ties in name order
