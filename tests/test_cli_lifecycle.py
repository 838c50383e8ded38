"""The `coalition exit`, `enter` and `sensitivity` commands: the numbers each
format carries, parsed back and compared with the library's reports (which
test_lifecycle checks against games solved from scratch and brute force)."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

import coalition as co
from coalition.cli import main

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
SOLAR = """newcomer = "Solar"
[values]
Solar = 2
"Hub+Solar" = 18
"Battery+Solar" = 14
"Plant+Solar" = 4
"Hub+Battery+Solar" = 58
"Hub+Plant+Solar" = 30
"Battery+Plant+Solar" = 20
"Hub+Battery+Plant+Solar" = 75
"""


@pytest.fixture
def files(tmp_path):
    game, solar = tmp_path / "alliance.toml", tmp_path / "solar.toml"
    game.write_text(GAME)
    solar.write_text(SOLAR)
    return str(game), str(solar)


def run(argv, capsys):
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_exit_json_and_csv_carry_the_reports_numbers(files, capsys):
    game = co.io.read_game(files[0])
    expected = co.exit_report(game, "Plant", rules=["Shapley", "nucleolus"])
    status, out, _ = run(["exit", files[0], "Plant", "--format", "json"], capsys)
    assert status == 0
    doc = json.loads(out)
    np.testing.assert_allclose(doc["before"], expected.before)
    np.testing.assert_allclose(doc["after"], expected.after)
    np.testing.assert_allclose(doc["max_payment"], expected.max_payment)
    assert doc["partner"] == "Plant" and doc["players"] == ["Hub", "Battery"]
    status, out, _ = run(["exit", files[0], "Plant", "--format", "csv", "--rules", "shapley"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["partner"], float(r["before"]), float(r["after"])) for r in rows] == [
        ("Hub", 30.0, 24.0), ("Battery", 21.0, 18.0)]


def test_exit_table_and_markdown_read_well(files, capsys):
    status, out, _ = run(["exit", files[0], "Plant"], capsys)
    assert status == 0 and "Plant leaves a profit game of 3 partners" in out
    assert "would have to pay them 9" in out
    status, out, _ = run(["exit", files[0], "Battery", "--format", "markdown"], capsys)
    assert "| partner | Shapley before | after | change |" in out


def test_enter_reads_the_newcomers_file(files, capsys):
    game = co.io.read_game(files[0])
    worths = {"Solar": 2, "Hub+Solar": 18, "Battery+Solar": 14, "Plant+Solar": 4, "Hub+Battery+Solar": 58,
              "Hub+Plant+Solar": 30, "Battery+Plant+Solar": 20, "Hub+Battery+Plant+Solar": 75}
    expected = co.entry_report(game, "Solar", worths, rules=["Shapley"])
    status, out, _ = run(["enter", files[0], files[1], "--rules", "Shapley", "--format", "json"], capsys)
    assert status == 0
    doc = json.loads(out)
    np.testing.assert_allclose(doc["after"], expected.after)
    np.testing.assert_allclose(doc["newcomer_share"], expected.newcomer_share)
    np.testing.assert_allclose(doc["fee"], expected.fee)
    assert doc["filled"] == []


def test_enter_fills_or_refuses_missing_coalitions(files, tmp_path, capsys):
    short = tmp_path / "short.toml"
    short.write_text('newcomer = "Solar"\n[values]\nSolar = 2\n"Hub+Solar" = 18\n')
    status, out, _ = run(["enter", files[0], str(short), "--format", "json"], capsys)
    assert status == 0 and len(json.loads(out)["filled"]) == 6
    status, _, err = run(["enter", files[0], str(short), "--newcomer-fill", "none"], capsys)
    assert status == 2 and "`worths` lacks 6 coalitions" in err


@pytest.mark.parametrize("text, fragment", [
    ('[values]\nSolar = 2\n', "key `newcomer`"),
    ('newcomer = "Solar"\nvalues = 3\n', "key `values`"),
    ('newcomer = "Solar"\nextra = 1\n[values]\nSolar = 2\n', "expected the keys `newcomer`"),
    ('newcomer = "Solar"\n[values]\nSolar = "two"\n', "expected a number"),
    ('newcomer = "Hub"\n[values]\nHub = 2\n', "`newcomer` must be a new partner's name"),
    ('newcomer = "Solar"\n[values\n', "not valid TOML"),
])
def test_enter_bad_newcomer_file_exits_2_with_one_line(files, tmp_path, capsys, text, fragment):
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    status, out, err = run(["enter", files[0], str(bad)], capsys)
    assert status == 2 and out == "" and fragment in err and err.count("\n") == 1


def test_enter_refuses_other_extensions(files, tmp_path, capsys):
    status, _, err = run(["enter", files[0], files[0].replace(".toml", ".csv")], capsys)
    assert status == 2 and "must be .toml or .json" in err


def test_sensitivity_lists_the_top_coalitions(files, capsys):
    game = co.io.read_game(files[0])
    expected = co.sensitivity(game, "Shapley", top=3)
    status, out, _ = run(["sensitivity", files[0], "--partner", "Hub", "--top", "3", "--format", "csv"], capsys)
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["coalition"], float(r["coefficient"])) for r in rows] == [(c, a) for c, a, _, _ in expected.top["Hub"]]
    status, out, _ = run(["sensitivity", files[0], "--rule", "nucleolus", "--format", "json", "--top", "2"], capsys)
    doc = json.loads(out)
    assert doc["method"] == "active set" and "valid locally" in doc["notes"][0] and set(doc["top"]) == {"Hub", "Battery", "Plant"}


@pytest.mark.parametrize("argv, fragment", [
    (["exit", "{game}", "Solar"], "`partner` must be one of the partners"),
    (["exit", "{game}", "Plant", "--rules", "shapely"], "unknown rule 'shapely'"),
    (["sensitivity", "{game}", "--partner", "Solar"], "`--partner` must be one of"),
    (["sensitivity", "{game}", "--top", "0"], "expected a whole number, 1 or more"),
    (["sensitivity", "{game}", "--rule", "shapely"], "`rule` has 'shapely'"),
])
def test_lifecycle_bad_input_exits_2(files, capsys, argv, fragment):
    status, out, err = run([a.format(game=files[0]) for a in argv], capsys)
    assert status == 2 and out == "" and fragment in err
