"""The `huiju` console script as a shell script sees it: exit codes, stdout, stderr."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from flask import Flask


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
