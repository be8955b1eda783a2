"""The fetch stage's address guard: an address in, whether a feed may be fetched from it out;
a URL in, the URL a feed may be registered with out (or :class:`AddressRefused`).

Partners give us URLs and we fetch them from inside our network, so a URL is an invitation
to reach whatever it names: the cloud's metadata service, a database on the private
network, the scheduler's own loopback. This module holds the decision (pure), the URL check
used at registration and on every redirect, and one function that does DNS resolution.
The same decision is applied again at connect time by ``federation.fetch``, because a name
may resolve to something else a second later (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import SplitResult, urlsplit

from federation.errors import AddressRefused, FetchError
from federation.sync_errors import coded

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# First match wins, so the narrow, more telling reasons come before the ranges that hold them.
# Explicit lists rather than ``ip.is_global``: the stdlib's idea of "global" has shifted between
# Python versions and does not look inside the IPv6 forms that carry an IPv4 address.
_IPV4_REFUSED: tuple[tuple[ipaddress.IPv4Network, str], ...] = tuple(
    (ipaddress.IPv4Network(network), reason)
    for network, reason in (
        ("169.254.169.254/32", "cloud metadata"),  # AWS, GCP, Azure, Tencent, Huawei ...
        ("169.254.170.2/32", "cloud metadata"),  # AWS ECS task credentials
        ("100.100.100.200/32", "cloud metadata"),  # Alibaba Cloud
        ("255.255.255.255/32", "broadcast"),
        ("0.0.0.0/8", "unspecified"),  # "this network"; 0.0.0.0 reaches the local host on Linux
        ("10.0.0.0/8", "private"),
        ("172.16.0.0/12", "private"),
        ("192.168.0.0/16", "private"),
        ("100.64.0.0/10", "carrier-grade NAT"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local"),
        ("192.0.0.0/24", "reserved"),  # IETF protocol assignments
        ("192.0.2.0/24", "documentation"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("198.18.0.0/15", "benchmarking"),
        ("192.88.99.0/24", "reserved"),  # retired 6to4 relay anycast
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved"),
    )
)

_IPV6_REFUSED: tuple[tuple[ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.IPv6Network(network), reason)
    for network, reason in (
        ("fd00:ec2::254/128", "cloud metadata"),  # AWS over IPv6
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("::/96", "IPv4-compatible"),  # deprecated by RFC 4291; nothing public lives there
        ("2001::/32", "Teredo"),  # a tunnel whose far end we cannot judge
        ("2001:db8::/32", "documentation"),
        ("3fff::/20", "documentation"),
        ("2001::/23", "reserved"),  # IETF protocol assignments (benchmarking, ORCHID ...)
        ("fc00::/7", "unique local (private)"),
        ("fec0::/10", "site-local"),
        ("fe80::/10", "link-local"),
        ("ff00::/8", "multicast"),
    )
)

# Everything routable on the IPv6 internet is inside 2000::/3; the rest is reserved.
_IPV6_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_ALLOWED_SCHEMES = {"http": "http", "https": "https", "webcal": "https", "webcals": "https"}
_ALLOWED_PORTS = frozenset({80, 443})


def address_refusal(ip: IPAddress) -> str | None:
    """Say why a feed may not be fetched from ``ip``, or return None when it may.

    The reason is a short noun phrase for messages: "loopback", "private", "cloud metadata".
    IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by the IPv4
    address inside, since that is where the packets end up.
    """
    if isinstance(ip, ipaddress.IPv4Address):
        return _coded(_first_match(ip, _IPV4_REFUSED))
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        reason = address_refusal(embedded)
        inside = _wrapper_name(ip)
        return None if reason is None else coded("address.inside", kind=reason, wrapper=inside)
    reason = _first_match(ip, _IPV6_REFUSED)
    if reason is None and ip not in _IPV6_GLOBAL_UNICAST:
        reason = "reserved"
    return _coded(reason)


def _coded(kind: str | None) -> str | None:
    """The kind as a coded message ("loopback" in English, translated where it is shown)."""
    return None if kind is None else coded(f"address.{kind}")


def _first_match(
    ip: IPAddress, rules: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...]
) -> str | None:
    """Return the reason of the first network in ``rules`` that contains ``ip``."""
    return next((reason for network, reason in rules if ip in network), None)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address an IPv6 address carries (mapped, NAT64 or 6to4), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)  # RFC 6052: the last 32 bits
    return ip.sixtofour


def _wrapper_name(ip: ipaddress.IPv6Address) -> str:
    """Name the IPv6 form that wraps an IPv4 address, for refusal messages."""
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped IPv6"
    return "NAT64" if ip in _NAT64 else "6to4"


def check_url(url: str, allow_hosts: frozenset[str]) -> str:
    """Validate a feed URL and return it normalised, or raise AddressRefused.

    Only http and https are fetched; webcal:// and webcals:// are the same feed over https.
    The port must be 80 or 443 and the host (its IP literal, or every address its name
    resolves to) must not be refused by :func:`address_refusal`, unless the host, lower-case
    and as written in the URL, is in ``allow_hosts`` (development feeds on localhost).
    Numeric hosts in the forms browsers accept (``2130706433``, ``0x7f000001``,
    ``0177.0.0.1``) are read as the address they mean and written back in dotted form.
    A name that does not resolve raises a plain FetchError: it is a typo, not a refusal.
    """
    parts = _split(url)
    host = parts.hostname or ""
    ip = _host_literal(host)
    canonical = str(ip) if ip is not None else host
    if host not in allow_hosts:
        addresses = [ip] if ip is not None else resolve_host(host, parts.port or 443)
        refuse_addresses(host, addresses)
        _check_port(parts)
    return _rebuild(parts, canonical)


def _split(url: str) -> SplitResult:
    """Split ``url``, refusing schemes other than http(s)/webcal(s) and URLs without a host."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 -- parsing the port is what raises on "host:99999" or "host:x"
    except ValueError as error:
        raise AddressRefused(coded("guard.invalid", url=repr(url), error=str(error))) from None
    if parts.scheme.lower() not in _ALLOWED_SCHEMES:
        raise AddressRefused(coded("guard.scheme", url=repr(url)))
    if not parts.hostname:
        raise AddressRefused(coded("guard.no_host", url=repr(url)))
    return parts._replace(scheme=_ALLOWED_SCHEMES[parts.scheme.lower()])


