"""Burt's structural-hole measures for a few partners, from sparse matrices (pure).

A partner spans a structural hole when its contacts do not know each other: its
*constraint* is low and its *effective size* (contacts that are not redundant) high.
networkx computes both pair by pair, O(degree³) per partner, which is minutes for a hub
with a few hundred links; here they are sparse products over the partner's row. The
definitions are networkx's weighted ones (``tests/graph/test_holes.py`` compares):

* ``p(u, v) = w(u, v) / Σ_x w(u, x)``, a tie's share of the partner's ties;
* constraint ``c(u) = Σ_{v ∈ N(u)} (p(u, v) + Σ_w p(u, w) · p(w, v))²``;
* effective size ``Σ_{v ∈ N(u)} (1 - Σ_w p(u, w) · w(v, w) / max_x w(v, x))``.

Partners without links get NaN, as in networkx.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING

from graph.engine import edge_arrays

if TYPE_CHECKING:
    import networkx as nx


def structural_holes(
    g: nx.Graph, partners: Iterable[Hashable], weight: str = "weight"
) -> dict[Hashable, tuple[float, float]]:
    """``(constraint, effective size)`` of each of ``partners``, with ``weight`` as tie strength."""
    import numpy as np
    import scipy.sparse as sp

    edges = edge_arrays(g, weight)
    n = len(edges.nodes)
    index = {node: i for i, node in enumerate(edges.nodes)}
    rows = np.concatenate([edges.heads, edges.tails])
    cols = np.concatenate([edges.tails, edges.heads])
    ties = sp.csr_array((np.concatenate([edges.values, edges.values]), (rows, cols)), (n, n))
    share = _scaled_rows(ties, ties.sum(axis=1))  # p(u, v)
    strongest = ties.max(axis=1).toarray().ravel() if n else np.zeros(0)
    relative = _scaled_rows(ties, strongest)  # w(v, w) / max_x w(v, x)
    found = {}
    for partner in partners:
        u = index[partner]
        contacts = ties.indices[ties.indptr[u] : ties.indptr[u + 1]]
        if len(contacts) == 0:
            found[partner] = (math.nan, math.nan)
            continue
        row = share[[u], :]
        through = (row @ share).toarray().ravel()  # Σ_w p(u, w) p(w, v), every v
        direct = row.toarray().ravel()
        constraint = float(np.sum((direct[contacts] + through[contacts]) ** 2))
        redundancy = (relative[contacts, :] @ row.T).toarray().ravel()
        found[partner] = (constraint, float(np.sum(1 - redundancy)))
    return found


def _scaled_rows(matrix, divisors):
    """``matrix`` with row ``i`` divided by ``divisors[i]`` (rows of zeros stay zero)."""
    import numpy as np
    import scipy.sparse as sp

    divisors = np.asarray(divisors, dtype=float).ravel()
    inverse = np.divide(1.0, divisors, out=np.zeros_like(divisors), where=divisors > 0)
    return sp.csr_array(sp.diags_array(inverse) @ matrix)
