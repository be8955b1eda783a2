"""The `huiju` console script as a shell script sees it: exit codes, stdout, stderr."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib import metadata

import click
import pytest
from flask import Flask

from core.console import OneLineFormatter, build_cli


@pytest.fixture
def huiju(app: Flask, migrated: str, tmp_path):
    env = {
        **os.environ,
        "HUIJU_DATABASE_URL": migrated,
        "HUIJU_INSTANCE_PATH": str(tmp_path),
        "HUIJU_SCHEDULER": "off",
    }

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["huiju", *args], env=env, input=stdin, capture_output=True, text=True, timeout=120
        )

    return run


def test_partners_add_and_list_json(huiju) -> None:
    added = huiju(
        "partners",
        "add",
        "changyang-campus",
        "--name-en",
        "Changyang Campus",
        "--name-zh",
        "长阳创谷",
        "--kind",
        "park",
        "--json",
    )
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["name_zh"] == "长阳创谷"
    listed = huiju("partners", "list", "--json")
    assert [p["slug"] for p in json.loads(listed.stdout)] == ["changyang-campus"]


def test_errors_are_one_line_and_non_zero(huiju) -> None:
    huiju("partners", "add", "dup", "--name-en", "A", "--name-zh", "甲")
    again = huiju("partners", "add", "dup", "--name-en", "A", "--name-zh", "甲", "--json")
    assert again.returncode == 1
    assert again.stdout == ""
    assert again.stderr.strip() == "huiju: error: a partner 'dup' exists already"
    bad = huiju("partners", "add", "Not A Slug", "--name-en", "A", "--name-zh", "甲")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_users_create_reads_the_password_from_stdin(huiju) -> None:
    made = huiju(
        "users",
        "create",
        "Staff@Example.org",
        "--role",
        "staff",
        "--password-stdin",
        "--json",
        stdin="a long enough passphrase\n",
    )
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout) == {
        "id": 1,
        "email": "staff@example.org",
        "role": "staff",
        "partner": None,
    }


@pytest.mark.parametrize(
    ("password", "reason"), [("short", "at least 10"), ("1234567890", "too common")]
)
def test_weak_passwords_are_refused(huiju, password: str, reason: str) -> None:
    made = huiju("users", "create", "x@example.org", "--password-stdin", stdin=password + "\n")
    assert made.returncode == 1 and reason in made.stderr


def test_partner_user_needs_an_existing_partner(huiju) -> None:
    made = huiju(
        "users",
        "create",
        "p@example.org",
        "--role",
        "partner",
        "--partner",
        "nope",
        "--password-stdin",
        stdin="a long enough passphrase\n",
    )
    assert made.returncode == 1 and "no partner with slug 'nope'" in made.stderr
    huiju("partners", "add", "hefei-base", "--name-en", "Hefei Base", "--name-zh", "合肥基地")
    made = huiju(
        "users",
        "create",
        "p@example.org",
        "--role",
        "partner",
        "--partner",
        "hefei-base",
        "--password-stdin",
        "--json",
        stdin="a long enough passphrase\n",
    )
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout) | {"id": 0} == {
        "id": 0,
        "email": "p@example.org",
        "role": "partner",
        "partner": "hefei-base",
    }


def test_unreachable_database_is_a_one_line_error(tmp_path) -> None:
    env = {
        **os.environ,
        "HUIJU_DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none",
        "HUIJU_INSTANCE_PATH": str(tmp_path),
        "HUIJU_SCHEDULER": "off",
    }
    result = subprocess.run(
        ["huiju", "partners", "list", "--json"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.startswith("huiju: error: OperationalError")


def _console(*args: str) -> subprocess.CompletedProcess:
    """The installed console script, at the width a pipe gets (80 columns)."""
    env = {**os.environ, "COLUMNS": "80", "HUIJU_SCHEDULER": "off"}
    return subprocess.run(
        ["huiju", *args], env=env, capture_output=True, text=True, timeout=60, check=True
    )


def test_version_is_huijus_then_its_main_libraries() -> None:
    lines = _console("--version").stdout.splitlines()
    assert lines[0] == f"huiju {metadata.version('huiju')}"
    assert re.fullmatch(r"huiju \d+\.\d+\.\d+", lines[0])
    assert [line.split()[0] for line in lines[1:]] == [
        "Flask",
        "SQLAlchemy",
        "icalendar",
        "networkx",
    ]


def test_help_lists_huijus_commands_whole_and_no_flask_only_options() -> None:
    text = _console("--help").stdout
    for option in ("--app", "--env-file", "python-dotenv", "Werkzeug"):
        assert option not in text
    assert "--version" in text and "--debug" in text
    for path, command in _commands():
        if path.count(" ") == 1 and _is_huijus(command):
            name = path.split()[1]
            assert re.search(rf"^  {name} +{re.escape(_first_line(command))}$", text, re.M), name


def test_the_listing_help_shows_is_each_commands_own() -> None:
    """``huiju --help`` lists core.cli.listing without importing the commands: every line of
    it is the named command's first help line, and every package command is in it."""
    from importlib import import_module

    from core.app import commands
    from core.cli.listing import COMMANDS

    for name, (module, attribute, line) in COMMANDS.items():
        command = getattr(import_module(module), attribute)
        assert command.name == name and _first_line(command) == line, name
    assert [command.name for command in commands()] == list(COMMANDS)


