"""``huiju i18n …``: keep the catalogs in step with the code (for maintainers)."""

from __future__ import annotations

from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from core.i18n import LOCALES, TRANSLATIONS_DIR

PROJECT_DIR = TRANSLATIONS_DIR.parent
SOURCE_PACKAGES = ("core", "events", "federation", "graph", "indicators", "partners")
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "N_": None,
    "lazy_ngettext": (1, 2),
}


def extract_messages() -> Catalog:
    """Every translatable string in the source packages, as a template catalog."""
    catalog = Catalog(project="huiju", charset="utf-8")
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    for package in SOURCE_PACKAGES:
        directory = PROJECT_DIR / package
        for filename, lineno, message, comments, context in extract_from_dir(
            directory, METHOD_MAP, options_map=options, keywords=KEYWORDS
        ):
            catalog.add(
                message,
                None,
                [(f"{package}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def po_path(locale: str) -> Path:
    return TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po"


@click.group("i18n")
def i18n() -> None:
    """Translation catalogs."""


@i18n.command("update")
def update() -> None:
    """Extract UI strings into both catalogs.

    English gets msgstr = msgid; reports the Chinese strings that still need a translation.
    """
    for locale in LOCALES.values():
        template = extract_messages()  # fresh each time: update() shares Message objects
        path = po_path(locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = (
            read_po(path.open("rb"), locale=locale) if path.exists() else Catalog(locale=locale)
        )
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        catalog.project, catalog.version = "Huiju", "0.1"
        if locale == "en":
            for message in catalog:
                if message.id and not _translated(message.string):
                    message.string = message.id
        with path.open("wb") as po_file:
            write_po(po_file, catalog, width=100, omit_header=False)
        missing = [m.id for m in catalog if m.id and not _translated(m.string)]
        click.echo(f"{locale}: {len(catalog)} messages, {len(missing)} untranslated", err=True)


def _translated(string: str | tuple[str, ...] | None) -> bool:
    if isinstance(string, tuple):
        return all(string)
    return bool(string)
