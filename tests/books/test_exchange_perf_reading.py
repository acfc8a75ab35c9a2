"""The fast paths of the import give what the plain ones give.

- a file without quotes is split without the csv reader: same header, rows and line numbers;
- keys are folded column by column: same as :func:`books.identity.fold` on each value.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from books.errors import InvalidInput
from books.exchange import reading
from books.exchange.keys import fast_fold, fold_column
from books.identity import fold


def _read(text: str, delimiter: str | None, *, plain: bool, monkeypatch: pytest.MonkeyPatch,
          tmp_path: Path) -> object:
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode("utf-8"))
    with monkeypatch.context() as patch:
        if not plain:
            patch.setattr(reading, "_plain_lines", lambda _text, _delimiter: None)
        try:
            table = reading.parse(reading.load_source(path), "utf-8", delimiter)
        except InvalidInput as exc:
            return ("refused", exc.message)
    return (table.header, table.rows, table.delimiter)


SAMPLES = [
    "a;b\r\n1;2\r\n",
    "a;b\n1;2",
    "a;b\r1;2\r\r3;4\n\n",
    "\r\na;b\r\n1;2\r\n",
    "a;b\r\n \r\n;\r\n1;2\r\n  ;x\r\n",
    "a;a\r\n1;2\r\n",
    "a;b\r\n",
    "a;b\r\n\r\n \r\n",
    "a\tb\n\t\n1\t2\n",
    "Code;Nom;\r\nC1;Dupré;\r\nC2;;extra;\r\n",
    "a;b\n\r1;2\n\r",
    "a;b\r\n1;2\r\n3;4\r\n",
    "a;b;c\r\n1;2;3\r\n ;x;y\r\n",
    "a;b\r\n;x\r\n1;2\r\n",
    "a\r\n1\r\n\r\n2\r\n",
    "a\n1\n2",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_plain_split_is_the_csv_reader(text: str, monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    for delimiter in (None, ";", ",", "\t"):
        fast = _read(text, delimiter, plain=True, monkeypatch=monkeypatch, tmp_path=tmp_path)
        slow = _read(text, delimiter, plain=False, monkeypatch=monkeypatch, tmp_path=tmp_path)
        assert fast == slow, (text, delimiter)


def test_plain_split_on_random_texts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    rng = random.Random(4)
    alphabet = ["a", "b", "é", " ", ";", ",", "\t", "\r", "\n", "\r\n", "x y", "\u2028", "\x85"]
    for _ in range(300):
        text = "h1;h2;h3\r\n" + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        fast = _read(text, ";", plain=True, monkeypatch=monkeypatch, tmp_path=tmp_path)
        slow = _read(text, ";", plain=False, monkeypatch=monkeypatch, tmp_path=tmp_path)
        assert fast == slow, repr(text)


def test_quotes_go_to_the_csv_reader_and_long_lines_do_not_need_it() -> None:
    assert reading._plain_lines('a;b\n"1;2";3\n', ";") is None
    assert reading._plain_lines("a;b\n1;2\n", ";") == ["a;b", "1;2"]
    # Cells longer than the csv module's default limit (131,072) are read by both
    # paths alike (issue 14 item 1: a long cell is a rejected row, not a refused file).
    long = "a;b\n" + "x" * 200_000 + ";y\n"
    assert reading._plain_lines(long, ";") == ["a;b", "x" * 200_000 + ";y"]
    header, rows = reading._read_csv("f.csv", long, ";")
    assert (header, rows) == (["a", "b"], [(2, ["x" * 200_000, "y"])])


def test_column_folding_is_fold() -> None:
    rng = random.Random(7)
    chars = "aZéÉœŒßﬁİı ÇçÅ\u0301\u0327Ως-'’ 0129"
    values = ["".join(rng.choice(chars) for _ in range(rng.randint(0, 12))) for _ in range(2000)]
    values += [None, "", "x\x00y"]  # type: ignore[list-item]
    folded = fold_column(values)
    assert folded == [fold(v) if v else v for v in values]
    assert folded[:-3] == [fast_fold(v) if v else v for v in values[:-3]]


def test_column_folding_of_any_text_is_fold() -> None:
    import unicodedata

    rng = random.Random(11)
    pool = [chr(c) for c in range(0x20, 0x3100)
            if unicodedata.category(chr(c))[0] not in "CZ" or chr(c) == " "]
    pool += ["\u0301", "\u0327", "\u0308", "İ", "ß", "ẞ", "ﬁ", "ŉ", "Ω", "ς", "ǅ", "\uac00", "\u3131"]
    values = ["".join(rng.choice(pool) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    assert fold_column(values) == [fold(v) for v in values]
    ascii_only = [f"Code {i} ABC" for i in range(100)]
    assert fold_column(ascii_only) == [fold(v) for v in ascii_only]


def test_column_folding_of_accented_french_is_fold() -> None:
    from books.exchange import keys

    rng = random.Random(12)
    pool = list("abcXYZ 019-'") + list("éèêÉÈçÇœŒæßàÀîïôûüÿ") + ["İ", "ﬁ", "\u0301", "\u0327", "’"]
    values = ["".join(rng.choice(pool) for _ in range(rng.randint(1, 25))) for _ in range(5000)]
    joined = "\x00".join(values)
    assert keys._fold_long(joined) == keys.fast_fold(joined) == fold(joined)
    assert fold_column(values) == [fold(v) for v in values]


def test_space_runs_without_the_regex_is_the_regex() -> None:
    from books.exchange.rows import _SPACE_RUNS, _space_runs

    rng = random.Random(3)
    chars = ["a", " ", "é", "\t", "\xa0", "\u2028", "\u200b", "\x85", "\u3000", "\x1f", "\u00ad"]
    for _ in range(5000):
        values = ["".join(rng.choice(chars) for _ in range(rng.randint(0, 6)))
                  for _ in range(rng.randint(1, 4))]
        assert _space_runs(values) == bool(_SPACE_RUNS.search("\x00".join(values))), values


@pytest.mark.parametrize("gaps", [False, True])
def test_keys_made_by_column_are_with_keys(gaps: bool) -> None:
    from books.exchange.plan import _create_columns
    from books.exchange.rows import Checked
    from books.parties.fields import with_keys

    rng = random.Random(11)
    chars = "aZéÉœßﬁİı ÇÅ\u0301\u0327Ω-'0129"
    count = 500
    def word(empty: bool) -> str | None:
        if empty and rng.random() < 0.3:
            return None
        return "".join(rng.choice(chars) for _ in range(rng.randint(1, 8)))
    columns = {"code": [f"C{i}" for i in range(count)],
               "name": [word(False) + "x" * rng.choice([0, 250]) for _ in range(count)],
               "siren": [word(gaps) for _ in range(count)],
               "city": ["\u0301" if i % 7 == 0 else word(gaps) for i in range(count)]}
    checked = Checked(lines=list(range(count)), columns=columns, fields=tuple(columns))
    out = _create_columns({"kind": "customer"}, checked, range(count), count)
    for i in range(count):
        expected = with_keys({f: columns[f][i] for f in columns})
        assert (out["sort_key"][i], out["search_key"][i]) == \
            (expected["sort_key"], expected["search_key"]), i
