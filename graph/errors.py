"""The graph error hierarchy: each error names the partners involved, so staff can act on it."""

from __future__ import annotations


class GraphError(ValueError):
    """Base of everything the graph layer raises on purpose.

    A ``ValueError`` because every case is bad input (a missing partner, an impossible
    question), never a fault of the graph code itself.
    """


class UnknownPartner(GraphError):
    """A partner id that is not a node of the graph (or not among the partners given)."""

    def __init__(self, partner: int, context: str = "the cooperation network") -> None:
        super().__init__(f"Partner {partner!r} is not in {context}.")
        self.partner = partner


class NoPath(GraphError):
    """No chain of cooperation links joins the two partners."""

    def __init__(self, source: int, target: int) -> None:
        super().__init__(
            f"No chain of cooperation links joins partner {source!r} to partner {target!r}; "
            "they sit in separate parts of the network."
        )
        self.source = source
        self.target = target
