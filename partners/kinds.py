"""The partners' fixed vocabularies: what kind of organisation a partner is, and what kind of
cooperation a link records (the regions are in ``partners.regions``). Pure: spreadsheets,
forms, the graph and the models all read them from here."""

from __future__ import annotations

from enum import StrEnum


class PartnerKind(StrEnum):
    BASE = "base"
    PARK = "park"
    INCUBATOR = "incubator"
    UNIVERSITY = "university"
    ENTERPRISE = "enterprise"
    INVESTOR = "investor"
    PLATFORM = "platform"
    ASSOCIATION = "association"
    GOVERNMENT = "government"
    INTERNATIONAL = "international"


class LinkKind(StrEnum):
    ALLIANCE = "alliance"
    MOU = "mou"
    COHOST = "cohost"
    INVESTMENT = "investment"
    TECH_TRANSFER = "tech_transfer"
    INCUBATION = "incubation"
    REFERRAL = "referral"
    LEAD = "lead"
