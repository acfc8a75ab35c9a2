"""Fast checks of French identifiers for bulk imports, falling back on python-stdnum.

A list of 100,000 customers holds as many SIRENs, VAT numbers and IBANs;
python-stdnum takes 10–60 µs for each. The common case (already compact French
numbers) is checked here with the same rules in a few µs; anything else
(spaces, other countries, an invalid number) goes to :mod:`books.identity`,
which gives the same answer and the error message.
"""

from __future__ import annotations

import re
import string

from books.identity import clean_bic, clean_email, clean_iban, clean_siren, clean_siret, clean_vat
from books.payment_methods import PAYMENT_METHODS, clean_payment_method
from books.phones import FRENCH_PHONE, clean_phone

_DOUBLED = str.maketrans("0123456789", "0246813579")
"""A digit to the digit sum of its double (Luhn's doubled positions)."""
_LETTERS = str.maketrans({c: str(10 + i) for i, c in enumerate(string.ascii_uppercase)})
_ALNUM = frozenset(string.ascii_uppercase + string.digits)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def luhn_ok(digits: str) -> bool:
    """Whether a string of ASCII digits passes the Luhn check."""
    kept, doubled = digits[-1::-2], digits[-2::-2].translate(_DOUBLED)
    return (sum(kept.encode()) + sum(doubled.encode()) - 48 * len(digits)) % 10 == 0


def siren(value: str, field: str) -> str:
    """A checked SIREN (see :func:`books.identity.clean_siren`)."""
    if len(value) == 9 and _digits(value) and luhn_ok(value):
        return value
    return clean_siren(value, field)


def siret(value: str, field: str) -> str:
    """A checked SIRET (La Poste's special numbers go to stdnum)."""
    if (len(value) == 14 and _digits(value) and not value.startswith("356000000")
            and luhn_ok(value) and luhn_ok(value[:9])):
        return value
    return clean_siret(value, field)


def vat(value: str, field: str) -> str:
    """A checked EU VAT number; French numeric keys are checked here."""
    if len(value) == 13 and value.startswith("FR") and _digits(value[2:]) and value[4:7] != "000":
        number = value[4:]
        if luhn_ok(number) and int(value[2:4]) == int(number + "12") % 97:
            return value
    return clean_vat(value, field)


def iban(value: str, field: str) -> str:
    """A checked IBAN; French ones (``FRkk BBBBB GGGGG CCCCCCCCCCC KK``) are checked here."""
    if (len(value) == 27 and value.startswith("FR") and _digits(value[2:14])
            and _digits(value[25:]) and set(value[14:25]) <= _ALNUM):
        if int((value[4:] + value[:4]).translate(_LETTERS)) % 97 == 1:
            return value
    return clean_iban(value, field)


IDENTIFIERS = {"siren": siren, "siret": siret, "vat_id": vat, "iban": iban, "bic": clean_bic,
               "email": clean_email, "phone": clean_phone, "payment_method": clean_payment_method}
"""Checker of each identifier field: ``checker(value, column name) -> compact value``."""


# ----------------------------------------------------------------- whole columns

_DOUBLED_BYTES = bytes.maketrans(b"0123456789", b"0246813579")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
"""The pattern of :func:`books.identity.clean_email`, compiled once."""


def luhn_many(numbers: list[str], length: int) -> list[bool]:
    """:func:`luhn_ok` of many strings of ``length`` ASCII digits, a column at a time.

    The digits at each position of all the numbers are one bytes string (a slice of
    their concatenation), doubled where Luhn doubles; each number's sum is then one
    ``sum`` over a ``zip`` of those strings, in C.
    """
    if not numbers:
        return []
    data = "".join(numbers).encode("ascii")
    positions = []
    for position in range(length):
        digits = data[position::length]
        if (length - 1 - position) % 2:
            digits = digits.translate(_DOUBLED_BYTES)
        positions.append(digits)
    offset = 48 * length
    return [(total - offset) % 10 == 0 for total in map(sum, zip(*positions, strict=True))]


def _plain_digits(values: list[str], length: int) -> list[str]:
    return [v for v in values if len(v) == length and v.isdigit() and v.isascii()]


def siren_column(values: list[str]) -> tuple[dict[str, str], list[str]]:
    """The values :func:`siren` accepts without help, and the others (to check one by one)."""
    candidates = _plain_digits(values, 9)
    good = {v: v for v, ok in zip(candidates, luhn_many(candidates, 9), strict=True) if ok}
    return good, [v for v in values if v not in good]


def siret_column(values: list[str]) -> tuple[dict[str, str], list[str]]:
    """The values :func:`siret` accepts without help, and the others."""
    candidates = [v for v in _plain_digits(values, 14) if not v.startswith("356000000")]
    whole = luhn_many(candidates, 14)
    head = luhn_many([v[:9] for v in candidates], 9)
    good = {v: v for v, a, b in zip(candidates, whole, head, strict=True) if a and b}
    return good, [v for v in values if v not in good]


