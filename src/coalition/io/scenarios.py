"""Weighted scenarios in game files: the ``[[scenario]]`` entries.

A TOML or JSON game file may list scenarios of its worths beside the base
game of its ``values`` table. Each entry of the ``scenario`` array holds:

``name`` (required)
    The scenario's name, unique in the file.
``weight`` (optional)
    Its probability. Either every scenario gives one, and they add up to 1,
    or none does, and the scenarios are equally likely.
``values`` (optional)
    The worths of this scenario, keyed like the file's ``values``
    (``"A+B" = 5``). The coalitions it leaves out keep the worths of the
    file's ``values``: a scenario lists only what differs from the base
    game.
``inherit`` (optional, default true)
    ``false`` makes the scenario stand alone: its ``values`` must then give
    every coalition (or the file's ``fill`` fills them).

The partners, ``kind`` and ``fill`` are the file's. The base game is not a
scenario unless an entry lists it (an entry with a name and weight only).
The same file is still a game file: :func:`coalition.io.read_game` reads its
base game, and its ``[terms]`` section is read by
:func:`coalition.terms.read_terms`.

A TOML file with a base game and two scenarios::

    players = ["Hub", "Battery"]

    [values]
    Hub = 10
    Battery = 5
    "Hub+Battery" = 40

    [[scenario]]
    name = "base"
    weight = 0.75

    [[scenario]]
    name = "boom"
    weight = 0.25
    values = {"Hub+Battery" = 60}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import CoalitionError, GameFileError
from ..game import Game, ScenarioGame
from ._common import (
    MAX_FILE_BYTES,
    _check_max_bytes,
    _describe,
    _fail,
    _format_of,
    _fspath,
    _key_text,
)
from ._parse import (
    _build,
    _check_unicode,
    _document_number,
    _Entry,
    _load_json,
    _load_toml,
    _parse_document,
    _split,
)
from .read import _read_bytes

__all__ = ["read_scenarios", "scenarios_from_dict"]

_SCENARIO_KEYS = ("name", "weight", "values", "inherit")


@dataclass(frozen=True)
class _ScenarioFile:
    """A parsed scenario file: the scenarios, their names, the base game and the file's free text."""

    game: ScenarioGame
    names: tuple[str, ...]
    base: Game
    source: str
    title: str | None = None
    description: str | None = None


def read_scenarios(path: str | os.PathLike[str], *, format: str | None = None,
                   max_bytes: int = MAX_FILE_BYTES) -> ScenarioGame:
    """Read the weighted scenarios of a TOML or JSON game file.

    Parameters
    ----------
    path : str or path-like
        The file; its extension (``.toml``, ``.json``) gives the format
        unless `format` is given.
    format : {"toml", "json"}, optional
        The format, when the extension does not tell it.
    max_bytes : int, default MAX_FILE_BYTES (1 GiB)
        The largest file to read.

    Returns
    -------
    ScenarioGame
        The listed scenarios in file order, with their weights.

    Raises
    ------
    GameFileError
        If the file cannot be read or its base game is not valid (as in
        :func:`read_game`), if it has no ``scenario`` entries, or if an entry
        has an unknown key, no name or a name used twice, a weight that is
        not a number, weights that are not probabilities adding up to 1,
        worths naming a partner not in the game, or worths that are ranges
        or unknown (``fill = "unknown"``). The message names the file
        and the entry.
    InvalidParameterError
        If `path`, `format` or `max_bytes` is not valid.

    See Also
    --------
    scenarios_from_dict, read_game, coalition.share_distribution

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import coalition as co
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "alliance.toml"
    >>> _ = path.write_text('''
    ... [values]
    ... Hub = 10
    ... Battery = 5
    ... "Hub+Battery" = 40
    ... [[scenario]]
    ... name = "base"
    ... weight = 0.75
    ... [[scenario]]
    ... name = "boom"
    ... weight = 0.25
    ... values = {"Hub+Battery" = 60}
    ... ''')
    >>> sg = co.io.read_scenarios(path)
    >>> [g.grand_value for g in sg.scenarios], sg.weights.tolist()
    ([40.0, 60.0], [0.75, 0.25])
    """
    return _read(path, format=format, max_bytes=max_bytes).game


def scenarios_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> ScenarioGame:
    """Build the weighted scenarios of a game file already loaded as a dict.

    Parameters
    ----------
    data : mapping
        A whole game file as TOML or JSON loads it: ``values`` (the base
        game), optional ``players``, ``kind``, ``fill``, and the ``scenario``
        list (see the module documentation).
    source : str, default "<dict>"
        The name that error messages give the data.

    Returns
    -------
    ScenarioGame

    Raises
    ------
    GameFileError
        As in :func:`read_scenarios`.

    Examples
    --------
    >>> import coalition as co
    >>> data = {"values": {"A": 1, "B": 1, "A+B": 4},
    ...         "scenario": [{"name": "low", "weight": 0.5, "values": {"A+B": 2}},
    ...                      {"name": "high", "weight": 0.5, "values": {"A+B": 6}}]}
    >>> co.io.scenarios_from_dict(data).mean_game().value("A+B")
    4.0
    >>> co.io.scenarios_from_dict({"values": {"A": 1}, "scenario": [{"name": "x", "wieght": 1}]})
    Traceback (most recent call last):
    ...
    coalition.errors.GameFileError: `<dict>`, key `scenario[0].wieght`: unknown key; expected some of name, weight, values, inherit
    """
    return _from_doc(data, str(source), "toml").game


