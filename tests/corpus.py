"""Where the test calendars live: the quirk fixtures in this repository, each named for its
quirk, and the shared real-world corpus beside the repository (``../shared/corpus/ics``)."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "ics"
FIXTURES = Path(__file__).resolve().parent / "federation" / "fixtures"
NOT_CALENDARS = frozenset({"not-ics-html-login-page.ics"})  # corpus files that are no iCalendar
