"""What every leads template may use (the ``leads`` blueprint's context processor, registered
in ``partners.leads.blueprint``): the pipeline's rules and labels, follow-up kinds, percents."""

from __future__ import annotations

from typing import Any

from flask_babel import format_percent

from partners.leads.forms import KIND_LABELS
from partners.leads.sectors import sector_label
from partners.leads.stages import BOARD_STAGES, allowed_next, is_open, stage_label


def lead_helpers() -> dict[str, Any]:
    return {
        "allowed_next": allowed_next,
        "stage_label": stage_label,
        "sector_label": sector_label,
        "is_open": is_open,
        "board_stages": [s.value for s in BOARD_STAGES],
        "kind_label": lambda kind: str(KIND_LABELS.get(kind, kind)),
        "percent": lambda value: format_percent(value, "#,##0.0%"),
    }
