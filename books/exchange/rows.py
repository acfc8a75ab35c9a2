"""Turning a file's rows into party fields, or into a rejection with its line and reason."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from operator import itemgetter
from typing import Any

from books.errors import InvalidInput
from books.exchange.ids import ALL_ACCEPTED, COLUMNS, IDENTIFIERS
from books.exchange.mapping import CUSTOM, FIELDS, IGNORE, MULTI
from books.exchange.reading import Table
from books.exchange.values import read_amount, read_country, read_date, read_days, unneutralise
from books.i18n import t
from books.parties.fields import TEXT_LIMITS

GROUP_NAME_LIMIT = 100
CUSTOM_LIMIT = 4000
"""The longest value a custom field may hold (the party fields have their own limits)."""
AMOUNT_LIMIT = Decimal("1e15")
TEXT_FIELDS = (frozenset(TEXT_LIMITS) | {"address"}) - {"phone", "payment_method"}
"""Fields that are free text: trimmed and length-checked only (phones and payment
methods are checked and normalised, :data:`books.exchange.ids.IDENTIFIERS`)."""
KEPT_AS_TEXT = TEXT_FIELDS | {"email", "groups", CUSTOM}
"""Targets whose cells are stored as written, so are checked for control characters; the
others (identifiers, numbers, dates, countries) are rebuilt by their cleaners, which
refuse anything else."""
Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: phase is ``read``, ``check`` or ``write``."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row left out, with the line it starts on and why."""

    line: int
    reason: str


@dataclass
class Checked:
    """What the rows of a file hold, before comparing them with the list.

    ``lines``, ``rows``, ``groups`` and ``custom`` are parallel: one entry per valid row.
    """

    lines: list[int] = field(default_factory=list)
    columns: dict[str, list[Any]] = field(default_factory=dict)
    """Cleaned party fields of the valid rows, column by column (one per field of ``fields``)."""
    groups: list[list[str]] | None = None
    custom: list[dict[str, str]] | None = None
    rejected: list[Rejected] = field(default_factory=list)
    fields: tuple[str, ...] = ()
    """The party fields the mapping fills (``groups`` excluded)."""

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Cleaned party fields of each valid row."""
        names = list(self.columns)
        return [dict(zip(names, row, strict=True))
                for row in zip(*self.columns.values(), strict=True)] if names else []


def check_rows(
    table: Table, mapping: Mapping[str, str], progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Checked:
    """Clean every row; a code seen twice keeps its first row and rejects the others.

    Work goes column by column (a cell's cleaning is remembered for the values
    that repeat: cities, terms, banks), which keeps 100,000 rows well under a second.
    """
    plan = [(index, column, mapping.get(column, IGNORE)) for index, column in enumerate(table.header)]
    plan = [item for item in plan if item[2] != IGNORE]
    fields = tuple(f for f in FIELDS if any(target == f for _i, _c, target in plan))
    checked = Checked(fields=tuple(f for f in fields if f != "groups"))
    errors: dict[int, str] = {}
    lines, by_column = _cells_by_column(table, errors)
    _tick(progress, should_stop, 0, len(plan) + 1)
    columns: dict[str, list[Any]] = {}
    custom: list[tuple[str, list[str]]] = []
    for step, (index, column, target) in enumerate(plan, start=1):
        values = _column_values(by_column[index], table.apostrophes)
        if target in KEPT_AS_TEXT:
            _refuse_controls(column, values, errors, CUSTOM_LIMIT if target == CUSTOM else None)
        if target == CUSTOM:
            custom.append((column, values))
        else:
            cleaned = _clean_column(target, column, values, errors)
            columns[target] = _merge(columns.get(target), cleaned, target)
        _tick(progress, should_stop, step, len(plan) + 1)
    _collect(checked, lines, fields, columns, custom, errors)
    return checked


def _cells_by_column(table: Table, errors: dict[int, str]) -> tuple[list[int], list[Sequence[str]]]:
    """The line numbers of the rows and their cells column by column, each row at
    the header's width (a long row with filled extra cells gets an error)."""
    width = len(table.header)
    if table.columns is not None:
        return table.lines, list(table.columns)
    all_cells = [cells for _line, cells in table.rows]
    if set(map(len, all_cells)) != {width}:
        for number, cells in enumerate(all_cells):
            if len(cells) != width:
                _fit_width(number, cells, width, errors)
    lines = [line for line, _cells in table.rows]
    return lines, list(zip(*all_cells, strict=True)) if all_cells else [()] * width


