"""Games built from what partners bring: each worth is an optimisation over
the resources, trades, links or arcs of a coalition's members.

A model keeps the partners' data (``game.resources``, ``game.values``...)
and computes the worth of a coalition the first time it is asked for,
remembering it; the table of all ``2**n`` worths is built only when a dense
algorithm asks for it (and refused beyond the memory cap). Every rule of the
library runs on a model; :func:`coalition.estimate_shapley` calls it on
batches of coalitions, so alliances of hundreds of partners are sampled
without a table. Each model also gives the split its theory provides for
free, which lies in the core:

=======================  ======================  ==========================
model                    game                    split in the core
=======================  ======================  ==========================
linear production        :func:`linear_production`  :func:`owen_point`
assignment               :func:`assignment`         :func:`buyer_optimal`, :func:`seller_optimal`,
                                                    :func:`fair_division_point`
spanning tree (cost)     :func:`spanning_tree`      :func:`bird_rule`, :func:`folk_rule`
flow                     :func:`flow_game`          :func:`min_cut_point`
newsvendor (cost)        :func:`newsvendor`         :func:`newsvendor_split`
=======================  ======================  ==========================
"""

from .assignment import AssignmentGame, assignment, buyer_optimal, fair_division_point, seller_optimal
from .spanning_tree import SpanningTreeGame, bird_rule, folk_rule, spanning_tree
from .flow import FlowGame, flow_game, min_cut_point
from .inventory import NewsvendorGame, newsvendor, newsvendor_split
from .production import LinearProductionGame, linear_production, owen_point, resource_prices

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
]
