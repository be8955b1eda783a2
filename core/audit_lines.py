"""Audit entries read as sentences in the visitor's language (pure: an entry's fields in, text
out). Entries store codes (``lead.stage``, actor ``cli``, summary ``contacted → meeting``); the
words are chosen at display time, so an old entry reads as well in Chinese as a new one.

A package whose summaries hold its own vocabulary (the leads' stage names) registers a
translator for its action with :func:`register_summary`: core cannot import the packages.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "calendar.token_issue": _l("issued a follow-up calendar link"),
    "calendar.token_revoke": _l("revoked a follow-up calendar link"),
    "entry.cancel": _l("cancelled an entered event"),
    "entry.create": _l("entered an event"),
    "entry.delete": _l("deleted an entered event"),
    "entry.import": _l("imported entered events"),
    "entry.reinstate": _l("reinstated an entered event"),
    "entry.update": _l("edited an entered event"),
    "events.feature": _l("featured an event"),
    "events.hide": _l("hid an event"),
    "events.override": _l("corrected an event"),
    "events.override.remove": _l("removed a correction of an event"),
    "events.unfeature": _l("stopped featuring an event"),
    "events.unhide": _l("showed a hidden event again"),
    "feed.add": _l("added a feed"),
    "feed.confirm": _l("confirmed a held feed"),
    "feed.disable": _l("disabled a feed"),
    "feed.enable": _l("enabled a feed"),
    "feed.push": _l("pushed a calendar"),
    "feed.remove": _l("removed a feed"),
    "feed.repoint": _l("moved a demo feed"),
    "feed.sync": _l("synced a feed"),
    "feed.upload": _l("uploaded a calendar"),
    "indicators.framework": _l("imported an indicator framework"),
    "indicators.import": _l("imported indicator figures"),
    "lead.convert": _l("made a lead a partner"),
    "lead.create": _l("added a lead"),
    "lead.edit": _l("edited a lead"),
    "lead.follow_up": _l("logged a follow-up"),
    "lead.import": _l("imported leads"),
    "lead.stage": _l("moved a lead"),
    "link.create": _l("added a cooperation link"),
    "link.delete": _l("deleted a cooperation link"),
    "link.update": _l("edited a cooperation link"),
    "links.import": _l("imported cooperation links"),
    "login.failed": _l("failed to sign in"),
    "login.ok": _l("signed in"),
    "login.throttled": _l("was refused sign-in after too many attempts"),
    "partner.create": _l("added a partner"),
    "partner.merge": _l("merged two partners"),
    "partner.update": _l("edited a partner"),
    "partners.import": _l("imported partners"),
    "token.create": _l("created a push token"),
    "token.revoke": _l("revoked a push token"),
    "user.create": _l("created an account"),
    "user.password": _l("set a password"),
}
ACTOR_LABELS = {
    "cli": _l("The command line"),
    "anonymous": _l("An anonymous visitor"),
    "huiju run": _l("The development server"),
}
TARGET_LABELS = {
    "lead": _l("lead"),
    "feed": _l("feed"),
    "event": _l("event"),
    "partner": _l("partner"),
    "link": _l("link"),
    "partnertoken": _l("push token"),
    "enteredevent": _l("entered event"),
    "user": _l("account"),
}
_SUMMARY_TRANSLATORS: dict[str, Callable[[str], str]] = {}
_ARROW = re.compile(r"^\s*(?P<old>[\w-]*)\s*(?:→|->)\s*(?P<new>[\w-]+)\s*$")


def register_summary(action: str, translate_word: Callable[[str], str]) -> None:
    """Summaries of ``action`` of the form ``old → new`` show both words through
    ``translate_word`` (e.g. the leads' stage names)."""
    _SUMMARY_TRANSLATORS[action] = translate_word


def actor_label(actor: str) -> str:
    """Who acted: an e-mail or token prefix as stored, the named processes in words."""
    if actor.startswith("token:"):
        return gettext("Push token %(prefix)s…", prefix=actor.removeprefix("token:"))
    return str(ACTOR_LABELS[actor]) if actor in ACTOR_LABELS else actor


def action_label(action: str) -> str:
    """What was done, as a verb phrase in the current language (the code if unknown)."""
    return str(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def target_label(target_type: str, target_id: str) -> str:
    """What it was done to: "lead #3", "线索 #3"; empty for actions without a target."""
    if not target_type:
        return ""
    kind = str(TARGET_LABELS[target_type]) if target_type in TARGET_LABELS else target_type
    return f"{kind} #{target_id}" if target_id else kind


def summary_text(action: str, summary: str) -> str:
    """The summary, with an ``old → new`` change put in words when the action registered a
    translator for them."""
    translate = _SUMMARY_TRANSLATORS.get(action)
    match = _ARROW.match(summary) if translate else None
    if not match or translate is None:
        return summary
    new = translate(match["new"])
    if not match["old"]:
        return gettext("to %(new)s", new=new)
    return gettext("from %(old)s to %(new)s", old=translate(match["old"]), new=new)


def audit_sentence(actor: str, action: str, target_type: str, target_id: str, summary: str) -> str:
    """One entry as a sentence: "The command line moved a lead (lead #3): from Contacted to
    Meeting." / "命令行 移动了线索（线索 #3）：从“已联系”到“会面”。"."""
    target = target_label(target_type, target_id)
    details = summary_text(action, summary)
    who, what = actor_label(actor), action_label(action)
    if target and details:
        return gettext(
            "%(actor)s %(action)s (%(target)s): %(details)s",
            actor=who,
            action=what,
            target=target,
            details=details,
        )
    if target or details:
        return gettext(
            "%(actor)s %(action)s: %(details)s", actor=who, action=what, details=target or details
        )
    return gettext("%(actor)s %(action)s.", actor=who, action=what)
