"""The `coalition` command, run in-process through main() (and once as a script).

Oracles: the numbers each output format carries are parsed back and compared
with coalition.compare / core_report / nearest_core, and these in turn with
independent computations: the Shapley value over all n! orders, excesses
coalition by coalition, core floors and ceilings from the core's vertices
found by enumeration, and games whose core is a single point worked out by
hand.
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import coalition as co
from coalition.cli import _app as cli
from coalition.cli._table import Meta, render_comparison
from coalition.cli import main

from ._stability_oracles import brute_core_vertices, excess_by_loop
from .oracles import shapley_by_orders
from .test_io import HOSTILE, hostile_files

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DEMO = EXAMPLES / "ev_alliance.toml"  # the same bytes as the embedded demo file (see test_io)
RULES = ["Shapley", "nucleolus", "Banzhaf (normalized)", "equal surplus", "proportional", "Nash"]
LABELS = ["Shapley", "Nucleolus", "Banzhaf (normalized)", "Equal surplus", "Proportional", "Nash",
          "Core floor", "Core ceiling"]
# Any two of three partners make 6 on their own, all three 9: the core is the
# single point (3, 3, 3) (x_i = 9 - v(jk) = 3 for each i), so the nearest
# core allocation of any proposal is (3, 3, 3), whatever the norm.
POINT_CORE = '[values]\nA = 0\nB = 0\nC = 0\n"A+B" = 6\n"A+C" = 6\n"B+C" = 6\n"A+B+C" = 9\n'
# The same with v(N) = 8: the three pairs, each with weight 1/2, claim 9 > 8,
# so by Bondareva-Shapley the core is empty.
EMPTY_CORE = POINT_CORE.replace('"A+B+C" = 9', '"A+B+C" = 8')


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def compared(game, proposal=None):
    return co.compare(game, rules=RULES, proposal=proposal)


def rows_of_table(text: str, names) -> dict[str, list[str]]:
    """The cells of each named line of a plain-text table: number, percent, ..."""
    rows = {}
    lines = text.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("partner "))
    for line in lines[start:]:
        for p in names:
            if line.startswith(p + " ") and p not in rows:
                rows[p] = line[len(p):].split()
    return rows


def markdown_rows(text: str) -> dict[str, list[str]]:
    """{first cell: other cells} of every row of the Markdown tables in `text`."""
    rows = {}
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            rows.setdefault(cells[0], cells[1:])
    return rows


def core_range_by_vertices(game):
    """Each partner's least and largest share over the core's vertices."""
    pts = brute_core_vertices(game.worths, game.n)
    pts = np.array([game._from_worth_units(p) for p in pts])
    return pts.min(axis=0), pts.max(axis=0)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


# ---------------------------------------------------------------------------
# demo and solve: the table
# ---------------------------------------------------------------------------
def test_demo_prints_partners_against_rules_with_core_range(capsys):
    code, out, err = run(capsys, "demo")
    assert code == 0 and err == ""
    assert "illustrative" in out.lower()
    game = co.io.read_game(DEMO)
    comp = compared(game)
    header = next(line for line in out.splitlines() if line.startswith("partner"))
    assert [h.strip() for h in header[len("partner"):].split("   ") if h.strip()] == LABELS
    rows = rows_of_table(out, [*game.players, "total", "in the core?"])
    lo, hi = core_range_by_vertices(game)
    for i, p in enumerate(game.players):
        cells = rows[p]
        assert len(cells) == 2 * len(LABELS)
        for j in range(len(RULES)):
            assert cells[2 * j] == f"{comp.shares[i, j]:,.2f}"
            assert cells[2 * j + 1] == f"{100 * comp.shares[i, j] / 80:.1f}%"
        # the floor and ceiling are the extremes of the core's vertices
        assert cells[-4] == f"{lo[i]:,.2f}" and cells[-2] == f"{hi[i]:,.2f}"
    assert rows["total"] == ["80.00", "100.0%"] * len(RULES)
    assert rows["in the core?"][-len(RULES):] == ["yes"] * len(RULES)
    assert "Every split checked is in the core" in out
    # Shapley against all 4! orders
    np.testing.assert_allclose(comp.shares[:, 0], shapley_by_orders(game.values, 4), atol=1e-12)


def test_solve_cost_game_reports_cost_shares(capsys):
    # Littlechild-Owen airport shares for costs 8, 11, 13, 18: 2, 3, 4, 9.
    code, out, _ = run(capsys, "solve", EXAMPLES / "airport.json")
    assert code == 0
    assert "cost game" in out and "c(N) = 18.00" in out and "be asked to pay" in out
    rows = rows_of_table(out, ["Small", "Medium", "Large", "Jumbo"])
    assert [rows[p][0] for p in ["Small", "Medium", "Large", "Jumbo"]] == ["2.00", "3.00", "4.00", "9.00"]
    # Cost floors and ceilings from the savings game's core vertices: Jumbo
    # pays at least 5 (18 - 13, what the three others cost together) and at
    # most its own 18; Small pays between 0 and its own 8.
    assert rows["Jumbo"][-4:] == ["5.00", "27.8%", "18.00", "100.0%"]
    assert rows["Small"][-4:] == ["0.00", "0.0%", "8.00", "44.4%"]


def test_solve_with_a_proposal_names_who_would_walk(tmp_path, capsys):
    path = write(tmp_path, "point.toml", POINT_CORE)
    code, out, err = run(capsys, "solve", path, "--proposal", "A=5, B=2, C=2")
    assert code == 0 and err == ""  # solve reports; only check signals instability
    header = next(line for line in out.splitlines() if line.startswith("partner"))
    assert header.split("   ")[-3].strip() == "Proposal"
    rows = rows_of_table(out, ["A", "in the core?"])
    assert rows["A"][-6:] == ["5.000", "55.6%", "3.000", "33.3%", "3.000", "33.3%"]  # proposal, floor, ceiling
    # proportional has no standalone worths to go by (all are 0)
    assert rows["in the core?"] == ["yes"] * 4 + ["-", "yes", "no"]
    # B and C get 4 and make 6 on their own
    assert "Proposal: B+C would gain 2.000 by leaving." in out


def test_solve_notes_rules_that_do_not_apply_and_an_empty_core(tmp_path, capsys):
    path = write(tmp_path, "empty.toml", EMPTY_CORE)
    code, out, err = run(capsys, "solve", path)
    assert code == 0 and err == ""
    rows = rows_of_table(out, ["A", "in the core?"])
    # proportional has no standalone worths to go by; no core range column
    assert rows["A"] == ["2.667", "33.3%"] * 4 + ["n/a"] + ["2.667", "33.3%"]
    assert rows["in the core?"] == ["no"] * 4 + ["-", "no"]
    assert "Core floor" not in next(line for line in out.splitlines() if line.startswith("partner"))
    flat = " ".join(out.split())
    assert "proportional: not applicable" in flat and "empty core" in flat


def test_rules_with_zero_grand_worth_have_no_percent(tmp_path, capsys):
    # Standalone worths 1 and -1, v(N) = 0: percents are undefined.
    path = write(tmp_path, "zero.toml", '[values]\nA = 1\nB = -1\n"A+B" = 0\n')
    code, out, err = run(capsys, "solve", path)
    assert code == 0 and err == ""
    assert rows_of_table(out, ["A"])["A"][:2] == ["1.000", "-"]
    code, out, _ = run(capsys, "solve", path, "--format", "json")
    rules = {r["rule"]: r for r in json.loads(out)["rules"]}
    assert rules["Shapley"]["shares"] == [1.0, -1.0] and rules["Shapley"]["percent"] == [None, None]
    assert rules["proportional"]["shares"] == [None, None]


# ---------------------------------------------------------------------------
# solve: JSON, CSV and Markdown parse back to the same numbers
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["ev_alliance.toml", "airport.json", "joint_venture.csv", "rd_consortium.toml"])
def test_solve_json_parses_back_to_compare(capsys, name):
    game = co.io.read_game(EXAMPLES / name)
    comp = compared(game)
    code, out, _ = run(capsys, "solve", EXAMPLES / name, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["source"] == str(EXAMPLES / name) and doc["kind"] == game.kind
    percents = [entry.pop("percent") for entry in doc["rules"]]
    expected = json.loads(comp.to_json())
    assert {k: doc[k] for k in expected} == expected
    assert [r["rule"] for r in doc["rules"]] == RULES
    for j, entry in enumerate(doc["rules"]):
        assert percents[j] == pytest.approx(list(100 * comp.shares[:, j] / game.grand_value), rel=1e-12)
        # every rule's verdict against the excess of every coalition, one at a time
        e = excess_by_loop(game.worths, game._to_worth_units(np.array(entry["shares"])))
        assert entry["in_core"] == bool(e[1:-1].max() <= 1e-9 and abs(e[-1]) <= 1e-9)
    shap = np.array(doc["rules"][0]["shares"])
    expected = shapley_by_orders(game.worths, game.n)
    np.testing.assert_allclose(shap, game._from_worth_units(expected), atol=1e-9)
    lo, hi = core_range_by_vertices(game)
    np.testing.assert_allclose([doc["core_bounds"][p] for p in game.players], np.c_[lo, hi], atol=1e-7)


@pytest.mark.parametrize("name", ["ev_alliance.toml", "airport.json"])
def test_solve_csv_parses_back_to_compare(capsys, name):
    game = co.io.read_game(EXAMPLES / name)
    comp = compared(game)
    code, out, _ = run(capsys, "solve", EXAMPLES / name, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["player", "rule", "share", "percent", "in_core", "worst_blocking", "worst_gain",
                             "core_floor", "core_ceiling"]
    assert len(rows) == game.n * len(RULES)
    for j, rule in enumerate(RULES):
        got = [r for r in rows if r["rule"] == rule]
        assert [r["player"] for r in got] == list(game.players)
        assert [float(r["share"]) for r in got] == comp.shares[:, j].tolist()  # repr round-trips exactly
        assert {r["in_core"] for r in got} == {"true"}
    for r in rows:
        assert float(r["percent"]) == pytest.approx(100 * float(r["share"]) / game.grand_value, rel=1e-12)
        assert (float(r["core_floor"]), float(r["core_ceiling"])) == comp.bounds[r["player"]]


def test_solve_csv_and_json_carry_the_worst_blocking_coalition(tmp_path, capsys):
    path = write(tmp_path, "point.toml", POINT_CORE)
    code, out, _ = run(capsys, "solve", path, "--proposal", "A=5,B=2,C=2", "--format", "csv")
    assert code == 0
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["rule"] == "proposal"]
    assert {(r["in_core"], r["worst_blocking"], r["worst_gain"]) for r in rows} == {("false", "B+C", "2.0")}
    assert [float(r["core_floor"]) for r in rows] == pytest.approx([3.0] * 3)  # the core is the point (3, 3, 3)
    code, out, _ = run(capsys, "solve", path, "--proposal", "A=5,B=2,C=2", "--format", "json")
    last = json.loads(out)["rules"][-1]
    assert last["rule"] == "proposal" and last["shares"] == [5.0, 2.0, 2.0]
    assert last["worst_blocking"] == {"coalition": ["B", "C"], "gain": 2.0}


def test_demo_markdown_parses_back_to_compare(capsys):
    code, out, _ = run(capsys, "demo", "--format", "markdown")
    assert code == 0
    assert out.startswith("## Electric-car alliance")
    game = co.io.read_game(DEMO)
    comp = compared(game)
    rows = markdown_rows(out)
    assert rows["partner"] == LABELS
    for i, p in enumerate(game.players):
        cells = [c.split() for c in rows[p]]
        assert [c[0] for c in cells[:len(RULES)]] == [f"{v:,.2f}" for v in comp.shares[i]]
        assert [c[1] for c in cells[:len(RULES)]] == [f"{100 * v / 80:.1f}%" for v in comp.shares[i]]
        assert [c[0] for c in cells[-2:]] == [f"{v:,.2f}" for v in comp.bounds[p]]
    assert rows["in the core?"] == ["yes"] * len(RULES) + ["", ""]


def test_rich_table_on_a_terminal(monkeypatch, capsys):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert main(["demo"]) == 0
    styled = sys.stdout.getvalue()
    assert "\x1b[" in styled  # ANSI styles
    plain = re.sub(r"\x1b\[[0-9;]*m", "", styled)
    for name in ["EV maker", "Shapley", "Nucleolus", "39.17", "49.0%", "64.00", "yes"]:
        assert name in plain

    monkeypatch.setattr(sys, "stdout", Terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["demo"]) == 0
    no_color = sys.stdout.getvalue()
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert main(["demo"]) == 0
    assert no_color == sys.stdout.getvalue() and "\x1b[" not in no_color


def test_rich_only_when_installed_on_a_terminal_without_no_color(monkeypatch):
    class Stream:
        def __init__(self, tty):
            self.isatty = lambda: tty

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli._rich_terminal(Stream(True)) is (cli.importlib.util.find_spec("rich") is not None)
    assert not cli._rich_terminal(Stream(False))
    assert not cli._rich_terminal(io.StringIO())
    monkeypatch.setattr(cli.importlib.util, "find_spec", lambda name: None)
    assert not cli._rich_terminal(Stream(True))
    monkeypatch.undo()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli._rich_terminal(Stream(True))


def test_estimated_rules_show_their_interval():
    comp = co.Comparison(
        players=("A", "B"), kind="profit", grand_value=10.0, standalone=np.zeros(2), rules=("Shapley",),
        shares=np.array([[6.0], [4.0]]), in_core=(None,), worst_blocking=(None,), bounds=None,
        intervals={"Shapley": (np.array([5.5, 3.0]), np.array([6.5, 5.0]))},
        notes=("Shapley: estimated by permutation sampling, 1,000 evaluations.",),
    )
    text = " ".join(render_comparison("table", comp, Meta("g")).split())
    assert "Shapley: a Monte Carlo estimate; 95% intervals up to 1.00 either side." in text
    assert "1,000 evaluations" in text and "in the core" not in text.replace("in the core?", "")
    assert json.loads(render_comparison("json", comp, Meta("g")))["rules"][0]["ci"] == [[5.5, 3.0], [6.5, 5.0]]


# ---------------------------------------------------------------------------
# check
# ---------------------------------------------------------------------------
def test_check_a_stable_proposal_exits_0(capsys):
    code, out, err = run(capsys, "check", DEMO, "--proposal", "EV maker=40, Battery=20, Factory=12, Investor=8")
    assert code == 0 and err == ""
    assert "Stable: the proposal is in the core." in " ".join(out.split())
    # the oracle: no coalition's worth exceeds what it gets
    game = co.io.read_game(DEMO)
    assert excess_by_loop(game.values, [40, 20, 12, 8])[1:].max() <= 0


def test_check_an_unstable_proposal_lists_who_walks_and_the_nearest_core(capsys):
    game = co.io.read_game(DEMO)
    x = [70.0, 5.0, 3.0, 2.0]
    code, out, err = run(capsys, "check", DEMO, "--proposal", "EV maker=70,Battery=5,Factory=3,Investor=2", "--top", 3)
    assert code == 1 and err == ""
    flat = " ".join(out.split())
    assert "Not stable" in flat
    # the blocking coalitions, worst first, by brute force
    e = excess_by_loop(game.values, x)
    blocking = sorted((m for m in range(1, 15) if e[m] > 0), key=lambda m: -e[m])
    assert len(blocking) == 6 and f"Who would walk: {len(blocking)} coalitions, worst first." in flat
    names = ["+".join(p for i, p in enumerate(game.players) if m >> i & 1) for m in blocking]
    positions = [flat.index(f"- {name} would gain {e[m]:.2f} by leaving") for name, m in zip(names[:3], blocking)]
    assert positions == sorted(positions)
    assert f"- {names[3]} would" not in flat and "... and 3 more coalitions with less to gain." in flat
    # Battery+Factory+Investor get 10 and make 16 on their own
    assert "would gain 6.00 by leaving (they get 10.00 here, 16.00 on their own)" in flat
    near = co.nearest_core(game, x)
    assert f"(--norm max): {near.distance:.2f}" in flat
    rows = rows_of_table(out, game.players)
    for i, p in enumerate(game.players):
        assert rows[p][:2] == [f"{x[i]:.2f}", f"{near.x[i]:.2f}"]


@pytest.mark.parametrize("norm", ["max", "total"])
def test_check_json_parses_back_to_core_report_and_nearest_core(capsys, norm):
    game = co.io.read_game(DEMO)
    x = {"EV maker": 70.0, "Battery": 5.0, "Factory": 3.0, "Investor": 2.0}
    code, out, _ = run(capsys, "check", DEMO, "--proposal", ",".join(f"{k}={v}" for k, v in x.items()),
                       "--norm", norm, "--format", "json")
    assert code == 1
    doc = json.loads(out)
    rep = co.core_report(game, x, max_blocking=5)
    near = co.nearest_core(game, x, norm=norm)
    assert doc["proposal"] == list(x.values()) and doc["in_core"] is False and doc["efficient"] is True
    assert doc["n_blocking"] == rep.n_blocking == 6 and doc["max_excess"] == rep.max_excess
    assert [(tuple(b["coalition"]), b["gain"]) for b in doc["blocking"]] == list(rep.blocking)
    assert doc["core_empty"] is False
    assert doc["nearest_core"] == {"norm": norm, "distance": near.distance, "shares": near.x.tolist(),
                                   "change": near.change.tolist()}
    # The oracles: the point is in the core (brute-force excesses), and no
    # vertex of the core is nearer to the proposal in the chosen norm.
    y = np.array(doc["nearest_core"]["shares"])
    e = excess_by_loop(game.values, y)
    assert e[1:-1].max() <= 1e-7 and abs(e[-1]) <= 1e-7
    dist = (lambda d: np.abs(d).max()) if norm == "max" else (lambda d: np.abs(d).sum())
    assert doc["nearest_core"]["distance"] == pytest.approx(dist(y - list(x.values())), abs=1e-9)
    verts = brute_core_vertices(game.values, game.n)
    assert doc["nearest_core"]["distance"] <= min(dist(v - list(x.values())) for v in verts) + 1e-7


@pytest.mark.parametrize("norm, distance", [("max", 2.0), ("total", 4.0)])
def test_check_nearest_core_of_a_one_point_core(tmp_path, capsys, norm, distance):
    path = write(tmp_path, "point.toml", POINT_CORE)
    code, out, _ = run(capsys, "check", path, "--proposal", "A=5,B=2,C=2", "--norm", norm, "--format", "markdown")
    assert code == 1
    rows = markdown_rows(out)
    assert rows["partner"] == ["proposal", "nearest core", "change"]
    assert rows["A"] == ["5.000", "3.000", "-2.000"] and rows["B"] == ["2.000", "3.000", "+1.000"]
    words = {"max": "the largest change of any one share", "total": "the total change of all shares"}
    assert f"minimising {words[norm]} (--norm {norm}): {distance:.3f}." in out
    assert "- B+C would gain 2.000 by leaving (they get 4.000 here, 6.000 on their own)." in out


def test_check_top_limits_the_list_not_the_count(capsys):
    argv = ["check", DEMO, "--proposal", "EV maker=70,Battery=5,Factory=3,Investor=2"]
    code, out, _ = run(capsys, *argv, "--top", 0)
    assert code == 1 and "Who would walk: 6 coalitions, worst first." in out and "would gain" not in out
    code, out, _ = run(capsys, *argv, "--format", "json")
    doc = json.loads(out)
    assert len(doc["blocking"]) == 5 and doc["n_blocking"] == 6  # five by default


def test_check_csv_parses_back(tmp_path, capsys):
    path = write(tmp_path, "point.toml", POINT_CORE)
    code, out, _ = run(capsys, "check", path, "--proposal", "A=5,B=2,C=2", "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    partners = [r for r in rows if r["section"] == "partner"]
    assert [r["coalition"] for r in partners] == ["A", "B", "C"]
    got = [[float(r[k]) for k in ("proposal", "nearest_core", "change")] for r in partners]
    np.testing.assert_allclose(got, [[5, 3, -2], [2, 3, 1], [2, 3, 1]], atol=1e-9)
    # excesses at (5, 2, 2): B+C 6 - 4 = 2, A+B and A+C 6 - 7 < 0, singletons <= 0
    assert [(r["coalition"], r["proposal"], r["gain"]) for r in rows if r["section"] == "blocking"] \
        == [("B+C", "4.0", "2.0")]


def test_check_empty_core_says_so_and_still_lists_who_walks(tmp_path, capsys):
    path = write(tmp_path, "empty.toml", EMPTY_CORE)
    code, out, err = run(capsys, "check", path, "--proposal", "A=4,B=2,C=2")
    assert code == 1 and err == ""
    flat = " ".join(out.split())
    assert "The core is empty" in flat and "B+C would gain 2.000 by leaving" in flat
    assert "nearest core" not in flat
    code, out, _ = run(capsys, "check", path, "--proposal", "A=4,B=2,C=2", "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["core_empty"] is True and doc["nearest_core"] is None
    assert doc["blocking"] == [{"coalition": ["B", "C"], "gain": 2.0}]
    code, out, _ = run(capsys, "check", path, "--proposal", "A=4,B=2,C=2", "--format", "csv")
    assert {r["nearest_core"] for r in csv.DictReader(io.StringIO(out))} == {""}


def test_check_cost_game_and_an_inefficient_proposal(capsys):
    # Airport costs 8, 11, 13, 18. Paying 5, 5, 4, 3 covers 17 of 18; Small,
    # Medium and Large pay 14 but a runway for the three of them costs 13.
    code, out, _ = run(capsys, "check", EXAMPLES / "airport.json", "--proposal",
                       "Small=5,Medium=5,Large=4,Jumbo=3", "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["efficient"] is False and doc["total"] == 17.0
    assert doc["blocking"] == [{"coalition": ["Small", "Medium", "Large"], "gain": 1.0}]
    y = np.array(doc["nearest_core"]["shares"])
    assert y.sum() == pytest.approx(18.0)
    code, out, _ = run(capsys, "check", EXAMPLES / "airport.json", "--proposal", "Small=5,Medium=5,Large=4,Jumbo=3")
    flat = " ".join(out.split())
    assert "cost shares add up to 17.00, not c(N) = 18.00" in flat
    assert "Small+Medium+Large would save 1.00 by going alone (they pay 14.00 here, 13.00 on their own)" in flat
    # Littlechild-Owen's Shapley split is stable
    code, _, _ = run(capsys, "check", EXAMPLES / "airport.json", "--proposal", "Small=2,Medium=3,Large=4,Jumbo=9")
    assert code == 0


# ---------------------------------------------------------------------------
# plot
# ---------------------------------------------------------------------------
@pytest.fixture
def plotting():
    pytest.importorskip("matplotlib")
    if importlib.util.find_spec("coalition.plot") is None:
        pytest.skip("coalition.plot is not available")


@pytest.mark.parametrize("figure, name", [("compare", "rd_consortium.toml"), ("core", "joint_venture.csv")])
def test_plot_writes_an_image_atomically(plotting, tmp_path, capsys, figure, name):
    target = tmp_path / "figure.png"
    target.write_text("old")
    code, out, err = run(capsys, "plot", EXAMPLES / name, "-o", target, "--figure", figure)
    assert (code, out, err) == (0, "", "")
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    assert os.listdir(tmp_path) == ["figure.png"]


def test_plot_svg_with_a_proposal(plotting, tmp_path, capsys):
    target = tmp_path / "f.svg"
    code, _, err = run(capsys, "plot", EXAMPLES / "joint_venture.csv", "-o", target, "--proposal",
                       "Alpha=20,Beta=14,Gamma=8")
    assert code == 0 and err == ""
    assert b"<svg" in target.read_bytes()[:2000] and b"proposal" in target.read_bytes()


@pytest.mark.parametrize(
    "extra, fragment",
    [
        (["-o", "figure.xyz"], "cannot write '.xyz' images"),
        (["-o", "figure"], "must end in an image extension"),
        (["-o", "figure.png", "--figure", "core"], "has 4 players"),
        (["-o", "no/such/dir/figure.png"], "cannot be written"),
        (["-o", "figure.png", "--proposal", "University=1"], "no share for"),
    ],
)
def test_plot_bad_input_exits_2_and_writes_nothing(plotting, tmp_path, capsys, monkeypatch, extra, fragment):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "plot", EXAMPLES / "rd_consortium.toml", *extra)
    assert code == 2 and out == "" and fragment in err and "Traceback" not in err
    assert os.listdir(tmp_path) == []


# ---------------------------------------------------------------------------
# output files, bad input, the script
# ---------------------------------------------------------------------------
def test_output_file_is_written_atomically(tmp_path, capsys, monkeypatch):
    target = tmp_path / "shares.json"
    target.write_text("old")
    code, out, err = run(capsys, "solve", EXAMPLES / "joint_venture.csv", "--format", "json", "-o", target)
    assert (code, out, err) == (0, "", "")
    doc = json.loads(target.read_text())
    assert doc["rules"][0]["shares"] == co.shapley(co.io.read_game(EXAMPLES / "joint_venture.csv")).x.tolist()
    assert os.listdir(tmp_path) == ["shares.json"]

    code, out, err = run(capsys, "check", DEMO, "--proposal", "EV maker=70,Battery=5,Factory=3,Investor=2",
                         "-o", tmp_path / "check.md", "--format", "markdown")
    assert (code, out, err) == (1, "", "") and "Not stable" in (tmp_path / "check.md").read_text()

    code, _, err = run(capsys, "demo", "--output", tmp_path / "no" / "such" / "dir.txt")
    assert code == 2 and "cannot be written" in err and "dir.txt" in err

    # a failure at the last step leaves the old file whole and no temporary file
    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "replace", fail)
    code, _, err = run(capsys, "demo", "-o", target)
    assert code == 2 and "No space left on device" in err
    assert sorted(os.listdir(tmp_path)) == ["check.md", "shares.json"]
    assert json.loads(target.read_text()) == doc


@pytest.mark.parametrize(
    "proposal, fragment",
    [
        ("A=1,B=2,D=6", "`--proposal` names 'D', who is not a partner; partners are ['A', 'B', 'C']"),
        ("A=1,B=2", "`--proposal` has no share for ['C']; give one for every partner: A, B, C"),
        ("A=1,B=two,C=3", "`--proposal`: the share of 'B' must be a finite number, got 'two'"),
        ("A=1,B=nan,C=3", "the share of 'B' must be a finite number, got 'nan'"),
        ("A=1,B=inf,C=3", "the share of 'B' must be a finite number, got 'inf'"),
        ("A=1,B=2,A=3,C=0", "`--proposal` gives a share for 'A' twice"),
        ("A=1,B 2,C=3", "`--proposal` must be NAME=SHARE pairs separated by commas"),
        ("A=1,B=2,C=", "the share of 'C' must be a finite number, got ''"),
        ("", "`--proposal` must be NAME=SHARE pairs"),
    ],
)
@pytest.mark.parametrize("command", ["check", "solve"])
def test_bad_proposal_exits_2(tmp_path, capsys, proposal, fragment, command):
    path = write(tmp_path, "g.toml", POINT_CORE)
    code, out, err = run(capsys, command, path, "--proposal", proposal)
    assert code == 2 and out == ""
    assert fragment in err and err.startswith("coalition: error: ") and "Traceback" not in err


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["solve", "nowhere.toml"], "`nowhere.toml`: no such file"),
        (["check", "nowhere.toml", "--proposal", "A=1"], "`nowhere.toml`: no such file"),
        (["solve", "game.xlsx"], "'.xlsx'"),
        (["solve"], "GAMEFILE"),
        ([], "COMMAND"),
        (["frobnicate"], "invalid choice"),
        (["demo", "--format", "xml"], "invalid choice"),
        (["check", str(DEMO)], "--proposal"),
        (["check", str(DEMO), "--proposal", "EV maker=80", "--norm", "euclid"], "invalid choice"),
        (["check", str(DEMO), "--proposal", "EV maker=80", "--top", "-1"], "expected a whole number"),
        (["plot", str(DEMO)], "-o/--output"),
        (["solve", str(EXAMPLES / "airport.json"), "--kind", "profit"], "key `kind`: the file says 'cost'"),
    ],
)
def test_bad_input_exits_2_with_a_message(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert fragment in err and "Traceback" not in err


def test_game_file_options_are_shared_by_the_commands(tmp_path, capsys):
    sparse = write(tmp_path, "sparse.csv", "coalition,value\nA,1\nB,2\nC,3\nA+B+C,12\n")
    code, _, err = run(capsys, "check", sparse, "--proposal", "A=3,B=4,C=5")
    assert code == 2 and "lacks 3 of the 7" in err and "--fill" in err
    # additive fill: only the grand coalition adds value, 6, split equally by Shapley
    code, out, _ = run(capsys, "solve", sparse, "--fill", "additive", "--format", "json")
    assert code == 0 and json.loads(out)["rules"][0]["shares"] == [3.0, 4.0, 5.0]
    code, _, _ = run(capsys, "check", sparse, "--fill", "additive", "--proposal", "A=3,B=4,C=5")
    assert code == 0

    costs = write(tmp_path, "g.csv", "coalition,value\nA,8\nB,11\nA+B,11\n")
    code, out, _ = run(capsys, "solve", costs, "--kind", "cost", "--format", "json")
    doc = json.loads(out)
    assert doc["kind"] == "cost" and doc["rules"][0]["shares"] == [4.0, 7.0]  # share the 8 both need

    bare = write(tmp_path, "game", '{"values": {"A": 1, "B": 2, "A+B": 6}}')
    code, _, err = run(capsys, "solve", bare)
    assert code == 2 and "--input-format" in err
    code, out, _ = run(capsys, "check", bare, "--input-format", "json", "--proposal", "A=2.5,B=3.5")
    assert code == 0 and "Stable" in out


def test_malformed_file_exits_2_naming_file_and_line(tmp_path, capsys):
    path = write(tmp_path, "bad.csv", "coalition,value\nA,1\nB,lots\nA+B,3\n")
    code, out, err = run(capsys, "solve", path)
    assert code == 2 and out == ""
    assert err == f"coalition: error: `{path}`, line 3: expected a number in the second column, got 'lots'\n"


def test_version_and_help(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"coalition {co.__version__}"
    code, out, _ = run(capsys, "--help")
    assert code == 0 and all(c in out for c in ["demo", "solve", "check", "plot"])
    code, out, _ = run(capsys, "check", "--help")
    assert code == 0 and "--proposal" in out and "--norm" in out and "--format" in out


def test_installed_script_exits_1_on_an_unstable_proposal():
    script = Path(sys.executable).parent / ("coalition.exe" if os.name == "nt" else "coalition")
    found = str(script) if script.exists() else shutil.which("coalition")
    if found is None:
        pytest.skip("the `coalition` script is not installed in this environment")
    proc = subprocess.run([found, "check", str(DEMO), "--proposal", "EV maker=70,Battery=5,Factory=3,Investor=2"],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 1, proc.stderr
    assert "Not stable" in proc.stdout and "Battery+Factory+Investor would gain 6.00" in proc.stdout


# ---------------------------------------------------------------------------
# hostile files, odd paths, interruption: exit 2 (130) and one line, no traceback
# ---------------------------------------------------------------------------
# What the installed `coalition` script runs.
SCRIPT = [sys.executable, "-c", "import sys; from coalition.cli import main; sys.exit(main())"]


def one_line_error(err: str) -> bool:
    return err.startswith("coalition: error: ") and err.endswith("\n") and err.count("\n") == 1


@pytest.mark.parametrize("name, data, fragment", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_file_exits_2_with_one_line(tmp_path, capsys, name, data, fragment):
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = run(capsys, "solve", path)
    assert code == 2 and out == "" and one_line_error(err) and fragment in err, err


@pytest.mark.parametrize(
    "name, data",
    [("big.json", '{"values": {"A": %s}}' % ("1" * 5001)), ("deep.toml", "[values]\nA = " + "[" * 50_000 + "\n")],
)
def test_hostile_file_through_the_installed_script(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(data)
    proc = subprocess.run([*SCRIPT, "solve", str(path)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 2 and proc.stdout == "" and one_line_error(proc.stderr), proc.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_or_a_folder_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    (tmp_path / "folder.toml").mkdir()
    for path, fragment in [(fifo, "is a named pipe, not a regular file"), (tmp_path / "folder.toml", "is a folder")]:
        proc = subprocess.run([*SCRIPT, "solve", str(path)], capture_output=True,
                              text=True, timeout=60, check=False)
        assert proc.returncode == 2 and one_line_error(proc.stderr) and fragment in proc.stderr, proc.stderr


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=hostile_files)
def test_any_file_exits_0_or_2_with_one_line(tmp_path_factory, case):
    fmt, data = case
    path = tmp_path_factory.mktemp("hostile") / f"game.{fmt}"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["solve", str(path), "--format", "json"])
    if code == 0:
        assert err.getvalue() == "" and json.loads(out.getvalue())["players"]
    else:
        assert code == 2 and out.getvalue() == "" and one_line_error(err.getvalue()), err.getvalue()


def test_a_file_name_with_a_newline_still_gives_one_line(tmp_path, capsys):
    path = write(tmp_path, "bad\nname\x1b[2J.toml", "[values]\nA = oops\n")
    code, _, err = run(capsys, "solve", path)
    assert code == 2 and one_line_error(err) and "bad\\nname\\x1b[2J.toml" in err, err


def test_standard_input_as_dash(monkeypatch, capsys):
    text = (EXAMPLES / "joint_venture.csv").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    code, out, err = run(capsys, "solve", "-", "--input-format", "csv", "--format", "json")
    assert code == 0 and err == ""
    game = co.io.read_game(EXAMPLES / "joint_venture.csv")
    assert json.loads(out)["rules"][0]["shares"] == co.shapley(game).x.tolist()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"values": {"A": 1e999}}')))
    code, out, err = run(capsys, "check", "-", "--input-format", "json", "--proposal", "A=1")
    assert code == 2 and one_line_error(err) and "`<stdin>`, key `values.A`: expected a finite number" in err
    code, _, err = run(capsys, "solve", "-")
    assert code == 2 and one_line_error(err) and "--input-format" in err


OUTPUTS = [
    ["solve", EXAMPLES / "joint_venture.csv", "--format", "json"],
    ["check", EXAMPLES / "joint_venture.csv", "--proposal", "Alpha=20,Beta=14,Gamma=8", "--format", "csv"],
    ["demo", "--format", "markdown"],
    ["plot", EXAMPLES / "joint_venture.csv", "--figure", "core"],
]


@pytest.mark.skipif(os.name == "nt", reason="POSIX links and modes")
@pytest.mark.parametrize("argv", OUTPUTS, ids=[a[0] for a in OUTPUTS])
def test_every_output_keeps_links_and_modes_and_takes_long_names(tmp_path, capsys, argv):
    if argv[0] == "plot" and (importlib.util.find_spec("matplotlib") is None
                              or importlib.util.find_spec("coalition.plot") is None):
        pytest.skip("plot needs matplotlib")
    ext = ".png" if argv[0] == "plot" else ".txt"
    away = tmp_path / "away"
    away.mkdir()
    real = away / f"real{ext}"
    real.write_text("old")
    os.chmod(real, 0o600)
    link = tmp_path / f"link{ext}"
    link.symlink_to(real)
    code, out, err = run(capsys, *argv, "-o", link)
    assert code in (0, 1) and out == "" and err == ""
    assert link.is_symlink() and real.read_bytes() != b"old" and stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == ["away", link.name] and os.listdir(away) == [real.name]

    long_name = tmp_path / ("x" * (255 - len(ext)) + ext)
    code, out, err = run(capsys, *argv, "-o", long_name)
    assert code in (0, 1) and err == "" and long_name.stat().st_size > 0

    code, out, err = run(capsys, *argv, "-o", str(tmp_path / f"\ud800{ext}"))
    assert code == 2 and one_line_error(err) and "`path`" in err and "file name" in err, err
    assert sorted(os.listdir(tmp_path)) == sorted(["away", link.name, long_name.name])


def run_interrupted(capsys, *argv):
    try:
        return run(capsys, *argv)
    except KeyboardInterrupt:
        pytest.fail("KeyboardInterrupt escaped main()")


def test_ctrl_c_exits_130_with_one_line(tmp_path, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_load", interrupted)
    code, out, err = run_interrupted(capsys, "solve", EXAMPLES / "joint_venture.csv")
    assert (code, out, err) == (130, "", "coalition: interrupted\n")

    # interrupted while writing -o: the old file stays, no temporary file is left
    target = write(tmp_path, "out.json", "old")
    monkeypatch.setattr(cli, "render_comparison", interrupted)
    code, out, err = run_interrupted(capsys, "demo", "-o", target)
    assert (code, out, err) == (130, "", "coalition: interrupted\n")
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["out.json"]


# A real long run: the file is read by the command, then its game sampled with
# a budget that would take hours; SIGINT must end it with status 130.
LONG_RUN = """
import sys
import coalition as co
from coalition.cli import _app as cli