def _column_values(cells: Sequence[str], apostrophes: bool = True) -> list[str]:
    """A column's cells, trimmed, with the export's formula guard removed
    (looked for only when the file holds an apostrophe)."""
    values = list(map(str.strip, cells))
    if apostrophes and "\n'" in "\n".join(["", *values]):  # some value starts with ' (one C scan)
        values = [unneutralise(value) for value in values]
    return values


def _refuse_controls(column: str, values: list[str], errors: dict[int, str],
                     limit: int | None = None) -> None:
    """Rows whose cell holds a control character or a bidi control get an error naming
    the column and the character (one C scan answers for a clean column); with
    ``limit``, a longer value gets one too (custom fields have no other check)."""
    from books.safetext import codepoint, first_control, visible

    too_long = limit is not None and max(map(len, values), default=0) > limit
    if "".join(values).isprintable() and not too_long:
        return
    name = visible(column)
    for number, value in enumerate(values):
        char = first_control(value)
        if char is not None:
            errors.setdefault(number, t("safe.control_char", field=name, char=codepoint(char)))
        elif too_long and len(value) > limit:  # type: ignore[operator]
            errors.setdefault(number, t("import.too_long", column=name, max=limit))


def _fit_width(number: int, cells: list[str], width: int, errors: dict[int, str]) -> None:
    """Pad a short row; a long one is an error unless its extra cells are empty."""
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        errors[number] = t("import.too_many_cells", count=len(cells), expected=width)
    del cells[width:]
    cells.extend([""] * (width - len(cells)))


def _merge(previous: list[Any] | None, cleaned: list[Any], target: str) -> list[Any]:
    """Several columns feeding one field (``Adresse 1``, ``Adresse 2``) are joined."""
    if previous is None:
        return cleaned
    if target not in MULTI:
        return previous
    return [", ".join(v for v in pair if v) or None for pair in zip(previous, cleaned, strict=True)]


def _clean_column(target: str, column: str, values: list[str], errors: dict[int, str]) -> list[Any]:
    """One column cleaned; rows with an error get it in ``errors`` (first error wins).

    Each distinct value is cleaned once, then spread back over the rows.
    """
    filled = [value for value in values if value] if "" in values else values
    if _accepted_as_they_are(target, filled):
        return values if filled is values else [value or None for value in values]
    distinct = dict.fromkeys(filled)
    if target in TEXT_FIELDS:
        cleaned, bad = _clean_texts(target, column, list(distinct))
    else:
        cleaner = IDENTIFIERS.get(target) or partial(_clean, target)
        cleaned, bad = {}, {}
        rest: Iterable[str] = distinct
        if target in COLUMNS:
            cleaned, rest = COLUMNS[target](list(distinct))
        for value in rest:
            try:
                cleaned[value] = cleaner(value, column)
            except InvalidInput as exc:
                bad[value] = exc.message
    if bad:
        for number, value in enumerate(values):
            if value in bad:
                errors.setdefault(number, bad[value])
    return list(map(cleaned.get, values))


def _accepted_as_they_are(target: str, values: list[str]) -> bool:
    """Whether every (non-empty) value of a column is its own cleaned value, checked
    for the whole column at once: the common case of a clean export."""
    if not values:
        return False
    if target in TEXT_FIELDS:
        return (target == "comments" or not _space_runs(values)) and \
            max(map(len, values)) <= TEXT_LIMITS.get(target, 200)
    return target in ALL_ACCEPTED and ALL_ACCEPTED[target](values)


def _space_runs(values: list[str]) -> bool:
    """Whether some value holds :data:`_SPACE_RUNS` (two spaces, or a space other than " ").

    Text without unprintable characters holds no whitespace but " " (every other
    one is a separator or a control), so two C scans answer for most columns.
    """
    joined = "x".join(values)  # a separator that makes no run
    if joined.isprintable():
        return "  " in joined
    return _SPACE_RUNS.search("\x00".join(values)) is not None


