"""The import's review step as text: what is rejected, created, and changed field by field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from books.exchange.mapping import field_label
from books.exchange.review import Change, ReviewRow
from books.exchange.service import Preview
from books.formats import format_amount, format_date
from books.i18n import t

SHOWN_REJECTIONS = 200


def shown(value: Any) -> str:
    """A value as the review prints it (amounts and dates the French way, — when empty)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def change_text(change: Change) -> str:
    """``Ville : Lyon → Villeurbanne`` (``Groupes : + Export`` for groups joined)."""
    if change.field == "groups":
        return t("ed.review.joins", field=field_label("groups"), groups=change.after)
    label = change.field.removeprefix("custom:") if change.field.startswith("custom:") else field_label(change.field)
    return t("ed.review.change", field=label, before=shown(change.before), after=shown(change.after))


def _section(title: str, count: int, lines: list[str]) -> list[str]:
    more = [t("import.preview_more", count=count - len(lines))] if count > len(lines) else []
    return ["", t(title, count=count), *lines, *more] if count else []


def review_lines(preview: Preview) -> list[str]:
    """Every section of the review, rejected rows first (they need the person's attention)."""
    rejected = preview.rejected
    lines = [t("ed.review.rejected", count=len(rejected)) if rejected else t("import.preview_none_rejected")]
    lines += [t("import.line_reason", line=r["line"], reason=r["reason"]) for r in rejected[:SHOWN_REJECTIONS]]
    if len(rejected) > SHOWN_REJECTIONS:
        lines.append(t("import.preview_more", count=len(rejected) - SHOWN_REJECTIONS))
    review = preview.review
    lines += _section("ed.review.creates", preview.created, [_row(r) for r in review.creates])
    lines += _section("ed.review.updates", preview.updated, [_row(r) for r in review.updates])
    return lines


def _row(row: ReviewRow) -> str:
    text = f"  {row.code}  {row.name}"
    if row.changes:
        text += " — " + " · ".join(change_text(c) for c in row.changes)
    return text
