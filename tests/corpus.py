"""Where the test calendars live: the quirk fixtures in this repository, each named for its
quirk, and the shared real-world corpus beside the repository (``../shared/corpus/ics``).

A test that reads the corpus says so with ``@pytest.mark.corpus`` (or takes its files from
:func:`each_file`). When the corpus is absent such a test is skipped with the reason, and
fails where the ``CI`` environment variable is set: CI must run the corpus tests, never lose
them silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "ics"
FIXTURES = Path(__file__).resolve().parent / "federation" / "fixtures"
NOT_CALENDARS = frozenset({"not-ics-html-login-page.ics"})  # corpus files that are no iCalendar


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_corpus() -> None:
    """Skip the running test when the corpus is absent; fail it instead in CI."""
    if CORPUS.is_dir():
        return
    reason = f"the shared corpus is absent: no folder {CORPUS} beside the repository"
    if in_ci():
        pytest.fail(f"{reason}; CI must run the corpus tests", pytrace=False)
    pytest.skip(reason)


def each_file(*, fixtures: bool = False, calendars_only: bool = False) -> list:
    """One pytest param per .ics file, named after it: the quirk fixtures first when
    ``fixtures``, then the corpus files, without those that are no calendar when
    ``calendars_only``. An absent corpus is one param ``corpus-absent`` marked ``corpus``,
    so that its absence is reported rather than its tests vanishing."""
    paths = sorted(FIXTURES.glob("*.ics")) if fixtures else []
    if CORPUS.is_dir():
        paths += sorted(CORPUS.glob("*.ics"))
    params = [
        pytest.param(path, id=path.name)
        for path in paths
        if not (calendars_only and path.name in NOT_CALENDARS)
    ]
    if not CORPUS.is_dir():
        params.append(pytest.param(None, id="corpus-absent", marks=pytest.mark.corpus))
    return params
