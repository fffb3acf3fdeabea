"""How much demo data each scale makes.

Scales (:data:`SCALES`); a test checks this table against them:

==========  =============  ======  =====  =================  =====================
scale       organisations  bodies  labs   auditors per body  regional regulators
==========  =============  ======  =====  =================  =====================
small       3,000          40      60     15 (about)         4
medium      50,000         200     400    25 (about)         10
national    1,000,000      900     5,000  50 (about)         31
==========  =============  ======  =====  =================  =====================

Each body employs between half and one and a half times its scale's auditors per body;
the first two are its decision makers. About 2 % of organisations end abnormal or
deregistered, 3 % of bodies and 2 % of labs and auditors suspended. Certificates taken
through the whole lifecycle (application, audits, signed reports, decision, history): 150
(small), 2,000 (medium), 10,000 (national).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """How much demo data to make.

    Attributes
    ----------
    name
        The scale's name (``small``, ``medium``, ``national``; any for a custom scale).
    organizations, bodies, labs
        How many of each.
    auditors_per_body
        The mean staff of a body; each body gets between half and one and a half times it.
    regional_regulators
        Regional regulator users, for the provinces with the most organisations.
    body_admins, lab_users, enterprise_users
        Users for the first bodies, labs and active organisations.
    certificates
        Certificates to take through the whole lifecycle (application to decision), with
        histories; the rest of a body's certificates arrive by bulk intake in real use.
    """

    name: str
    organizations: int
    bodies: int
    labs: int
    auditors_per_body: int
    regional_regulators: int = 4
    body_admins: int = 10
    lab_users: int = 1
    enterprise_users: int = 2
    certificates: int = 0


SCALES: dict[str, Scale] = {
    "small": Scale(
        "small", organizations=3_000, bodies=40, labs=60, auditors_per_body=15, certificates=150
    ),
    "medium": Scale(
        "medium",
        50_000,
        200,
        400,
        25,
        regional_regulators=10,
        body_admins=40,
        lab_users=5,
        certificates=2_000,
    ),
    "national": Scale(
        "national",
        1_000_000,
        900,
        5_000,
        50,
        regional_regulators=31,
        body_admins=100,
        lab_users=20,
        certificates=10_000,
    ),
}


def resolve(scale: str | Scale) -> Scale:
    """The :class:`Scale` called ``scale`` (or ``scale`` itself)."""
    if isinstance(scale, Scale):
        return scale
    if scale not in SCALES:
        raise ValueError(f"scale {scale!r} is not one of {', '.join(SCALES)}")
    return SCALES[scale]
