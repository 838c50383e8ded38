"""Read and write game files: TOML, JSON and CSV.

A game file lists the worth of every coalition, each coalition written as
player names joined by ``"+"``. Files are read whole and checked before a
:class:`~coalition.Game` is built; every problem raises
:class:`~coalition.GameFileError` naming the file, the key (TOML, JSON) or
line (CSV), and what was expected.

TOML and JSON files hold one table (object) with these keys:

``values`` (required, unless the file holds a claims problem)
    The worth of each coalition, keyed by ``"A+B"`` strings. The empty
    coalition may be left out (its worth is 0).
``estate`` and ``claims`` (instead of ``values``)
    A claims (bankruptcy) problem: the estate to share and a table of one
    claim per claimant. It is read as the bankruptcy game
    (:func:`coalition.families.bankruptcy`), so the claims rules (Talmud,
    CEA, CEL, random arrival, ...) apply to it, in :func:`coalition.compare`
    and in ``coalition solve`` (which compares them by default on such a
    file). ``kind`` and ``fill`` do not apply.
``players`` (optional)
    Player names, in order. Default: the order in which names first appear
    in ``values``.
``kind`` (optional)
    ``"profit"`` (default) or ``"cost"`` (the worths are costs).
``fill`` (optional)
    ``"additive"`` or ``"superadditive"``: how to fill the coalitions that
    ``values`` leaves out (see :meth:`coalition.Game.from_dict`). Without it
    every non-empty coalition must be given.
    ``"unknown"`` keeps them unknown: the file is then read by
    :func:`read_interval_game`, as is a file whose worths include ranges
    ``[low, high]`` (``"Hub+Battery" = [35, 45]``).
``title``, ``description`` (optional)
    Free text, shown by ``coalition solve`` and ignored by :func:`read_game`.
``terms``, ``scenario`` (optional)
    A term sheet (read by :func:`coalition.terms.read_terms`) and weighted
    scenarios of the worths (read by :func:`read_scenarios`; see
    :mod:`coalition.io.scenarios`); :func:`read_game` reads the base game only.

A CSV file has the header ``coalition,value`` (or ``coalition,cost`` for a
cost game) and one ``coalition,worth`` row per coalition.

Files are UTF-8 text (a leading byte-order mark is skipped) of at most
:data:`MAX_FILE_BYTES` bytes, read only if they are regular files (never a
named pipe or a device). Player names are Unicode text without control
characters; worths are finite numbers of at most 1e150 in magnitude.

A TOML file for two partners::

    players = ["Hub", "Battery"]
    kind = "profit"

    [values]
    Hub = 10
    Battery = 5
    "Hub+Battery" = 40

A claims problem (the Talmud's estate of 200 among claims of 100, 200 and
300)::

    estate = 200

    [claims]
    First = 100
    Second = 200
    Third = 300

The first game in CSV::

    coalition,value
    Hub,10
    Battery,5
    Hub+Battery,40
"""

from ._common import MAX_FILE_BYTES
from .read import loads, read_game, read_interval_game
from .scenarios import read_scenarios, scenarios_from_dict
from .write import dumps, write_game

__all__ = ["MAX_FILE_BYTES", "dumps", "loads", "read_game", "read_interval_game", "read_scenarios",
           "scenarios_from_dict", "write_game"]
