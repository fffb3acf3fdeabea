"""The certificate state machine (ISO/IEC 17021-1 9.6; qualicert.certification.lifecycle)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualicert.certification.lifecycle import (
    FINAL,
    REASON_CODES,
    TABLE,
    IllegalTransition,
    Status,
    Transition,
    check_reason,
    next_status,
)


def test_final_states_are_withdrawn_cancelled_expired():
    assert {Status.WITHDRAWN, Status.CANCELLED, Status.EXPIRED} == FINAL


def test_suspend_then_reinstate():
    assert next_status(Status.ACTIVE, Transition.SUSPEND) is Status.SUSPENDED
    assert next_status(Status.SUSPENDED, Transition.REINSTATE) is Status.ACTIVE


def test_transfer_is_refused_while_suspended_and_names_the_state():
    with pytest.raises(IllegalTransition, match="suspended"):
        next_status(Status.SUSPENDED, Transition.TRANSFER)


def test_nothing_leaves_a_final_state():
    for state in FINAL:
        for move in Transition:
            with pytest.raises(IllegalTransition, match="final"):
                next_status(state, move)


def test_reason_code_must_fit_the_transition():
    assert check_reason(Transition.SUSPEND, "S02").code == "S02"
    with pytest.raises(IllegalTransition, match="W01"):
        check_reason(Transition.WITHDRAW, "S02")
    with pytest.raises(IllegalTransition):
        check_reason(Transition.SUSPEND, "nope")


def test_every_transition_has_a_reason_code_and_every_code_has_both_languages():
    for move in Transition:
        assert any(move in r.transitions for r in REASON_CODES.values()), move
    for reason in REASON_CODES.values():
        assert reason.text and reason.text_zh


@given(st.lists(st.sampled_from(list(Transition)), max_size=30))
def test_any_sequence_of_events_keeps_a_legal_state(moves):
    state = Status.ACTIVE
    for move in moves:
        try:
            new = next_status(state, move)
        except IllegalTransition:
            assert move not in TABLE[state]
            continue
        assert new in TABLE, new
        assert state not in FINAL
        state = new
    assert state in set(Status)
