"""The `coalition` command, run in-process through main() (and once as a script)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import coalition as co
from coalition.cli import main

from .oracles import shapley_by_orders

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DEMO = EXAMPLES / "ev_alliance.toml"  # the same bytes as the embedded demo file (see test_io)
RULES = {
    "shapley": co.shapley,
    "banzhaf (normalized)": lambda g: co.banzhaf(g, normalized=True),
    "equal surplus": co.equal_surplus,
    "proportional": co.proportional,
}
LABELS = ["Shapley", "Banzhaf (normalized)", "Equal surplus", "Proportional"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def rows_of_table(text: str, players) -> dict[str, list[str]]:
    """Cells of each partner's line of a text table: number, percent, number, ..."""
    rows = {}
    for line in text.splitlines():
        for p in [*players, "total"]:
            if line.startswith(p + " ") and p not in rows:
                rows[p] = line[len(p):].split()
    return rows


# ---------------------------------------------------------------------------
# demo
# ---------------------------------------------------------------------------
def test_demo_prints_partners_against_rules(capsys):
    code, out, err = run(capsys, "demo")
    assert code == 0 and err == ""
    assert "illustrative" in out.lower()
    game = co.io.read_game(DEMO)
    header = next(line for line in out.splitlines() if line.startswith("partner"))
    assert [h.strip() for h in header[len("partner"):].split("   ") if h.strip()] == LABELS
    rows = rows_of_table(out, game.players)
    assert set(rows) == {*game.players, "total"}
    for k, rule in enumerate(RULES.values()):
        alloc = rule(game)
        for p in game.players:
            number, percent = rows[p][2 * k], rows[p][2 * k + 1]
            assert number == f"{alloc[p]:,.2f}"
            assert percent == f"{100 * alloc[p] / game.grand_value:.1f}%"
        assert rows["total"][2 * k: 2 * k + 2] == ["80.00", "100.0%"]


