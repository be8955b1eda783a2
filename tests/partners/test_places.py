"""A partner's place and initials as its card shows them."""

from partners.places import initials, place_line


def test_a_place_is_said_once() -> None:
    assert place_line("Overseas", "Singapore", "Singapore", overseas=True) == ["Singapore"]
    assert place_line("Shanghai", "Shanghai", "", overseas=False) == ["Shanghai"]
    assert place_line("上海", "上海市", "", overseas=False) == ["上海"]


def test_places_read_from_narrow_to_broad_abroad_and_region_first_at_home() -> None:
    assert place_line("Overseas", "Helsinki", "Finland", overseas=True) == ["Helsinki", "Finland"]
    assert place_line("Jiangsu", "Suzhou", "", overseas=False) == ["Jiangsu", "Suzhou"]
    assert place_line("Overseas", "", "Japan", overseas=True) == ["Japan"]


def test_initials_take_two_words_or_two_chinese_characters() -> None:
    assert initials("Nordic Innovation Center") == "NI"
    assert initials("KIC Knowledge & Innovation Community") == "KK"
    assert initials("长阳创谷") == "长阳"
    assert initials("Slush 上海国际创投大会") == "S"
    assert initials("") == ""
