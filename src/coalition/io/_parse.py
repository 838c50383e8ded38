"""From the text of a TOML, JSON or CSV file to the entries of a game, every value checked (private).
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from itertools import chain
from operator import attrgetter
from io import StringIO
from typing import Any, NoReturn

import numpy as np

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from .._numbers import _cut, _show
from ..errors import (
    GameFileError,
    GameTooLargeError,
    InvalidGameError,
    InvalidParameterError,
)
from ..game import Game, IntervalGame
from ..game._checks import MAX_ABS_WORTH, _check_players, _check_table_size
from ._common import (
    _EXPECTED,
    _FILLS,
    _KINDS,
    _MAX_INT_DIGITS,
    _SHOWN,
    _TOP_KEYS,
    _describe,
    _Entry,
    _fail,
    _GameFileTooLargeError,
    _key_text,
    _LongInteger,
    _printable,
    _unprintable,
)


def _load_toml(text: str, source: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        _fail(source, f"not valid TOML: {exc}")
    except RecursionError:
        _fail(source, "not valid TOML: nested too deeply")
    except ValueError:  # an integer too long for Python to convert
        long_run = re.search(r"[0-9][0-9_]{%d,}" % _MAX_INT_DIGITS, text)
        where = None if long_run is None else f"line {text.count(chr(10), 0, long_run.start()) + 1}"
        _fail(source, "has an integer of thousands of digits; expected a finite number of at most "
              "1e150 in magnitude", where)


class _DuplicateKey(Exception):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


def _json_int(text: str) -> int | _LongInteger:
    digits = len(text) - text.startswith("-")
    return _LongInteger(digits) if digits > _MAX_INT_DIGITS else int(text)


def _load_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        _fail(source, f"not valid JSON: {exc.msg} (column {exc.colno})", f"line {exc.lineno}")
    except _DuplicateKey as exc:
        _fail(source, f"the key {exc.args[0]!r} appears twice in one object; each key must be unique")
    except RecursionError:
        _fail(source, "not valid JSON: nested too deeply")


def _parse_document(doc: Any, source: str, fmt: str) -> tuple[list[_Entry], dict[str, Any]]:
    if not isinstance(doc, dict):
        _fail(source, f"expected {_EXPECTED[fmt]}, got {_describe(doc)}")
    for key in doc:
        if key not in _TOP_KEYS:
            _fail(source, f"unknown key; expected some of {', '.join(_TOP_KEYS)}", f"key `{_key_text(key)}`")
    meta: dict[str, Any] = {
        "kind": _optional_choice(doc, "kind", _KINDS, source),
        "fill": _optional_choice(doc, "fill", _FILLS, source),
        "title": _optional_text(doc, "title", source),
        "description": _optional_text(doc, "description", source),
        "players": _players(doc.get("players"), source),
    }
    if "claims" in doc or "estate" in doc:
        meta["claims"] = _claims_problem(doc, source)
        return [], meta
    values = doc.get("values")
    if values is None:
        _fail(source, f"has no `values`; expected {_EXPECTED[fmt]}")
    if not isinstance(values, dict):
        _fail(source, f"expected a table of coalition worths such as \"A+B\" = 5, got {_describe(values)}", "key `values`")
    if not values:
        _fail(source, "is empty; expected the worth of each coalition, keyed like \"A+B\"", "key `values`")
    entries = []
    for key, raw in values.items():
        where = f"key `values.{_key_text(key)}`"
        members = _split(key, source, where)
        worth = _document_range(raw, key, source, where) if isinstance(raw, list) else \
            _document_number(raw, key, source, where)
        entries.append(_Entry(members, worth, where))
    return entries, meta


def _claims_problem(doc: dict[str, Any], source: str) -> tuple[float, tuple[str, ...], list[float]]:
    """The estate, claimants and claims of a claims (bankruptcy) problem:
    ``estate = E`` and a ``[claims]`` table of one claim per claimant."""
    if "values" in doc:
        _fail(source, "holds both `values` and `claims`; a game file holds the worths of coalitions, "
              "or an estate and claims, not both", "key `claims`")
    claims = doc.get("claims")
    if "estate" not in doc:
        late = " (in TOML, `estate = ...` must come before the [claims] table, or it is read as a claim)" \
            if isinstance(claims, dict) and "estate" in claims else ""
        _fail(source, "has `claims` but no `estate`; a claims problem needs an estate and a table of "
              f"claims, e.g. estate = 100 and [claims] A = 60, B = 80{late}", "key `claims`")
    if claims is None:
        _fail(source, "has `estate` but no `claims`; a claims problem needs a table of claims, "
              "e.g. [claims] A = 60, B = 80", "key `estate`")
    for key in ("kind", "fill"):
        if key in doc:
            _fail(source, f"a claims problem is a profit game (what each claimant is sure to get) "
                  f"built from its estate and claims; `{key}` does not apply", f"key `{key}`")
    estate = _document_number(doc["estate"], None, source, "key `estate`")
    if abs(estate) > MAX_ABS_WORTH:
        _fail(source, f"expected a finite number of at most {MAX_ABS_WORTH:g} in magnitude, "
              f"got {_show(doc['estate'])}", "key `estate`")
    if estate < 0:
        _fail(source, f"the estate must be non-negative, got {_show(doc['estate'])}", "key `estate`")
    if not isinstance(claims, dict):
        _fail(source, f"expected a table of one claim per claimant, e.g. A = 60, got {_describe(claims)}",
              "key `claims`")
    if not claims:
        _fail(source, "is empty; expected one claim per claimant, e.g. A = 60", "key `claims`")
    names: dict[str, str] = {}
    amounts = []
    for key, raw in claims.items():
        where = f"key `claims.{_key_text(key)}`"
        if not key.strip():
            _fail(source, "a claimant's name is empty", where)
        members = _split(key, source, where)
        if len(members) != 1:
            _fail(source, "expected one claimant's name, not a coalition", where)
        if members[0] in names:
            _fail(source, f"names the claimant {_show(members[0])} again (also {names[members[0]]})", where)
        names[members[0]] = where
        amount = _document_number(raw, key, source, where, table="claims")
        if abs(amount) > MAX_ABS_WORTH:
            _fail(source, f"expected a finite number of at most {MAX_ABS_WORTH:g} in magnitude, "
                  f"got {_show(raw)}", where)
        if amount < 0:
            _fail(source, f"a claim must be non-negative, got {_show(raw)}", where)
        amounts.append(amount)
    total = math.fsum(amounts)
    if estate > total * (1 + 1e-12):
        _fail(source, f"the estate ({_show(doc['estate'])}) exceeds the total of the claims ({total:g}); "
              "a claims problem needs an estate of at most the total claimed", "key `estate`")
    return estate, tuple(names), amounts


def _optional_choice(doc: dict[str, Any], key: str, choices: tuple[str, ...], source: str) -> str | None:
    value = doc.get(key)
    if value is not None and value not in choices:
        options = " or ".join(repr(c) for c in choices)
        _fail(source, f"expected {options}, got {_describe(value)}", f"key `{key}`")
    return value


def _optional_text(doc: dict[str, Any], key: str, source: str) -> str | None:
    value = doc.get(key)
    if value is not None and not isinstance(value, str):
        _fail(source, f"expected a string, got {_describe(value)}", f"key `{key}`")
    if value is not None:
        _check_unicode(value, source, f"key `{key}`", allowed="\t\n\r")
    return value


def _players(players: Any, source: str) -> tuple[str, ...] | None:
    if players is None:
        return None
    if not isinstance(players, list):
        _fail(source, f"expected a list of player names, got {_describe(players)}", "key `players`")
    if not players:
        _fail(source, "is empty; expected a list of player names", "key `players`")
    seen: dict[str, int] = {}
    for i, p in enumerate(players):
        where = f"key `players[{i}]`"
        if not isinstance(p, str) or not p.strip():
            _fail(source, f"expected a non-empty name, got {_describe(p)}", where)
        _check_unicode(p, source, where)
        if "+" in p:
            _fail(source, f"the name {p!r} contains '+', which joins names in coalition keys", where)
        if p != p.strip():
            _fail(source, f"the name {p!r} starts or ends with spaces", where)
        if p in seen:
            _fail(source, f"the name {p!r} is listed twice (also `players[{seen[p]}]`)", where)
        seen[p] = i
    return tuple(players)


def _split(key: str, source: str, where: str) -> tuple[str, ...]:
    if not key.isprintable():  # the common case skips the character-by-character check
        if not key.strip():
            return ()
        _check_unicode(key, source, where)
    members = tuple(map(str.strip, key.split("+")))
    if not all(members):
        if not key.strip():
            return ()
        _fail(source, f"the coalition {_show(key)} has an empty name; expected names joined by '+', like \"A+B\"",
              where)
    if len(set(members)) < len(members):
        seen: set[str] = set()
        twice = next(p for p in members if p in seen or seen.add(p))
        _fail(source, f"the coalition {_show(key)} names {_show(twice)} twice", where)
    return members


def _check_unicode(text: str, source: str, where: str, *, allowed: str = "") -> None:
    """Refuse a lone surrogate (JSON can write one as \\ud800), which is no
    character, and control characters (a terminal escape, a NUL) but `allowed`."""
    bad = _unprintable(text, allowed)
    if bad is not None:
        _fail(source, f"{_show(text)} holds {bad}; expected Unicode text", where)


def _document_number(raw: Any, key: str | None, source: str, where: str, table: str = "values") -> float:
    """A finite number; `key` is the entry's name inside `table` (None for a
    top-level key), for the hint on a top-level key written after the table."""
    if isinstance(raw, _LongInteger):
        _fail(source, f"expected a finite number of at most 1e150 in magnitude, got an integer of "
              f"{raw.digits:,} digits", where)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        hint = ""
        if key is not None and key in _TOP_KEYS:
            hint = f" (in TOML, top-level keys such as `{key}` must come before the [{table}] table)"
        _fail(source, f"expected a number, got {_describe(raw)}{hint}", where)
    try:
        worth = float(raw)
    except OverflowError:
        worth = math.inf
    if not math.isfinite(worth):
        _fail(source, f"expected a finite number, got {_show(raw)}", where)
    return worth


def _document_range(raw: list[Any], key: str, source: str, where: str) -> Any:
    """``[low, high]``: a worth known only within a range."""
    if len(raw) != 2:
        _fail(source, f"expected a number or a range [low, high], got a list of {len(raw)} items", where)
    low = _document_number(raw[0], key, source, where + " (low end)")
    high = _document_number(raw[1], key, source, where + " (high end)")
    if low > high:
        _fail(source, f"the range [{low:g}, {high:g}] has its low end above its high end", where)
    return (low, high)


def _parse_csv(text: str, source: str) -> tuple[list[_Entry], str | None]:
    reader = csv.reader(StringIO(text, newline=""))
    header_kind: str | None = None
    seen_header = False
    entries: list[_Entry] = []
    try:
        for row in reader:
            where = f"line {reader.line_num}"
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            if not seen_header:
                cells = [c.strip().lower() for c in row]
                if cells not in (["coalition", "value"], ["coalition", "cost"]):
                    _fail(source, "expected the header `coalition,value` (or `coalition,cost` for a "
                          f"cost game), got {_show(','.join(row))}", where)
                header_kind = "cost" if cells[1] == "cost" else None
                seen_header = True
                continue
            if len(row) != 2:
                _fail(source, f"expected 2 columns (coalition, worth), got {len(row)}: {_show(','.join(row))}",
                      where)
            members = _split(row[0], source, where)
            try:
                worth = float(row[1].strip())
            except ValueError:
                _fail(source, f"expected a number in the second column, got {_show(row[1])}", where)
            if not math.isfinite(worth):
                _fail(source, f"expected a finite number in the second column, got {_show(row[1])}", where)
            entries.append(_Entry(members, worth, where))
    except csv.Error as exc:
        _fail(source, f"not valid CSV: {exc}", f"line {reader.line_num}")
    if not entries:
        _fail(source, "has a header but no coalitions; expected one `coalition,worth` row per coalition")
    return entries, header_kind


def _agree(source: str, where: str | None, name: str, in_file: str | None, asked: str | None) -> str | None:
    if in_file is not None and asked is not None and in_file != asked:
        _fail(source, f"the file says {in_file!r} but {name}={asked!r} was asked", where)
    return in_file if in_file is not None else asked


def _build(
    source: str,
    entries: list[_Entry],
    players: tuple[str, ...] | None,
    kind: str,
    fill: str | None,
    fmt: str,
    values_where: str | None,
) -> Game | IntervalGame:
    if players is None:
        order = dict.fromkeys(chain.from_iterable(map(attrgetter("members"), entries)))
        if not order:
            _fail(source, "names no player; expected coalitions such as \"A\", \"B\", \"A+B\"", values_where)
        players = tuple(order)
    prefix = f"`{source}`" + (f", {values_where}" if values_where else "")
    try:
        names = _check_players(players)
        _check_table_size(len(names), copies=2)
    except GameTooLargeError as exc:
        raise _GameFileTooLargeError(_printable(f"`{source}`: {exc}")) from None
    except (InvalidGameError, InvalidParameterError) as exc:
        raise GameFileError(_printable(f"{prefix}: {exc}")) from None
    ranged = fill == "unknown" or any(isinstance(e.worth, tuple) for e in entries)
    if ranged:
        return _build_interval(source, entries, names, kind, fill, fmt, values_where)
    masks, worths = _masks(source, entries, names)
    n = len(names)
    table = np.zeros(1 << n)
    given = np.zeros(1 << n, dtype=np.bool_)
    table[masks] = worths
    given[masks] = True
    if np.count_nonzero(given) < masks.size:
        _twice(source, entries, masks, names)
    huge = np.flatnonzero(np.abs(worths) > MAX_ABS_WORTH)
    if huge.size:
        _fail(source, f"expected a finite number of at most {MAX_ABS_WORTH:g} in magnitude, "
              f"got {_show(float(worths[huge[0]]))}", entries[huge[0]].where)
    if table[0] != 0:
        e = entries[int(np.flatnonzero(masks == 0)[0])]
        _fail(source, f"the empty coalition must have worth 0, got {e.worth!r}", e.where)
    wanted = (1 << n) - 1
    have = int(np.count_nonzero(given[1:]))
    if fill is None and have < wanted:
        _lacks(source, given, names, fmt, values_where)
    try:
        return Game._from_given(table, given, names, fill=fill, kind=kind)
    except (InvalidGameError, InvalidParameterError) as exc:
        msg = str(exc)
        msg = msg.replace("`mapping`", prefix, 1) if "`mapping`" in msg else f"{prefix}: {msg}"
        raise GameFileError(_printable(msg)) from None


def _build_interval(source: str, entries: list[_Entry], names: tuple[str, ...], kind: str, fill: str | None,
                    fmt: str, values_where: str | None) -> IntervalGame:
    """The interval game of a file with ranges, or whose missing coalitions are unknown."""
    if kind == "cost":
        _fail(source, "holds ranges or unknown worths, which are read for profit games only", "key `kind`")
    if fill in ("additive", "superadditive"):
        _fail(source, f"holds ranges, which fill = {fill!r} cannot complete; leave the missing coalitions "
              "unknown (fill = \"unknown\")", "key `fill`")
    n = len(names)
    lo = np.full(1 << n, -np.inf)
    hi = np.full(1 << n, np.inf)
    lo[0] = hi[0] = 0.0
    given = np.zeros(1 << n, dtype=np.bool_)
    bit = {p: 1 << i for i, p in enumerate(names)}
    for e in entries:
        try:
            m = sum(bit[p] for p in e.members)
        except KeyError as exc:
            _fail(source, f"names {_show(exc.args[0])}, which is not in `players` {_show(list(names))}", e.where)
        if given[m]:
            _fail(source, f"gives the coalition {Game._name(m, names)} again", e.where)
        low, high = e.worth if isinstance(e.worth, tuple) else (e.worth, e.worth)
        if max(abs(low), abs(high)) > MAX_ABS_WORTH:
            _fail(source, f"expected a finite number of at most {MAX_ABS_WORTH:g} in magnitude", e.where)
        if m == 0 and (low != 0 or high != 0):
            _fail(source, "the empty coalition must have worth 0", e.where)
        lo[m], hi[m] = low, high
        given[m] = True
    if fill is None and not given[1:].all():
        _lacks(source, given, names, fmt, values_where)
    return IntervalGame(lo, hi, names)


def _masks(source: str, entries: list[_Entry], names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The bitmask and worth of every entry (names joined by bits)."""
    bit = {p: 1 << i for i, p in enumerate(names)}
    masks = np.empty(len(entries), dtype=np.int64)
    get = bit.__getitem__
    try:
        for k, e in enumerate(entries):
            masks[k] = sum(map(get, e.members))  # members are distinct: the sum is their union
    except KeyError as exc:
        _fail(source, f"names {_show(exc.args[0])}, which is not in `players` {_show(list(names))}",
              entries[k].where)
    return masks, np.fromiter((e.worth for e in entries), dtype=np.float64, count=len(entries))