def test_demo_json_has_the_rules_numbers(capsys):
    code, out, _ = run(capsys, "demo", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    game = co.io.read_game(DEMO)
    assert doc["players"] == list(game.players) and doc["kind"] == "profit"
    assert doc["grand_value"] == 80.0 and "illustrative" in doc["title"]
    assert [r["rule"] for r in doc["rules"]] == list(RULES)
    for entry in doc["rules"]:
        expected = RULES[entry["rule"]](game).as_dict()
        assert entry["shares"] == expected
        for p, share in expected.items():
            assert entry["percent"][p] == pytest.approx(100 * share / 80.0, rel=1e-12)
    # and against an oracle independent of the library: all 4! orders
    shap = next(r for r in doc["rules"] if r["rule"] == "shapley")
    np.testing.assert_allclose(list(shap["shares"].values()), shapley_by_orders(game.values, 4), atol=1e-12)


# ---------------------------------------------------------------------------
# solve
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["ev_alliance.toml", "airport.json", "joint_venture.csv", "rd_consortium.toml"])
def test_solve_json_and_csv_parse_back_to_the_rules(capsys, name):
    game = co.io.read_game(EXAMPLES / name)
    code, out, _ = run(capsys, "solve", str(EXAMPLES / name), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["source"] == str(EXAMPLES / name) and doc["kind"] == game.kind
    shap = next(r for r in doc["rules"] if r["rule"] == "shapley")
    np.testing.assert_allclose(list(shap["shares"].values()), shapley_by_orders(game.worths, game.n)
                               if game.kind == "profit" else game.standalone - shapley_by_orders(game.worths, game.n),
                               atol=1e-9)
    assert shap["shares"] == co.shapley(game).as_dict()

    code, out, _ = run(capsys, "solve", str(EXAMPLES / name), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert set(rows[0]) == {"player", "rule", "share", "percent"}
    for rule, func in RULES.items():
        got = {r["player"]: float(r["share"]) for r in rows if r["rule"] == rule}
        assert got == func(game).as_dict()
        pct = {r["player"]: float(r["percent"]) for r in rows if r["rule"] == rule}
        assert pct == pytest.approx({p: 100 * v / game.grand_value for p, v in got.items()}, rel=1e-12)


def test_solve_cost_game_reports_cost_shares(capsys):
    # Littlechild-Owen airport shares for costs 8, 11, 13, 18: 2, 3, 4, 9.
    code, out, _ = run(capsys, "solve", str(EXAMPLES / "airport.json"))
    assert code == 0
    assert "cost game" in out and "c(N) = 18.00" in out
    rows = rows_of_table(out, ["Small", "Medium", "Large", "Jumbo"])
    assert [rows[p][0] for p in ["Small", "Medium", "Large", "Jumbo"]] == ["2.00", "3.00", "4.00", "9.00"]


def test_solve_csv_with_kind_and_fill_flags(tmp_path, capsys):
    path = tmp_path / "g.csv"
    path.write_text("coalition,value\nA,8\nB,11\nA+B,11\n")
    code, out, _ = run(capsys, "solve", str(path), "--kind", "cost", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["kind"] == "cost"
    assert doc["rules"][0]["shares"] == {"A": 4.0, "B": 7.0}  # share the 8 both need, B pays the rest

    sparse = tmp_path / "sparse.csv"
    sparse.write_text("coalition,value\nA,1\nB,2\nC,3\nA+B+C,12\n")
    code, _, err = run(capsys, "solve", str(sparse))
    assert code == 2 and "lacks 3 of the 7" in err and "--fill" in err
    code, out, _ = run(capsys, "solve", str(sparse), "--fill", "additive", "--format", "json")
    assert code == 0
    # additive fill: only the grand coalition adds value, 6, split equally by Shapley
    assert json.loads(out)["rules"][0]["shares"] == {"A": 3.0, "B": 4.0, "C": 5.0}


def test_rules_that_do_not_apply_show_as_not_available(tmp_path, capsys):
    # Standalone worths 1 and -1, v(N) = 0: proportional has no default
    # weights, the raw Banzhaf shares sum to 0 and percents are undefined.
    path = tmp_path / "zero.toml"
    path.write_text('[values]\nA = 1\nB = -1\n"A+B" = 0\n')
    code, out, err = run(capsys, "solve", str(path))
    assert code == 0 and err == ""
    rows = rows_of_table(out, ["A", "B"])
    assert rows["A"] == ["1.000", "-", "n/a", "1.000", "-", "n/a"]
    assert "Proportional: not available." in out and "Banzhaf (normalized): not available." in out

    code, out, _ = run(capsys, "solve", str(path), "--format", "json")
    rules = {r["rule"]: r for r in json.loads(out)["rules"]}
    assert "standalone" in rules["proportional"]["error"] and "shares" not in rules["proportional"]
    assert rules["shapley"]["percent"] == {"A": None, "B": None}

    code, out, _ = run(capsys, "solve", str(path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["share"], r["percent"]) for r in rows if r["rule"] == "proportional"} == {("", "")}


def test_input_format_flag_reads_a_file_without_extension(tmp_path, capsys):
    path = tmp_path / "game"
    path.write_text('{"values": {"A": 1, "B": 2, "A+B": 6}}')
    code, _, err = run(capsys, "solve", str(path))
    assert code == 2 and "--input-format" in err
    code, out, _ = run(capsys, "solve", str(path), "--input-format", "json", "--format", "json")
    assert code == 0 and json.loads(out)["rules"][0]["shares"] == {"A": 2.5, "B": 3.5}


def test_output_file_is_written_atomically(tmp_path, capsys):
    target = tmp_path / "shares.json"
    target.write_text("old")
    code, out, err = run(capsys, "solve", str(EXAMPLES / "joint_venture.csv"), "--format", "json", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    doc = json.loads(target.read_text())
    assert doc["rules"][0]["shares"] == co.shapley(co.io.read_game(EXAMPLES / "joint_venture.csv")).as_dict()
    assert os.listdir(tmp_path) == ["shares.json"]

    code, _, err = run(capsys, "demo", "--output", str(tmp_path / "no" / "such" / "dir.txt"))
    assert code == 2 and "cannot be written" in err and "dir.txt" in err
    assert os.listdir(tmp_path) == ["shares.json"]


# ---------------------------------------------------------------------------
# bad input: exit status 2, the message on stderr, no traceback
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["solve", "nowhere.toml"], "`nowhere.toml`: no such file"),
        (["solve", "game.xlsx"], "'.xlsx'"),
        (["solve"], "GAMEFILE"),
        ([], "COMMAND"),
        (["frobnicate"], "invalid choice"),
        (["demo", "--format", "xml"], "invalid choice"),
        (["solve", str(EXAMPLES / "airport.json"), "--kind", "profit"], "key `kind`: the file says 'cost'"),
    ],
)
def test_bad_input_exits_2_with_a_message(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert fragment in err and "Traceback" not in err


def test_malformed_file_exits_2_naming_file_and_line(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("coalition,value\nA,1\nB,lots\nA+B,3\n")
    code, out, err = run(capsys, "solve", str(path))
    assert code == 2 and out == ""
    assert err == f"coalition: error: `{path}`, line 3: expected a number in the second column, got 'lots'\n"


def test_version_and_help(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"coalition {co.__version__}"
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "demo" in out and "solve" in out
    code, out, _ = run(capsys, "solve", "--help")
    assert code == 0 and "--format" in out and "--kind" in out


def test_installed_script_runs_the_demo():
    script = Path(sys.executable).parent / ("coalition.exe" if os.name == "nt" else "coalition")
    found = str(script) if script.exists() else shutil.which("coalition")
    if found is None:
        pytest.skip("the `coalition` script is not installed in this environment")
    proc = subprocess.run([found, "demo"], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "illustrative" in proc.stdout.lower() and "Shapley" in proc.stdout
    assert "EV maker" in proc.stdout and "100.0%" in proc.stdout
