"""The import's whole-column checks of phones and payment methods give exactly what
the one-by-one checks (books.phones, books.payment_methods) give."""

from __future__ import annotations

import random

import pytest

from books.errors import InvalidInput
from books.exchange import ids


def _one(field: str, value: str) -> str | None:
    try:
        return ids.IDENTIFIERS[field](value, field)
    except InvalidInput:
        return None


def _national(rng: random.Random, separator: str) -> str:
    # no 08 number: those are grouped otherwise and take the slow path
    digits = "0" + rng.choice("12345679") + "".join(rng.choice("0123456789") for _ in range(8))
    return digits[:2] + separator + separator.join(digits[i:i + 2] for i in range(2, 10, 2))


def _mutate(rng: random.Random, value: str) -> str:
    i = rng.randrange(len(value))
    return value[:i] + rng.choice("0123456789A .+-") + value[i + 1:]


@pytest.mark.parametrize("shape", ["spaces", "dots", "bare", "stored", "mixed"])
def test_phone_column_agrees_with_one_by_one(shape: str) -> None:
    rng = random.Random(shape)
    separator = {"spaces": " ", "dots": ".", "bare": ""}.get(shape, " ")
    values = [_national(rng, separator) for _ in range(500)]
    if shape == "stored":
        values = [_one("phone", v) or v for v in values]
    if shape == "mixed":
        values += [_mutate(rng, v) for v in values] + ["abc", "12", "+32 2 555 12 12", "0033612345678",
                                                       "+33 (0)6 12 34 56 78", "08 91 23 45 67", "a\nb"]
    values = list(dict.fromkeys(values))
    accepted, rest = ids.COLUMNS["phone"](values)
    assert set(accepted) | set(rest) == set(values) and not set(accepted) & set(rest)
    for value in accepted:
        assert accepted[value] == _one("phone", value), value
    if shape != "mixed":
        assert not rest  # the whole-column path took them all


def test_whole_phone_column_is_accepted_only_as_stored() -> None:
    rng = random.Random(7)
    stored = [_one("phone", _national(rng, " ")) for _ in range(300)]
    assert ids.ALL_ACCEPTED["phone"](stored)
    for odd in ("01 23 45 67 89", "+33 1 23 45 67 8", "+33 8 91 23 45 67", "+33 1 23 45 67 89 ", ""):
        assert not ids.ALL_ACCEPTED["phone"]([*stored, odd]), odd


def test_payment_method_columns() -> None:
    accepted, rest = ids.COLUMNS["payment_method"](["virement", "CB", "bitcoin", "LCR"])
    assert accepted == {"virement": "virement", "LCR": "LCR"} and rest == ["CB", "bitcoin"]
    assert ids.ALL_ACCEPTED["payment_method"](["virement", "chèque"])
    assert not ids.ALL_ACCEPTED["payment_method"](["virement", "Virement"])
