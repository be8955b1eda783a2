"""The pipeline's rules, without an app or a database."""

import pytest

from partners.leads.models import Stage
from partners.leads.stages import allowed_next, is_open, stage_rank, transition_error


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("new", "contacted"),
        ("contacted", "meeting"),
        ("meeting", "proposal"),
        ("proposal", "signed"),
        ("signed", "landed"),
        ("lost", "new"),
    ],
)
def test_each_step_of_the_ladder_is_allowed(current: str, target: str) -> None:
    assert transition_error(current, target) is None


@pytest.mark.parametrize("current", ["new", "contacted", "meeting", "proposal", "signed"])
def test_any_open_stage_may_be_lost_with_a_reason(current: str) -> None:
    assert transition_error(current, "lost", reason="chose Singapore") is None


@pytest.mark.parametrize("reason", ["", "   "])
def test_lost_needs_a_reason(reason: str) -> None:
    assert transition_error("meeting", "lost", reason) == "Please say why the lead was lost."


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("new", "meeting"),
        ("new", "landed"),
        ("meeting", "contacted"),
        ("landed", "lost"),
        ("landed", "new"),
        ("lost", "meeting"),
    ],
)
def test_skipping_going_back_and_leaving_landed_are_refused(current: str, target: str) -> None:
    error = transition_error(current, target, reason="x")
    assert error is not None and "cannot move from" in error


def test_errors_name_the_stages_and_unknown_stages() -> None:
    assert transition_error("new", "signed") == "A lead cannot move from New to Signed."
    assert transition_error("new", "won") == "“won” is not a stage."
    assert transition_error("new", "new") == "The lead is already at this stage."


def test_allowed_next_in_board_order() -> None:
    assert allowed_next("new") == (Stage.CONTACTED, Stage.LOST)
    assert allowed_next("signed") == (Stage.LANDED, Stage.LOST)
    assert allowed_next("landed") == ()
    assert allowed_next("lost") == (Stage.NEW,)


def test_open_and_rank() -> None:
    assert is_open("proposal") and not is_open("landed") and not is_open("lost")
    assert stage_rank("new") == 0 and stage_rank("landed") == 5 and stage_rank("lost") == -1
