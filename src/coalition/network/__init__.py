"""Networks of partners: hub-and-spoke graphs, graph-restricted games, the
Myerson value and the position value.

Many alliances are networks rather than clubs: a hub firm deals with each
spoke, and the spokes never deal with each other. Value can then only flow
along links. This module builds such networks as :class:`networkx.Graph`
objects whose nodes are the players, and the values that respect them.

- :func:`restrict` turns a game and a graph into the graph-restricted game
  of Myerson (1977): a coalition earns the sum of what its connected parts
  earn on their own.
- :func:`myerson` is the Shapley value of that game, :func:`position_value`
  credits each link and splits it between its two ends, :func:`hub_report`
  tells what a hub's central position earns it.
- :func:`synergy_game` reads pairwise synergies off the edges of a graph; its
  values have closed forms, so graphs with a million links are solved in
  seconds.

Graph nodes are matched to players by name (``str(node)``); every player must
be a node and every node a player. Graphs must be undirected, without
parallel edges or self-loops. The graph builders take names that are strings
or integers. Worths and synergies are real numbers of magnitude at most
1e150, as everywhere in the library.
"""

from ..game.restricted import RestrictedGame
from .blocs import banzhaf_owen, owen
from .games import restrict, synergy_game
from .graphs import chain, complete, hub_and_spoke, multi_hub
from ._hub_report import hub_report
from ._myerson import myerson
from .position import position_value
from .aumann_dreze import aumann_dreze

__all__ = [
    "hub_and_spoke",
    "chain",
    "complete",
    "multi_hub",
    "restrict",
    "RestrictedGame",
    "synergy_game",
    "myerson",
    "position_value",
    "hub_report",
    "owen",
    "banzhaf_owen",
    "aumann_dreze",
]
