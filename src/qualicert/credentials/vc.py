"""The W3C Verifiable Credential 2.0 of a certificate, secured with eddsa-jcs-2022 (pure).

The document (before its ``proof``)::

    {"@context": ["https://www.w3.org/ns/credentials/v2"],
     "type": ["VerifiableCredential", "QualityCertificationCredential"],
     "id": "urn:qualicert:certificate:<approval number>:<number>",
     "issuer": {"id": "urn:qualicert:body:<approval number>", "bodyId": <id>},
     "validFrom": "<issue date>T00:00:00+08:00", "validUntil": "<expiry date>T23:59:59+08:00",
     "credentialSubject": {"id": "urn:uscc:<USCC>", "name": ..., "uscc": ...,
        "certificate": {"number", "scheme", "standard", "scope", "ledgerLeafIndex"}}}

The proof's ``verificationMethod`` is ``urn:qualicert:body:<approval number>#<key id>``; the key
id names a key in the trust list. Terms outside the VC 2.0 context fall under its
``@vocab`` (issuer-dependent terms); eddsa-jcs-2022 signs the JSON, not RDF, so no further
context is needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from qualicert.credentials import dataintegrity
from qualicert.credentials.facts import Facts

CONTEXT = ["https://www.w3.org/ns/credentials/v2"]
TYPE = ["VerifiableCredential", "QualityCertificationCredential"]
_FROM, _UNTIL = "T00:00:00+08:00", "T23:59:59+08:00"


def body_urn(approval: str) -> str:
    """The issuer id of a certification body."""
    return f"urn:qualicert:body:{approval}"


def document(facts: Facts) -> dict[str, Any]:
    """The unsigned credential of ``facts`` (which must carry the full scope)."""
    certificate: dict[str, Any] = {
        "number": facts.number,
        "scheme": facts.scheme,
        "standard": facts.standard,
        "scope": facts.scope,
    }
    if facts.leaf_index is not None:
        certificate["ledgerLeafIndex"] = facts.leaf_index
    return {
        "@context": CONTEXT,
        "type": TYPE,
        "id": f"urn:qualicert:certificate:{facts.body_approval}:{facts.number}",
        "issuer": {"id": body_urn(facts.body_approval), "bodyId": facts.body_id},
        "validFrom": facts.valid_from.isoformat() + _FROM,
        "validUntil": facts.valid_to.isoformat() + _UNTIL,
        "credentialSubject": {
            "id": f"urn:uscc:{facts.uscc}",
            "name": facts.holder_name,
            "uscc": facts.uscc,
            "certificate": certificate,
        },
    }


def sign(facts: Facts, key: Ed25519PrivateKey, kid: str, created: dt.datetime) -> dict[str, Any]:
    """The credential of ``facts`` with its eddsa-jcs-2022 proof by ``key`` (id ``kid``)."""
    stamp = created.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    method = f"{body_urn(facts.body_approval)}#{kid}"
    return dataintegrity.sign(document(facts), key, verification_method=method, created=stamp)


def key_id_of(secured: Mapping[str, Any]) -> str:
    """The key id after ``#`` in the proof's verificationMethod; ValueError if absent."""
    _, options, _ = dataintegrity.split(secured)
    method = options.get("verificationMethod")
    if not isinstance(method, str) or "#" not in method:
        raise ValueError("the proof's verificationMethod must end in #<key id>")
    return method.rsplit("#", 1)[1]


def created_of(secured: Mapping[str, Any]) -> dt.datetime:
    """When the proof says it was made; ValueError if absent or not a timestamp."""
    _, options, _ = dataintegrity.split(secured)
    created = options.get("created")
    if not isinstance(created, str):
        raise ValueError("the proof has no created time")
    when = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise ValueError("the proof's created time has no time zone")
    return when


def facts_of(secured: Mapping[str, Any]) -> Facts:
    """The facts a credential states; ValueError naming what is missing or malformed."""
    try:
        issuer, subject = secured["issuer"], secured["credentialSubject"]
        cert = subject["certificate"]
        approval = str(issuer["id"]).removeprefix("urn:qualicert:body:")
        leaf = cert.get("ledgerLeafIndex")
        facts = Facts(
            number=_str(cert["number"]),
            holder_name=_str(subject["name"]),
            uscc=_str(subject["uscc"]),
            scheme=_str(cert["scheme"]),
            standard=_str(cert["standard"]),
            scope=_str(cert["scope"]),
            valid_from=dt.date.fromisoformat(_str(secured["validFrom"])[:10]),
            valid_to=dt.date.fromisoformat(_str(secured["validUntil"])[:10]),
            body_id=int(issuer["bodyId"]),
            body_approval=approval,
            leaf_index=None if leaf is None else int(leaf),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"the credential lacks or mistypes {exc}") from exc
    return facts


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value
