"""decode_calendar: BOM, declared charset, UTF-8, repair, detection; never raises."""

from __future__ import annotations

import codecs

import pytest

from federation.decode import decode_calendar
from tests.calendars import calendar_text, vevent


def ics(summary: str) -> str:
    return calendar_text(vevent("a", summary=summary))


def test_utf8_bom_is_removed() -> None:
    assert decode_calendar(codecs.BOM_UTF8 + ics("汇聚").encode()).startswith("BEGIN")


def test_utf16_with_bom() -> None:
    assert "汇聚" in decode_calendar(ics("汇聚").encode("utf-16"))


def test_declared_charset_wins_when_it_fits() -> None:
    assert "上海" in decode_calendar(ics("上海创业").encode("gbk"), "GBK")


def test_wrong_declared_charset_is_ignored() -> None:
    assert "汇聚" in decode_calendar(ics("汇聚").encode(), "x-unknown-charset")


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_chinese_legacy_encodings_are_detected(encoding: str) -> None:
    text = ics("上海国际创业周 长三角创新联盟 活动日程")
    assert "上海国际创业周" in decode_calendar(text.encode(encoding))


def test_cp1252_is_detected() -> None:
    assert "Städa garaget – möte" in decode_calendar(ics("Städa garaget – möte").encode("cp1252"))


def test_fold_inside_a_multibyte_character_is_repaired() -> None:
    raw = ics("上海国际创业周").encode()
    cut = raw.index("国".encode()) + 1
    assert "上海国际创业周" in decode_calendar(raw[:cut] + b"\r\n " + raw[cut:])


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\xfd", bytes(range(256)), b"\x00" * 10])
def test_odd_bytes_never_raise(data: bytes) -> None:
    assert isinstance(decode_calendar(data), str)
