"""The daily digest, delivered to a real SMTP server on 127.0.0.1 — once per owner and day."""

import json
import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from core.extensions import db
from partners.leads.models import ReminderDigest
from partners.leads.operations import FollowUpInput, create_lead, log_follow_up, move_stage
from partners.leads.reminders import send_due_digests
from tests.factories import make_user

NOW = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai on 20 November


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)  # type: ignore[attr-defined]
        self.messages.append((list(envelope.rcpt_tos), message))  # type: ignore[attr-defined]
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler, port = Inbox(), _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def app_config(inbox: tuple[Inbox, int]) -> dict:
    return {
        "HUIJU_SMTP_HOST": "127.0.0.1",
        "HUIJU_SMTP_PORT": inbox[1],
        "HUIJU_SMTP_FROM": "huiju@alliance.example",
        "HUIJU_PUBLIC_URL": "https://huiju.example",
    }


def _lead(owner: object, name: str, due: date | None, **fields: object) -> object:
    return create_lead(
        {"organization_en": name, "owner_id": owner.id, "next_follow_up_on": due, **fields}  # type: ignore[attr-defined]
    )


def _world() -> tuple[object, object]:
    anna, ben = make_user("anna@alliance.example"), make_user("ben@alliance.example")
    overdue = _lead(anna, "Siemens Healthineers", date(2026, 11, 15), organization_zh="西门子医疗")
    log_follow_up(
        overdue,
        FollowUpInput(
            on=date(2026, 11, 10),
            kind="call",
            next_step="Send the incentive brochure",
            next_follow_up_on=date(2026, 11, 15),
        ),
    )
    _lead(anna, "Fonterra", date(2026, 11, 20))
    _lead(anna, "Later GmbH", date(2026, 11, 21))  # not due yet
    lost = _lead(anna, "Gone Ltd", date(2026, 11, 1))
    move_stage(lost, "lost", reason="Chose Singapore")  # lost leads need no reminder
    _lead(ben, "Nordic Robotics", date(2026, 11, 19))
    make_user("carol@alliance.example")  # nothing due: no mail
    db.session.commit()
    return anna, ben


def test_one_digest_per_owner_with_due_and_overdue_leads(app: object, inbox: tuple) -> None:
    anna, _ben = _world()
    assert send_due_digests(NOW) == 2
    received = {rcpt[0]: message for rcpt, message in inbox[0].messages}
    assert set(received) == {"anna@alliance.example", "ben@alliance.example"}
    message = received["anna@alliance.example"]
    assert message["From"] == "huiju@alliance.example"
    assert "2 follow-ups due" in message["Subject"]
    body = message.get_content()
    assert "Siemens Healthineers" in body and "Fonterra" in body
    assert "西门子医疗" in body and "2026年11月20日" in body  # the Chinese half, Chinese dates
    assert "Send the incentive brochure" in body
    assert "(overdue since Nov 15, 2026)" in body
    assert "Later GmbH" not in body and "Gone Ltd" not in body
    assert "https://huiju.example/en/staff/leads/" in body
    assert "https://huiju.example/zh/staff/leads/" in body
    query = select(ReminderDigest).where(ReminderDigest.user_id == anna.id)
    digest = db.session.scalars(query).one()
    assert digest.items == 2 and digest.sent_on == date(2026, 11, 20)


def test_a_second_run_the_same_day_sends_nothing(app: object, inbox: tuple) -> None:
    _world()
    assert send_due_digests(NOW) == 2
    assert send_due_digests(NOW.replace(hour=9)) == 0  # 17:00 in Shanghai, same day
    assert len(inbox[0].messages) == 2
    assert send_due_digests(datetime(2026, 11, 21, 1, 0, tzinfo=UTC)) == 2  # the next day


def test_the_cli_runs_the_job_once(app: object, inbox: tuple, runner: FlaskCliRunner) -> None:
    _world()
    first = runner.invoke(args=["leads", "remind", "--json"])
    second = runner.invoke(args=["leads", "remind", "--json"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert json.loads(second.stdout) == {"sent": 0}
    assert len(inbox[0].messages) == json.loads(first.stdout)["sent"]


def test_an_unreachable_server_gives_the_day_back(app: object, inbox: tuple) -> None:
    _world()
    app.config["HUIJU_SMTP_PORT"] = _free_port()  # type: ignore[attr-defined]  # nobody listens
    assert send_due_digests(NOW) == 0
    assert db.session.scalars(select(ReminderDigest)).all() == []
    app.config["HUIJU_SMTP_PORT"] = inbox[1]  # type: ignore[attr-defined]
    assert send_due_digests(NOW) == 2


def test_without_a_mail_server_nothing_is_sent(app: object, runner: FlaskCliRunner) -> None:
    app.config["HUIJU_SMTP_HOST"] = None  # type: ignore[attr-defined]
    _world()
    assert send_due_digests(NOW) == 0
    result = runner.invoke(args=["leads", "remind"])
    assert result.exit_code == 1 and "HUIJU_SMTP_HOST" in result.stderr