_FR_VAT = re.compile(r"FR[0-9]{11}")
_FR_IBAN = re.compile(r"FR[0-9]{12}[0-9A-Z]{11}[0-9]{2}")
"""The shapes :func:`vat` and :func:`iban` check by hand (``[0-9]`` is ASCII only)."""


def vat_column(values: list[str]) -> tuple[dict[str, str], list[str]]:
    """The values :func:`vat` accepts without help (French numeric keys), and the others."""
    shape = _FR_VAT.fullmatch
    candidates = [v for v in values if shape(v) and v[4:7] != "000"]
    numbers = [v[4:] for v in candidates]
    good = {v: v for v, n, ok in zip(candidates, numbers, luhn_many(numbers, 9), strict=True)
            if ok and int(v[2:4]) == int(n + "12") % 97}
    return good, [v for v in values if v not in good]


def iban_column(values: list[str]) -> tuple[dict[str, str], list[str]]:
    """The values :func:`iban` accepts without help (French IBANs), and the others."""
    shape, letters = _FR_IBAN.fullmatch, _LETTERS
    good = {v: v for v in values
            if shape(v) and int((v[4:] + v[:4]).translate(letters)) % 97 == 1}
    return good, [v for v in values if v not in good]


def email_column(values: list[str]) -> tuple[dict[str, str], list[str]]:
    """The values :func:`books.identity.clean_email` accepts as they are, and the others."""
    match = _EMAIL.fullmatch
    good = {v: v for v in values if len(v) <= 254 and v == v.strip() and match(v)}
    return good, [v for v in values if v not in good]


_STORED_PHONES = re.compile(r"\+33 [1-79](?: \d\d){4}(?:\n\+33 [1-79](?: \d\d){4})*")
_PHONE_SEPARATORS = str.maketrans("", "", " .-")
_NATIONAL_COLUMN = re.compile(r"0[1-79]\d{8}(?:\n0[1-79]\d{8})*")


def phone_column(values: list[str]) -> tuple[dict[str, str], list[str]]:
    """French numbers in the usual shapes (``01 23 45 67 89``, ``01.23.45.67.89``,
    ``+33 1 23 45 67 89``) written as :func:`books.phones.clean_phone` writes them,
    and the others.

    A column of French numbers only (the common case) is recognised in C: its
    separators dropped and ``+33`` read as ``0`` by two whole-text operations,
    then one match of the whole column; the numbers are then only sliced.
    Otherwise each value is matched on its own.
    """
    compact = "\n".join(values).translate(_PHONE_SEPARATORS).replace("+33", "0")
    if values and _NATIONAL_COLUMN.fullmatch(compact):
        return dict(zip(values, _stored_phones(compact.encode("ascii"), len(values)), strict=True)), []
    match = FRENCH_PHONE.fullmatch
    good: dict[str, str] = {}
    rest: list[str] = []
    for value in values:
        found = match(value)
        if found is None:
            rest.append(value)
        else:
            good[value] = "+33 {} {} {} {} {}".format(*found.groups())
    return good, rest


def _stored_phones(digits: bytes, count: int) -> list[str]:
    """``count`` national numbers (``0ABCDEFGHI``, one a line) as ``+33 A BC DE FG HI``:
    each digit column copied into place by one slice assignment (C), not a format per number."""
    out = bytearray(b"+33 X XX XX XX XX\n" * count)
    for target, source in ((4, 1), (6, 2), (7, 3), (9, 4), (10, 5), (12, 6), (13, 7), (15, 8), (16, 9)):
        out[target::18] = digits[source::11]
    return out[:-1].decode("ascii").split("\n")


def payment_method_column(values: list[str]) -> tuple[dict[str, str], list[str]]:
    """The methods written as stored (``virement``…), and the others."""
    good = {v: v for v in values if v in PAYMENT_METHODS}
    return good, [v for v in values if v not in good]


COLUMNS = {"siren": siren_column, "siret": siret_column, "vat_id": vat_column,
           "iban": iban_column, "email": email_column, "phone": phone_column,
           "payment_method": payment_method_column}
"""Whole-column fast checks: ``check(distinct values) -> (accepted as is, to check one by one)``;
the second list goes through :data:`IDENTIFIERS`, which gives the same answers and the messages."""


# --------------------------------------------------- whole columns, all accepted

_DIGIT_SUMS = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]
"""The digit sum of each digit doubled (Luhn's doubled positions)."""


def _positions(values: list[str], length: int) -> list[bytes] | None:
    """The characters at each position of values all ``length`` ASCII characters long
    (one bytes string per position), or None when they are not."""
    if set(map(len, values)) != {length}:
        return None
    joined = "".join(values)
    if not joined.isascii():
        return None
    data = joined.encode("ascii")
    return [data[position::length] for position in range(length)]


