"""The ``coalition`` command: share an alliance's value from the shell.

Usage::

    coalition demo  [--format FORMAT] [-o FILE]
    coalition solve GAMEFILE [--proposal "A=40,B=35,C=25"] [--rules NAMES] [--format FORMAT] [-o FILE]
    coalition check GAMEFILE --proposal "A=40,B=35,C=25" [--norm max|total]
                    [--top N] [--format FORMAT] [-o FILE]
    coalition plot  GAMEFILE -o FIGURE [--figure compare|core] [--proposal ...] [--rules NAMES]
    coalition exit  GAMEFILE PARTNER [--terms] [--rules NAMES] [--format FORMAT] [-o FILE]
    coalition enter GAMEFILE NEWCOMER [--newcomer-fill superadditive|additive|none] [--monotone]
                    [--rules NAMES] [--format FORMAT] [-o FILE]
    coalition sensitivity GAMEFILE [--partner NAME] [--rule NAME] [--top K] [--format FORMAT] [-o FILE]
    coalition terms GAMEFILE [--rules NAMES] [--stress N] [--noise SIGMA] [--seed SEED]
                    [--repair PARAMS] [--format FORMAT] [-o FILE]
    coalition scenarios GAMEFILE [--rules NAMES] [--robust] [--terms] [--format FORMAT] [-o FILE]
    coalition --version

    FORMAT is one of table (default), json, csv, markdown. Every command that
    reads GAMEFILE also takes --input-format toml|json|csv, --kind profit|cost
    and --fill additive|superadditive, for a file that does not say. GAMEFILE
    is a regular file, or - for standard input (with --input-format).

``solve`` shares the worth of a game file (TOML, JSON or CSV; see
:mod:`coalition.io`) by six rules side by side: Shapley, nucleolus,
normalized Banzhaf, equal surplus, proportional to standalone worths and Nash
bargaining (plus the ``--proposal``, if given); ``--rules`` picks others by
name (see :data:`coalition.comparison.RULES`), e.g. ``--rules "Shapley,equal split"``. Each share comes with its
percent of the grand coalition's worth; under the table, whether each split
is in the core and, if not, the coalition that would gain most by leaving;
beside it, each partner's floor and ceiling over the core. ``demo`` does the
same for an embedded example alliance (an electric-car maker and three
partners, illustrative numbers).

``check`` tells whether a proposed split is in the core, which coalitions
would walk away and what each would gain (worst first), and the core
allocation nearest to the proposal: the one with the smallest largest change
of one share (``--norm max``) or the smallest total change (``--norm total``).

``terms`` evaluates the term sheet in the ``[terms]`` section of a TOML or
JSON game file (see :func:`coalition.terms.terms_from_dict`): each partner's
share clause by clause, whether the split is in the core and who would walk,
and its gap to the ``--rules``; ``--stress N`` re-evaluates it in N noisy
scenarios, ``--repair`` finds the smallest change of the named parameters
that makes it stable. Like ``check``, it exits with 1 when the split is not
stable.

``scenarios`` reads the ``[[scenario]]`` entries of a TOML or JSON game
file (see :mod:`coalition.io.scenarios`) and gives each partner's share under
each of the ``--rules`` (default: Shapley and the nucleolus) as a
distribution over the weighted scenarios: mean, standard deviation, 5%, 50%
and 95% quantiles and P(walk), the probability of being offered less than
its standalone worth (:func:`coalition.share_distribution`). ``--robust``
adds the stakes, fractions of each scenario's total, that no coalition would
leave in any scenario, or, when there are none, the scenario and coalition
that block (:func:`coalition.robust_core`); ``--terms`` the probability that
the file's ``[terms]`` sheet is stable, with its worst scenario. Its JSON
gives the same figures unrounded; its CSV one number a row
(``section,rule,partner,statistic,value``). It exits with 1 when
``--robust`` finds no stakes that hold in every scenario or ``--terms`` finds
the sheet unstable in some scenario.

``plot`` draws the comparison as grouped bars (``--figure compare``) or, for
three partners, the core in the imputation triangle (``--figure core``); it
needs matplotlib (``pip install 'coalition[plots]'``). The image format
follows the extension of FIGURE (.png, .svg, .pdf, ...).

``exit`` solves the game with and without PARTNER (default rules: Shapley
and the nucleolus) and shows each remaining partner's share before and
after, whether the old split of the rest still holds, and the exit payment
that leaves nobody worse off (see :func:`coalition.exit_report`); with
``--terms`` it checks the exit payment of the term sheet in the file's
``[terms]`` section against that range. ``enter``
does the same for a newcomer whose worths are in NEWCOMER, a TOML or JSON
file with ``newcomer = "Name"`` and a ``[values]`` table of the coalitions it
joins (``"Hub+Name" = 18``); the coalitions it leaves out are filled and
flagged (see :func:`coalition.entry_report`). ``sensitivity`` lists the
coalitions whose worths move each partner's share most
(:func:`coalition.sensitivity`).

The table is rich text on a terminal when ``rich`` is installed
(``pip install 'coalition[cli]'``) and ``NO_COLOR`` is not set, plain text
otherwise. ``--format json`` and ``--format csv`` give the unrounded numbers
for programs; ``-o FILE`` writes to FILE atomically (a temporary file in the
folder of FILE, or of the file it links to, then a rename), so FILE is either
the old file or the new one; a link stays a link and the file keeps its
permissions.

Exit status: 0 when done; 1 when ``check``, ``terms`` or ``scenarios`` finds
the split not stable; 2 on bad input, with one line on standard error; 130
when interrupted (Ctrl-C), with the line ``coalition: interrupted``.
"""

from ._app import main

__all__ = ["main"]
