"""What an event says, read from its lines: here the SEQUENCE, which producers get wrong."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from federation.normalize_text import sequence_number
from federation.prepare import prepare
from tests.calendars import calendar, upcoming


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("0", 0),
        ("3", 3),
        (" 12 ", 12),
        ("-1", -1),
        ("²", 0),
        ("٣", 0),
        ("1e3", 0),
        ("", 0),
        ("9999999999", 0),
        ("999999999", 999999999),
    ],
)
def test_a_sequence_is_a_plain_number_that_fits_the_database(value: str, number: int) -> None:
    assert sequence_number(value) == number


def test_a_superscript_sequence_reads_as_zero_and_keeps_its_event() -> None:
    """ "²".isdigit() is true but int("²") fails: the series was skipped as an internal error."""
    body = calendar(upcoming("sup", 3, sequence="²"), upcoming("big", 4, sequence="12345678901"))
    prepared = prepare(
        body,
        charset=None,
        stored={},
        stored_context=None,
        language="auto",
        default_tz="Asia/Shanghai",
        now=datetime.now(UTC),
    )
    assert [o.skip for o in prepared.outcomes] == [None, None]
    assert [o.occurrences[0].sequence for o in prepared.outcomes] == [0, 0]
