"""Real receivers for the delivery tests: an HTTP server and an SMTP server on 127.0.0.1.

:class:`WebhookReceiver` is ``http.server`` in a thread on a free port; it records every
request (path, headers, exact body bytes) and answers with the statuses it is given in turn
(then 200), so a test can make it fail first. :func:`signature_ok` checks a request's
HMAC-SHA256 the way docs/subscriptions.md tells a subscriber to, written out here
independently of ``qualicert.subscriptions.signing``.
:class:`MailReceiver` is aiosmtpd's SMTP server, keeping each message it accepts.
"""

from __future__ import annotations

import hashlib
import hmac
import socket
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Request:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes
    received_at: float


class WebhookReceiver:
    """An HTTP server that records requests and answers the given statuses, then 200."""

    def __init__(self, answers: list[int] | None = None) -> None:
        self.requests: list[Request] = []
        self.answers = list(answers or [])
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver.lock:
                    receiver.requests.append(Request(self.path, headers, body, time.time()))
                    status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/qualicert"

    def __enter__(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def signature_ok(secret: str, request: Request, tolerance: int = 300) -> bool:
    """True when the request's X-Qualicert-Signature signs its exact body with ``secret``."""
    fields = dict(
        part.split("=", 1) for part in request.headers["x-qualicert-signature"].split(",")
    )
    timestamp = fields["t"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    message = timestamp.encode() + b"." + request.body
    expected = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"])


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Keep:
    """aiosmtpd handler keeping every accepted message."""

    def __init__(self, box: MailReceiver) -> None:
        self.box = box

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.box.refuse:
            self.box.refuse -= 1
            return "451 4.3.0 try again later"
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.box.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


class MailReceiver:
    """A real SMTP server (aiosmtpd) on 127.0.0.1; ``refuse`` first messages with a 451.

    Keyword arguments go to aiosmtpd's SMTP (``tls_context``, ``require_starttls``,
    ``authenticator``, ``auth_required``).
    """

    def __init__(self, refuse: int = 0, **smtp: Any) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse = refuse
        self.port = free_port()
        self.controller = Controller(_Keep(self), hostname="127.0.0.1", port=self.port, **smtp)

    def __enter__(self) -> MailReceiver:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
