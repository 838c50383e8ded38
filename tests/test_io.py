"""Game files: round trips, the examples, and every malformed file we refuse."""

from __future__ import annotations

import itertools
import json
import os
import re
import stat
import threading
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coalition as co
from coalition.io.atomic import _atomic_write
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
def test_negative_zero_survives_a_round_trip(fmt):
    game = co.Game([0.0, -0.0, 1.0, 2.0], players=["A", "B"])
    back = co.io.loads(co.io.dumps(game, format=fmt), format=fmt)
    assert back.values.tobytes() == game.values.tobytes()


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


# ---------------------------------------------------------------------------
# hostile files: every one is a GameFileError naming the file, in one short line
# ---------------------------------------------------------------------------
BIG = "1" * 5001  # past Python's 4300-digit limit on converting decimal text to int
HOSTILE = [
    # (file name, contents as bytes, a fragment the message must contain)
    ("big.json", f'{{"values": {{"A": {BIG}}}}}'.encode(), "integer of 5,001 digits"),
    ("big_negative.json", f'{{"values": {{"A": -{BIG}}}}}'.encode(), "integer of 5,001 digits"),
    ("big_kind.json", f'{{"kind": {BIG}, "values": {{"A": 1}}}}'.encode(), "key `kind`"),
    ("big_players.json", f'{{"players": [{BIG}], "values": {{"A": 1}}}}'.encode(), "key `players[0]`"),
    ("big.toml", f"[values]\nA = 1\nB = {BIG}\n".encode(), "line 3"),
    ("big_underscores.toml", f"[values]\nA = 1_{BIG}\n".encode(), "thousands of digits"),
    ("big.csv", f"coalition,value\nA,{BIG}\n".encode(), "line 2"),
    ("deep.json", b'{"values": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
    ("deep.toml", b"[values]\nA = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply"),
    ("deep_tables.toml", b"x = " + b"{a = " * 50_000 + b"1" + b"}" * 50_000 + b"\n", "TOML"),
    ("nan.json", b'{"values": {"A": NaN}}', "finite"),
    ("infinity.json", b'{"values": {"A": 1, "B": -Infinity, "A+B": 2}}', "finite"),
    ("string.json", b'{"values": {"A": "1"}}', "expected a number"),
    ("null.json", b'{"values": {"A": null}}', "expected a number"),
    ("object.json", b'{"values": {"A": {"B": 1}}}', "expected a number"),
    ("values_list.json", b'{"values": [1, 2]}', "key `values`"),
    ("top_string.json", b'"values"', "expected a JSON object"),
    ("datetime.toml", b"[values]\nA = 1979-05-27T07:32:00Z\n", "expected a number"),
    ("garbage.toml", bytes(range(256)) * 4, "not UTF-8"),
    ("garbage.json", b"\x00\x01\x02\x7f" * 64, "not valid JSON"),
    ("nul.csv", b"coalition,value\nA\x00,1\n", "control character"),
    # a control character that str.strip would remove from around a name
    ("vertical_tab.csv", b"coalition,value\nA\x0b+B,1\n", "control character"),
    ("huge.csv", b"coalition,value\nA,1\nB,1e200\nA+B,2\n", "at most 1e+150 in magnitude, got 1e+200"),
    ("huge_second_line.json", b'{"values": {"A": 1, "B": -2e150, "A+B": 1}}', "key `values.B`"),
    ("escape.json", b'{"values": {"\\u001b[2J": 1}}', "control character"),
    ("escape_title.toml", b'title = "\\u001b[2J"\n[values]\nA = 1\n', "key `title`"),
    ("latin1.json", '{"values": {"Café": 1}}'.encode("latin-1"), "not UTF-8"),
    ("utf16.json", '{"values": {"A": 1}}'.encode("utf-16"), "not UTF-8"),
    ("empty.json", b"", "is empty"),
    ("bom_only.csv", b"\xef\xbb\xbf", "is empty"),
    ("duplicate.json", b'{"values": {"A": 1, "A": 2}}', "appears twice"),
    ("duplicate_top.json", b'{"values": {"A": 1}, "values": {"A": 2}}', "appears twice"),
    ("duplicate.toml", b"[values]\nA = 1\nA = 2\n", "not valid TOML"),
    ("surrogate_key.json", b'{"values": {"\\ud800": 1}}', "surrogate"),
    ("surrogate_player.json", b'{"players": ["A\\udfff"], "values": {"A\\udfff": 1}}', "key `players[0]`"),
    ("surrogate_title.json", b'{"title": "\\ud83d", "values": {"A": 1}}', "key `title`"),
    ("surrogate.csv", "coalition,value\nA,1\n".encode() + b"\xed\xa0\x80,2\n", "not UTF-8"),
    ("long_key.json", ('{"values": {"' + "x" * 100_000 + '": "?"}}').encode(), "(100,000 characters)"),
    ("repeated_member.json", ('{"values": {"' + "+".join([f"P{i}" for i in range(50_000)] * 2) + '": 1}}').encode(),
     "names 'P0' twice"),
    ("unknown.json", ('{"' + "k" * 10_000 + '": 1, "values": {"A": 1}}').encode(), "unknown key"),
]


@pytest.mark.parametrize("name, data, fragment", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_file_is_a_short_game_file_error(tmp_path, name, data, fragment):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(GameFileError) as info:
        co.io.read_game(path)
    message = str(info.value)
    assert message.startswith(f"`{path}`") and fragment in message, message
    assert "\n" not in message and len(message) < 400, message
    message.encode("utf-8")  # printable as it is: no lone surrogate in the message


def test_a_byte_order_mark_is_skipped(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b'\xef\xbb\xbf{"values": {"A": 1, "B": 2, "A+B": 5}}')
    assert list(co.io.read_game(path).values) == [0, 1, 2, 5]


def test_the_largest_integer_that_converts_is_still_a_clear_error(tmp_path):
    # 4300 digits convert to int, but not to a float: refused as beyond the worths a game holds
    path = tmp_path / "g.toml"
    path.write_text(f"[values]\nA = {'9' * 4300}\n")
    with pytest.raises(GameFileError, match=r"key `values\.A`: expected a finite number, got an integer of 4,300 digits"):
        co.io.read_game(path)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as fh:  # a sparse file: no disk space, no time
        fh.truncate(co.io.MAX_FILE_BYTES + 1)
    with pytest.raises(GameFileError, match=r"`.*huge\.json`: has 1,073,741,825 bytes; `max_bytes` allows 1,073,741,824"):
        co.io.read_game(path)
    small = tmp_path / "small.json"
    small.write_text('{"values": {"A": 1, "B": 2, "A+B": 5}}')
    with pytest.raises(GameFileError, match="`max_bytes` allows 10"):
        co.io.read_game(small, max_bytes=10)
    assert co.io.read_game(small, max_bytes=small.stat().st_size).grand_value == 5


def _read_in_thread(path, timeout=20.0):
    """read_game(path) on a thread: (finished, exception). A read that blocks
    on a named pipe is released by opening the pipe for writing."""
    outcome = {}

    def target():
        try:
            outcome["game"] = co.io.read_game(path, format="json")
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    finished = not thread.is_alive()
    if not finished:
        with open(path, "w") as fh:
            fh.write("{}")
        thread.join(timeout)
    return finished, outcome.get("error")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    finished, error = _read_in_thread(fifo)
    assert finished, "read_game blocked on a named pipe"
    assert isinstance(error, GameFileError) and "is a named pipe, not a regular file" in str(error)


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null here")
def test_a_device_is_refused_without_reading():
    # (a device such as /dev/zero could be endless: none is read)
    finished, error = _read_in_thread("/dev/null")
    assert finished and isinstance(error, GameFileError) and "is a device, not a regular file" in str(error)


def test_a_folder_and_a_path_through_a_file(tmp_path):
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(GameFileError, match="is a folder"):
        co.io.read_game(tmp_path / "folder.json")
    (tmp_path / "file").write_text("x")
    with pytest.raises(GameFileError, match="no such file"):
        co.io.read_game(tmp_path / "file" / "g.json")


@pytest.mark.parametrize(
    "call, error, fragment",
    [
        (lambda: co.io.read_game(None), InvalidParameterError, "`path` must be a file path"),
        (lambda: co.io.read_game(3.5), InvalidParameterError, "got float"),
        (lambda: co.io.read_game(["g.json"]), InvalidParameterError, "got list"),
        (lambda: co.io.read_game("g\0.json"), InvalidParameterError, "NUL character"),
        (lambda: co.io.read_game("\ud800.json"), InvalidParameterError, "cannot be encoded as a file name"),
        (lambda: co.io.read_game("", format="json"), InvalidParameterError, "empty string"),
        (lambda: co.io.read_game("g.json", format=None, kind=3), InvalidParameterError, "`kind`"),
        (lambda: co.io.read_game("g.json", fill=True), InvalidParameterError, "`fill`"),
        (lambda: co.io.read_game("g.json", format=["json"]), InvalidParameterError, "`format`"),
        (lambda: co.io.read_game("g.json", max_bytes=0), InvalidParameterError, "`max_bytes`"),
        (lambda: co.io.read_game("g.json", max_bytes=True), InvalidParameterError, "`max_bytes`"),
        (lambda: co.io.read_game("g.json", max_bytes="1"), InvalidParameterError, "`max_bytes`"),
        (lambda: co.io.read_game("g.json", max_bytes=None), InvalidParameterError, "`max_bytes`"),
        (lambda: co.io.write_game(None, "g.json"), InvalidGameError, "`game`"),
        (lambda: co.io.write_game(co.Game([0, 1]), None), InvalidParameterError, "`path`"),
        (lambda: co.io.write_game(co.Game([0, 1]), "g\0.json"), InvalidParameterError, "NUL character"),
        (lambda: co.io.write_game(co.Game([0, 1]), ""), InvalidParameterError, "`path`"),
        (lambda: co.io.write_game(co.Game([0, 1]), "g.json", format=1), InvalidParameterError, "`format`"),
        (lambda: co.io.loads(None, format="json"), InvalidParameterError, "`text`"),
        (lambda: co.io.loads("{}", format=None), InvalidParameterError, "`format`"),
        (lambda: co.io.dumps(None), InvalidGameError, "`game`"),
        (lambda: co.io.dumps(co.Game([0, 1], players=["\udc80"])), GameFileError, "surrogate"),
        (lambda: co.io.dumps(co.Game([0, 1]), format=None), InvalidParameterError, "`format`"),
    ],
)
def test_bad_arguments_name_the_argument(call, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):
        call()


def test_bytes_and_path_objects_are_paths(tmp_path):
    game = co.Game([0, 1, 2, 5])
    path = tmp_path / "g.json"
    co.io.write_game(game, os.fsencode(path))
    assert same_game(co.io.read_game(os.fsencode(path)), game)
    assert same_game(co.io.read_game(str(path)), game)


# Small valid files of each format, to mutate.
SEEDS = [
    ("json", co.io.dumps(co.Game([0, 1, 2, 6], players=["A", "B"]), format="json")),
    ("toml", co.io.dumps(co.Game([0, 1, 2, 6, 3, 5, 7, 12], players=["A", "B", "C"], kind="cost"))),
    ("csv", co.io.dumps(co.Game([0, 1.5, -2, 6], players=["Hub", "Bat"]), format="csv")),
    ("toml", 'title = "t"\nfill = "superadditive"\n[values]\nA = 1\nB = 2\nC = 3\n"A+B+C" = 9\n'),
    ("json", '{"players": ["x", "y"], "fill": "additive", "values": {"x": 1, "x+y": 4}}'),
]
SNIPPETS = [BIG, "-" + BIG, "NaN", "Infinity", "-1e400", "[" * 2000, "{" * 2000, "\\ud800", '"', "'", "=", ",",
            "+", "\n", "\r", "\x00", "\ufeff", '"A": 1, ', "A = 1\n", "A,1\n", "[values]\n", "true", "null",
            "1979-05-27", "0x1f", "1_000", "\u2028", "é"]


@st.composite
def mutated_files(draw):
    fmt, text = draw(st.sampled_from(SEEDS))
    data = bytearray(text.encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(["insert", "delete", "flip", "repeat"]))
        if how == "insert":
            snippet = draw(st.sampled_from(SNIPPETS) | st.binary(max_size=8).map(lambda b: b.decode("latin-1")))
            data[at:at] = snippet.encode("utf-8", "surrogatepass")
        elif how == "delete":
            del data[at:at + draw(st.integers(1, 20))]
        elif how == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 40))]
    # sometimes read it as another format than it was written in
    return draw(st.sampled_from([fmt, fmt, fmt, *FORMATS])), bytes(data)