def _clean_texts(target: str, column: str, values: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Free-text cells: spaces collapsed (except comments), length checked, all at once."""
    cleaned = dict(zip(values, values, strict=True))
    if target != "comments" and _space_runs(values):
        cleaned = {value: " ".join(value.split()) for value in values}
    limit = TEXT_LIMITS.get(target, 200)
    bad: dict[str, str] = {}
    if values and max(map(len, cleaned.values())) > limit:
        message = t("import.too_long", column=column, max=limit)
        bad = {value: message for value, text in cleaned.items() if len(text) > limit}
    return cleaned, bad


def _collect(checked: Checked, lines: list[int], fields: tuple[str, ...],
             columns: dict[str, list[Any]], custom: list[tuple[str, list[str]]],
             errors: dict[int, str]) -> None:
    """Rows into candidates or rejections (a code seen twice keeps its first row)."""
    for name in ("name", "code"):
        if all(columns[name]):
            continue
        message = t("import.required_empty", field=t(f"import.field.{name}"))
        for number in [i for i, value in enumerate(columns[name]) if not value]:
            errors.setdefault(number, message)
    codes = columns["code"]
    first: dict[str, int] = {}
    for number, code in enumerate(codes if len(set(codes)) < len(codes) else ()):
        if not code:
            continue
        if code in first:
            errors[number] = t("import.code_twice", code=code, first=lines[first[code]])
        else:
            first[code] = number
    keep = [i for i in range(len(lines)) if i not in errors] if errors else range(len(lines))
    checked.rejected = [Rejected(lines[i], errors[i]) for i in sorted(errors)]
    checked.lines = [lines[i] for i in keep] if errors else list(lines)
    if not keep:
        return
    targets = [f for f in fields if f != "groups"]
    pick = itemgetter(*keep) if errors else None
    checked.columns = {f: columns[f] if pick is None else _pick(pick, columns[f]) for f in targets}
    if "groups" in columns:
        groups = columns["groups"] if pick is None else _pick(pick, columns["groups"])
        checked.groups = [g or [] for g in groups]
    if custom:
        names = [column for column, _v in custom]
        cells = [v if pick is None else _pick(pick, v) for _c, v in custom]
        checked.custom = [{k: v for k, v in zip(names, row, strict=True) if v}
                          for row in zip(*cells, strict=True)]


def _pick(pick: Callable[[list[Any]], Any], values: list[Any]) -> list[Any]:
    """The kept rows of a column (``itemgetter`` answers a bare value for one index)."""
    picked = pick(values)
    return list(picked) if isinstance(picked, tuple) else [picked]


def _tick(progress: Progress | None, should_stop: Callable[[], bool] | None, done: int,
          total: int) -> None:
    from books.exchange.errors import ImportCancelled

    if should_stop is not None and should_stop():
        raise ImportCancelled(t("import.cancelled"))
    if progress is not None:
        progress("check", done, total)


def _groups(column: str, value: str) -> list[str]:
    names = [" ".join(name.split()) for name in value.split(",")]
    for name in names:
        if len(name) > GROUP_NAME_LIMIT:
            raise InvalidInput(t("import.too_long", column=column, max=GROUP_NAME_LIMIT))
    return [name for name in names if name]


_SPACE_RUNS = re.compile(r"\s\s|[^\S ]")


def _clean(target: str, value: str, column: str) -> Any:
    """One non-empty cell as the party field it fills."""
    if target == "groups":
        return _groups(column, value)
    if target in ("credit_limit", "insurer_guarantee"):
        amount = read_amount(column, value)
        if amount.copy_abs() >= AMOUNT_LIMIT:  # abs() would round, and overflow
            raise InvalidInput(t("party.bad_amount", field=column, value=value))
        return amount.quantize(Decimal("0.01"))
    if target == "payment_terms_days":
        days = read_days(column, value)
        if days > 365:
            raise InvalidInput(t("party.bad_days", field=column, value=value))
        return days
    if target == "sepa_mandate_date":
        return read_date(column, value)
    if target == "country":
        return read_country(column, value)
    raise InvalidInput(t("party.unknown_field", field=target))
