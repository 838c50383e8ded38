"""Bargaining splits: Nash, Kalai-Smorodinsky, egalitarian and Rubinstein.

Negotiators think in outside options ("what do we each get if the deal
fails?"), bargaining strength and patience rather than in the worth of every
coalition. The rules here answer "how should we split what the deal creates?"
for two or more partners:

* with transferable utility (money): the problem is a :class:`~coalition.Game`
  and the partners split ``v(N)``; only the grand coalition and the
  disagreement point matter, not the worths of smaller coalitions;
* without transferable utility: the problem is a :class:`FeasibleSet` of
  utility vectors the partners can reach together (a list of outcomes with
  free disposal, linear constraints ``A u <= b``, or a concave frontier).

:func:`rubinstein` gives the split that patient, rational negotiators reach in
alternating offers, and shows where the Nash split comes from.
"""

from ._egalitarian import egalitarian
from .feasible import FeasibleSet
from ._kalai_smorodinsky import kalai_smorodinsky
from .nash import nash_bargaining
from ._rubinstein import rubinstein

__all__ = [
    "FeasibleSet",
    "nash_bargaining",
    "kalai_smorodinsky",
    "egalitarian",
    "rubinstein",
]
