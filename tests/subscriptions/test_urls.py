"""Webhook URL rules: http(s), a host, no credentials, and no private hosts unless allowed."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from qualicert.errors import InvalidInput
from qualicert.subscriptions import urls


@pytest.mark.parametrize(
    "url",
    [
        "https://buyer.example.cn/hooks/qualicert",
        "http://114.114.114.114:8080/hook?x=1",
        "https://[2001:4860:4860::8888]/hook",
    ],
)
def test_public_http_and_https_urls_are_accepted(url):
    assert urls.check(url, allow_private=False) == url


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("ftp://buyer.example.cn/hook", "webhook_url_scheme"),
        ("javascript:alert(1)", "webhook_url_scheme"),
        ("buyer.example.cn/hook", "webhook_url_scheme"),
        ("https:///hook", "webhook_url"),
        ("https://user:pass@buyer.example.cn/hook", "webhook_url_credentials"),
        ("https://buyer.example.cn/a b", "webhook_url"),
        ("https://buyer.example.cn/\r\nX-Injected: 1", "webhook_url"),
        ("https://buyer.example.cn:99999/hook", "webhook_url"),
        ("https://buyer.example.cn/" + "a" * 2000, "webhook_url"),
    ],
)
def test_malformed_urls_are_refused_naming_the_field(url, rule):
    with pytest.raises(InvalidInput) as caught:
        urls.check(url, allow_private=True)
    assert caught.value.field == "webhook_url"
    assert caught.value.rule == rule


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://api.localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.1.1/hook",
        "http://172.16.0.1/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://100.64.0.1/hook",
        "http://0.0.0.0/hook",
        "http://127.1/hook",
        "http://2130706433/hook",
        "http://0x7f.0.0.1/hook",
        "http://[::1]/hook",
        "http://[fd00::1]/hook",
    ],
)
def test_private_hosts_are_refused_unless_allowed(url):
    with pytest.raises(InvalidInput) as caught:
        urls.check(url, allow_private=False)
    assert (caught.value.field, caught.value.rule) == ("webhook_url", "webhook_url_private")
    assert urls.check(url, allow_private=True) == url


def test_a_name_resolving_to_a_private_address_is_refused_before_sending():
    """The host name of this machine resolves to itself (through /etc/hosts), no DNS needed."""
    name = socket.gethostname()
    addresses = {info[4][0] for info in socket.getaddrinfo(name, 80)}
    if all(ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses):
        pytest.skip(f"{name} resolves to public addresses only here: {addresses}")
    url = f"http://{name}/hook"
    assert urls.check(url, allow_private=False) == url  # a name: fine when subscribing
    with pytest.raises(InvalidInput, match="private") as caught:
        urls.check_resolved(url, allow_private=False)
    assert caught.value.rule == "webhook_url_private"
    urls.check_resolved(url, allow_private=True)


def test_a_name_that_does_not_resolve_raises_oserror():
    with pytest.raises(socket.gaierror):
        urls.check_resolved("http://no-such-host.invalid/hook", allow_private=False)