def _check_port(parts: SplitResult) -> None:
    """Refuse ports other than 80 and 443: other ports are where internal services listen."""
    if parts.port is not None and parts.port not in _ALLOWED_PORTS:
        raise AddressRefused(coded("guard.port", host=parts.hostname, port=parts.port))


def refuse_addresses(host: str, addresses: list[IPAddress]) -> None:
    """Raise AddressRefused when any address of ``host`` is refused: a client may pick any."""
    for ip in addresses:
        reason = address_refusal(ip)
        if reason is not None:
            named = host if host == str(ip) else f"{host} ({ip})"
            raise AddressRefused(coded("guard.not_public", host=named, reason=reason))


def _rebuild(parts: SplitResult, host: str) -> str:
    """Reassemble a URL around a canonical host, dropping the fragment (never sent)."""
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc = f"{netloc}:{parts.port}"
    if userinfo:
        netloc = f"{userinfo}@{netloc}"
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme}://{netloc}{parts.path or '/'}{query}"


def _host_literal(host: str) -> IPAddress | None:
    """Read ``host`` as an IP address if it is one, in any form a resolver would accept."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return _legacy_ipv4(host)


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Read the inet_aton forms of IPv4 (``127.1``, ``2130706433``, hex and octal parts).

    getaddrinfo accepts these, so a guard that did not would let ``http://0x7f000001/``
    reach the loopback. Returns None for names; refuses numeric hosts that are out of range.
    """
    labels = host.removesuffix(".").split(".")
    numbers = [_inet_number(label) for label in labels]
    if not labels or None in numbers:
        return None
    *head, last = numbers
    if len(labels) > 4 or any(n > 255 for n in head) or last >= 256 ** (5 - len(labels)):
        raise AddressRefused(coded("guard.bad_ip", host=repr(host)))
    value = sum(n << (8 * (3 - i)) for i, n in enumerate(head)) + last
    return ipaddress.IPv4Address(value)


def _inet_number(label: str) -> int | None:
    """Parse one inet_aton part: 0x-prefixed hex, 0-prefixed octal or decimal."""
    lowered = label.lower()
    base, digits = 10, lowered
    if lowered.startswith("0x"):
        base, digits = 16, lowered[2:] or "0"
    elif len(lowered) > 1 and lowered.startswith("0"):
        base, digits = 8, lowered[1:]
    try:
        return int(digits, base) if digits.isalnum() and digits.isascii() else None
    except ValueError:
        return None


def resolve_host(host: str, port: int) -> list[IPAddress]:
    """Resolve ``host`` to its addresses (DNS), in the resolver's order, without duplicates.

    This is the guard's only I/O. A name that does not resolve raises FetchError.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError(coded("fetch.dns", host=repr(host))) from None
    addresses = (ipaddress.ip_address(info[4][0]) for info in infos)
    return list(dict.fromkeys(addresses))
