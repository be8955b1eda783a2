"""Data versions: a fingerprint is read once per ttl, and forgotten by every write here."""

from __future__ import annotations

from flask import Flask

from core import versions
from core.extensions import db
from tests.factories import make_partner


def counting(name: str = "probe", ttl: float = 60.0) -> tuple[versions.Fingerprint, list[int]]:
    reads: list[int] = []

    def read() -> int:
        reads.append(1)
        return len(reads)

    return versions.Fingerprint(name, read, ttl), reads


def test_a_reading_is_trusted_for_its_ttl(app: Flask) -> None:
    fingerprint, reads = counting()
    assert fingerprint.current() == fingerprint.current() == 1
    assert len(reads) == 1


def test_a_setting_overrides_the_ttl(app: Flask) -> None:
    app.config["HUIJU_PROBE_VERSION_TTL"] = 0
    fingerprint, reads = counting()
    assert (fingerprint.current(), fingerprint.current()) == (1, 2)


def test_a_commit_in_this_process_forgets_every_reading(app: Flask) -> None:
    first, first_reads = counting("one")
    second, second_reads = counting("two")
    first.current(), second.current()
    make_partner()  # a flush: this session sees its write at once
    assert (first.current(), len(second_reads)) == (2, 1)
    db.session.commit()  # every other session sees it now
    assert (first.current(), second.current()) == (3, 2)


def test_a_reading_overtaken_by_a_write_is_not_remembered(app: Flask) -> None:
    reads: list[int] = []

    def read_while_another_thread_commits() -> int:
        reads.append(1)
        versions.forget_all()  # what a commit elsewhere in the process does meanwhile
        return len(reads)

    fingerprint = versions.Fingerprint("race", read_while_another_thread_commits, 60.0)
    assert (fingerprint.current(), fingerprint.current()) == (1, 2)


def test_a_reading_in_the_second_half_of_its_ttl_is_expiring_and_read_again_ahead(
    app: Flask, monkeypatch
) -> None:
    clock = [100.0]
    monkeypatch.setattr(versions, "monotonic", lambda: clock[0])
    fingerprint, reads = counting(ttl=10.0)
    assert fingerprint.expiring()  # nothing read yet
    assert fingerprint.current() == 1 and not fingerprint.expiring()
    clock[0] += 6  # past half its ttl: still trusted, but worth reading again
    assert fingerprint.expiring() and fingerprint.current() == 1
    assert fingerprint.refresh() == 2 and not fingerprint.expiring()
    clock[0] += 9  # within the new reading's ttl
    assert fingerprint.current() == 2 and len(reads) == 2
