"""Term sheets in game files: the ``[terms]`` section."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ..errors import CoalitionError, GameFileError
from ..io._common import MAX_FILE_BYTES, _fspath
from ..io._parse import _load_json, _load_toml
from ..io.read import _format_of, _read_bytes
from .clauses import Ceiling, ExitTerms, Fixed, Floor, LossSharing, Tranche
from .sheet import TermSheet

__all__ = ["read_terms", "terms_from_dict"]

_KEYS = ("stakes", "redistribute", "loss_sharing", "fixed", "tranche", "floor", "ceiling", "exit")
_TRANCHE = ("name", "amount", "percent", "split")
_BOUND = ("name", "amount", "percent", "standalone", "partners")
_EXIT = ("payment",)


def _check_keys(table: Any, valid: tuple[str, ...], where: str) -> dict[str, Any]:
    if not isinstance(table, Mapping):
        raise GameFileError(f"{where}: expected a table, got {type(table).__name__}")
    unknown = [k for k in table if k not in valid]
    if unknown:
        raise GameFileError(f"{where}: unknown key {unknown[0]!r}; valid keys are {', '.join(valid)}")
    return dict(table)


def _tables(value: Any, where: str) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def terms_from_dict(doc: Mapping[str, Any], *, where: str = "terms") -> TermSheet:
    """Build a :class:`TermSheet` from the ``[terms]`` table of a game file.

    The table holds ``stakes`` (``{partner = stake}``), ``redistribute`` and
    ``loss_sharing`` (``"pro rata"``, ``"stakes"``, ``"equal"`` or a rule), ``fixed``
    (``{partner = amount}``), ``[[terms.tranche]]`` entries (``amount`` or
    ``percent``, ``split``, ``name``), ``[[terms.floor]]`` and
    ``[[terms.ceiling]]`` entries (one of ``amount``, ``percent``,
    ``standalone``; ``partners``; ``name``) and ``[terms.exit]`` with
    ``payment``.

    Raises
    ------
    GameFileError
        On an unknown key (named, with the valid ones) or a clause that
        cannot be built (the clause is named).

    Examples
    --------
    >>> from coalition.terms import terms_from_dict
    >>> sheet = terms_from_dict({"stakes": {"A": 60, "B": 40},
    ...                          "tranche": [{"percent": 20, "split": "stakes"},
    ...                                      {"split": "Shapley"}],
    ...                          "floor": {"standalone": 1}})
    >>> list(sheet.parameters())
    ['tranche 1.size', 'floor 1.level']
    """
    doc = _check_keys(doc, _KEYS, f"`{where}`")
    clauses: list[Any] = []
    try:
        if "fixed" in doc:
            clauses.append(Fixed(doc["fixed"]))
        for k, t in enumerate(_tables(doc.get("tranche", []), where), start=1):
            clauses.append(Tranche(**_check_keys(t, _TRANCHE, f"`{where}.tranche` entry {k}")))
        for kind, cls in (("floor", Floor), ("ceiling", Ceiling)):
            for k, t in enumerate(_tables(doc.get(kind, []), where), start=1):
                clauses.append(cls(**_check_keys(t, _BOUND, f"`{where}.{kind}` entry {k}")))
        if "loss_sharing" in doc:
            clauses.append(LossSharing(doc["loss_sharing"]))
        if "exit" in doc:
            clauses.append(ExitTerms(**_check_keys(doc["exit"], _EXIT, f"`{where}.exit`")))
        return TermSheet(clauses, stakes=doc.get("stakes"), redistribute=doc.get("redistribute", "pro rata"))
    except GameFileError:
        raise
    except CoalitionError as exc:
        raise GameFileError(f"`{where}`: {exc}") from exc


def read_terms(path: str | os.PathLike[str], *, format: str | None = None) -> TermSheet:
    r"""Read the term sheet in the ``[terms]`` section of a TOML or JSON game file.

    Parameters
    ----------
    path : str or path-like
    format : {"toml", "json"}, optional
        By default from the file's extension.

    Returns
    -------
    TermSheet

    Raises
    ------
    GameFileError
        If the file cannot be read, has no ``terms`` section, or the section
        is malformed (see :func:`terms_from_dict`).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from coalition.terms import read_terms
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "venture.toml"
    >>> _ = path.write_text('[values]\nA = 1\nB = 1\n"A+B" = 3\n'
    ...                     '[[terms.tranche]]\npercent = 20\nsplit = "equal"\n'
    ...                     '[[terms.tranche]]\nsplit = "Shapley"\n')
    >>> read_terms(path).parameters()
    {'tranche 1.size': 20.0}
    """
    source = _fspath(path)
    fmt = _format_of(source, format)
    if fmt == "csv":
        raise GameFileError(f"`{source}`: a CSV game file cannot hold a term sheet; use TOML or JSON")
    text = _read_bytes(source, fmt, MAX_FILE_BYTES).decode("utf-8", errors="replace").removeprefix("\ufeff")
    doc = _load_toml(text, source) if fmt == "toml" else _load_json(text, source)
    if not isinstance(doc, Mapping) or "terms" not in doc:
        raise GameFileError(f"`{source}`: has no `terms` section; expected [terms] with tranches")
    try:
        return terms_from_dict(doc["terms"])
    except GameFileError as exc:
        raise GameFileError(f"`{source}`, {exc}") from exc
