"""The alliance's life cycle: what a partner's exit or a newcomer's entry does
to every share.

* :func:`exit_report`: each remaining partner's share before and after one
  partner leaves, under every rule asked for; whether the old split of the
  rest still holds in the smaller alliance; the exit payments that leave
  nobody worse off, and whether a given one does (``payment=``; for a term
  sheet's exit clause see :meth:`coalition.terms.TermSheet.exit_report`).
* :func:`entry_report`: the same when a newcomer joins, from the worths of
  the coalitions it would join (the rest filled and flagged), with the
  range of entry fees that leave nobody worse off;
* :func:`sensitivity`: how each share moves with each coalition's worth
  (exact for the Shapley and Banzhaf values, exact and local for the
  nucleolus, prenucleolus and least core, finite differences otherwise);
* :func:`sweep`: rules over a grid of parameters, in long format.

Every report solves the games before and after from scratch with the same
rules as :func:`coalition.compare` (named as there) and shows the change.
"""

from .entry import entry_report
from .exit import exit_report
from .sensitivity import sensitivity
from .sweep import sweep

__all__ = ["entry_report", "exit_report", "sensitivity", "sweep"]
