"""Game files: round trips, the examples, and every malformed file we refuse."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalition as co
from coalition.errors import GameFileError, InvalidGameError, InvalidParameterError

from .oracles import shapley_by_orders

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FORMATS = ("toml", "json", "csv")


def same_game(a: co.Game, b: co.Game) -> bool:
    return a.players == b.players and a.kind == b.kind and np.array_equal(a.values, b.values)


# ---------------------------------------------------------------------------
# round trips
# ---------------------------------------------------------------------------
# Names that a game file can hold: no '+', no control characters, no spaces
# at either end.
names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="+"),
    min_size=1,
    max_size=6,
).filter(lambda s: s.strip() == s and s != "")


@st.composite
def games(draw):
    n = draw(st.integers(1, 4))
    players = draw(st.lists(names, min_size=n, max_size=n, unique=True))
    worths = draw(
        st.lists(
            # every finite float the library accepts as a worth (|v| <= 1e150)
            st.floats(-1e150, 1e150, allow_nan=False) | st.integers(-(2**60), 2**60).map(float),
            min_size=(1 << n) - 1,
            max_size=(1 << n) - 1,
        )
    )
    kind = draw(st.sampled_from(["profit", "cost"]))
    return co.Game([0.0, *worths], players=players, kind=kind)


@given(game=games(), fmt=st.sampled_from(FORMATS))
def test_dumps_then_loads_gives_the_same_game(game, fmt):
    back = co.io.loads(co.io.dumps(game, format=fmt), format=fmt)
    assert same_game(back, game)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", ["profit", "cost"])
def test_write_then_read_gives_the_same_game(tmp_path, fmt, kind):
    players = ['Hub "A"', "Batt\\ery", "Fac, Inc.", "Ünï cødé", "x y"]
    rng = np.random.default_rng(7)
    values = np.concatenate([[0.0], rng.normal(size=31) * 1e3, ])
    values[5] = 42.0  # an integral worth is written as an integer
    game = co.Game(values, players=players, kind=kind)
    path = tmp_path / f"game.{fmt}"
    co.io.write_game(game, path)
    assert same_game(co.io.read_game(path), game)
    assert same_game(co.io.read_game(str(path)), game)
    assert os.listdir(tmp_path) == [path.name]  # no temporary file left behind


def test_write_game_with_format_override(tmp_path):
    game = co.families.airport([8, 11, 13, 18])
    path = tmp_path / "runway.txt"
    co.io.write_game(game, path, format="json")
    json.loads(path.read_text())  # really JSON
    assert same_game(co.io.read_game(path, format="json"), game)


def test_write_game_replaces_an_existing_file_atomically(tmp_path):
    path = tmp_path / "g.toml"
    path.write_text("old contents")
    game = co.Game([0, 1, 2, 6], players=["A", "B"])
    co.io.write_game(game, path)
    assert same_game(co.io.read_game(path), game)
    assert sorted(os.listdir(tmp_path)) == ["g.toml"]


def test_write_game_refuses_names_it_could_not_read_back(tmp_path):
    path = tmp_path / "g.toml"
    path.write_text("untouched")
    with pytest.raises(GameFileError, match=r"'A\+B'.*contains '\+'"):
        co.io.write_game(co.Game([0, 1, 2, 6], players=["A+B", "C"]), path)
    with pytest.raises(GameFileError, match=r"' A'.*spaces"):
        co.io.write_game(co.Game([0, 1, 2, 6], players=[" A", "C"]), path)
    assert path.read_text() == "untouched"
    assert os.listdir(tmp_path) == ["g.toml"]


def test_write_game_errors(tmp_path):
    game = co.Game([0, 1, 2, 6])
    with pytest.raises(GameFileError, match=r"`.*missing.*g\.toml`: cannot be written"):
        co.io.write_game(game, tmp_path / "missing" / "g.toml")
    with pytest.raises(InvalidParameterError, match=r"`path`.*'\.xlsx'"):
        co.io.write_game(game, tmp_path / "g.xlsx")
    with pytest.raises(InvalidParameterError, match="`format`"):
        co.io.write_game(game, tmp_path / "g.toml", format="yaml")
    with pytest.raises(InvalidGameError, match="`game`"):
        co.io.write_game({"A": 1}, tmp_path / "g.toml")
    with pytest.raises(InvalidParameterError, match="`path`"):
        co.io.write_game(game, 42)
    assert os.listdir(tmp_path) == []


# ---------------------------------------------------------------------------
# the examples and the demo data
# ---------------------------------------------------------------------------
def test_demo_data_is_the_example_file():
    embedded = ROOT / "src" / "coalition" / "data" / "ev_alliance.toml"
    assert embedded.read_bytes() == (EXAMPLES / "ev_alliance.toml").read_bytes()


def test_airport_example_matches_littlechild_owen():
    # Littlechild, S. C. and Owen, G. (1973). A simple expression for the
    # Shapley value in a special case. Management Science 20(3), 370-372:
    # each runway segment is shared equally by the planes that use it.
    game = co.io.read_game(EXAMPLES / "airport.json")
    assert game.kind == "cost" and game.players == ("Small", "Medium", "Large", "Jumbo")
    costs = [8, 11, 13, 18]
    expected, below = np.zeros(4), 0
    for k, c in enumerate(costs):
        expected[k:] += (c - below) / (4 - k)
        below = c
    np.testing.assert_allclose(expected, [2, 3, 4, 9])
    np.testing.assert_allclose(co.shapley(game).x, expected)


def test_superadditive_fill_example_against_best_partitions():
    game = co.io.read_game(EXAMPLES / "rd_consortium.toml")
    doc = co.io.loads((EXAMPLES / "rd_consortium.toml").read_text(), format="toml")
    assert same_game(game, doc)
    given = {
        frozenset(k.split("+")): v
        for k, v in {
            "University": 2, "Lab": 3, "Startup": 1, "Pharma": 10, "University+Lab": 9,
            "Startup+Pharma": 18, "University+Pharma": 16, "University+Lab+Pharma": 25,
            "University+Lab+Startup+Pharma": 36,
        }.items()
    }

    def partitions(items):
        if not items:
            yield []
            return
        first, rest = items[0], items[1:]
        for p in partitions(rest):
            yield [[first], *p]
            for i in range(len(p)):
                yield [*p[:i], [first, *p[i]], *p[i + 1:]]

    for r in range(1, 5):
        for coal in itertools.combinations(game.players, r):
            if frozenset(coal) in given:
                best = given[frozenset(coal)]
            else:
                best = max(
                    sum(given[frozenset(b)] for b in p)
                    for p in partitions(list(coal))
                    if all(frozenset(b) in given for b in p)
                )
            assert game.value(list(coal)) == best, coal


def test_csv_example_with_brute_force_shapley():
    game = co.io.read_game(EXAMPLES / "joint_venture.csv")
    assert game.players == ("Alpha", "Beta", "Gamma") and game.kind == "profit"
    assert game.to_dict() == {
        "Alpha": 12, "Beta": 8, "Alpha+Beta": 30, "Gamma": 5,
        "Alpha+Gamma": 22, "Beta+Gamma": 16, "Alpha+Beta+Gamma": 42,
    }
    np.testing.assert_allclose(co.shapley(game).x, shapley_by_orders(game.values, 3))


# ---------------------------------------------------------------------------
# options and tolerated variations
# ---------------------------------------------------------------------------
CSV = "coalition,value\nA,1\nB,2\nA+B,6\n"


def test_csv_kind_from_argument_or_header():
    assert co.io.loads(CSV, format="csv").kind == "profit"
    cost = co.io.loads(CSV, format="csv", kind="cost")
    assert cost.kind == "cost" and list(cost.values) == [0, 1, 2, 6]
    headed = co.io.loads(CSV.replace("value", "cost"), format="csv")
    assert headed.kind == "cost"
    assert co.io.loads(CSV.replace("value", "cost"), format="csv", kind="cost").kind == "cost"


def test_fill_from_argument():
    game = co.io.loads("coalition,value\nA,1\nB,2\nC,4\nA+B+C,10\n", format="csv", fill="additive")
    assert game.value("A+C") == 5 and game.value("B+C") == 6 and game.grand_value == 10


def test_tolerated_csv_variations():
    text = "\ufeffCoalition , Value\r\n\r\nA , 1\r\n B+ A ,6\r\nB,2e0\r\n\r\n"
    game = co.io.loads(text, format="csv")
    assert game.players == ("A", "B") and list(game.values) == [0, 1, 2, 6]


def test_empty_coalition_may_be_given_as_zero():
    game = co.io.loads('{"values": {"": 0, "A": 1, "B": 2, "A+B": 6}}', format="json")
    assert list(game.values) == [0, 1, 2, 6]


def test_players_fix_the_order_and_json_null_means_absent():
    text = '{"players": ["B", "A"], "fill": null, "values": {"A": 1, "B": 2, "A+B": 6}}'
    game = co.io.loads(text, format="json")
    assert game.players == ("B", "A") and list(game.values) == [0, 2, 1, 6]


def test_bad_options():
    with pytest.raises(InvalidParameterError, match="`kind`"):
        co.io.loads(CSV, format="csv", kind="loss")
    with pytest.raises(InvalidParameterError, match="`fill`"):
        co.io.loads(CSV, format="csv", fill="zero")
    with pytest.raises(InvalidParameterError, match="`format`"):
        co.io.loads(CSV, format="xls")
    with pytest.raises(InvalidParameterError, match="`text`"):
        co.io.loads(b"coalition,value", format="csv")
    with pytest.raises(InvalidParameterError, match=r"`path`.*'\.txt'"):
        co.io.read_game("game.txt")
    with pytest.raises(InvalidParameterError, match=r"`path`.*'\(none\)'"):
        co.io.read_game("game")


# ---------------------------------------------------------------------------
# malformed files: each names the file, the key or line, and what was expected
# ---------------------------------------------------------------------------
MALFORMED = [
    # (file name, contents, fragments the message must contain)
    ("syntax.toml", "[values]\nA = 1\nB = = 2\n", ["not valid TOML", "line 3"]),
    ("syntax.json", '{"values": {"A": 1,\n "B" 2}}', ["line 2", "not valid JSON"]),
    ("kind.toml", 'kind = "loss"\n[values]\nA = 1\n', ["key `kind`", "'profit' or 'cost'", "'loss'"]),
    ("kind.json", '{"kind": 3, "values": {"A": 1}}', ["key `kind`", "the number 3"]),
    ("fill.toml", 'fill = "zero"\n[values]\nA = 1\n', ["key `fill`", "'additive' or 'superadditive'"]),
    ("text.toml", '[values]\nA = 1\nB = "two"\n"A+B" = 3\n', ["key `values.B`", "expected a number", "'two'"]),
    ("text.json", '{"values": {"A": 1, "B": [2], "A+B": 3}}', ["key `values.B`", "expected a number", "a list"]),
    ("bool.toml", "[values]\nA = true\n", ["key `values.A`", "got true"]),
    ("nan.toml", "[values]\nA = nan\n", ["key `values.A`", "finite"]),
    ("inf.json", '{"values": {"A": 1e400}}', ["key `values.A`", "finite"]),
    ("nan.csv", "coalition,value\nA,nan\n", ["line 2", "finite"]),
    ("unknown_player.toml", 'players = ["A", "B"]\n[values]\nA = 1\nB = 2\n"A+C" = 3\n',
     ['key `values."A+C"`', "'C'", "not in `players`"]),
    ("unknown_player.json", '{"players": ["A"], "values": {"A": 1, "Z": 2}}', ["key `values.Z`", "'Z'"]),
    ("missing.toml", "[values]\nA = 1\nB = 2\n", ["key `values`", "lacks 1 of the 3 coalitions", "A+B", 'fill = "additive"']),
    ("missing.json", '{"values": {"A": 1, "B": 2, "C": 3}}', ["key `values`", "lacks 4 of the 7", "A+B, A+C, B+C, A+B+C"]),
    ("missing.csv", "coalition,value\nA,1\nB,2\n", ["lacks 1 of the 3", "A+B", "fill='additive'", "--fill"]),
    ("twice.toml", '[values]\nA = 1\nB = 2\n"A+B" = 3\n"B+A" = 4\n',
     ['key `values."B+A"`', "A+B again", 'key `values."A+B"`']),
    ("twice.json", '{"values": {"A": 1, "B": 2, "A+B": 3, "A+B": 4}}', ["'A+B' appears twice"]),
    ("twice.csv", "coalition,value\nA,1\nB,2\nA+B,3\nA,5\n", ["line 5", "A again", "line 2"]),
    ("empty.toml", "", ["is empty", "[values]"]),
    ("empty.json", "  \n", ["is empty", "JSON"]),
    ("empty.csv", "", ["is empty", "coalition,value"]),
    ("comments.toml", "# nothing yet\n", ["has no `values`"]),
    ("header.csv", "team,worth\nA,1\n", ["line 1", "header `coalition,value`", "'team,worth'"]),
    ("headless.csv", "A,1\nB,2\nA+B,3\n", ["line 1", "header"]),
    ("columns.csv", "coalition,value\nA,1\nB,2,3\nA+B,4\n", ["line 3", "2 columns", "got 3"]),
    ("one_column.csv", "coalition,value\nA,1\nB\nA+B,4\n", ["line 3", "2 columns", "got 1"]),
    ("number.csv", "coalition,value\nA,1\nB,two\nA+B,4\n", ["line 3", "expected a number", "'two'"]),
    ("header_only.csv", "coalition,value\n", ["no coalitions"]),
    ("typo.toml", "[vaules]\nA = 1\n", ["key `vaules`", "unknown key", "values"]),
    ("not_table.toml", "values = 3\n", ["key `values`", "the number 3"]),
    ("empty_values.json", '{"values": {}}', ["key `values`", "is empty"]),
    ("array.json", "[1, 2]", ["expected a JSON object", "a list"]),
    ("players.toml", 'players = "A+B"\n[values]\nA = 1\n', ["key `players`", "list of player names"]),
    ("players_twice.json", '{"players": ["A", "A"], "values": {"A": 1}}', ["key `players[1]`", "'A' is listed twice"]),
    ("players_plus.json", '{"players": ["A+B"], "values": {"A": 1}}', ["key `players[0]`", "contains '+'"]),
    ("players_blank.json", '{"players": ["A", " "], "values": {"A": 1}}', ["key `players[1]`", "non-empty name"]),
    ("players_empty.toml", "players = []\n[values]\nA = 1\n", ["key `players`", "is empty"]),
    ("gap.toml", '[values]\n"A++B" = 1\n', ['key `values."A++B"`', "empty name"]),
    ("repeat.toml", '[values]\n"A+A" = 1\n', ['key `values."A+A"`', "'A' twice"]),
    ("empty_coalition.json", '{"values": {"": 3, "A": 1}}', ['key `values.""`', "empty coalition", "worth 0"]),
    ("no_player.json", '{"values": {"": 0}}', ["key `values`", "names no player"]),
    ("order.toml", '[values]\nA = 1\nkind = "cost"\n', ["key `values.kind`", "before the [values] table"]),
    ("title.toml", "title = 5\n[values]\nA = 1\n", ["key `title`", "expected a string"]),
    ("additive.toml", 'fill = "additive"\n[values]\nA = 1\n"A+B" = 3\n', ["key `values`", "standalone", "B"]),
    ("superadditive.json", '{"fill": "superadditive", "values": {"A": 1, "A+B": 3, "A+B+C": 7}}',
     ["key `values`", "cannot be filled", "B"]),
]


@pytest.mark.parametrize("name, text, fragments", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_file_names_file_and_place(tmp_path, name, text, fragments):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GameFileError) as info:
        co.io.read_game(path)
    message = str(info.value)
    assert message.startswith(f"`{path}`")
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    # The same text, parsed from a string, fails the same way.
    with pytest.raises(GameFileError) as again:
        co.io.loads(text, format=name.rsplit(".", 1)[1], source="text")
    assert str(again.value) == message.replace(f"`{path}`", "`text`", 1)


def test_game_file_error_is_an_invalid_game_error():
    assert issubclass(GameFileError, InvalidGameError)
    assert issubclass(GameFileError, co.CoalitionError)


def test_kind_and_fill_conflicts_name_the_key(tmp_path):
    toml = tmp_path / "g.toml"
    toml.write_text('kind = "profit"\nfill = "additive"\n[values]\nA = 1\nB = 2\n')
    with pytest.raises(GameFileError, match=r"`.*g\.toml`, key `kind`: the file says 'profit' but kind='cost'"):
        co.io.read_game(toml, kind="cost")
    with pytest.raises(GameFileError, match=r"key `fill`: the file says 'additive' but fill='superadditive'"):
        co.io.read_game(toml, fill="superadditive")
    assert co.io.read_game(toml, kind="profit", fill="additive").grand_value == 3
    csv_path = tmp_path / "g.csv"
    csv_path.write_text("coalition,cost\nA,1\nB,2\nA+B,2\n")
    with pytest.raises(GameFileError, match=r"`.*g\.csv`, line 1 \(the header\): the file says 'cost'"):
        co.io.read_game(csv_path, kind="profit")


def test_unreadable_paths(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(GameFileError, match=r"`.*nope\.toml`: no such file"):
        co.io.read_game(missing)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(GameFileError, match=r"`.*folder\.json`: is a folder"):
        co.io.read_game(folder)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("coalition,value\nCaf\xe9,1\n".encode("latin-1"))
    with pytest.raises(GameFileError, match=r"`.*latin\.csv`: is not UTF-8 text"):
        co.io.read_game(latin)


def test_superadditive_fill_beyond_its_limit_is_a_file_error():
    players = [f"P{i}" for i in range(16)]
    text = json.dumps({"fill": "superadditive", "values": {p: 1 for p in players}})
    with pytest.raises(GameFileError, match=r"`<string>`, key `values`: .*O\(3\*\*n\)"):
        co.io.loads(text, format="json")
