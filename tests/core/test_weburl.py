import pytest

from core.weburl import web_url


@pytest.mark.parametrize(
    "value", ["https://slush.example.org/shanghai", " http://kic.example/ ", "HTTPS://Example.org"]
)
def test_web_addresses_pass(value: str) -> None:
    assert web_url(value) == value.strip()


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "https://",
        "http:///x",
        "//evil.example",
        "https://a b.example",
        "http://[::1",
        "",
        None,
        "ftp://x.org",
    ],
)
def test_everything_else_is_refused(value: str | None) -> None:
    assert web_url(value) is None
