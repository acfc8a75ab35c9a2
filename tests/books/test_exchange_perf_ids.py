"""Whole-column identifier checks accept exactly what the one-by-one checks accept."""

from __future__ import annotations

import random

import pytest

from books.errors import InvalidInput
from books.exchange import ids
from books.identity import french_vat, siren_check_digit


def _one(field: str, value: str) -> str | None:
    try:
        return ids.IDENTIFIERS[field](value, field)
    except InvalidInput:
        return None


def _mutate(rng: random.Random, value: str) -> str:
    i = rng.randrange(len(value))
    return value[:i] + rng.choice("0123456789A ") + value[i + 1:]


def _sirens(rng: random.Random, count: int) -> list[str]:
    stems = [f"{rng.randrange(10**8):08d}" for _ in range(count)]
    return [stem + siren_check_digit(stem) for stem in stems]


def _siret(siren: str) -> str:
    return next(siren + "0001" + d for d in "0123456789" if ids.luhn_ok(siren + "0001" + d))


def _iban(number: int) -> str:
    bban = f"30004{number % 100000:05d}{number:011d}"
    bban += f"{97 - int(bban + '00') % 97:02d}"
    return f"FR{98 - int(bban + '152700') % 97:02d}{bban}"


def test_luhn_many_is_luhn_ok() -> None:
    rng = random.Random(1)
    for length in (9, 14):
        numbers = [f"{rng.randrange(10**length):0{length}d}" for _ in range(3000)]
        assert ids.luhn_many(numbers, length) == [ids.luhn_ok(n) for n in numbers]
    assert ids.luhn_many([], 9) == []


@pytest.mark.parametrize("field", ["siren", "siret", "vat_id", "iban", "email"])
def test_column_checks_agree_with_one_by_one(field: str) -> None:
    rng = random.Random(field)
    sirens = _sirens(rng, 400)
    good = {
        "siren": sirens,
        "siret": [_siret(s) for s in sirens] + ["35600000000048"],
        "vat_id": [french_vat(s) for s in sirens] + ["FR00000000000", "FR12000123456"],
        "iban": [_iban(rng.randrange(10**9)) for _ in range(400)],
        "email": [f"a{i}@b{i}.fr" for i in range(400)] + ["x" * 250 + "@b.fr", "a@b", "a b@c.fr"],
    }[field]
    values = list(dict.fromkeys(good + [_mutate(rng, v) for v in good] + ["0", "FR", "é@é.fr"]))
    accepted, rest = ids.COLUMNS[field](values)
    assert set(accepted) | set(rest) == set(values)
    assert not set(accepted) & set(rest)
    for value in accepted:
        assert accepted[value] == _one(field, value), value
    assert len(accepted) > len(values) // 4


def _clean_columns(rng: random.Random, count: int) -> dict[str, list[str]]:
    sirens = _sirens(rng, count)
    return {
        "siren": sirens,
        "siret": [_siret(s) for s in sirens],
        "vat_id": [french_vat(s) for s in sirens],
        "iban": [_iban(rng.randrange(10**9)) for _ in range(count)],
        "email": [f"a{i}@b{i}.fr" for i in range(count)],
    }


@pytest.mark.parametrize("field", ["siren", "siret", "vat_id", "iban", "email"])
def test_whole_column_acceptance_is_one_by_one(field: str) -> None:
    rng = random.Random(field + "all")
    clean = _clean_columns(rng, 300)[field]
    assert ids.ALL_ACCEPTED[field](clean)
    odd = ["", "0", "FR", "é@é.fr", "a@b.fr\nc@d.fr", "FR97000000000", "FR99123456789",
           "FR00000000000", "35600000000048", "a b@c.fr", "x" * 250 + "@b.fr"]
    for trial in range(400):
        values = list(clean)
        where = rng.randrange(len(values))
        values[where] = rng.choice(odd) if trial % 4 == 0 else _mutate(rng, values[where])
        if ids.ALL_ACCEPTED[field](values):
            assert all(_one(field, v) == v for v in values), values[where]


def test_vat_keys_above_96_are_refused_by_the_whole_column_check() -> None:
    # 97 + r is r modulo 97, but the one-by-one check compares the key as a number
    number = next(f"{n:09d}" for n in range(10**8, 10**9) if ids.luhn_ok(f"{n:09d}")
                  and (int(f"{n:09d}12") % 97) <= 2)
    key = int(number + "12") % 97
    assert ids.ALL_ACCEPTED["vat_id"]([f"FR{key:02d}{number}"])
    assert not ids.ALL_ACCEPTED["vat_id"]([f"FR{key + 97:02d}{number}"])
    assert _one("vat_id", f"FR{key + 97:02d}{number}") != f"FR{key + 97:02d}{number}"
