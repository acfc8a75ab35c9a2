"""Sort and search keys of many parties at once (:mod:`books.parties.fields` says what they are).

Folding goes character by character, so a column of values is folded as one
joined text (at C speed), and ``fold(" ".join(parts))`` is ``" ".join(folds)``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from books.identity import fold

KEY_FIELDS = ("code", "name", "siren", "siret", "vat_id", "city")
"""The fields the sort and search keys are made of."""
SORT_KEY_LIMIT, SEARCH_KEY_LIMIT = 200, 500


class _FoldTable(dict[int, str]):
    """Each character's :func:`books.identity.fold`, computed once, for ``str.translate``."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold(chr(code))
        return folded


_FOLDS = _FoldTable()


def fast_fold(text: str) -> str:
    """:func:`books.identity.fold` character by character (same result, C speed)."""
    return text.translate(_FOLDS)


def _cut(values: list[str], limit: int) -> list[str]:
    """Each value cut to ``limit`` characters (the list itself when none is longer)."""
    if max(map(len, values), default=0) <= limit:
        return values
    return [value[:limit] for value in values]


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_FEW = 32


def _fold_long(text: str) -> str:
    """:func:`fast_fold` of a long text, by whole-text C passes instead of a lookup a character.

    fold is NFKD, then combining marks dropped, then casefold; done on the whole
    text it gives the fold of each character (NFKD only reorders combining marks,
    which are dropped, and casefold has no context). The marks to drop are found
    among the few distinct non-ASCII characters the decomposed text holds.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed.lower()
    odd: list[str] = []
    found = _NOT_ASCII.search(decomposed)
    while found is not None:  # one scan: each search starts where the last one stopped
        if len(odd) == _FEW:
            return fast_fold(text)  # many scripts: the per-character table is quicker
        odd.append(found.group())
        other = re.compile("[^\\x00-\\x7f" + "".join(map(re.escape, odd)) + "]")
        found = other.search(decomposed, found.start())
    for mark in odd:
        if unicodedata.combining(mark):
            decomposed = decomposed.replace(mark, "")
    return decomposed.casefold()


def fold_column(values: list[Any]) -> list[Any]:
    """:func:`fast_fold` of each value (empty values kept as they are), in one call.

    The values are folded joined by NUL (which no text of a file holds, and which
    no character folds into), so ASCII columns take ``str.translate``'s fast path.
    """
    try:
        joined = "\x00".join([value or "" for value in values])
    except TypeError:
        joined = None
    if joined is None or joined.count("\x00") != len(values) - 1:
        return [fast_fold(value) if value else value for value in values]
    folded = _fold_long(joined).split("\x00") if values else []
    if all(values):
        return folded
    return [f if v else v for f, v in zip(folded, values, strict=True)]


def keys_of(columns: dict[str, Sequence[Any]]) -> tuple[list[str], list[str]]:
    """The sort keys and search keys of rows given column by column (``code`` and ``name``
    required, the other :data:`KEY_FIELDS` when present): what
    :func:`books.parties.fields.with_keys` gives for each row."""
    present = [f for f in KEY_FIELDS if f in columns]
    raw = [columns[f] for f in present]
    folded = [fold_column(list(values)) for values in raw]
    sort_keys = _cut(folded[present.index("name")], SORT_KEY_LIMIT)
    if all(map(all, raw)):
        joined = list(map(" ".join, zip(*folded, strict=True)))
    else:  # parts empty in the row are left out (not their folds, which may be empty)
        joined = [" ".join([f for f, r in zip(fs, rs, strict=True) if r])
                  for fs, rs in zip(zip(*folded, strict=True), zip(*raw, strict=True), strict=True)]
    return sort_keys, _cut(joined, SEARCH_KEY_LIMIT)