# reading
def _read(path: str | os.PathLike[str], *, format: str | None = None,
          max_bytes: int = MAX_FILE_BYTES) -> _ScenarioFile:
    source = _fspath(path)
    fmt = _format_of(source, format)
    max_bytes = _check_max_bytes(max_bytes)
    if fmt == "csv":
        _fail(source, "a CSV game file cannot hold scenarios; use TOML or JSON with [[scenario]] entries")
    data = _read_bytes(source, fmt, max_bytes)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        _fail(source, f"is not UTF-8 text (bad byte at offset {exc.start})")
    doc = _load_toml(text, source) if fmt == "toml" else _load_json(text, source)
    return _from_doc(doc, source, fmt)


def _from_doc(doc: Any, source: str, fmt: str) -> _ScenarioFile:
    if isinstance(doc, Mapping) and not isinstance(doc, dict):
        doc = dict(doc)
    entries, meta = _parse_document(doc, source, fmt)
    kind = meta.get("kind") or "profit"
    fill = meta.get("fill")
    base = _build(source, entries, meta.get("players"), kind, fill, fmt, "key `values`")
    raw = doc.get("scenario")
    if raw is None:
        _fail(source, "has no `scenario` entries; expected [[scenario]] tables with a name, a weight and "
              "the worths that differ from [values]")
    if not isinstance(raw, list) or not raw:
        _fail(source, f"expected a non-empty list of scenario tables, got {_describe(raw)}", "key `scenario`")
    names: list[str] = []
    weights: list[float | None] = []
    games: list[Game] = []
    for k, item in enumerate(raw):
        name, weight, game = _scenario(item, k, source, fmt, entries, base, kind, fill)
        if name in names:
            _fail(source, f"the name {name!r} is used twice (also `scenario[{names.index(name)}]`)",
                  f"key `scenario[{k}].name`")
        names.append(name)
        weights.append(weight)
        games.append(game)
    given = [w is not None for w in weights]
    if any(given) and not all(given):
        _fail(source, "has no weight; give every scenario a weight, or none (equally likely)",
              f"key `scenario[{given.index(False)}]`")
    try:
        sg = ScenarioGame(games, weights if all(given) else None)
    except CoalitionError as exc:
        raise GameFileError(f"`{source}`, key `scenario`: {exc}") from None
    return _ScenarioFile(sg, tuple(names), base, source, meta.get("title"), meta.get("description"))


def _scenario(item: Any, k: int, source: str, fmt: str, base_entries: list[_Entry], base: Game,
              kind: str, fill: str | None) -> tuple[str, float | None, Game]:
    at = f"scenario[{k}]"
    if not isinstance(item, Mapping):
        _fail(source, f"expected a table with a name, a weight and worths, got {_describe(item)}", f"key `{at}`")
    for key in item:
        if key not in _SCENARIO_KEYS:
            _fail(source, f"unknown key; expected some of {', '.join(_SCENARIO_KEYS)}",
                  f"key `{at}.{_key_text(key)}`")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        _fail(source, f"expected a non-empty name, got {_describe(name)}", f"key `{at}.name`")
    _check_unicode(name, source, f"key `{at}.name`")
    weight = None
    if "weight" in item:
        weight = _document_number(item["weight"], "weight", source, f"key `{at}.weight`")
    inherit = item.get("inherit", True)
    if not isinstance(inherit, bool):
        _fail(source, f"expected true or false, got {_describe(inherit)}", f"key `{at}.inherit`")
    values = item.get("values", {})
    if not isinstance(values, Mapping):
        _fail(source, f"expected a table of coalition worths such as \"A+B\" = 5, got {_describe(values)}",
              f"key `{at}.values`")
    own = []
    for key, value in values.items():
        where = f"key `{at}.values.{_key_text(key)}`"
        own.append(_Entry(_split(key, source, where), _document_number(value, key, source, where), where))
    if not inherit and not own:
        _fail(source, "stands alone (inherit = false) but gives no worths", f"key `{at}`")
    merged = own
    if inherit:
        replaced = {frozenset(e.members) for e in own}
        merged = [e for e in base_entries if frozenset(e.members) not in replaced] + own
    game = _build(source, merged, base.players, kind, fill, fmt, f"key `{at}.values`")
    if not isinstance(game, Game):  # ranges or fill = "unknown" give an interval game
        _fail(source, "holds ranges or unknown worths; a scenario needs every worth as a number (give them, "
              "or set fill = \"additive\" or fill = \"superadditive\")", f"key `{at}.values`")
    return name, weight, game