def _digit_table(weight: int, modulus: int, doubled: bool = False) -> bytes:
    """A ``bytes.translate`` table taking the ASCII digit d to ``d * weight % modulus``
    (or, ``doubled``, to the digit sum of 2d); other bytes are left as they are."""
    table = bytearray(range(256))
    for d in range(10):
        table[48 + d] = _DIGIT_SUMS[d] if doubled else d * weight % modulus
    return bytes(table)


def _sums_divisible(parts: list[bytes], modulus: int, remainder: int = 0) -> bool:
    """Whether, for every row, the bytes of ``parts`` at that row add up to
    ``remainder`` modulo ``modulus`` (the sums are made by ``zip`` and ``sum``, in C)."""
    sums = set(map(sum, zip(*parts, strict=True)))
    return all(total % modulus == remainder for total in sums)


def _digits_at(positions: list[bytes]) -> bool:
    return all(part.isdigit() for part in positions)


def _luhn_parts(positions: list[bytes]) -> list[bytes]:
    """Positions of numbers as Luhn adds them (every second one from the right doubled)."""
    last = len(positions) - 1
    kept, doubled = _digit_table(1, 10), _digit_table(1, 10, doubled=True)
    return [part.translate(doubled if (last - i) % 2 else kept) for i, part in enumerate(positions)]


def _mod97_parts(positions: list[bytes]) -> list[bytes]:
    """Positions of numbers (the last one the units), each digit times its power of ten mod 97."""
    last = len(positions) - 1
    return [part.translate(_digit_table(pow(10, last - i, 97), 97)) for i, part in enumerate(positions)]


def siren_all(values: list[str]) -> bool:
    """Whether :func:`siren` accepts every value as it is (a clean column); checked in C."""
    positions = _positions(values, 9)
    return positions is not None and _digits_at(positions) and \
        _sums_divisible(_luhn_parts(positions), 10)


def siret_all(values: list[str]) -> bool:
    """Whether :func:`siret` accepts every value as it is."""
    positions = _positions(values, 14)
    return (positions is not None and _digits_at(positions)
            and "356000000" not in "\n".join(values)
            and _sums_divisible(_luhn_parts(positions), 10)
            and _sums_divisible(_luhn_parts(positions[:9]), 10))


def vat_all(values: list[str]) -> bool:
    """Whether :func:`vat` accepts every value as it is (French numeric keys).

    The key check ``kk == int(siren + "12") % 97`` is ``siren * 100 + 12 - kk ≡ 0``
    mod 97: the key's digits weigh ``-10`` and ``-1``.
    """
    positions = _positions(values, 13)
    if positions is None or positions[0].strip(b"F") or positions[1].strip(b"R"):
        return False
    number = positions[4:]
    if not _digits_at(positions[2:]) or 3 * 48 in set(map(sum, zip(*number[:3], strict=True))):
        return False  # some number is not digits, or starts with 000
    keys = map(sum, zip(positions[2].translate(_digit_table(10, 100)),
                        positions[3].translate(_digit_table(1, 100)), strict=True))
    if max(keys) >= 97:
        return False  # a key no remainder can equal
    key = [positions[2].translate(_digit_table(-10, 97)), positions[3].translate(_digit_table(-1, 97))]
    return _sums_divisible(_luhn_parts(number), 10) and \
        _sums_divisible(key + _mod97_parts(number + [b"\x00" * len(values)] * 2), 97, (97 - 12) % 97)


def iban_all(values: list[str]) -> bool:
    """Whether :func:`iban` accepts every value as it is (French IBANs of digits only).

    The number ``BBAN + "1527" + kk`` (F = 15, R = 27) must be 1 mod 97.
    """
    positions = _positions(values, 27)
    if positions is None or positions[0].strip(b"F") or positions[1].strip(b"R"):
        return False
    if not _digits_at(positions[2:]):
        return False
    filler = b"0" * len(values)
    digits = positions[4:] + [filler] * 4 + positions[2:4]  # "1527" added below as a constant
    constant = 1527 * pow(10, 2, 97) % 97
    return _sums_divisible(_mod97_parts(digits), 97, (1 - constant) % 97)


def email_all(values: list[str]) -> bool:
    """Whether :func:`books.identity.clean_email` accepts every value as it is."""
    return max(map(len, values), default=0) <= 254 and all(map(_EMAIL.fullmatch, values))




def phone_all(values: list[str]) -> bool:
    """Whether every value is a French number as stored (an export read back): one scan."""
    return _STORED_PHONES.fullmatch("\n".join(values)) is not None


def payment_method_all(values: list[str]) -> bool:
    """Whether every value is a payment method as stored."""
    return set(values) <= set(PAYMENT_METHODS)


ALL_ACCEPTED = {"siren": siren_all, "siret": siret_all, "vat_id": vat_all, "iban": iban_all,
                "email": email_all, "phone": phone_all, "payment_method": payment_method_all}
"""Whole-column checks of non-empty values: ``check(values)`` is True only when the
one-by-one checker accepts every value and gives it back unchanged. False says
nothing: the column then goes through :data:`COLUMNS` and :data:`IDENTIFIERS`."""
