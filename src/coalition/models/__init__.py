"""Games built from what partners bring: each worth is an optimisation over
the resources, trades, links or arcs of a coalition's members.

A model keeps the partners' data (``game.resources``, ``game.gains``...)
and computes the worth of a coalition the first time it is asked for,
remembering it; the table of all ``2**n`` worths is built only when a dense
algorithm asks for it (and refused beyond the memory cap). Every rule of the
library runs on a model; :func:`coalition.estimate_shapley` calls it on
batches of coalitions, so alliances of hundreds of partners are sampled
without a table. Each model also gives the split its theory provides for
free, which lies in the core:

- linear production (Owen 1975): :func:`linear_production`, split
  :func:`owen_point` (the resources at the dual prices);
- assignment markets (Shapley and Shubik 1971): :func:`assignment`, splits
  :func:`buyer_optimal`, :func:`seller_optimal`, :func:`fair_division_point`;
- spanning trees to a source (Bird 1976), a cost game:
  :func:`spanning_tree`, splits :func:`bird_rule`, :func:`folk_rule`;
- flows over owned arcs (Kalai and Zemel 1982): :func:`flow_game`, split
  :func:`min_cut_point`;
- inventory pooling (Hartman, Dror and Shaked 2000), a cost game:
  :func:`newsvendor`, split :func:`newsvendor_split`;
- joint ordering (Meca, Timmer, García-Jurado and Borm 2004), a cost game:
  :func:`eoq_inventory`, split :func:`soc_split`;
- delivery rounds, a cost game: :func:`travelling_salesman` (exact up to 16
  partners, a stated heuristic beyond); the rules of the library split it.

The airport game, the simplest facility-sharing model, is
:func:`coalition.families.airport`.
"""

from .assignment import AssignmentGame, assignment, buyer_optimal, fair_division_point, seller_optimal
from .eoq import EOQGame, eoq_inventory, soc_split
from .flow import FlowGame, flow_game, min_cut_point
from .inventory import NewsvendorGame, newsvendor, newsvendor_split
from .production import LinearProductionGame, linear_production, owen_point, resource_prices
from .routing import TravellingSalesmanGame, travelling_salesman
from .spanning_tree import SpanningTreeGame, bird_rule, folk_rule, spanning_tree

__all__ = [
    "linear_production",
    "owen_point",
    "resource_prices",
    "assignment",
    "buyer_optimal",
    "seller_optimal",
    "fair_division_point",
    "spanning_tree",
    "bird_rule",
    "folk_rule",
    "flow_game",
    "min_cut_point",
    "newsvendor",
    "newsvendor_split",
    "eoq_inventory",
    "soc_split",
    "travelling_salesman",
]
