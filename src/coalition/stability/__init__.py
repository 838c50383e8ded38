r"""Stability of a split: the core, blocking coalitions, floors and ceilings,
the least core, and the nucleolus.

A split ``x`` of the grand coalition's worth lasts only if no group of
partners would do better on its own: the *excess* ``e(S, x) = v(S) - x(S)``
of a coalition ``S`` is what it would gain by leaving, and ``x`` is in the
*core* when it is efficient (``x(N) = v(N)``) and no coalition has a positive
excess. This module answers, for a :class:`~coalition.Game`:

* :func:`excess`, :func:`core_report`, :func:`in_core`: is this term sheet
  stable, and if not, who would walk and why;
* :func:`is_balanced`: is any split stable (Bondareva-Shapley), with a
  certificate either way;
* :func:`core_bounds`: each partner's floor and ceiling over the core;
* :func:`least_core`, :func:`nucleolus`, :func:`prenucleolus`: the splits that
  make the unhappiest coalitions as happy as possible;
* :func:`verify_nucleolus`: Kohlberg's criterion, usable on any candidate;
* :func:`nearest_core`: the smallest change that makes a proposal stable;
* :func:`core_vertices`: the corners of the core of a small game;
* :func:`modiclus`, :func:`sm_nucleolus`: nucleoli that weigh what a
  coalition can obtain against what it can block (the dual game);
* :func:`certify_nucleolus`: Kohlberg's criterion in exact rational
  arithmetic, a proof that a split is the (pre)nucleolus;
* :func:`per_capita_nucleolus`, :func:`proportional_nucleolus`,
  :func:`disruption_nucleolus`: nucleoli of excesses divided by the size,
  the worth, or what a coalition and its complement gain together;
  :func:`anti_nucleolus`, :func:`anti_prenucleolus`: the smallest excesses
  made as large as possible. :func:`nucleolus` and :func:`prenucleolus`
  take a coalition structure (``structure=``).
* :func:`max_surplus`, :func:`in_prekernel`, :func:`in_kernel`,
  :func:`prekernel_element`, :func:`kernel_element`: the (pre)kernel, where
  no partner can claim another is overpaid;
* :func:`in_bargaining_set`, :func:`in_prebargaining_set`: does any partner
  have an objection against another that cannot be countered, and which.
* :func:`core_centroid`: the centre of gravity of the core
  (:func:`core_vertex_mean`: the mean of its corners, a different point;
  :func:`estimate_core_centroid`: the centre of a large core, estimated);
* :func:`imputation_vertices`, :func:`weber_vertices`, :func:`core_cover`,
  :func:`reasonable_set`: larger sets that hold the core.

Cost games
----------
For a cost game (``game.kind == "cost"``) everything is computed on the
savings game ``v(S) = sum of c({i}) over S - c(S)``, and allocations go in and
come out as cost shares ``y``. Excesses are the same numbers in both
languages: ``v(S) - x(S) = y(S) - c(S)``, the amount by which coalition ``S``
would pay less on its own. "Blocking" means exactly that.

Tolerances
----------
Every tolerance argument is relative to the scale of the game: the largest
``|v(S) - sum of v({i}) over S|`` (the worths with each partner's standalone
worth taken out, which is what the stability questions depend on). An
absolute tolerance is that times the scale; where the excesses of a given
allocation are computed (:func:`core_report`, :func:`in_core`,
:func:`verify_nucleolus`) a few units of rounding of the largest worth are
added, since no float can resolve finer. A game whose synergies are below
that resolution (say, worths of 1e9 and synergies of 1e-7) cannot be told
apart from an additive one.

Linear programs are solved with HiGHS (dual simplex) through ``highspy``,
which lets each LP be re-solved from its last basis; should ``highspy`` fail
to import, through :func:`scipy.optimize.linprog` (the same answers, more
slowly beyond a dozen partners). Beyond 8 partners no LP lists the ``2**n`` coalitions: each is
solved by constraint generation, on a working set of coalitions to which a
scan of the whole table by a numba kernel adds those of largest excess until
none violates the LP, so that the answer is that of the LP over all ``2**n``
coalitions. With highspy, the floors and ceilings of a 20-partner game take
seconds and its nucleolus under a second.

Every split returned is checked to be finite and to add up to ``v(N)``; a
game whose worths are not finite (a family whose worths overflowed) is
refused with :class:`~coalition.InvalidGameError`.
"""

from ._nucleolus import nucleolus, prenucleolus, verify_nucleolus
from .bounds import core_bounds
from .certificate import certify_nucleolus
from .core import core_report, excess, in_core
from .least_core import is_balanced, least_core
from .modiclus import modiclus, sm_nucleolus
from .nearest import nearest_core
from .variants import (
    anti_nucleolus,
    anti_prenucleolus,
    disruption_nucleolus,
    per_capita_nucleolus,
    proportional_nucleolus,
)
from .vertices import core_vertices
from .kernel import in_kernel, in_prekernel, kernel_element, max_surplus, prekernel_element
from .bargaining_set import in_bargaining_set, in_prebargaining_set
from .centroid import core_centroid, core_vertex_mean, estimate_core_centroid
from .sets import core_cover, imputation_vertices, reasonable_set, weber_vertices

__all__ = [
    "excess",
    "core_report",
    "in_core",
    "is_balanced",
    "core_bounds",
    "least_core",
    "nucleolus",
    "prenucleolus",
    "verify_nucleolus",
    "nearest_core",
    "core_vertices",
    # modified nucleoli
    "modiclus",
    "sm_nucleolus",
    "certify_nucleolus",
    # nucleoli of weighted excesses and of the dual game
    "per_capita_nucleolus",
    "proportional_nucleolus",
    "disruption_nucleolus",
    "anti_nucleolus",
    "anti_prenucleolus",
    # kernel and bargaining set
    "max_surplus",
    "in_prekernel",
    "in_kernel",
    "prekernel_element",
    "kernel_element",
    "in_bargaining_set",
    "in_prebargaining_set",
    # the centre of the core, and sets that hold the core
    "core_centroid",
    "core_vertex_mean",
    "estimate_core_centroid",
    "imputation_vertices",
    "weber_vertices",
    "core_cover",
    "reasonable_set",
]
