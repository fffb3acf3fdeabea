"""ISO 2859-1 switching rules as a pure state machine.

The state records the severity of inspection and the counters the rules need; :func:`step`
returns the next state for one event and never mutates anything. States x events::

    state        | lot accepted               | lot not accepted          | other events
    -------------+----------------------------+---------------------------+---------------------
    normal       | score += 2 or 3, or := 0   | score := 0; -> tightened  | Irregular: steady :=
                 | (9.3.3.2); -> reduced when | when 2 of the last <= 5   |   False; Steady:
                 | score >= 30, production    | lots were not accepted    |   steady := True;
                 | steady and the authority   | (9.3.1)                   |   Approval: flag; the
                 | approves (9.3.3)           |                           |   last two may reduce
    tightened    | -> normal after 5 accepted | -> discontinued when 5    | flags only
                 | in a row (9.3.2)           | lots in all were not      |
                 |                            | accepted (9.4)            |
    reduced      | stays reduced              | -> normal (9.3.4 a)       | Irregular or Normal-
                 |                            |                           |   Warranted: -> normal
                 |                            |                           |   (9.3.4 b, c)
    discontinued | ValueError: no inspection  | ValueError                | SupplierImproved:
                 | until improved (9.4)       |                           |   -> tightened (9.4)

Irregular, Steady and Approval stand for the events ``ProductionIrregular``,
``ProductionSteady`` and ``AuthorityApproval``.
``SupplierImproved`` in any other state, and an unknown event, raise ValueError.
``ProductionSteady`` sets ``steady := True`` in every state (and may complete the
conditions for reduced inspection). Entering normal inspection starts a new record of lots
and a switching score of 0 (9.3.3.2: "started at the start of normal inspection"); entering
tightened inspection starts new counts of consecutive accepted and of not accepted lots.

Switching score (ISO 2859-1:1999, 9.3.3.2 a), single sampling, after each lot on original
normal inspection:

* acceptance number 2 or more: add 3 if the lot would have been accepted with the AQL one
  step tighter, otherwise reset to 0;
* acceptance number 0 or 1: add 2 if the lot is accepted, otherwise reset to 0.

Example
-------
>>> from qualicert.toolbox.sampling import switching as sw
>>> state = sw.run([sw.LotInspected(accepted=False, acceptance_number=2)] * 2)
>>> state.severity
'tightened'

References
----------
.. [1] ISO 2859-1:1999 (= GB/T 2828.1-2012), clause 9 "Normal, tightened and reduced
   inspection": 9.1 start, 9.3.1 normal to tightened, 9.3.2 tightened to normal, 9.3.3
   normal to reduced (9.3.3.2 switching score), 9.3.4 reduced to normal, 9.4
   discontinuation of inspection; Figure 1 "Outline of the switching rules".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from qualicert.toolbox.sampling.attributes import SamplingPlan, _follow, aql_index

__all__ = [
    "AuthorityApproval",
    "Event",
    "LotInspected",
    "NormalWarranted",
    "ProductionIrregular",
    "ProductionSteady",
    "SupplierImproved",
    "SwitchingState",
    "lot_inspected",
    "run",
    "start",
    "step",
]

State = Literal["normal", "tightened", "reduced", "discontinued"]
SCORE_FOR_REDUCED = 30
WINDOW = 5


@dataclass(frozen=True)
class LotInspected:
    """The outcome of one lot on original inspection (not a resubmitted lot).

    Attributes
    ----------
    accepted : bool
        Whether the lot was accepted.
    acceptance_number : int
        Ac of the plan used (decides 2 or 3 points of the switching score).
    accepted_one_step_tighter : bool or None
        Whether the lot would have been accepted with the AQL one step tighter; needed
        on normal inspection when ``acceptance_number >= 2`` (see :func:`lot_inspected`).
    """

    accepted: bool
    acceptance_number: int
    accepted_one_step_tighter: bool | None = None


@dataclass(frozen=True)
class ProductionIrregular:
    """Production became irregular or delayed (9.3.3 b, 9.3.4 b)."""


@dataclass(frozen=True)
class ProductionSteady:
    """Production is (again) at a steady rate (9.3.3 b)."""


@dataclass(frozen=True)
class NormalWarranted:
    """Other conditions warrant normal inspection (9.3.4 c)."""


@dataclass(frozen=True)
class AuthorityApproval:
    """The responsible authority considers reduced inspection desirable, or withdraws it."""

    approved: bool = True


@dataclass(frozen=True)
class SupplierImproved:
    """The supplier has acted to improve quality; inspection resumes on tightened (9.4)."""


Event = (
    LotInspected
    | ProductionIrregular
    | ProductionSteady
    | NormalWarranted
    | AuthorityApproval
    | SupplierImproved
)


@dataclass(frozen=True)
class SwitchingState:
    """Where a sequence of lots stands under the switching rules.

    Attributes
    ----------
    severity : {'normal', 'tightened', 'reduced', 'discontinued'}
        Severity for the next lot ('discontinued': do not inspect; 9.4).
    recent : tuple of bool
        On normal inspection: acceptance of the last (up to 5) lots, oldest first.
    switching_score : int
        On normal inspection: the switching score of 9.3.3.2.
    consecutive_accepted : int
        On tightened inspection: lots accepted in a row.
    not_accepted_on_tightened : int
        On tightened inspection: lots not accepted since tightened inspection began.
    steady : bool
        Production is at a steady rate.
    reduced_approved : bool
        The responsible authority considers reduced inspection desirable.
    lots : int
        Number of lots inspected so far.
    """

    severity: State = "normal"
    recent: tuple[bool, ...] = ()
    switching_score: int = 0
    consecutive_accepted: int = 0
    not_accepted_on_tightened: int = 0
    steady: bool = True
    reduced_approved: bool = False
    lots: int = 0


def start(*, steady: bool = True, reduced_approved: bool = False) -> SwitchingState:
    """The initial state: normal inspection (ISO 2859-1 9.1), switching score 0."""
    return SwitchingState(steady=steady, reduced_approved=reduced_approved)


def _enter(state: SwitchingState, severity: State) -> SwitchingState:
    """Switch severity and start the counters of the new severity afresh."""
    return replace(
        state, severity=severity, recent=(), switching_score=0,
        consecutive_accepted=0, not_accepted_on_tightened=0,
    )  # fmt: skip


def _maybe_reduce(state: SwitchingState) -> SwitchingState:
    ready = state.switching_score >= SCORE_FOR_REDUCED and state.steady and state.reduced_approved
    return _enter(state, "reduced") if state.severity == "normal" and ready else state


def _score(score: int, lot: LotInspected) -> int:
    if not lot.accepted:
        return 0
    if lot.acceptance_number >= 2:
        if lot.accepted_one_step_tighter is None:
            raise ValueError(
                "accepted_one_step_tighter is None; on normal inspection with acceptance "
                f"number {lot.acceptance_number} >= 2 the switching score needs it (9.3.3.2)"
            )
        return score + 3 if lot.accepted_one_step_tighter else 0
    return score + 2


def _on_normal(state: SwitchingState, lot: LotInspected) -> SwitchingState:
    recent = (*state.recent, lot.accepted)[-WINDOW:]
    if recent.count(False) >= 2:
        return _enter(state, "tightened")
    return _maybe_reduce(
        replace(state, recent=recent, switching_score=_score(state.switching_score, lot))
    )


def _on_tightened(state: SwitchingState, lot: LotInspected) -> SwitchingState:
    if lot.accepted:
        run_length = state.consecutive_accepted + 1
        if run_length >= WINDOW:
            return _enter(state, "normal")
        return replace(state, consecutive_accepted=run_length)
    refused = state.not_accepted_on_tightened + 1
    if refused >= WINDOW:
        return _enter(state, "discontinued")
    return replace(state, consecutive_accepted=0, not_accepted_on_tightened=refused)


def _on_lot(state: SwitchingState, lot: LotInspected) -> SwitchingState:
    if state.severity == "discontinued":
        raise ValueError(
            "inspection is discontinued (5 lots not accepted on tightened inspection, 9.4); "
            "send SupplierImproved before inspecting further lots"
        )
    counted = replace(state, lots=state.lots + 1)
    if state.severity == "normal":
        return _on_normal(counted, lot)
    if state.severity == "tightened":
        return _on_tightened(counted, lot)
    return counted if lot.accepted else _enter(counted, "normal")


def step(state: SwitchingState, event: Event) -> SwitchingState:
    """The state after one event (pure; see the table in the module docstring)."""
    if isinstance(event, LotInspected):
        return _on_lot(state, event)
    if isinstance(event, ProductionIrregular):
        irregular = replace(state, steady=False)
        return _enter(irregular, "normal") if state.severity == "reduced" else irregular
    if isinstance(event, ProductionSteady):
        return _maybe_reduce(replace(state, steady=True))
    if isinstance(event, NormalWarranted):
        return _enter(state, "normal") if state.severity == "reduced" else state
    if isinstance(event, AuthorityApproval):
        return _maybe_reduce(replace(state, reduced_approved=event.approved))
    if isinstance(event, SupplierImproved):
        if state.severity != "discontinued":
            raise ValueError(
                f"SupplierImproved applies to discontinued inspection, not {state.severity!r}"
            )
        return _enter(state, "tightened")
    raise ValueError(f"event {event!r} is not one of the switching events")


def run(events: Iterable[Event], state: SwitchingState | None = None) -> SwitchingState:
    """The state after a sequence of events, from ``state`` or :func:`start`."""
    current = state if state is not None else start()
    for event in events:
        current = step(current, event)
    return current


def lot_inspected(plan: SamplingPlan, nonconforming: int) -> LotInspected:
    """The :class:`LotInspected` event for a sample with ``nonconforming`` items.

    On normal inspection with Ac >= 2 it also decides whether the lot would have been
    accepted with the AQL one step tighter: the acceptance number of the same code letter
    in the next tighter AQL column of Table 2-A (which has the same sample size).
    """
    accepted = plan.accepts(nonconforming)
    tighter = None
    if plan.severity == "normal" and plan.ac >= 2:
        column = aql_index(plan.aql) - 1
        letter, ac, _ = _follow("normal", plan.used_code_letter, max(column, 0))
        if column < 0 or letter != plan.used_code_letter:  # never for Ac >= 2 in Table 2-A
            raise ValueError(f"AQL {plan.aql:g} has no one-step-tighter plan of the same size")
        tighter = nonconforming <= ac
    return LotInspected(
        accepted=accepted, acceptance_number=plan.ac, accepted_one_step_tighter=tighter
    )
