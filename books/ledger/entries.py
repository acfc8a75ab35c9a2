"""A document's journal entry, worked out without a database.

:func:`build_entry` turns what a published document says (amounts, VAT
breakdown, currency, account, direction, type) into balanced lines, exact to
the cent (Decimal, never float):

- purchase: debit the charge account (2xxx for a fixed asset) net per rate,
  debit 44566 (44562 for a fixed asset) the VAT per rate, credit 401 + the
  supplier's auxiliary account the total;
- sale: debit 411 + the customer's auxiliary account the total, credit the
  product account net per rate and 44571 the VAT per rate;
- a credit note (or a negative total) the other way round;
- an intra-EU reverse charge: the VAT the invoice does not carry is
  self-assessed, debit 445662 and credit 4452 the same amount;
- a printed total off from net + VAT goes to the VAT line (the VAT "as
  printed") or to 658/758 when the dossier says so;
- a document in another currency: every line converted at the document's
  rate (base currency per unit), the party line taking what the conversion
  leaves, each line keeping its amount in the document's currency.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from books.ledger import pcg

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
REVERSE_CHARGE_CATEGORIES = frozenset({"K", "AE"})
"""VAT categories (UNCL 5305) that make a purchase's VAT self-assessed."""


class EntryRefused(ValueError):
    """The document cannot make an entry; ``key`` is the catalog key saying why."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True, slots=True)
class VatPart:
    """One rate of a document's VAT breakdown (in the document's currency)."""

    rate: Decimal | None
    base: Decimal
    amount: Decimal
    category: str | None = None


@dataclass(frozen=True, slots=True)
class Piece:
    """What the entry of a document is made of."""

    direction: str
    """``purchase`` or ``sale``."""
    credit_note: bool
    number: str
    party_name: str
    issue_date: date
    account: str
    """The charge (purchase) or product (sale) account."""
    net: Decimal
    tax: Decimal
    gross: Decimal
    vat: tuple[VatPart, ...] = ()
    currency: str = "EUR"
    base_currency: str = "EUR"
    exchange_rate: Decimal | None = None
    """Base currency per unit of ``currency``; needed when they differ."""
    reverse_charge: bool = False
    reverse_rate: Decimal | None = None
    """The rate self-assessed when the breakdown gives none (20 % otherwise)."""
    rounding_account: bool = False


@dataclass(frozen=True, slots=True)
class LineDraft:
    """One line of an entry to write."""

    account: str
    label: str
    debit: Decimal
    credit: Decimal
    party: bool = False
    """The 401/411 line that carries the auxiliary account."""
    currency_amount: Decimal | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class EntryDraft:
    """An entry to write: its journal's kind, its label and its balanced lines."""

    journal_kind: str
    label: str
    lines: tuple[LineDraft, ...]

    @property
    def debit(self) -> Decimal:
        """The entry's total debit."""
        return sum((line.debit for line in self.lines), ZERO)

    @property
    def credit(self) -> Decimal:
        """The entry's total credit."""
        return sum((line.credit for line in self.lines), ZERO)


def entry_label(party_name: str, number: str) -> str:
    """EcritureLib: "party — number"."""
    return f"{party_name} — {number}"[:200]


