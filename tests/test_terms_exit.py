"""A term sheet's exit clause read against the exit report: the payment it
prescribes and whether it leaves the remaining partners together no worse
off, checked by hand from the worths of the game and of the smaller one."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

import coalition as co
from coalition.cli import main
from coalition.errors import InvalidParameterError
from coalition.terms import ExitTerms, TermSheet, Tranche, exit_clause_report

from .oracles import shapley_by_orders

G = co.Game.from_dict({"Hub": 12, "Battery": 6, "Plant": 0, "Hub+Battery": 42,
                       "Hub+Plant": 24, "Battery+Plant": 12, "Hub+Battery+Plant": 60})


@pytest.mark.parametrize("kind", ["profit", "cost"])
def test_payment_fits_exactly_when_the_rest_keep_what_they_had(kind):
    """The rest are paid ``v(N) - x_i`` together before the exit and earn
    ``v(N \\ i)`` after it: a payment ``p`` leaves them no worse off exactly
    when ``v(N \\ i) - p >= v(N) - x_i`` (costs: ``c(N \\ i) + p <= c(N) -
    y_i``), with ``x_i`` the partner's Shapley share by brute force."""
    rng = np.random.default_rng(16)
    for _ in range(10):
        n = int(rng.integers(2, 5))
        v = np.concatenate([[0.0], rng.uniform(0, 10, (1 << n) - 1)])
        g = co.Game(v, kind=kind)
        x = shapley_by_orders(v, n)
        i = int(rng.integers(n))
        partner = g.players[i]
        rest = (1 << n) - 1 - (1 << i)
        for pay in rng.uniform(-10, 10, 3):
            sheet = TermSheet([Tranche(split="Shapley"), ExitTerms({partner: float(pay)})])
            r = sheet.exit_report(g, partner, rules=["Shapley"])
            if kind == "profit":
                fits = v[rest] - pay >= v[-1] - x[i]
            else:
                fits = v[rest] + pay <= v[-1] - x[i]
            assert r.payment == pytest.approx(pay) and r.payment_fits == (bool(fits),)
            assert "Under the sheet's own split" in r.notes[-1]
            assert ("within" if fits else "above") in r.notes[-1]


def test_standalone_and_share_payments_against_the_core_split():
    # the Battery brings 60 - 24 = 36 and its Shapley share is 21: the rest lose 15 when it leaves
    sheet = TermSheet([Tranche(split="Shapley"), ExitTerms("share")])
    r = exit_clause_report(sheet, G, "Battery", rules=["shapley", "nucleolus"])
    assert r.payment == pytest.approx(21.0) and r.max_payment[0] == pytest.approx(-15.0)
    assert r.payment_fits == (False, False)
    assert "the exit payment of 21 is above" in repr(r)
    free = TermSheet([Tranche(split="Shapley"), ExitTerms({"Hub": 5.0})])
    r = free.exit_report(G, "Battery", rules=["shapley"])  # the Battery is not in the mapping: paid 0
    assert r.payment == 0.0 and r.payment_fits == (False,)
    assert r.as_dict()["payment_fits"] == [False]


def test_a_null_partner_can_be_paid_nothing_but_not_more():
    g = co.Game.from_dict({"A": 0, "B": 0, "Z": 0, "A+B": 10, "A+Z": 0, "B+Z": 0, "A+B+Z": 10})
    for pay, fits in [(0.0, True), (1.0, False)]:
        r = TermSheet([Tranche(split="Shapley"), ExitTerms({"Z": pay})]).exit_report(g, "Z")
        assert r.payment_fits == (fits, fits)


@pytest.mark.parametrize("call, error, fragment", [
    (lambda: TermSheet([Tranche(split="Shapley")]).exit_report(G, "Hub"), InvalidParameterError,
     "the sheet has no ExitTerms clause"),
    (lambda: TermSheet([Tranche(split="Shapley"), ExitTerms()]).exit_report(G, "Solar"), InvalidParameterError,
     "`partner` must be one of"),
    (lambda: co.exit_report(G, "Hub", payment="lots"), InvalidParameterError,
     "`payment` must be a finite number (the exit payment), got 'lots'"),
    (lambda: co.exit_report(G, "Hub", payment=float("nan")), InvalidParameterError, "`payment` must be a finite"),
    (lambda: co.exit_report(G, "Hub", payment=True), InvalidParameterError, "`payment` must be a finite"),
])
def test_bad_input(call, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):
        call()


GAME = """players = ["Hub", "Battery", "Plant"]
[values]
Hub = 12
Battery = 6
Plant = 0
"Hub+Battery" = 42
"Hub+Plant" = 24
"Battery+Plant" = 12
"Hub+Battery+Plant" = 60
"""


def test_cli_exit_reads_the_sheets_exit_clause(tmp_path, capsys):
    path = tmp_path / "alliance.toml"
    path.write_text(GAME + '[[terms.tranche]]\nsplit = "Shapley"\n[terms.exit]\npayment = "standalone"\n')
    assert main(["exit", str(path), "Plant", "--terms", "--rules", "shapley", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    # the Plant alone earns 0; it brings 60 - 42 = 18 and its Shapley share is 9: -9 is the most
    assert doc["payment"] == 0.0 and doc["max_payment"] == [-9.0] and doc["payment_fits"] == [False]
    assert main(["exit", str(path), "Plant", "--terms"]) == 0
    text = " ".join(capsys.readouterr().out.split())  # the text format wraps lines
    assert "the exit payment of 0 is above the most that leaves the rest no worse off (-9)" in text
    bare = tmp_path / "bare.toml"
    bare.write_text(GAME)
    assert main(["exit", str(bare), "Plant", "--terms"]) == 2
    assert "has no `terms` section" in capsys.readouterr().err
    assert main(["exit", "-", "Plant", "--terms"]) == 2
    assert "`--terms` reads the term sheet of a game file" in capsys.readouterr().err