read = cli._load

def load_then_sample(args):
    game, meta = read(args)
    print("sampling", flush=True)
    co.estimate_shapley(game, budget=10**13, seed=1, threads=2, method="permutation")
    return game, meta

cli._load = load_then_sample
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGINT to a child process is POSIX")
def test_sigint_during_a_long_run_exits_130_with_one_line(tmp_path):
    path = tmp_path / "voting.json"
    co.io.write_game(co.families.weighted_voting([9, 8, 7, 6, 5, 4, 3, 3, 2, 2, 1, 1], quota=26), path)
    proc = subprocess.Popen([sys.executable, "-c", LONG_RUN, "solve", str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "sampling\n"
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert (proc.returncode, out, err) == (130, "", "coalition: interrupted\n")


def test_rules_option_chooses_the_columns(capsys):
    code, out, _ = run(capsys, "solve", DEMO, "--rules", "shapley, Nash", "--format", "json")
    assert code == 0
    data = json.loads(out)
    game = co.io.read_game(DEMO)
    assert [r["rule"] for r in data["rules"]] == ["Shapley", "Nash"]
    expect = co.compare(game, rules=["Shapley", "Nash"])
    np.testing.assert_allclose(data["rules"][0]["shares"], np.asarray(expect.shares)[:, 0])
    np.testing.assert_allclose(data["rules"][1]["shares"], np.asarray(expect.shares)[:, 1])


def test_rules_option_takes_function_names_as_compare_does(capsys):
    code, out, _ = run(capsys, "solve", DEMO, "--rules", "tau_value,core_centroid", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [r["rule"] for r in data["rules"]] == ["tau-value", "core centroid"]
    expect = co.compare(co.io.read_game(DEMO), rules=["tau_value", "core_centroid"])
    np.testing.assert_allclose(data["rules"][1]["shares"], np.asarray(expect.shares)[:, 1])


@pytest.mark.parametrize("value", ["foo", "Shapley,shapley", "tau_value,tau-value", " , "])
def test_rules_option_refuses_unknown_repeated_or_no_names(capsys, value):
    code, out, err = run(capsys, "solve", DEMO, "--rules", value)
    assert code == 2 and out == "" and "--rules" in err


def test_rules_given_equal_to_the_default_are_still_the_users(capsys):
    # on a claims file the default rules are the claims rules; a --rules list
    # that happens to equal the general default is what the user asked for
    code, out, _ = run(capsys, "solve", EXAMPLES / "talmud_estate.toml", "--rules", ",".join(RULES))
    assert code == 0 and "Shapley" in out and "CEA" not in out
    code, out, _ = run(capsys, "solve", EXAMPLES / "talmud_estate.toml")
    assert code == 0 and "CEA" in out and "Shapley" not in out


def test_worths_in_billionths_print_as_such(tmp_path, capsys):
    path = tmp_path / "small.csv"
    path.write_text("coalition,value\nA,1e-8\nB,2e-8\nA+B,6e-8\n")
    code, out, _ = run(capsys, "solve", path, "--rules", "Shapley")
    assert code == 0 and "v(N) = 0.00000006000" in out and "0.00000002500" in out


def test_a_directory_is_not_a_game_file(tmp_path, capsys):
    code, _, err = run(capsys, "solve", tmp_path)
    assert code == 2 and "is a folder, not a game file" in err


def test_python_dash_m_runs_the_command_line():
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-m", "coalition", "--version"], capture_output=True, text=True, env=env)
    assert done.returncode == 0 and co.__version__ in done.stdout


def test_entry_text_of_a_cost_game_says_pays():
    airport = co.families.airport([4.0, 6.0, 8.0])
    report = co.entry_report(airport, "Tiny", {"Tiny": 3.0}, fill="additive")
    text = str(report)
    assert "Tiny pays" in text and "the incumbents together and the newcomer no worse off" in text
    assert "e-1" not in text  # no rounding residue printed as a fee
