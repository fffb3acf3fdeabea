"""Registry operations: plain functions with keyword-only arguments, one module per resource.

Every write checks the actor's scope first and goes through
:func:`qualicert.ledger.service.record`, so each change is an event in the same transaction.
"""

from qualicert.registry.service.bodies import (
    body_id_for,
    change_body_status,
    create_body,
    get_body,
    list_bodies,
    update_body,
)
from qualicert.registry.service.labs import (
    change_lab_status,
    create_lab,
    get_lab,
    list_labs,
    update_lab,
)
from qualicert.registry.service.organizations import (
    change_organization_status,
    create_organization,
    get_organization,
    get_organization_by_uscc,
    list_organizations,
    register_organizations,
    update_organization,
)
from qualicert.registry.service.people import (
    change_person_status,
    create_person,
    get_person,
    list_people,
    update_person,
)
from qualicert.registry.service.schemes import (
    create_scheme,
    get_scheme,
    get_scheme_by_code,
    list_schemes,
    update_scheme,
)

__all__ = [
    "body_id_for",
    "change_body_status",
    "change_lab_status",
    "change_organization_status",
    "change_person_status",
    "create_body",
    "create_lab",
    "create_organization",
    "create_person",
    "create_scheme",
    "get_body",
    "get_lab",
    "get_organization",
    "get_organization_by_uscc",
    "get_person",
    "get_scheme",
    "get_scheme_by_code",
    "list_bodies",
    "list_labs",
    "list_organizations",
    "list_people",
    "list_schemes",
    "register_organizations",
    "update_body",
    "update_lab",
    "update_organization",
    "update_person",
    "update_scheme",
]
