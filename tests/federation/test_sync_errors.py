"""Sync errors stored as codes with parameters, in words at display time (pure + Babel)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask import Flask

from core.app import create_app
from federation.errors import FetchError
from federation.sync_errors import coded, english, message_of, stored, translated


@pytest.fixture(scope="module")
def site() -> Iterator[Flask]:
    yield create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"})


def in_lang(site: Flask, lang: str, value: str) -> str:
    with site.test_request_context(f"/{lang}/feeds"):
        return translated(value)


def test_a_coded_error_is_its_english_sentence_for_the_cli() -> None:
    error = FetchError(coded("fetch.refused", host="cal.example.org"))
    assert str(error) == (
        "cal.example.org refused the connection: the partner's server is down or the port in "
        "the feed URL is wrong. We will retry."
    )
    kept = stored(message_of(error))
    assert json.loads(kept)["code"] == "fetch.refused"
    assert english(kept) == str(error)


def test_the_stored_error_is_shown_in_the_readers_language(site: Flask) -> None:
    kept = stored(coded("fetch.refused", host="cal.example.org"))
    assert in_lang(site, "zh", kept).startswith("cal.example.org 拒绝连接")
    assert in_lang(site, "en", kept).startswith("cal.example.org refused the connection")


def test_nested_advice_is_translated_too(site: Flask) -> None:
    later = coded("retry.in", seconds="120")
    message = coded("fetch.http", status=503, phrase="Service Unavailable",
                    advice=coded("advice.unavailable", later=later))  # fmt: skip
    assert str(message) == (
        "The server answered 503 Service Unavailable: the partner's server is unavailable for "
        "now; we will retry in 120 s."
    )
    assert in_lang(site, "zh", stored(message)) == (
        "服务器返回 503 Service Unavailable：合作伙伴的服务器暂时不可用；系统将在 120 秒后重试。"
    )


def test_old_free_text_rows_are_shown_as_they_are(site: Flask) -> None:
    old = "The server answered 404 Not Found: check the feed URL."
    assert in_lang(site, "zh", old) == old and english(old) == old
    assert in_lang(site, "zh", '{"code": "no.such.code"}') == '{"code": "no.such.code"}'
    assert stored(None) == "" and translated("") == ""


def test_a_refused_address_says_its_kind_in_the_readers_language(site: Flask) -> None:
    from federation.guard import address_refusal

    reason = address_refusal(__import__("ipaddress").ip_address("127.0.0.1"))
    loopback = stored(coded("guard.not_public", host="127.0.0.1", reason=reason))
    assert "(回环地址)" in in_lang(site, "zh", loopback).replace("（", "(").replace("）", ")")
    assert "(loopback)" in in_lang(site, "en", loopback)
    # An IPv4 address carried in IPv6 keeps its form's technical name.
    reason = address_refusal(__import__("ipaddress").ip_address("::ffff:192.168.1.1"))
    inside = stored(coded("guard.not_public", host="h.example", reason=reason))
    assert "私有地址，位于 IPv4-mapped IPv6 内" in in_lang(site, "zh", inside)
    # Every kind the guard can name has words in both catalogs.
    from federation import guard
    from federation.sync_errors import ADDRESS_KINDS

    named = {kind for _, kind in (*guard._IPV4_REFUSED, *guard._IPV6_REFUSED)} | {"reserved"}
    assert named <= set(ADDRESS_KINDS)
