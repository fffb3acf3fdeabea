"""Sending the outbox over SMTP: STARTTLS with the server's certificate checked, then login."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic import SecretStr

from qualicert.db import utcnow
from qualicert.subscriptions import mail
from tests.subscriptions.receivers import MailReceiver, free_port

ITEM = mail.Outgoing(
    mail_id=41,
    to="buyer@example.cn",
    subject="[qualicert] 证书 X 已暂停 / certificate X suspended",
    body="证书已暂停。\nSuspended.\n",
)


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1: (cert file, key file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "smtp.crt", tmp_path / "smtp.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def login_as(user: str, password: str):
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data == (
            user.encode(),
            password.encode(),
        )
        return AuthResult(success=ok, handled=False)

    return authenticator


@pytest.fixture
def secure_mailbox(certificate):
    """An SMTP server that insists on STARTTLS and a login (notify / s3cret)."""
    cert_file, key_file = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    with MailReceiver(
        tls_context=context,
        require_starttls=True,
        authenticator=login_as("notify", "s3cret"),
        auth_required=True,
    ) as box:
        yield box


def smtp_settings(settings, box, **over):
    base = {
        "smtp_port": box.port,
        "smtp_starttls": True,
        "smtp_username": "notify",
        "smtp_password": SecretStr("s3cret"),
    }
    return settings.model_copy(update=base | over)


def test_starttls_and_login_deliver(secure_mailbox, certificate, settings, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # trust the test server's certificate
    conf = smtp_settings(settings, secure_mailbox)
    [outcome] = mail.send_all([ITEM], settings=conf, now=utcnow())
    assert outcome == mail.Outcome(41, ok=True)
    [(recipients, message)] = secure_mailbox.messages
    assert recipients == ["buyer@example.cn"]
    assert message["Subject"] == ITEM.subject
    assert message["Message-ID"] == "<qualicert-mail-41@cert.example.cn>"
    assert message.get_content().replace("\r\n", "\n") == ITEM.body


def test_a_wrong_password_or_an_untrusted_certificate_fails_without_raising(
    secure_mailbox, certificate, settings, monkeypatch
):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    wrong = smtp_settings(settings, secure_mailbox, smtp_password=SecretStr("guess"))
    [outcome] = mail.send_all([ITEM], settings=wrong, now=utcnow())
    assert not outcome.ok
    assert "SMTPAuthenticationError" in outcome.error
    monkeypatch.delenv("SSL_CERT_FILE")
    untrusted = smtp_settings(settings, secure_mailbox)
    [outcome] = mail.send_all([ITEM], settings=untrusted, now=utcnow())
    assert not outcome.ok
    assert "CERTIFICATE_VERIFY_FAILED" in outcome.error
    assert secure_mailbox.messages == []


def test_without_starttls_the_server_refuses_and_nothing_is_sent(secure_mailbox, settings):
    plain = smtp_settings(settings, secure_mailbox, smtp_starttls=False, smtp_username="")
    [outcome] = mail.send_all([ITEM], settings=plain, now=utcnow())
    assert not outcome.ok
    assert secure_mailbox.messages == []


def test_an_unreachable_server_fails_every_message(settings):
    gone = settings.model_copy(update={"smtp_port": free_port()})
    outcomes = mail.send_all(
        [ITEM, mail.Outgoing(42, "b@example.cn", "s", "b")], settings=gone, now=utcnow()
    )
    assert [o.ok for o in outcomes] == [False, False]
    assert all("SMTP connection or login failed" in o.error for o in outcomes)
