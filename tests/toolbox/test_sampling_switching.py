"""ISO 2859-1:1999 switching rules (clause 9): scripted lot sequences and invariants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualicert.toolbox import sampling
from qualicert.toolbox.sampling import switching as sw

ACCEPT = sw.LotInspected(accepted=True, acceptance_number=1)
REJECT = sw.LotInspected(accepted=False, acceptance_number=1)


def _severities(events, state=None):
    """Severity after each event."""
    current = state or sw.start()
    seen = []
    for event in events:
        current = sw.step(current, event)
        seen.append(current.severity)
    return seen


# --- 9.3.1 normal to tightened ----------------------------------------------------------


def test_two_rejections_in_five_lots_switch_to_tightened():
    # ISO 2859-1:1999 9.3.1: tightened when 2 out of 5 or fewer consecutive lots are not
    # accepted on original inspection.
    seen = _severities([ACCEPT, REJECT, ACCEPT, ACCEPT, REJECT])
    assert seen == ["normal"] * 4 + ["tightened"]
    assert _severities([REJECT, REJECT]) == ["normal", "tightened"]


def test_two_rejections_six_lots_apart_stay_normal():
    # The first rejection has left the window of 5 consecutive lots.
    seen = _severities([REJECT, ACCEPT, ACCEPT, ACCEPT, ACCEPT, REJECT, ACCEPT])
    assert seen == ["normal"] * 7


# --- 9.3.2 tightened to normal, 9.4 discontinuation -----------------------------------


def test_five_consecutive_accepted_on_tightened_return_to_normal():
    # 9.3.2: normal again when 5 consecutive lots are accepted on tightened inspection.
    tightened = sw.run([REJECT, REJECT])
    seen = _severities([ACCEPT] * 4 + [REJECT] + [ACCEPT] * 5, tightened)
    assert seen == ["tightened"] * 9 + ["normal"]


def test_five_lots_not_accepted_on_tightened_discontinue():
    # 9.4: discontinue when the cumulative number of lots not accepted in a sequence of
    # consecutive lots on original tightened inspection reaches 5.
    tightened = sw.run([REJECT, REJECT])
    seen = _severities([REJECT, ACCEPT] * 4 + [REJECT], tightened)
    assert seen == ["tightened"] * 8 + ["discontinued"]
    stopped = sw.run([REJECT, ACCEPT] * 4 + [REJECT], tightened)
    with pytest.raises(ValueError, match="inspection is discontinued"):
        sw.step(stopped, ACCEPT)
    # Resumed on tightened inspection "as if 9.3.1 had been invoked": fresh counts.
    resumed = sw.step(stopped, sw.SupplierImproved())
    assert (resumed.severity, resumed.not_accepted_on_tightened) == ("tightened", 0)
    assert sw.run([ACCEPT] * 5, resumed).severity == "normal"


def test_back_on_normal_the_old_rejections_are_forgotten():
    state = sw.run([REJECT, REJECT] + [ACCEPT] * 5)
    assert state.severity == "normal"
    assert sw.step(state, REJECT).severity == "normal"  # one rejection since returning


# --- 9.3.3 normal to reduced, switching score 9.3.3.2 ---------------------------------


def test_switching_score_with_acceptance_number_0_or_1():
    # 9.3.3.2 a) 2): Ac 0 or 1 -> add 2 per accepted lot, reset to 0 on a rejection;
    # reduced inspection needs score >= 30, steady production and approval (9.3.3).
    approved = sw.start(reduced_approved=True)
    seen = _severities([ACCEPT] * 15, approved)
    assert seen == ["normal"] * 14 + ["reduced"]
    assert sw.run([ACCEPT] * 14, approved).switching_score == 28
    assert sw.run([ACCEPT] * 10 + [REJECT], approved).switching_score == 0


def test_reduced_needs_the_authority_and_steady_production():
    state = sw.run([ACCEPT] * 20)  # no approval
    assert (state.severity, state.switching_score) == ("normal", 40)
    irregular = sw.step(state, sw.ProductionIrregular())
    assert sw.step(irregular, sw.AuthorityApproval()).severity == "normal"  # not steady
    steady_again = sw.run([sw.AuthorityApproval(), sw.ProductionSteady()], irregular)
    assert steady_again.severity == "reduced"
    assert sw.step(state, sw.AuthorityApproval()).severity == "reduced"


def test_switching_score_with_acceptance_number_2_or_more_uses_one_step_tighter_aql():
    # 9.3.3.2 a) 1): Ac >= 2 -> add 3 if the lot would have been accepted at the AQL one
    # step tighter, otherwise reset to 0. Lot of 1000, level II, AQL 1.0: J, n = 80,
    # Ac 2 (Table 2-A); one step tighter, AQL 0.65, is J: n = 80, Ac 1.
    plan = sampling.plan(1000, 1.0)
    one = sw.lot_inspected(plan, 1)
    two = sw.lot_inspected(plan, 2)
    assert (one.accepted, one.accepted_one_step_tighter) == (True, True)
    assert (two.accepted, two.accepted_one_step_tighter) == (True, False)
    approved = sw.start(reduced_approved=True)
    assert sw.run([one] * 9, approved).switching_score == 27
    assert sw.run([one] * 9 + [two], approved).switching_score == 0
    assert _severities([one] * 10, approved)[-1] == "reduced"
    with pytest.raises(ValueError, match="accepted_one_step_tighter is None"):
        sw.step(approved, sw.LotInspected(accepted=True, acceptance_number=2))


def test_lot_inspected_off_normal_inspection_needs_no_tighter_plan():
    plan = sampling.plan(1000, 1.0, severity="tightened")
    event = sw.lot_inspected(plan, 0)
    assert event.accepted and event.accepted_one_step_tighter is None


# --- 9.3.4 reduced to normal ----------------------------------------------------------


@pytest.mark.parametrize("event", [REJECT, sw.ProductionIrregular(), sw.NormalWarranted()])
def test_reduced_returns_to_normal(event):
    # 9.3.4: a lot not accepted, irregular or delayed production, or other conditions.
    reduced = sw.run([ACCEPT] * 15, sw.start(reduced_approved=True))
    assert reduced.severity == "reduced"
    assert sw.step(reduced, ACCEPT).severity == "reduced"
    back = sw.step(reduced, event)
    assert (back.severity, back.switching_score, back.recent) == ("normal", 0, ())


def test_supplier_improved_outside_discontinuation_is_refused():
    with pytest.raises(ValueError, match="SupplierImproved applies to discontinued"):
        sw.step(sw.start(), sw.SupplierImproved())


# --- invariants -----------------------------------------------------------------------

events = st.sampled_from(
    [
        ACCEPT,
        REJECT,
        sw.LotInspected(accepted=True, acceptance_number=3, accepted_one_step_tighter=True),
        sw.LotInspected(accepted=True, acceptance_number=3, accepted_one_step_tighter=False),
        sw.ProductionIrregular(),
        sw.ProductionSteady(),
        sw.NormalWarranted(),
        sw.AuthorityApproval(approved=True),
        sw.AuthorityApproval(approved=False),
        sw.SupplierImproved(),
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(events, max_size=80))
def test_any_event_sequence_keeps_a_legal_state(sequence):
    state = sw.start()
    for event in sequence:
        try:
            state = sw.step(state, event)
        except ValueError:
            continue  # refused events (a lot while discontinued, ...) change nothing
        assert state.severity in ("normal", "tightened", "reduced", "discontinued")
        assert state.switching_score >= 0 and state.switching_score % 1 == 0
        assert len(state.recent) <= 5 and state.recent.count(False) <= 1
        assert 0 <= state.consecutive_accepted < 5
        assert 0 <= state.not_accepted_on_tightened < 5
        if state.severity != "normal":
            assert state.recent == () and state.switching_score == 0
        if state.severity == "reduced":
            assert state.steady
        if state.severity == "normal":  # 9.3.3: all three conditions met means reduced
            assert not (state.switching_score >= 30 and state.steady and state.reduced_approved)