hostile_files = mutated_files() | st.tuples(st.sampled_from(FORMATS), st.binary(max_size=300))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=hostile_files)
def test_any_file_gives_a_game_or_a_game_file_error(tmp_path_factory, case):
    fmt, data = case
    path = tmp_path_factory.mktemp("hostile") / f"game.{fmt}"
    path.write_bytes(data)
    try:
        game = co.io.read_game(path)
    except GameFileError as exc:
        message = str(exc)
        assert message.startswith(f"`{path}`") and "\n" not in message and len(message) < 1000, message
        message.encode("utf-8")
    else:
        assert isinstance(game, co.Game) and np.all(np.isfinite(game.values))
        assert all(isinstance(p, str) and p.strip() == p and "+" not in p for p in game.players)


# ---------------------------------------------------------------------------
# writing: atomic, through links, keeping modes, with clear errors
# ---------------------------------------------------------------------------
GAME = co.Game([0, 1, 2, 6], players=["A", "B"])


def test_a_file_name_of_the_longest_length_can_be_written(tmp_path):
    limit = os.pathconf(tmp_path, "PC_NAME_MAX") if hasattr(os, "pathconf") else 255
    path = tmp_path / ("g" * (limit - len(".json")) + ".json")
    co.io.write_game(GAME, path)
    assert same_game(co.io.read_game(path), GAME)
    assert os.listdir(tmp_path) == [path.name]
    too_long = tmp_path / ("g" * limit + ".json")
    with pytest.raises(GameFileError, match=r"`.*ggg\.json`: cannot be written: File name too long"):
        co.io.write_game(GAME, too_long)
    assert os.listdir(tmp_path) == [path.name]


