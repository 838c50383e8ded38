"""Weighted scenarios in game files: each file read back into a ScenarioGame
equal to one written out by hand in Python, and every bad file refused with
a message that names the entry and the problem."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalition as co
from coalition.errors import GameFileError
from coalition.io import read_scenarios, scenarios_from_dict

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "consortium_scenarios.toml"

BASE = {"A": 1, "B": 2, "C": 0, "A+B": 6, "A+C": 3, "B+C": 4, "A+B+C": 10}
HEAD = 'players = ["A", "B", "C"]\n[values]\n' + "".join(f'"{k}" = {v}\n' for k, v in BASE.items())


def _file(tmp_path: Path, text: str, name: str = "g.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _same(sg: co.ScenarioGame, games: list[co.Game], weights: list[float]) -> None:
    assert sg.players == games[0].players and sg.kind == games[0].kind
    assert sg.weights.tolist() == pytest.approx(weights)
    assert len(sg.scenarios) == len(games)
    for got, want in zip(sg.scenarios, games):
        np.testing.assert_array_equal(got.values, want.values)


def test_example_file_equals_the_scenarios_written_by_hand():
    players = ["Lab", "Factory", "Distributor"]
    base = {"Lab": 4, "Factory": 10, "Distributor": 6, "Lab+Factory": 30, "Lab+Distributor": 14,
            "Factory+Distributor": 24, "Lab+Factory+Distributor": 50}
    slump = dict(base, **{"Lab+Factory": 20, "Factory+Distributor": 22, "Lab+Factory+Distributor": 32})
    boom = dict(base, **{"Lab+Factory": 44, "Lab+Distributor": 20, "Lab+Factory+Distributor": 80})
    games = [co.Game.from_dict(v, players=players) for v in (slump, base, boom)]
    _same(read_scenarios(EXAMPLE), games, [0.2, 0.5, 0.3])
    # the same file is still a game file: its base game
    assert co.io.read_game(EXAMPLE).grand_value == 50.0


def test_json_and_toml_give_the_same_scenarios(tmp_path):
    doc = {"players": ["A", "B", "C"], "values": BASE,
           "scenario": [{"name": "low", "weight": 0.25, "values": {"A+B+C": 7}},
                        {"name": "high", "weight": 0.75, "values": {"A+B": 9, "A+B+C": 14}}]}
    from_json = read_scenarios(_file(tmp_path, json.dumps(doc), "g.json"))
    toml = HEAD + ('[[scenario]]\nname = "low"\nweight = 0.25\nvalues = {"A+B+C" = 7}\n'
                   '[[scenario]]\nname = "high"\nweight = 0.75\n[scenario.values]\n"A+B" = 9\n"A+B+C" = 14\n')
    from_toml = read_scenarios(_file(tmp_path, toml))
    games = [co.Game.from_dict(dict(BASE, **{"A+B+C": 7})), co.Game.from_dict(dict(BASE, **{"A+B": 9, "A+B+C": 14}))]
    _same(from_json, games, [0.25, 0.75])
    _same(from_toml, games, [0.25, 0.75])
    _same(scenarios_from_dict(doc), games, [0.25, 0.75])


def test_a_scenario_that_stands_alone_and_equal_weights(tmp_path):
    own = {"A": 0, "B": 0, "C": 0, "A+B": 1, "A+C": 1, "B+C": 1, "B+A+C": 2}  # any order of names
    doc = {"values": BASE, "scenario": [{"name": "base"}, {"name": "own", "inherit": False, "values": own}]}
    sg = scenarios_from_dict(doc)
    _same(sg, [co.Game.from_dict(BASE), co.Game.from_dict(own, players=["A", "B", "C"])], [0.5, 0.5])


def test_fill_applies_to_each_scenario_after_its_worths_are_merged():
    doc = {"fill": "additive", "values": {"A": 1, "B": 2, "A+B": 5},
           "scenario": [{"name": "s", "weight": 1, "values": {"A": 3}}]}
    (g,) = scenarios_from_dict(doc).scenarios
    assert g.value("A") == 3 and g.value("A+B") == 5


def test_a_cost_file_gives_cost_scenarios():
    doc = {"kind": "cost", "values": {"A": 4, "B": 4, "A+B": 6},
           "scenario": [{"name": "s", "weight": 1, "values": {"A+B": 7}}]}
    sg = scenarios_from_dict(doc)
    assert sg.kind == "cost" and sg.scenarios[0].value("A+B") == 7


@pytest.mark.parametrize(("scenarios", "words"), [
    ([{"name": "a", "weight": 0.5}, {"name": "b", "weight": 0.6}], ["`scenario`", "add up to 1", "1.1"]),
    ([{"name": "a", "weight": -0.5}, {"name": "b", "weight": 1.5}], ["non-negative"]),
    ([{"name": "a", "weight": "half"}], ["`scenario[0].weight`", "expected a number", "'half'"]),
    ([{"name": "a", "weight": 0.5}, {"name": "b"}], ["`scenario[1]`", "every scenario a weight"]),
    ([{"name": "a", "wieght": 1}], ["`scenario[0].wieght`", "unknown key", "name, weight, values, inherit"]),
    ([{"weight": 1}], ["`scenario[0].name`", "non-empty name"]),
    ([{"name": "a", "weight": 0.5}, {"name": "a", "weight": 0.5}], ["`scenario[1].name`", "'a' is used twice"]),
    ([{"name": "a", "weight": 1, "values": {"A+Z": 3}}], ["`scenario[0].values.\"A+Z\"`", "'Z'", "not in `players`"]),
    ([{"name": "a", "weight": 1, "values": {"A+B": "x"}}], ["`scenario[0].values.\"A+B\"`", "expected a number"]),
    ([{"name": "a", "weight": 1, "values": [1, 2]}], ["`scenario[0].values`", "table of coalition worths"]),
    ([{"name": "a", "weight": 1, "inherit": "no"}], ["`scenario[0].inherit`", "true or false"]),
    ([{"name": "a", "weight": 1, "inherit": False,
       "values": {"A": 1, "B": 1, "C": 1, "A+B": 2, "A+C": 2, "B+C": 2}}],
     ["`scenario[0].values`", "lacks 1", "A+B+C"]),
    ([{"name": "a", "weight": 1, "inherit": False}], ["`scenario[0]`", "gives no worths"]),
    ([], ["`scenario`", "non-empty list"]),
    ("a", ["`scenario`", "non-empty list"]),
    (["a"], ["`scenario[0]`", "expected a table"]),
])
def test_bad_scenarios_are_refused_with_the_entry_named(scenarios, words):
    with pytest.raises(GameFileError) as info:
        scenarios_from_dict({"players": ["A", "B", "C"], "values": BASE, "scenario": scenarios}, source="f.toml")
    message = str(info.value)
    assert message.startswith("`f.toml`")
    for word in words:
        assert word in message


def test_a_file_without_scenarios_or_in_csv_is_refused(tmp_path):
    with pytest.raises(GameFileError, match="has no `scenario` entries"):
        read_scenarios(_file(tmp_path, HEAD))
    with pytest.raises(GameFileError, match="CSV game file cannot hold scenarios"):
        read_scenarios(_file(tmp_path, "coalition,value\nA,1\n", "g.csv"))
    with pytest.raises(GameFileError, match="no such file"):
        read_scenarios(tmp_path / "missing.toml")
    with pytest.raises(GameFileError, match="key `bogus`"):  # the top-level check still names unknown keys
        read_scenarios(_file(tmp_path, "bogus = 1\n" + HEAD))


_WORTH = st.integers(-20, 40)


@given(base=st.lists(_WORTH, min_size=7, max_size=7),
       overrides=st.lists(st.dictionaries(st.integers(1, 7), _WORTH, max_size=7), min_size=1, max_size=4),
       raw_weights=st.lists(st.integers(1, 9), min_size=4, max_size=4))
def test_each_scenario_is_the_base_table_with_its_own_worths_replaced(base, overrides, raw_weights):
    names = ("A", "B", "C")

    def key(mask: int) -> str:
        return "+".join(p for i, p in enumerate(names) if mask >> i & 1)

    k = len(overrides)
    weights = np.array(raw_weights[:k], dtype=float) / sum(raw_weights[:k])
    doc = {"players": list(names), "values": {key(m): base[m - 1] for m in range(1, 8)},
           "scenario": [{"name": f"s{j}", "weight": float(weights[j]), "values": {key(m): v for m, v in o.items()}}
                        for j, o in enumerate(overrides)]}
    sg = scenarios_from_dict(doc)
    for j, o in enumerate(overrides):
        table = np.array([0.0, *base])
        for m, v in o.items():
            table[m] = v
        np.testing.assert_array_equal(sg.scenarios[j].values, table)
    np.testing.assert_allclose(sg.weights, weights)


@pytest.mark.parametrize("doc", [
    {"fill": "unknown", "values": {"A": 1, "B": 2, "C": 0, "A+B+C": 10}},
    {"values": {**BASE, "A+B": [5, 7]}},
])
def test_unknown_or_ranged_worths_are_refused_by_name(doc):
    with pytest.raises(GameFileError) as info:
        scenarios_from_dict({"players": ["A", "B", "C"], **doc, "scenario": [{"name": "a", "values": {"A+C": 4}}]},
                            source="f.toml")
    message = str(info.value)
    assert message.startswith("`f.toml`, key `scenario[0].values`")
    assert "ranges or unknown worths" in message and "IntervalGame" not in message
