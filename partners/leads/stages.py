"""The lead pipeline's rules: which stage may follow which (pure, no Flask, no database).

new → contacted → meeting → proposal → signed → landed, one step at a time; any open stage may
be lost (with a reason, so the office learns why); a lost lead may be reopened as new.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from partners.leads.models import Stage

LADDER: tuple[Stage, ...] = (
    Stage.NEW,
    Stage.CONTACTED,
    Stage.MEETING,
    Stage.PROPOSAL,
    Stage.SIGNED,
    Stage.LANDED,
)
OPEN_STAGES: frozenset[Stage] = frozenset(LADDER[:-1])
BOARD_STAGES: tuple[Stage, ...] = (*LADDER, Stage.LOST)
STAGE_VALUES: frozenset[str] = frozenset(s.value for s in Stage)

STAGE_LABELS = {
    Stage.NEW: _l("New"),
    Stage.CONTACTED: _l("Contacted"),
    Stage.MEETING: _l("Meeting"),
    Stage.PROPOSAL: _l("Proposal"),
    Stage.SIGNED: _l("Signed"),
    Stage.LANDED: _l("Landed"),
    Stage.LOST: _l("Lost"),
}


def stage_label(stage: str) -> str:
    """The stage's name in the current language (the raw value for an unknown stage)."""
    return str(STAGE_LABELS[Stage(stage)]) if stage in STAGE_VALUES else stage


def is_open(stage: str) -> bool:
    """Still being worked on: neither landed nor lost."""
    return stage in OPEN_STAGES


def allowed_next(stage: str) -> tuple[Stage, ...]:
    """The stages a lead in ``stage`` may move to, in board order."""
    if stage == Stage.LOST:
        return (Stage.NEW,)
    if stage not in OPEN_STAGES:
        return ()
    return (LADDER[LADDER.index(Stage(stage)) + 1], Stage.LOST)


def transition_error(current: str, target: str, reason: str = "") -> str | None:
    """Why ``current`` → ``target`` is refused, as a sentence for the user; None if allowed."""
    if target not in STAGE_VALUES:
        return str(_l("“%(stage)s” is not a stage.", stage=target))
    if target == current:
        return str(_l("The lead is already at this stage."))
    if target not in allowed_next(current):
        return str(
            _l(
                "A lead cannot move from %(current)s to %(target)s.",
                current=stage_label(current),
                target=stage_label(target),
            )
        )
    if target == Stage.LOST and not reason.strip():
        return str(_l("Please say why the lead was lost."))
    return None


def stage_rank(stage: str) -> int:
    """Position on the ladder (lost has none: -1), for funnels and "reached" questions."""
    return LADDER.index(Stage(stage)) if stage in LADDER else -1