needs_links = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX links and modes")


@needs_links
def test_writing_through_a_link_keeps_the_link_and_the_mode(tmp_path, monkeypatch):
    home, away = tmp_path / "home", tmp_path / "away"
    home.mkdir()
    away.mkdir()
    real = away / "real.json"
    real.write_text("old")
    os.chmod(real, 0o600)
    link = home / "link.json"
    link.symlink_to(real)
    renamed = []
    real_replace = os.replace

    def replace(src, dst):
        renamed.append((os.path.dirname(src), dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    co.io.write_game(GAME, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert same_game(co.io.read_game(real), GAME)
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    # the temporary file was made in the folder of the link's target, beside it
    assert renamed == [(str(away), str(real))]
    assert os.listdir(home) == ["link.json"] and os.listdir(away) == ["real.json"]


@needs_links
def test_a_dangling_link_and_a_chain_of_links_are_followed(tmp_path):
    target = tmp_path / "made.toml"
    (tmp_path / "dangling.toml").symlink_to(target)
    (tmp_path / "chain.toml").symlink_to(tmp_path / "dangling.toml")
    co.io.write_game(GAME, tmp_path / "chain.toml")
    assert (tmp_path / "chain.toml").is_symlink() and (tmp_path / "dangling.toml").is_symlink()
    assert same_game(co.io.read_game(target), GAME)


@needs_links
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o444])
def test_an_existing_file_keeps_its_mode(tmp_path, mode):
    path = tmp_path / "g.csv"
    path.write_text("old")
    os.chmod(path, mode)
    co.io.write_game(GAME, path)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert same_game(co.io.read_game(path), GAME)


@needs_links
@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_file_gets_the_mode_open_would_give(tmp_path, umask):
    old = os.umask(umask)
    try:
        co.io.write_game(GAME, tmp_path / "new.json")
        with open(tmp_path / "by_open.json", "w"):
            pass
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == stat.S_IMODE(
        (tmp_path / "by_open.json").stat().st_mode) == 0o666 & ~umask


def test_a_name_that_cannot_be_encoded_is_a_clear_error(tmp_path):
    with pytest.raises(InvalidParameterError, match=r"`path` '.*\\ud800\.json' holds '\\ud800'.*file name"):
        co.io.write_game(GAME, str(tmp_path / "\ud800.json"))
    assert os.listdir(tmp_path) == []


def test_a_folder_in_the_way_is_a_clear_error(tmp_path):
    (tmp_path / "g.json").mkdir()
    with pytest.raises(GameFileError, match=r"`.*g\.json`: cannot be written: it is a folder"):
        co.io.write_game(GAME, tmp_path / "g.json")
    (tmp_path / "file").write_text("x")
    with pytest.raises(GameFileError, match=r"cannot be written: Not a directory"):
        co.io.write_game(GAME, tmp_path / "file" / "g.json")
    assert sorted(os.listdir(tmp_path)) == ["file", "g.json"] and os.listdir(tmp_path / "g.json") == []


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, failure):
    path = tmp_path / "g.json"
    path.write_text("old contents")

    def write(fh):
        fh.write(b"half a fi")
        raise failure

    expected = GameFileError if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected, match="No space left on device" if expected is GameFileError else None):
        _atomic_write(path, write)
    assert path.read_text() == "old contents" and os.listdir(tmp_path) == ["g.json"]

    def fail(src, dst):
        raise failure

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(expected):
        co.io.write_game(GAME, path)
    assert path.read_text() == "old contents" and os.listdir(tmp_path) == ["g.json"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_written_as_a_stream_not_replaced(tmp_path):
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()), daemon=True)
    reader.start()
    co.io.write_game(GAME, fifo)
    reader.join(20)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received == [co.io.dumps(GAME, format="csv")]


def test_missing_coalitions_with_long_names_give_a_short_message(tmp_path):
    """A file whose player names are thousands of characters long lists its
    missing coalitions by cut names: the message stays one short line."""
    long = "1" * 5000
    path = tmp_path / "game.csv"
    path.write_text(f"coalition,value\n{long},1\nHub,2\n{long}+Hub,4\nBat,1\n")
    with pytest.raises(GameFileError) as info:
        co.io.read_game(path)
    message = str(info.value)
    assert "lacks" in message and len(message) < 1000 and "\n" not in message
    with pytest.raises(InvalidGameError) as info:
        co.Game.from_dict({long: 1, "Hub": 2, "Bat": 1})
    assert "lacks" in str(info.value) and len(str(info.value)) < 1000
