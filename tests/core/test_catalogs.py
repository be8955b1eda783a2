"""Every UI string in the code has a translation in both catalogs."""

import pytest
from babel.messages.pofile import read_po

from core.cli.i18n import extract_messages, po_path


def _translated(string: object) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


@pytest.fixture(scope="module")
def source_ids() -> set:
    return {m.id for m in extract_messages() if m.id}


@pytest.mark.parametrize("locale", ["en", "zh_Hans_CN"])
def test_catalog_is_complete(locale: str, source_ids: set) -> None:
    catalog = read_po(po_path(locale).open("rb"), locale=locale)
    by_id = {m.id: m for m in catalog if m.id}
    missing = sorted(str(i) for i in source_ids - set(by_id))
    assert not missing, f"{locale}: not in the catalog (run `huiju i18n update`): {missing[:10]}"
    empty = sorted(str(i) for i, m in by_id.items() if not _translated(m.string))
    assert not empty, f"{locale}: untranslated: {empty[:10]}"
    fuzzy = sorted(str(i) for i, m in by_id.items() if m.fuzzy)
    assert not fuzzy, f"{locale}: fuzzy: {fuzzy[:10]}"


# Names that Chinese text writes in Latin letters too.
PRODUCT_NAMES = {"API", "Outlook"}


def test_chinese_catalog_is_really_chinese(source_ids: set) -> None:
    catalog = read_po(po_path("zh_Hans_CN").open("rb"), locale="zh_Hans_CN")
    untouched = [
        m.id
        for m in catalog
        if m.id
        and m.string == m.id
        and any(c.isalpha() for c in m.id)
        and m.id not in PRODUCT_NAMES
    ]
    assert not untouched, f"copied, not translated: {untouched[:10]}"


@pytest.mark.parametrize("locale", ["en", "zh_Hans_CN"])
def test_placeholders_survive_translation(locale: str) -> None:
    import re

    catalog = read_po(po_path(locale).open("rb"), locale=locale)
    for message in catalog:
        if not message.id or isinstance(message.id, tuple):
            continue
        assert set(re.findall(r"%\(\w+\)[sd]", message.id)) == set(
            re.findall(r"%\(\w+\)[sd]", message.string)
        ), message.id
