"""Sections that other packages add to a partner's page (its events, its calendar feeds).

The partner page belongs to ``partners``, but what it shows of events and feeds belongs to
``events`` and ``federation``, which import ``partners`` and never the other way round. So
they register a renderer here (``@partner_section(order)``, at import of their views) and the
page renders whatever is registered, in order.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from partners.models import Partner

Renderer = Callable[[Partner], str]
_renderers: dict[str, tuple[int, Renderer]] = {}


def partner_section(order: int) -> Callable[[Renderer], Renderer]:
    """Register ``renderer`` (by its qualified name, so re-imports replace, never repeat)."""

    def register(renderer: Renderer) -> Renderer:
        _renderers[f"{renderer.__module__}.{renderer.__qualname__}"] = (order, renderer)
        return renderer

    return register


def render_sections(partner: Partner) -> list[Markup]:
    """Every registered section of ``partner``'s page, as HTML, in ``order``."""
    ordered = sorted(_renderers.values(), key=lambda item: item[0])
    return [Markup(renderer(partner)) for _order, renderer in ordered]
