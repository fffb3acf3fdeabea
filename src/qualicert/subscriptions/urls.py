"""Webhook URL rules, checked when a subscription is created and again before each POST.

A webhook URL is ``http`` or ``https``, names a host, carries no user name or password (they
would be stored in clear) and is at most 2000 characters. Unless the operator allows it
(``QUALICERT_WEBHOOK_ALLOW_PRIVATE``), it may not point at the platform's own network:
loopback, private, link-local, shared, reserved or multicast addresses, or ``localhost``, are
refused, whether written as an address or reached by resolving the name (checked again
just before each delivery, since a name can later resolve elsewhere).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import SplitResult, urlsplit

from qualicert.errors import InvalidInput

MAX_LENGTH = 2000
FIELD = "webhook_url"


def _refuse(rule: str, message: str, message_zh: str) -> InvalidInput:
    return InvalidInput(message, message_zh, rule=rule, field=FIELD)


def _split(url: str) -> SplitResult:
    if len(url) > MAX_LENGTH:
        raise _refuse(
            "webhook_url", f"a webhook URL has at most {MAX_LENGTH} characters", "回调地址过长"
        )
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise _refuse(
            "webhook_url",
            "a webhook URL may not contain spaces or control characters",
            "回调地址不能包含空白或控制字符",
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise _refuse(
            "webhook_url", f"{url!r} is not a valid URL ({exc})", f"{url!r} 不是有效的网址"
        ) from exc
    return parts


def check(url: str, *, allow_private: bool) -> str:
    """``url`` when it is an acceptable webhook URL; else :class:`InvalidInput` naming the rule."""
    parts = _split(url)
    if parts.scheme not in {"http", "https"}:
        raise _refuse(
            "webhook_url_scheme",
            f"a webhook URL starts with http:// or https://, not {parts.scheme or 'nothing'}",
            "回调地址须以 http:// 或 https:// 开头",
        )
    if not parts.hostname:
        raise _refuse("webhook_url", "a webhook URL names a host", "回调地址缺少主机名")
    if parts.username is not None or parts.password is not None:
        raise _refuse(
            "webhook_url_credentials",
            "a webhook URL may not carry a user name or password; the signature authenticates",
            "回调地址不能包含用户名或密码，请用签名验证请求",
        )
    if not allow_private:
        _check_host(parts.hostname)
    return url


def _check_host(host: str) -> None:
    """Refuse ``localhost`` names and address literals outside the public internet."""
    name = host.rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        raise _private(host)
    address = _literal(name)
    if address is not None and not address.is_global:
        raise _private(host)


def _literal(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address ``name`` spells, in standard form or in the old inet_aton forms that
    resolvers still accept (``127.1``, ``2130706433``, ``0x7f.0.0.1``); None for a name."""
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(name))
    except OSError:
        return None


def _private(host: str) -> InvalidInput:
    return _refuse(
        "webhook_url_private",
        f"webhook host {host} is a loopback, private or reserved address; "
        "use a public address (or ask the operator to allow private ones)",
        f"回调主机 {host} 是本机、内网或保留地址，请使用公网地址",
    )


def check_resolved(url: str, *, allow_private: bool) -> None:
    """Before a POST: refuse when the URL's host resolves to a non-public address.

    Raises :class:`InvalidInput` (rule ``webhook_url_private``) or :class:`OSError` when the
    name does not resolve.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if allow_private:
        return
    _check_host(host)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP):
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise _private(host)
