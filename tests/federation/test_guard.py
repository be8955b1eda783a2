"""The address guard: which addresses feeds may come from, and which URLs may be registered.

No test here opens a socket: the decision is pure, and name resolution is replaced by a
fake ``getaddrinfo`` wherever a test needs a name to resolve.
"""

from __future__ import annotations

import ipaddress
import socket

import pytest

from federation.errors import AddressRefused, FetchError
from federation.guard import address_refusal, check_url, resolve_host

LOCAL = frozenset({"127.0.0.1", "localhost"})


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("169.254.169.254", "cloud metadata"),
        ("100.100.100.200", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("127.0.0.1", "loopback"),
        ("127.0.0.2", "loopback"),
        ("169.254.1.1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("255.255.255.255", "broadcast"),
        ("240.0.0.1", "reserved"),
        ("192.0.2.1", "documentation"),
        ("198.18.0.1", "benchmarking"),
        ("::", "unspecified"),
        ("::1", "loopback"),
        ("::ffff:10.0.0.1", "private (inside IPv4-mapped IPv6)"),
        ("::ffff:169.254.169.254", "cloud metadata (inside IPv4-mapped IPv6)"),
        ("64:ff9b::a00:1", "private (inside NAT64)"),
        ("64:ff9b::7f00:1", "loopback (inside NAT64)"),
        ("2002:0a00:0001::", "private (inside 6to4)"),
        ("2002:7f00:0001::1", "loopback (inside 6to4)"),
        ("::127.0.0.1", "IPv4-compatible"),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("fec0::1", "site-local"),
        ("fc00::1", "unique local (private)"),
        ("fd12:3456::1", "unique local (private)"),
        ("ff02::1", "multicast"),
        ("2001:db8::1", "documentation"),
        ("2001:2::1", "reserved"),
        ("100::1", "reserved"),
    ],
)
def test_refused_addresses_say_why(address: str, reason: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "1.1.1.1",
        "114.114.114.114",
        "172.32.0.1",  # just outside 172.16.0.0/12
        "100.128.0.1",  # just outside the carrier-grade NAT range
        "2001:4860:4860::8888",
        "2400:3200::1",
        "::ffff:8.8.8.8",  # mapped, NAT64 and 6to4 wrapping public addresses stay public
        "64:ff9b::808:808",
        "2002:808:808::1",
    ],
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) is None


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """A fake resolver: names mapped here resolve to their list; any other name fails."""
    answers: dict[str, list[str]] = {}

    def getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[tuple]:
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port),
            )
            for ip in answers[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def test_webcal_becomes_https_and_the_url_is_normalised(dns: dict[str, list[str]]) -> None:
    dns["events.example.org"] = ["93.184.216.34"]
    url = "webcal://Events.Example.org/cal/feed.ics?lang=en#top"
    assert check_url(url, frozenset()) == "https://events.example.org/cal/feed.ics?lang=en"
    assert check_url("webcals://events.example.org", frozenset()) == "https://events.example.org/"
    assert check_url("HTTP://events.example.org:80/x", frozenset()).startswith("http://")


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://0x7f.0.0.1/",
        "http://0/",
        "http://[::1]/",
        "http://[::ffff:7f00:1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0xa9fea9fe/",  # 169.254.169.254 in hex
    ],
)
def test_numeric_hosts_are_read_as_the_address_they_mean(url: str) -> None:
    with pytest.raises(AddressRefused, match="not a public address"):
        check_url(url, frozenset())


def test_numeric_hosts_are_rewritten_in_dotted_form() -> None:
    assert check_url("http://0x08080808/feed", frozenset()) == "http://8.8.8.8/feed"
    assert check_url("http://134744072/", frozenset()) == "http://8.8.8.8/"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/feed.ics", "must start with http://"),
        ("file:///etc/passwd", "must start with http://"),
        ("javascript:alert(1)", "must start with http://"),
        ("http:///feed.ics", "has no host"),
        ("http://example.org:99999/", "not a valid URL"),
        ("http://8.8.8.8:8080/", "port 8080"),
        ("http://8.8.8.8:22/", "port 22"),
        ("http://1.2.3.256/", "not a valid IP address"),
        ("http://1.2.3.4.5/", "not a valid IP address"),
    ],
)
def test_malformed_or_unwanted_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(AddressRefused, match=message):
        check_url(url, frozenset())


def test_a_name_is_refused_when_any_of_its_addresses_is(dns: dict[str, list[str]]) -> None:
    dns["intranet.example.org"] = ["10.0.0.5"]
    dns["mixed.example.org"] = ["93.184.216.34", "127.0.0.1"]
    with pytest.raises(AddressRefused, match=r"intranet.example.org \(10.0.0.5\).*private"):
        check_url("https://intranet.example.org/feed.ics", frozenset())
    with pytest.raises(AddressRefused, match="loopback"):
        check_url("https://mixed.example.org/feed.ics", frozenset())


def test_a_public_name_passes(dns: dict[str, list[str]]) -> None:
    dns["calendar.example.org"] = ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]
    url = "https://calendar.example.org/feed.ics"
    assert check_url(url, frozenset()) == url


def test_an_unknown_name_is_a_plain_fetch_error_not_a_refusal(dns: dict[str, list[str]]) -> None:
    with pytest.raises(FetchError, match="could not be found") as caught:
        check_url("https://no-such-host.example/feed.ics", frozenset())
    assert not isinstance(caught.value, AddressRefused)


def test_allow_listed_hosts_skip_the_port_rule_and_resolution(
    dns: dict[str, list[str]],
) -> None:
    # The fake resolver knows no name, so resolving "localhost" would raise.
    assert check_url("http://LOCALHOST:8080/f.ics", LOCAL) == "http://localhost:8080/f.ics"
    assert check_url("webcal://127.0.0.1:5000/", LOCAL) == "https://127.0.0.1:5000/"


def test_the_allow_list_compares_hosts_as_written() -> None:
    with pytest.raises(AddressRefused, match="127.0.0.2"):
        check_url("http://127.0.0.2:5000/", LOCAL)
    with pytest.raises(AddressRefused):
        check_url("http://0x7f000001:5000/", LOCAL)  # means 127.0.0.1, but is not written so


def test_resolve_host_deduplicates_in_resolver_order(dns: dict[str, list[str]]) -> None:
    dns["twice.example.org"] = ["93.184.216.34", "93.184.216.34", "2001:4860:4860::8888"]
    assert resolve_host("twice.example.org", 443) == [
        ipaddress.ip_address("93.184.216.34"),
        ipaddress.ip_address("2001:4860:4860::8888"),
    ]
