"""Which targets an event concerns: the subject, and for a certificate its holder and bodies."""

from __future__ import annotations

from qualicert.subscriptions.targets import CertificateRef, concerned

CERT = CertificateRef(number="CERT-1", organization_id=7, body_id=3)


def test_a_certificate_event_concerns_the_certificate_its_holder_and_its_body():
    assert concerned("certificates", "5", {"to": "suspended"}, CERT) == {
        ("certificate", 5),
        ("organization", 7),
        ("body", 3),
    }


def test_a_transfer_concerns_both_bodies():
    moved = CertificateRef(number="CERT-1", organization_id=7, body_id=4)
    payload = {"from_body_id": 3, "to_body_id": 4, "old_number": "CERT-1"}
    assert concerned("certificates", "5", payload, moved) == {
        ("certificate", 5),
        ("organization", 7),
        ("body", 3),
        ("body", 4),
    }


def test_the_payload_names_the_holder_when_the_row_is_not_known():
    payload = {"organization_id": 9, "body_id": 2, "number": "X"}
    assert concerned("certificates", "5", payload, None) == {
        ("certificate", 5),
        ("organization", 9),
        ("body", 2),
    }


def test_organisation_and_body_events_concern_themselves():
    assert concerned("organizations", "7", {"changes": {}}, None) == {("organization", 7)}
    assert concerned("certification_bodies", "3", {"status": "suspended"}, None) == {("body", 3)}


def test_other_subjects_reach_nobody():
    for subject in ("certificate_status_changes", "applications", "users", "api_tokens", "labs"):
        assert concerned(subject, "1", {"body_id": 3, "organization_id": 7}, None) == set()
    assert concerned("certificates", "1:2", {}, None) == set()
