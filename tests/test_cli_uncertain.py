"""`coalition solve` and the readers on game files with ranges and unknown coalitions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import coalition as co
from coalition.cli import main

TOML = """title = "Hub and partners"
fill = "unknown"
[values]
Hub = 10
Battery = 5
Grid = 3
"Hub+Battery" = [35, 45]
"Hub+Grid" = 16
"Hub+Battery+Grid" = 60
"""


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ranged(tmp_path):
    path = tmp_path / "hub.toml"
    path.write_text(TOML, encoding="utf-8")
    return path


def test_the_reader_keeps_ranges_and_unknown_coalitions(ranged):
    g = co.io.read_interval_game(ranged)
    assert g.value("Hub+Battery") == (35.0, 45.0)
    assert g.value("Battery+Grid") == (-np.inf, np.inf)
    assert g.unknown_coalitions() == ["Battery+Grid"]
    with pytest.raises(co.GameFileError, match="read_interval_game"):
        co.io.read_game(ranged)


def test_json_ranges_and_an_exact_file_read_as_intervals(tmp_path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"values": {"A": 1, "B": [0, 2], "A+B": 5}}), encoding="utf-8")
    g = co.io.read_interval_game(path)
    assert g.value("B") == (0.0, 2.0) and g.value("A+B") == (5.0, 5.0)
    exact = tmp_path / "e.csv"
    exact.write_text("coalition,value\nA,1\nB,2\nA+B,6\n", encoding="utf-8")
    assert co.io.read_interval_game(exact).known.all()
    partial = tmp_path / "p.csv"
    partial.write_text("coalition,value\nA,1\nB,2\n", encoding="utf-8")
    assert co.io.read_interval_game(partial, fill="unknown").unknown_coalitions() == ["A+B"]


@pytest.mark.parametrize(("values", "match"), [
    ('"A+B" = [5, 4]', "low end above its high end"),
    ('"A+B" = [1, 2, 3]', "a list of 3 items"),
    ('"A+B" = [1, "x"]', "low end|high end"),
])
def test_bad_ranges_are_named(tmp_path, values, match):
    path = tmp_path / "bad.toml"
    path.write_text(f"[values]\nA = 1\nB = 1\n{values}\n", encoding="utf-8")
    with pytest.raises(co.GameFileError, match=match):
        co.io.read_interval_game(path)


def test_ranges_without_fill_still_need_every_coalition(tmp_path):
    path = tmp_path / "g.toml"
    path.write_text('[values]\nA = 1\nB = 1\nC = [0, 2]\n"A+B+C" = 9\n', encoding="utf-8")
    with pytest.raises(co.GameFileError, match='fill = "unknown"'):
        co.io.read_interval_game(path)


def test_solve_prints_the_bounds_of_each_share(ranged, capsys):
    code, out, err = run(capsys, "solve", ranged)
    assert code == 0, err
    assert "Share bounds: Hub and partners" in out and "Shapley low" in out
    want = co.share_bounds(co.io.read_interval_game(ranged), assume="superadditive")
    code, out, _ = run(capsys, "solve", ranged, "--format", "json")
    doc = json.loads(out)
    assert doc["unknown"] == ["Battery+Grid"]
    got = doc["bounds"][0]
    assert got["low"]["Hub"] == pytest.approx(want["Hub"][0]) and got["high"]["Grid"] == pytest.approx(want["Grid"][1])
    assert not got["sampled"]


def test_solve_reports_unbounded_shares_in_words(ranged, capsys):
    code, out, _ = run(capsys, "solve", ranged, "--assume", "none", "--format", "markdown")
    assert code == 0
    assert "unbounded" in out and "Battery+Grid" in out and "inf" not in out
    code, out, _ = run(capsys, "solve", ranged, "--assume", "none", "--format", "csv")
    assert "Hub,," in out  # no number where the share has no bound


def test_solve_labels_sampled_rules(ranged, capsys):
    code, out, _ = run(capsys, "solve", ranged, "--rules", "shapley,nucleolus", "--format", "csv")
    assert code == 0
    rows = [line.split(",") for line in out.strip().splitlines()[1:]]
    assert {(r[0], r[-1]) for r in rows} == {("Shapley", "false"), ("nucleolus", "true")}


def test_other_commands_refuse_a_ranged_file(ranged, capsys):
    code, _, err = run(capsys, "check", ranged, "--proposal", "Hub=20,Battery=20,Grid=20")
    assert code == 2 and "ranges or unknown worths" in err
    code, _, err = run(capsys, "solve", ranged, "--proposal", "Hub=20,Battery=20,Grid=20")
    assert code == 2 and "`--proposal`" in err


def test_infeasible_file_is_an_error_not_a_number(tmp_path, capsys):
    path = tmp_path / "g.toml"
    path.write_text('fill = "unknown"\n[values]\nA = 5\nB = 5\n"A+B" = 4\n"A+B+C" = 20\n', encoding="utf-8")
    code, _, err = run(capsys, "solve", path)
    assert code == 2 and "superadditive" in err and "v(A+B) must be at least 10 and at most 4" in err


def test_the_example_file_of_the_readme(capsys):
    # examples/consortium_ranges.toml: each printed bound is attained by a
    # completion that keeps every known worth and range and is superadditive
    path = Path(__file__).parents[1] / "examples" / "consortium_ranges.toml"
    code, out, err = run(capsys, "solve", path, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    game = co.io.read_interval_game(path)
    bounds = co.share_bounds(game, assume="superadditive")
    n = game.n
    for i, p in enumerate(game.players):
        for side, k in (("low", 0), ("high", 1)):
            assert doc["bounds"][0][side][p] == pytest.approx(bounds[p][k])
            v = bounds.completion(p, side)
            assert np.all(v >= game.lower - 1e-9) and np.all(v <= game.upper + 1e-9)
            for s in range(1, 1 << n):
                t = s
                while t:  # every split of s into two disjoint parts
                    t = (t - 1) & s
                    if t:
                        assert v[s] >= v[t] + v[s ^ t] - 1e-9
            assert co.shapley(co.Game(v, game.players)).x[i] == pytest.approx(bounds[p][k])
