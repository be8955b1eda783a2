"""Audit entries read as sentences in the reader's language, with the leads' stage names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from core.app import create_app
from core.audit_lines import audit_sentence


@pytest.fixture(scope="module")
def site() -> Iterator[Flask]:
    # Building the app attaches the leads blueprint, which registers its stage names.
    yield create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"})


def sentence(site: Flask, lang: str, *entry: str) -> str:
    with site.test_request_context(f"/{lang}/staff/audit"):
        return audit_sentence(*entry)


def test_a_stage_change_by_the_command_line(site: Flask) -> None:
    entry = ("cli", "lead.stage", "lead", "3", "contacted → meeting")
    assert sentence(site, "en", *entry) == (
        "The command line moved a lead (lead #3): from Contacted to Meeting"
    )
    assert sentence(site, "zh", *entry) == "命令行：调整线索阶段（线索 #3），从“已联系”调整为“会谈”"


def test_actors_targets_and_summaries(site: Flask) -> None:
    assert sentence(
        site, "zh", "anna@example.org", "login.ok", "user", "7", "anna@example.org"
    ) == ("anna@example.org：登录（账号 #7），anna@example.org")
    assert (
        sentence(site, "zh", "token:ab12", "feed.push", "", "", "") == "推送令牌 ab12…：推送日历。"
    )
    # Partner data in a summary stays as written; an unknown action shows its code.
    assert sentence(site, "zh", "cli", "lead.create", "lead", "1", "Helios") == (
        "命令行：新建线索（线索 #1），Helios"
    )
    assert sentence(site, "en", "cli", "made.up", "", "", "x") == "The command line made.up: x"