# What `huiju <group> --help` shows whole at 80 columns, beside the group's longest command name.
SHORT_HELP = 60


def _commands() -> list[tuple[str, click.Command]]:
    """Every command and group of the console script, as (``huiju feeds sync``, command)."""
    cli = build_cli()
    with cli.make_context("huiju", [], resilient_parsing=True) as ctx:
        return list(_walk(cli, ctx, "huiju"))


def _walk(group: click.Group, ctx: click.Context, path: str) -> Iterator[tuple[str, click.Command]]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield f"{path} {name}", command
        if isinstance(command, click.Group):
            child = click.Context(command, info_name=name, parent=ctx)
            yield from _walk(command, child, f"{path} {name}")


def _is_huijus(command: click.Command) -> bool:
    module = getattr(command.callback, "__module__", "") or ""
    return module.split(".")[0] in {"core", "federation", "events", "partners", "graph"}


def _first_line(command: click.Command) -> str:
    return (command.help or "").strip().splitlines()[0]


def test_every_command_has_a_one_line_help() -> None:
    commands = _commands()
    assert {"huiju demo", "huiju feeds sync", "huiju run", "huiju db upgrade"} <= dict(
        commands
    ).keys()
    for path, command in commands:
        assert command.get_short_help_str(SHORT_HELP), path
        if _is_huijus(command):
            first = _first_line(command)
            assert first.endswith(".") and len(first) <= SHORT_HELP, path
            assert command.get_short_help_str(SHORT_HELP) == first, path


def test_every_json_option_says_what_it_prints() -> None:
    json_options = [
        (path, option)
        for path, command in _commands()
        for option in command.params
        if isinstance(option, click.Option) and "--json" in option.opts
    ]
    assert len(json_options) >= 20
    for path, option in json_options:
        assert option.help and "JSON" in option.help, path


def test_a_database_without_the_schema_says_what_to_run(tmp_path) -> None:
    env = {**os.environ, "HUIJU_INSTANCE_PATH": str(tmp_path), "HUIJU_SCHEDULER": "off"}
    env.pop("HUIJU_DATABASE_URL", None)
    listed = subprocess.run(
        ["huiju", "partners", "list"], env=env, capture_output=True, text=True, timeout=120
    )
    assert listed.returncode == 1
    assert listed.stderr == (
        "huiju: error: the database has no Huiju schema yet (no such table: partner): "
        "run `huiju db upgrade` first\n"
    )


def test_a_reader_that_stops_early_is_no_error(huiju, migrated: str, tmp_path) -> None:
    """`huiju partners list | head -1`: the pipe closes, the command stops quietly."""
    huiju("partners", "add", "p1", "--name-en", "P1", "--name-zh", "伙伴")
    env = {
        **os.environ,
        "HUIJU_DATABASE_URL": migrated,
        "HUIJU_INSTANCE_PATH": str(tmp_path),
        "HUIJU_SCHEDULER": "off",
    }
    process = subprocess.Popen(
        ["huiju", "partners", "list"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    process.stdout.close()  # the reader is gone before the first line is written
    _, errors = process.communicate(timeout=120)
    assert errors == b""


def test_a_logged_exception_is_one_line_on_stderr() -> None:
    """An internal error the sync logs (with a traceback, for a server's log) reaches a
    command's stderr as one line."""
    try:
        raise TypeError("boom\nsecond line")
    except TypeError:
        record = logging.LogRecord(
            "huiju.sync",
            logging.ERROR,
            __file__,
            1,
            "sync of %s failed",
            ("feed 3",),
            exc_info=sys.exc_info(),
        )
    assert (
        OneLineFormatter().format(record) == "sync of feed 3 failed (TypeError: boom second line)"
    )
