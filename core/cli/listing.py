"""The ``huiju`` commands of the packages, by name: where each lives and the line ``huiju
--help`` shows for it.

``huiju --help`` lists this table instead of importing every command module (they import
SQLAlchemy's models, Babel…: a help text would cost what a whole command costs).
``core.app.commands`` imports the commands from it, and tests/core/test_cli.py checks that
each line is the command's own short help, so the table cannot drift from the code.
"""

from __future__ import annotations

# name: (module, attribute, short help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "db": ("core.migrate", "DB_COMMAND", "Perform database migrations."),
    "users": ("core.cli.users", "users", "Manage user accounts."),
    "backup": ("core.cli.backup", "backup", "Back up or restore the SQLite database."),
    "i18n": ("core.cli.i18n", "i18n", "Translation catalogs."),
    "partners": ("partners.cli", "partners", "Manage partner organisations."),
    "links": ("partners.cli", "links", "Manage cooperation links between partners."),
    "leads": ("partners.leads.cli", "leads_group", "Import-Expo leads and their follow-ups."),
    "demo": ("core.demo.load", "demo", "Load the demo world: partners, links, feeds and events."),
    "export": ("events.cli", "export_group", "Export events."),
    "events": ("events.cli", "events_group", "Stored events: derived data."),
    "feeds": (
        "federation.cli",
        "feeds",
        "Partner calendar feeds: add, list, sync, import files.",
    ),
    "scheduler": ("federation.cli", "scheduler", "Run the sync scheduler in the foreground."),
    "tokens": ("federation.cli", "tokens", "Manage the tokens partners push calendars with."),
    "graph": ("graph.cli", "graph", "Analyse and export the cooperation network."),
    "indicators": (
        "indicators.cli",
        "indicators_group",
        "The alliance's innovation index (双创指数): figures, framework, index, reports.",
    ),
}