def _twice(source: str, entries: list[_Entry], masks: np.ndarray, names: tuple[str, ...]) -> NoReturn:
    order = np.argsort(masks, kind="stable")
    same = np.flatnonzero(masks[order][1:] == masks[order][:-1])
    later = sorted(int(order[j + 1]) for j in same)[0]
    first = int(np.flatnonzero(masks == masks[later])[0])
    _fail(source, f"gives the coalition {Game._name(int(masks[later]), names)} again; it was given at "
          f"{entries[first].where}", entries[later].where)


def _lacks(source: str, given: np.ndarray, names: tuple[str, ...], fmt: str, values_where: str | None) -> NoReturn:
    n = len(names)
    absent = np.flatnonzero(~given[1:]) + 1
    missing = [_cut(Game._name(int(m), names)) for m in absent[:_SHOWN]]
    more = ", ..." if absent.size > len(missing) else ""
    how = {
        "toml": 'set fill = "additive" or fill = "superadditive", or fill = "unknown" to keep them unknown',
        "json": 'set "fill": "additive" or "fill": "superadditive", or "fill": "unknown" to keep them unknown',
        "csv": "read it with fill='additive', 'superadditive' or 'unknown' (--fill on the command line)",
    }[fmt]
    _fail(
        source,
        f"lacks {absent.size:,} of the {(1 << n) - 1:,} coalitions of {n} players: "
        f"{', '.join(missing)}{more}; give them, or {how}",
        values_where,
    )
