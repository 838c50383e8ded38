"""Claims files: an estate and a table of claims read as the bankruptcy game,
the claims rules on it in `compare` and on the command line, and every
malformed claims file refused with the file and key named."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import coalition as co
from coalition.cli import main
from coalition.families.bankruptcy import BankruptcyGame

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "talmud_estate.toml"


def test_example_is_the_talmud_estate():
    g = co.io.read_game(EXAMPLE)
    assert isinstance(g, BankruptcyGame) and g.kind == "profit"
    assert g.players == ("First", "Second", "Third") and g.estate == 200
    np.testing.assert_array_equal(g.claims, [100, 200, 300])
    # v(S) = max(0, E - claims outside S), from the definition
    for mask in range(8):
        outside = sum(c for i, c in enumerate([100, 200, 300]) if not mask >> i & 1)
        assert g.worths[mask] == max(0, 200 - outside)
    # the Talmud's division of 200 (Mishna, Ketubot 93a; Aumann and Maschler 1985)
    assert co.compare(g, rules=["Talmud"])["Talmud"] == {"First": 50.0, "Second": 75.0, "Third": 75.0}


def test_json_and_player_order():
    text = json.dumps({"players": ["C", "A", "B"], "estate": 300, "claims": {"A": 100, "B": 200, "C": 300}})
    g = co.io.loads(text, format="json")
    assert g.players == ("C", "A", "B")
    np.testing.assert_array_equal(g.claims, [300, 100, 200])
    # Talmud at 300: (50, 100, 150) for claims (100, 200, 300)
    np.testing.assert_allclose(co.talmud(g.estate, g.claims).x, [150, 50, 100])


def test_solve_compares_the_claims_rules_by_default(capsys):
    assert main(["solve", str(EXAMPLE), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    rules = {r["rule"]: r["shares"] for r in doc["rules"]}
    assert list(rules) == ["proportional claims", "adjusted proportional", "CEA", "CEL", "Talmud", "random arrival"]
    c = np.array([100.0, 200.0, 300.0])
    np.testing.assert_allclose(rules["proportional claims"], 200 * c / c.sum())
    np.testing.assert_allclose(rules["CEA"], [200 / 3] * 3)
    np.testing.assert_allclose(rules["CEL"], [0, 50, 150])
    np.testing.assert_allclose(rules["Talmud"], [50, 75, 75])
    # random arrival over the 6 orders by hand: First is paid 100 when it
    # arrives first (2 orders), nothing otherwise; Second 200 when first (2),
    # 100 right after First (1 order); Third the same as Second
    np.testing.assert_allclose(rules["random arrival"], [100 / 3, 250 / 3, 250 / 3])
    assert main(["solve", str(EXAMPLE), "--rules", "Shapley,Talmud", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    np.testing.assert_allclose(doc["rules"][0]["shares"], [100 / 3, 250 / 3, 250 / 3])


@pytest.mark.parametrize("text, where, message", [
    ('estate = 1\n[values]\nA = 1\n[claims]\nA = 2\n', "key `claims`", "both `values` and `claims`"),
    ('[claims]\nA = 2\n', "key `claims`", "no `estate`"),
    ('estate = 2\n', "key `estate`", "no `claims`"),
    ('estate = 2\nkind = "cost"\n[claims]\nA = 2\n', "key `kind`", "does not apply"),
    ('estate = 2\nfill = "additive"\n[claims]\nA = 2\n', "key `fill`", "does not apply"),
    ('estate = 2\nclaims = 5\n', "key `claims`", "one claim per claimant"),
    ('estate = 2\n[claims]\n"A+B" = 2\n', "key `claims.\"A+B\"`", "one claimant's name"),
    ('estate = "x"\n[claims]\nA = 2\n', "key `estate`", "number"),
    ('estate = 2\n[claims]\nA = inf\n', "key `claims.A`", "finite"),
    ('estate = 5\n[claims]\nA = 2\nB = 2\n', "key `estate`", "exceeds the total of the claims (4)"),
    ('estate = -1\n[claims]\nA = 2\n', "key `estate`", "non-negative, got -1"),
    ('estate = 1\n[claims]\nA = -2\nB = 2\n', "key `claims.A`", "a claim must be non-negative, got -2"),
    ('estate = true\n[claims]\nA = 2\n', "key `estate`", "expected a number, got true"),
    ('[claims]\nA = 2\nestate = 1\n', "key `claims`", "must come before the [claims] table"),
    ('estate = 1\n[claims]\nA = 2\ntitle = "x"\n', "key `claims.title`", "before the [claims] table"),
    ('estate = 1\n[claims]\n', "key `claims`", "is empty; expected one claim per claimant"),
    ('estate = 1\n[claims]\n" " = 2\n', "key `claims.\" \"`", "a claimant's name is empty"),
    ('players = ["A", "C"]\nestate = 1\n[claims]\nA = 2\nB = 2\n', "key `claims`", "`players` and the claimants differ"),
])
def test_malformed_claims_files(text, where, message):
    with pytest.raises(co.GameFileError) as info:
        co.io.loads(text, format="toml", source="f.toml")
    assert info.value.args[0].startswith("`f.toml`")
    assert where in str(info.value) and message in str(info.value), str(info.value)


def test_json_names_equal_once_stripped_and_no_toml_hint():
    with pytest.raises(co.GameFileError, match=r"names the claimant 'A' again \(also key `claims.A`\)"):
        co.io.loads('{"estate": 1, "claims": {"A": 1, " A": 2}}', format="json")
    with pytest.raises(co.GameFileError) as info:
        co.io.loads('{"estate": null, "claims": {"A": 1}}', format="json")
    assert "expected a number, got null" in str(info.value) and "TOML" not in str(info.value)


def test_kind_or_fill_asked_of_a_claims_file():
    with pytest.raises(co.GameFileError, match="kind='cost' does not apply"):
        co.io.loads('estate = 1\n[claims]\nA = 2\n', format="toml", kind="cost")
    assert co.io.loads('estate = 1\n[claims]\nA = 2\n', format="toml", kind="profit").grand_value == 1


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_bankruptcy_games_round_trip_as_claims(tmp_path, fmt):
    # a bankruptcy game is written as its estate and claims, whatever its
    # size, and read back as the same claims problem
    for claims in ([100, 200.5, 300], list(range(1, 41))):
        g = co.families.bankruptcy(0.4 * sum(claims), claims)
        path = tmp_path / f"g.{fmt}"
        co.io.write_game(g, path)
        back = co.io.read_game(path)
        assert isinstance(back, BankruptcyGame) and back.players == g.players
        assert back.estate == g.estate and np.array_equal(back.claims, g.claims)
    small = co.families.bankruptcy(200, [100, 200, 300])
    text = co.io.dumps(small, format="csv")  # CSV holds tables: the bankruptcy game's worths
    np.testing.assert_array_equal(co.io.loads(text, format="csv").worths, small.worths)


def test_claims_beyond_the_largest_worth_are_named():
    with pytest.raises(co.GameFileError, match=r"key `claims.B`: expected a finite number of at most 1e\+150"):
        co.io.loads("estate = 10\n[claims]\nA = 6\nB = 1e200\n", format="toml")
    with pytest.raises(co.GameFileError, match=r"key `estate`: expected a finite number of at most 1e\+150"):
        co.io.loads("estate = 1e200\n[claims]\nA = 6\n", format="toml")
