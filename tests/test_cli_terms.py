"""The `coalition terms` command: each format's numbers parsed back and
compared with the library's term-sheet results (which test_terms checks
against hand-computed waterfalls and brute force)."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

import coalition as co
from coalition.cli import main
from coalition.terms import read_terms

SHEET = """title = "Joint venture"
players = ["A", "B", "C"]
[values]
A = 0
B = 0
C = 0
"A+B" = 60
"A+C" = 60
"B+C" = 60
"A+B+C" = 100
[terms]
stakes = {A = 1}
[[terms.tranche]]
percent = 50
split = "stakes"
[[terms.tranche]]
split = "equal"
"""


@pytest.fixture
def sheet_file(tmp_path):
    path = tmp_path / "jv.toml"
    path.write_text(SHEET)
    return path


def test_json_carries_the_check_stress_and_repair(sheet_file, capsys):
    code = main(["terms", str(sheet_file), "--format", "json", "--stress", "50", "--seed", "3", "--repair", "all"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and out["in_core"] is False
    g = co.io.read_game(sheet_file)
    check = read_terms(sheet_file).check(g)
    assert out["shares"] == pytest.approx(check.allocation.as_dict())
    assert out["blocking"][0]["coalition"] == "B+C"
    assert out["blocking"][0]["gain"] == pytest.approx(60 - 100 / 3)
    assert out["breakdown"]["A"] == pytest.approx({"tranche 1": 50, "tranche 2": 50 / 3})
    assert out["gap"]["Shapley"]["A"] == pytest.approx(100 / 3)
    assert out["stress"]["n_scenarios"] == 50
    (option,) = out["repair"]["options"]
    assert option["parameter"] == "tranche 1.size" and option["after"] == pytest.approx(10, abs=1e-6)


def test_stress_scenarios_are_the_noisy_game(sheet_file, capsys):
    main(["terms", str(sheet_file), "--format", "json", "--stress", "40", "--noise", "0.2", "--seed", "5"])
    out = json.loads(capsys.readouterr().out)
    g = co.io.read_game(sheet_file)
    rng = np.random.default_rng(5)
    draws = []
    for _ in range(40):
        noisy = g.worths * (1 + 0.2 * rng.standard_normal(g.worths.shape))
        noisy[0] = 0.0
        draws.append(co.Game(noisy, players=g.players))
    rep = read_terms(sheet_file).stress(draws)
    assert out["stress"]["in_core_rate"] == pytest.approx(rep.in_core_rate)
    assert out["stress"]["mean"] == pytest.approx(dict(zip(g.players, rep.mean)))


def test_markdown_and_csv(sheet_file, capsys):
    assert main(["terms", str(sheet_file), "--format", "markdown"]) == 1
    md = capsys.readouterr().out
    assert md.startswith("# Joint venture") and "| A | 50 |" in md and "B+C" in md
    main(["terms", str(sheet_file), "--format", "csv"])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["partner", "tranche 1", "tranche 2", "share"]
    assert float(rows[1][3]) == pytest.approx(50 + 50 / 3)


def test_a_stable_sheet_exits_with_zero(tmp_path, capsys):
    path = tmp_path / "ok.toml"
    path.write_text(SHEET.replace("percent = 50", "percent = 5"))
    assert main(["terms", str(path)]) == 0
    assert "stable (in the core)" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["--repair", "tranche 7"], "`--repair` names ['tranche 7']"),
    (["--rules", "Shapely"], "unknown rule"),
    (["--noise", "-1"], "expected a number from 0 to 10"),
    (["--stress", "x"], "expected a whole number"),
])
def test_bad_options(sheet_file, capsys, args, message):
    assert main(["terms", str(sheet_file), *args]) == 2
    assert message in capsys.readouterr().err


def test_a_file_without_terms(tmp_path, capsys):
    path = tmp_path / "g.toml"
    path.write_text('[values]\nA = 1\nB = 1\n"A+B" = 3\n')
    assert main(["terms", str(path)]) == 2
    assert "no `terms` section" in capsys.readouterr().err
    assert main(["terms", "-", "--input-format", "toml"]) == 2
    assert "reads a file path" in capsys.readouterr().err