def build_entry(piece: Piece) -> EntryDraft:
    """The balanced entry of ``piece``.

    Raises:
        EntryRefused: nothing to post, or a foreign currency with no exchange rate.
    """
    if piece.direction not in ("purchase", "sale"):
        raise EntryRefused("ledger.refused.direction")
    gross = abs(piece.gross)
    if gross == 0 and abs(piece.net) == 0:
        raise EntryRefused("ledger.refused.empty")
    foreign = piece.currency != piece.base_currency
    if foreign and (piece.exchange_rate is None or piece.exchange_rate <= 0):
        raise EntryRefused("ledger.refused.rate", currency=piece.currency)
    reverse = piece.reverse_charge and piece.direction == "purchase"
    parts = _parts(piece)
    label = entry_label(piece.party_name, piece.number)
    # Amounts on the "normal" side: charges/products and VAT (+), the party (−).
    main: list[tuple[str, Decimal]] = []
    vat: list[tuple[str, Decimal]] = []
    asset = piece.account.startswith("2")
    vat_account = (pcg.VAT_COLLECTED if piece.direction == "sale"
                   else pcg.VAT_DEDUCTIBLE_ASSETS if asset else pcg.VAT_DEDUCTIBLE)
    for rate, base, amount in parts:
        main.append((piece.account, base))
        if reverse:
            due = (base * (rate if rate is not None else piece.reverse_rate or Decimal(20))
                   / 100).quantize(CENT, ROUND_HALF_UP)
            main.append((pcg.VAT_DEDUCTIBLE_INTRA, due))
            main.append((pcg.VAT_DUE_INTRA, -due))
        else:
            vat.append((vat_account, amount))
    counted = sum((a for _, a in main), ZERO) + sum((a for _, a in vat), ZERO)
    difference = gross - counted
    if difference and not piece.rounding_account and vat:
        biggest = max(range(len(vat)), key=lambda i: abs(vat[i][1]))
        vat[biggest] = (vat[biggest][0], vat[biggest][1] + difference)
        difference = ZERO
    amounts = [*main, *vat]
    lines = [_line(account, amount, piece, label) for account, amount in amounts if amount]
    if difference:
        lines.append(_rounding(difference, piece, label))
    lines = _converted(lines, piece) if foreign else lines
    party = _party_line(lines, piece, label, gross)
    lines.append(party)
    if piece.credit_note or piece.gross < 0:
        lines = [replace(line, debit=line.credit, credit=line.debit) for line in lines]
    ordered = tuple(sorted(lines, key=lambda line: not line.party)) if piece.direction == "sale" \
        else tuple(lines)
    return EntryDraft("purchase" if piece.direction == "purchase" else "sale", label, ordered)


def _parts(piece: Piece) -> list[tuple[Decimal | None, Decimal, Decimal]]:
    """(rate, base, VAT) per rate: the breakdown when it adds up to the totals, else one
    part made of the totals."""
    net, tax = abs(piece.net), abs(piece.tax)
    usable = [p for p in piece.vat if p.base or p.amount]
    if usable and sum((abs(p.base) for p in usable), ZERO) == net \
            and sum((abs(p.amount) for p in usable), ZERO) == tax:
        by_rate: dict[Decimal | None, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
        for part in usable:
            by_rate[part.rate][0] += abs(part.base)
            by_rate[part.rate][1] += abs(part.amount)
        return [(rate, base, amount) for rate, (base, amount) in by_rate.items()]
    rate = usable[0].rate if len({p.rate for p in usable}) == 1 else None
    return [(rate, net, tax)]


def _line(account: str, amount: Decimal, piece: Piece, label: str) -> LineDraft:
    """A charge/product/VAT line: debit on a purchase, credit on a sale (− the other side)."""
    debit_side = (amount > 0) == (piece.direction == "purchase")
    value = abs(amount).quantize(CENT)
    return LineDraft(account, label, value if debit_side else ZERO, ZERO if debit_side else value,
                     currency_amount=value, currency=piece.currency)


def _rounding(difference: Decimal, piece: Piece, label: str) -> LineDraft:
    """The 658/758 line: on the side the lines fall short of the printed total; a
    debit once the credit note's swap is done is a charge (658), a credit a product (758)."""
    debit_side = (difference > 0) == (piece.direction == "purchase")
    swapped = piece.credit_note or piece.gross < 0
    account = pcg.ROUNDING_CHARGE if debit_side != swapped else pcg.ROUNDING_PRODUCT
    value = abs(difference).quantize(CENT)
    return LineDraft(account, label, value if debit_side else ZERO, ZERO if debit_side else value,
                     currency_amount=value, currency=piece.currency)


def _converted(lines: list[LineDraft], piece: Piece) -> list[LineDraft]:
    rate = piece.exchange_rate
    assert rate is not None
    return [replace(line, debit=(line.debit * rate).quantize(CENT, ROUND_HALF_UP),
                    credit=(line.credit * rate).quantize(CENT, ROUND_HALF_UP))
            for line in lines]


def _party_line(lines: list[LineDraft], piece: Piece, label: str, gross: Decimal) -> LineDraft:
    """The 401/411 line: what balances the others (the total, or its conversion)."""
    balance = sum((line.debit - line.credit for line in lines), ZERO)
    account = pcg.SUPPLIERS if piece.direction == "purchase" else pcg.CUSTOMERS
    return LineDraft(account, label, -balance if balance < 0 else ZERO,
                     balance if balance > 0 else ZERO, party=True,
                     currency_amount=gross.quantize(CENT), currency=piece.currency)
