"""Figures for the people at the table (needs matplotlib).

Seven pictures, each returning a :class:`matplotlib.figure.Figure` and drawing
into a given ``ax`` when one is passed:

- :func:`compare`: the rules of a :class:`~coalition.Comparison` side by
  side, with each partner's standalone worth and core range;
- :func:`core`: the imputation triangle of a three-partner game with its
  core shaded and allocations marked;
- :func:`convergence`: a Monte Carlo estimate and its interval against the
  number of evaluations spent;
- :func:`network`: a network of partners with each node sized by its share;
- :func:`tornado`: the worths that move one partner's share most
  (from :func:`coalition.sensitivity`);
- :func:`sweep`: each partner's share against a parameter (from
  :func:`coalition.sweep`);
- :func:`distribution`: each partner's share over the scenarios of the
  worths, as violins or a ridge plot (from :func:`coalition.share_distribution`);
- :func:`share_bounds`: each partner's lowest and highest share as interval
  bars (from :func:`coalition.share_bounds`).

matplotlib is an optional extra (``pip install 'coalition[plots]'``); it is
imported only when a figure is drawn.
"""

from ._bars import compare
from ._bounds import share_bounds
from ._distribution import distribution
from ._graph import network
from ._lifecycle import sweep, tornado
from ._trace import convergence
from ._triangle import core

__all__ = ["compare", "core", "convergence", "network", "tornado", "sweep", "distribution", "share_bounds"]
