"""The metadata service and a private host, written every way a resolver reads them.

tests/federation/test_guard.py covers the wrappers of 127.0.0.1 and a few forms of these two;
this adds the remaining spellings of 169.254.169.254 and 10.0.0.1 (no socket is opened: the
hosts are numeric, so nothing is resolved).
"""

from __future__ import annotations

import ipaddress

import pytest

from federation.errors import AddressRefused
from federation.guard import address_refusal, check_url

METADATA_WRAPPED = ["64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "::ffff:a9fe:a9fe"]
PRIVATE_WRAPPED = ["64:ff9b::10.0.0.1", "2002:a00:1::", "::ffff:0a00:0001"]


@pytest.mark.parametrize("address", METADATA_WRAPPED)
def test_wrapped_metadata_address_is_refused_as_metadata(address: str) -> None:
    reason = address_refusal(ipaddress.ip_address(address))
    assert reason is not None and reason.startswith("cloud metadata")


@pytest.mark.parametrize("address", PRIVATE_WRAPPED)
def test_wrapped_private_address_is_refused_as_private(address: str) -> None:
    reason = address_refusal(ipaddress.ip_address(address))
    assert reason is not None and reason.startswith("private")


@pytest.mark.parametrize(
    "host",
    [
        "2852039166",  # decimal
        "0251.0376.0251.0376",  # octal
        "0xa9.0xfe.0xa9.0xfe",  # hex per part
        "169.254.43518",  # three parts: the last one fills 16 bits
        "169.16689662",  # two parts: the last one fills 24 bits
        "0251.0xfe.43518",  # mixed bases
        "[64:ff9b::a9fe:a9fe]",
        "[2002:a9fe:a9fe::]",
        "[::ffff:169.254.169.254]",
    ],
)
def test_numeric_spellings_of_the_metadata_service_are_refused(host: str) -> None:
    with pytest.raises(AddressRefused, match="cloud metadata"):
        check_url(f"http://{host}/latest/meta-data/", frozenset())


@pytest.mark.parametrize(
    "host",
    [
        "167772161",
        "0x0a000001",
        "012.0.0.1",
        "10.1",
        "0xa.0.0.1",
        "[64:ff9b::a00:1]",
        "[2002:a00:1::]",
        "[::ffff:10.0.0.1]",
    ],
)
def test_numeric_spellings_of_a_private_address_are_refused(host: str) -> None:
    with pytest.raises(AddressRefused, match="private"):
        check_url(f"http://{host}/feed.ics", frozenset())
