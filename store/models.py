"""SQLModel tables: the data model of DESIGN.md.

Tables only; queries live in the ``store.*`` query modules. Money is exact
(:class:`store.types.Money`), dates are dates, timestamps are UTC.
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

from store.types import Money

ROLES = ("admin", "team_lead", "collaborator")
"""User roles, most powerful first."""

PARTY_KINDS = ("customer", "supplier")
"""A party is a customer (sales) or a supplier (purchases)."""


PARTIAL_INDEXES = {
    "uq_party_code": "deleted_at IS NULL",
    "uq_document_content": "status != 'duplicate'",
}
"""Unique indexes that hold only some rows, and their condition (the migrations
create them so). Not written into the ``Index`` as ``sqlite_where=`` and
``postgresql_where=``: a dialect's keyword makes SQLAlchemy import that dialect
with the models, and PostgreSQL's dialect alone cost 0.1-0.2 s of every
command's start on SQLite. :func:`with_partial_indexes` puts them on the
indexes for the dialect at hand (Alembic's comparison of models and database)."""


def with_partial_indexes(dialect_name: str) -> None:
    """Give the partial indexes their condition for ``dialect_name`` (``sqlite`` or
    ``postgresql``; that dialect is loaded by then, its engine exists)."""
    for table in SQLModel.metadata.tables.values():
        for index in table.indexes:
            if index.name in PARTIAL_INDEXES:
                index.dialect_options[dialect_name]["where"] = text(PARTIAL_INDEXES[index.name])


def utcnow() -> datetime:
    """Now, in UTC, aware."""
    return datetime.now(UTC)


def _ts(nullable: bool = False) -> Any:
    return Field(
        default_factory=utcnow if not nullable else None,
        sa_type=DateTime(timezone=True),  # type: ignore[call-overload]
        nullable=nullable,
    )


def _money() -> Any:
    return Field(default=None, sa_type=Money, nullable=True)  # type: ignore[call-overload]


def _fk(target: str, *, nullable: bool = False, ondelete: str = "CASCADE",
        index: bool = True) -> Any:
    return Field(
        default=None,
        sa_column_args=[ForeignKey(target, ondelete=ondelete)],
        sa_type=Integer,  # type: ignore[call-overload]
        nullable=nullable,
        index=index,
    )


class TableModel(SQLModel):
    """What every table derives from: SQLModel, its pydantic validator and serializer
    made on first use (``defer_build``) rather than for each table at import.

    Tables are made row objects and mapped; they are rarely validated or dumped
    (``model_dump`` of a party for its audit). The module has no ``from __future__
    import annotations`` either: SQLAlchemy and pydantic read each annotation when
    the class is made, and strings are evaluated again by both. Together 0.02 s of
    the 0.12 s that making the tables cost every command at start.
    """

    model_config = ConfigDict(defer_build=True)


class Firm(TableModel, table=True):
    """The accounting firm; its defaults are copied into new dossiers."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    base_currency: str = Field(default="EUR", max_length=3)
    default_due_days: int = 30
    default_payment_method: str | None = Field(default=None, max_length=40)
    created_at: datetime = _ts()


class User(TableModel, table=True):
    """A person of the firm, identified by their login on the machine."""

    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True)
    name: str = Field(default="", max_length=200)
    email: str | None = Field(default=None, max_length=254)
    role: str = Field(max_length=20)
    active: bool = True
    created_at: datetime = _ts()


class Dossier(TableModel, table=True):
    """One client company: its lists, rules, inbox and documents."""

    id: int | None = Field(default=None, primary_key=True)
    firm_id: int = _fk("firm.id", ondelete="RESTRICT")
    name: str = Field(max_length=120)
    slug: str = Field(max_length=80, unique=True)
    sector: str | None = Field(default=None, max_length=60)
    siren: str | None = Field(default=None, max_length=9)
    vat_id: str | None = Field(default=None, max_length=20)
    base_currency: str = Field(default="EUR", max_length=3)
    default_due_days: int = 30
    default_payment_method: str | None = Field(default=None, max_length=40)
    contact_name: str | None = Field(default=None, max_length=200)
    contact_email: str | None = Field(default=None, max_length=254, index=True)
    contact_phone: str | None = Field(default=None, max_length=40)
    invitation_state: str = Field(default="none", max_length=20)
    accounting_software: str | None = Field(default=None, max_length=60)
    inbox_path: str = Field(max_length=1024)
    archived: bool = False
    last_activity_at: datetime = _ts()
    created_at: datetime = _ts()
    version: int = 1
    supplier_aux_prefix: str = Field(default="", max_length=10)
    """Prefix of suppliers' auxiliary accounts (CompAuxNum = prefix + party code)."""
    customer_aux_prefix: str = Field(default="", max_length=10)
    """Prefix of customers' auxiliary accounts."""
    rounding_account: bool = False
    """A printed total off from net + VAT goes to 658/758 (True) or to the VAT line (False)."""
    closing_date: date | None = None
    """The fiscal year's closing date (the FEC file's name); None: the export's end date."""
    publishers: str = Field(default="all", max_length=12)
    """Who publishes its documents: ``all`` (anyone who works the dossier) or ``leads``
    (team leads and admins; a collaborator's validation marks a document reviewed)."""
    postcode: str | None = Field(default=None, max_length=10)
    """The company's postal code (it proposes the VAT territory: 974… is La Réunion)."""
    vat_territory: str = Field(default="mainland", max_length=12)
    """Where the company pays VAT (``mainland``, ``overseas``, ``no_vat``): the rates its
    rules may set (books.dossiers.vat)."""


class DossierAccess(TableModel, table=True):
    """Which collaborator may work on which dossier."""

    __tablename__ = "dossier_access"
    user_id: int = Field(
        sa_column_args=[ForeignKey("app_user.id", ondelete="CASCADE")],
        sa_type=Integer,  # type: ignore[call-overload]
        primary_key=True,
    )
    dossier_id: int = Field(
        sa_column_args=[ForeignKey("dossier.id", ondelete="CASCADE")],
        sa_type=Integer,  # type: ignore[call-overload]
        primary_key=True,
    )


class Invitation(TableModel, table=True):
    """An invitation of the client company to send its invoices."""

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = _fk("dossier.id")
    to_name: str = Field(max_length=200)
    to_email: str = Field(max_length=254)
    to_phone: str | None = Field(default=None, max_length=40)
    invited_by: str = Field(max_length=64)
    channel: str = Field(max_length=20)
    """``email`` when sent by SMTP, ``manual`` when its text was shown to copy."""
    invited_at: datetime = _ts()


class Party(TableModel, table=True):
    """A customer or a supplier of a dossier."""

    __table_args__ = (
        Index("uq_party_code", "dossier_id", "kind", "code", unique=True),  # PARTIAL_INDEXES
        # Covering indexes: the list's filter (search_key) is answered from the index
        # alone, and only the rows of the page shown are read from the table.
        # Neither holds ``archived``: archiving a list flips it on every row in id
        # order, which would rewrite entries all over these name- and code-ordered
        # indexes (migrations 0003, 0012). The flag lives in ``ix_party_archived``,
        # in id order, where an archive moves entries page after page; a list
        # hiding archived parties counts and leaves them out through it.
        Index("ix_party_list", "dossier_id", "kind", "sort_key", "id", "deleted_at", "search_key"),
        Index("ix_party_code_order", "dossier_id", "kind", "code", "id", "deleted_at",
              "search_key"),
        Index("ix_party_archived", "dossier_id", "kind", "archived", "deleted_at", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = _fk("dossier.id", index=False)
    """No index of its own: every index of the table starts with it (migration 0004)."""
    kind: str = Field(max_length=10)
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    sort_key: str = Field(default="", max_length=200)
    """The name with accents stripped and case folded, for ordering."""
    search_key: str = Field(default="", max_length=500)
    """Code, name, SIREN/SIRET, VAT number and city, folded: what the filter searches."""
    siren: str | None = Field(default=None, max_length=9)
    siret: str | None = Field(default=None, max_length=14)
    vat_id: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=300)
    postcode: str | None = Field(default=None, max_length=20)
    city: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, max_length=2)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    payment_terms_days: int | None = None
    payment_method: str | None = Field(default=None, max_length=40)
    iban: str | None = Field(default=None, max_length=34)
    bic: str | None = Field(default=None, max_length=11)
    sepa_mandate_ref: str | None = Field(default=None, max_length=35)
    sepa_mandate_date: date | None = None
    account: str | None = Field(default=None, max_length=20)
    credit_limit: Decimal | None = _money()
    insurer_guarantee: Decimal | None = _money()
    other_guarantees: str | None = Field(default=None, max_length=500)
    comments: str | None = None
    custom_fields: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    source: str = Field(default="manual", max_length=10)
    archived: bool = False
    deleted_at: datetime | None = _ts(nullable=True)
    """Set when deleted: the row stays for published documents and for undo."""
    version: int = 1
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class PartyAlias(TableModel, table=True):
    """A name seen on documents and confirmed as this party."""

    __tablename__ = "party_alias"
    id: int | None = Field(default=None, primary_key=True)
    party_id: int = _fk("party.id")
    name: str = Field(max_length=200)
    created_at: datetime = _ts()
    created_by: str | None = Field(default=None, max_length=64)
    """The login of who confirmed it (none for names kept by a merge before 0005)."""


class Contact(TableModel, table=True):
    """A person at a party."""

    id: int | None = Field(default=None, primary_key=True)
    party_id: int = _fk("party.id")
    name: str = Field(max_length=200)
    role: str | None = Field(default=None, max_length=100)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    favourite_email: bool = False
    favourite_reminder: bool = False


class PartyGroup(TableModel, table=True):
    """A named group of parties within a dossier (``group`` is reserved in SQL)."""

    __tablename__ = "party_group"
    __table_args__ = (UniqueConstraint("dossier_id", "name", name="uq_group_name"),)
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = _fk("dossier.id")
    name: str = Field(max_length=100)


class GroupMember(TableModel, table=True):
    """Party ↔ group, many to many."""

    __tablename__ = "group_member"
    group_id: int = Field(
        sa_column_args=[ForeignKey("party_group.id", ondelete="CASCADE")],
        sa_type=Integer,  # type: ignore[call-overload]
        primary_key=True,
    )
    party_id: int = Field(
        sa_column_args=[ForeignKey("party.id", ondelete="CASCADE")],
        sa_type=Integer,  # type: ignore[call-overload]
        primary_key=True,
        index=True,
    )


class Document(TableModel, table=True):
    """An invoice, credit note or receipt, in the inbox or published."""

    __table_args__ = (
        Index("uq_document_content", "dossier_id", "file_hash", unique=True),  # PARTIAL_INDEXES
        Index("ix_document_status", "dossier_id", "status"),
        # The inbox lists: the date order, and covering for the in-memory filter index
        # (it reads every id, party and search key of a list in its order, migration 0011).
        Index("ix_document_list_date", "dossier_id", "direction",
              text("coalesce(issue_date, '1900-01-01')"), "id", "status", "party_id",
              "search_key"),
    )
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int | None = _fk("dossier.id", nullable=True)
    """Empty for a file of the firm's shared folder that matches no dossier ("à classer")."""
    direction: str = Field(max_length=10)
    """``purchase``, ``sale``, or ``unknown`` until a person says."""
    doc_type: str = Field(default="invoice", max_length=12)
    status: str = Field(default="review", max_length=12)
    """``stored`` and ``read`` while the pipeline works on it, then ``review`` (in the
    inbox), ``published``, ``failed`` (kept, with the reason) or ``duplicate``."""
    duplicate_of: int | None = _fk("document.id", nullable=True, ondelete="SET NULL", index=False)
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    """The checks the document failed (codes: ``totals``, ``possible_duplicate``…)."""
    source: str | None = Field(default=None, max_length=255)
    """The mail or archive the document came out of, when it did."""
    sender: str | None = Field(default=None, max_length=254)
    subject: str | None = Field(default=None, max_length=300)
    intake_id: int | None = Field(default=None, index=True)
    """The file it came from (:class:`Intake`; a mail or an archive gives several documents)."""
    party_id: int | None = _fk("party.id", nullable=True, ondelete="SET NULL")
    party_name_detected: str | None = Field(default=None, max_length=200)
    number: str | None = Field(default=None, max_length=60)
    issue_date: date | None = None
    due_date: date | None = None
    currency: str = Field(default="EUR", max_length=3)
    net: Decimal | None = _money()
    tax: Decimal | None = _money()
    gross: Decimal | None = _money()
    payable: Decimal | None = _money()
    file_hash: str = Field(max_length=64)
    stored_path: str = Field(max_length=1024)
    original_name: str = Field(max_length=255)
    format: str = Field(default="pdf", max_length=10)
    extracted: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    fields: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    """Resolved accounting fields, each ``{"value": …, "source": …, "at": …}``."""
    failure: str | None = None
    submitted_by: str | None = Field(default=None, max_length=254)
    imported_at: datetime = _ts()
    published_at: datetime | None = _ts(nullable=True)
    search_key: str = Field(default="", max_length=500)
    """Flags, number, amounts and (no party linked) the name read, folded: what the inbox
    lists' filters match (:mod:`store.document_keys` keeps it right)."""


class Intake(TableModel, table=True):
    """A file found in an inbox folder, claimed by one worker, and the step it reached.

    ``step``: ``claimed`` → ``stored`` (archived, document recorded) → ``done``;
    or ``duplicate`` / ``failed`` / ``unassigned`` when it ended otherwise.
    """

    __table_args__ = (UniqueConstraint("path", "size", "mtime_ns", name="uq_intake_file"),
                      Index("ix_intake_step", "step"))
    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(max_length=1024)
    size: int = Field(sa_type=BigInteger)
    mtime_ns: int = Field(sa_type=BigInteger)
    dossier_id: int | None = _fk("dossier.id", nullable=True, index=False)
    direction: str | None = Field(default=None, max_length=10)
    step: str = Field(default="claimed", max_length=12)
    sha256: str | None = Field(default=None, max_length=64)
    document_id: int | None = _fk("document.id", nullable=True, ondelete="SET NULL", index=False)
    claimed_by: str | None = Field(default=None, max_length=120)
    claimed_at: datetime | None = _ts(nullable=True)
    error: str | None = None
    created_at: datetime = _ts()
    finished_at: datetime | None = _ts(nullable=True)


class Payment(TableModel, table=True):
    """A payment received from a customer or made to a supplier."""

    id: int | None = Field(default=None, primary_key=True)
    party_id: int = _fk("party.id")
    document_id: int | None = _fk("document.id", nullable=True, ondelete="SET NULL")
    paid_on: date
    amount: Decimal = Field(sa_type=Money)  # type: ignore[call-overload]
    method: str | None = Field(default=None, max_length=40)
    reference: str | None = Field(default=None, max_length=100)


class Reminder(TableModel, table=True):
    """A dunning reminder sent for an unpaid sales invoice."""

    id: int | None = Field(default=None, primary_key=True)
    party_id: int = _fk("party.id")
    document_id: int | None = _fk("document.id", nullable=True, ondelete="SET NULL")
    sent_on: date
    level: int = 1
    channel: str = Field(max_length=20)
    note: str | None = None
    sent_by: str = Field(max_length=64)


class ImportMapping(TableModel, table=True):
    """A column mapping remembered for a dossier's list and a file's header."""

    __tablename__ = "import_mapping"
    __table_args__ = (UniqueConstraint("dossier_id", "kind", "signature", name="uq_mapping"),)
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = _fk("dossier.id")
    kind: str = Field(max_length=10)
    signature: str = Field(max_length=64)
    mapping: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = _ts()


class AuditEvent(TableModel, table=True):
    """Who did what, when, with the values before and after."""

    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _ts()
    actor: str = Field(max_length=64, index=True)
    dossier_id: int | None = _fk("dossier.id", nullable=True, ondelete="SET NULL")
    entity: str = Field(max_length=30)
    entity_id: str | None = Field(default=None, max_length=64)
    action: str = Field(max_length=30)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class UndoEntry(TableModel, table=True):
    """One undoable destructive action, with what it takes to restore it."""

    __tablename__ = "undo_entry"
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = _fk("dossier.id")
    actor: str = Field(max_length=64)
    at: datetime = _ts()
    action: str = Field(max_length=30)
    summary: str = Field(max_length=300)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    undone: bool = False


class Rule(TableModel, table=True):
    """A dossier's rule: a party's (supplier, customer), a payment method's, a user's,
    an auto-publish exception, or the dossier's defaults (migration 0008).

    ``sets`` holds the fields it sets, each ``{"value": …, "mode": "always" |
    "only_if_blank"}``; ``condition`` what a non-party rule applies to. A party has at
    most one rule of its kind. ``fired_count`` / ``last_fired_at`` are its health.
    """

    __table_args__ = (Index("uq_rule_party", "dossier_id", "kind", "party_id", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = _fk("dossier.id", index=False)
    """No index of its own: ``uq_rule_party`` starts with it."""
    kind: str = Field(max_length=16)
    party_id: int | None = _fk("party.id", nullable=True)
    condition: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    sets: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by: str = Field(max_length=64)
    created_at: datetime = _ts()
    updated_by: str = Field(max_length=64)
    updated_at: datetime = _ts()
    version: int = 1
    fired_count: int = 0
    last_fired_at: datetime | None = _ts(nullable=True)


class LedgerAccount(TableModel, table=True):
    """An account of a dossier's chart: the PCG's, imported, or added by use."""

    __tablename__ = "ledger_account"
    __table_args__ = (UniqueConstraint("dossier_id", "number", name="uq_ledger_account"),)
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = _fk("dossier.id", index=False)
    number: str = Field(max_length=20)
    label: str = Field(max_length=200)
    origin: str = Field(default="pcg", max_length=10)
    """``pcg``, ``import``, ``rule``, ``document`` or ``manual``."""
    created_at: datetime = _ts()


class AuxiliaryAccount(TableModel, table=True):
    """A party's auxiliary account (CompAuxNum), given once and never shared."""

    __tablename__ = "auxiliary_account"
    __table_args__ = (UniqueConstraint("dossier_id", "number", name="uq_auxiliary_number"),
                      UniqueConstraint("party_id", name="uq_auxiliary_party"))
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = _fk("dossier.id", index=False)
    party_id: int = _fk("party.id", index=False)
    number: str = Field(max_length=40)
    created_at: datetime = _ts()


class Journal(TableModel, table=True):
    """A dossier's journal (ACH purchases, VTE sales); ``last_number`` is the counter
    that gives entries their gapless numbers (incremented in the entry's transaction)."""

    __table_args__ = (UniqueConstraint("dossier_id", "kind", name="uq_journal_kind"),
                      UniqueConstraint("dossier_id", "code", name="uq_journal_code"))
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = _fk("dossier.id", index=False)
    kind: str = Field(max_length=10)
    code: str = Field(max_length=10)
    label: str = Field(max_length=100)
    last_number: int = 0


class Entry(TableModel, table=True):
    """A journal entry, written at publish and never changed afterwards."""

    __table_args__ = (UniqueConstraint("journal_id", "fiscal_year", "number",
                                       name="uq_entry_number"),
                      Index("ix_entry_export", "dossier_id", "valid_date", "number"))
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = _fk("dossier.id", index=False)
    journal_id: int = _fk("journal.id", ondelete="RESTRICT", index=False)
    fiscal_year: int
    """The year the fiscal year of ``entry_date`` ends in: numbers restart with each one."""
    number: int
    entry_date: date
    valid_date: date
    piece_ref: str = Field(max_length=60)
    piece_date: date
    label: str = Field(max_length=200)
    document_id: int | None = _fk("document.id", nullable=True, ondelete="SET NULL")
    reverses_id: int | None = _fk("entry.id", nullable=True, ondelete="RESTRICT", index=False)
    currency: str = Field(default="EUR", max_length=3)
    created_by: str = Field(max_length=64)
    created_at: datetime = _ts()


class EntryLine(TableModel, table=True):
    """One line of an entry: an account debited or credited, exactly."""

    __tablename__ = "entry_line"
    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = _fk("entry.id")
    position: int
    account: str = Field(max_length=20)
    account_label: str = Field(max_length=200)
    aux_number: str | None = Field(default=None, max_length=40)
    """Only on 401/411 lines, with ``aux_label``."""
    aux_label: str | None = Field(default=None, max_length=200)
    label: str = Field(max_length=200)
    debit: Decimal = Field(sa_type=Money)  # type: ignore[call-overload]
    credit: Decimal = Field(sa_type=Money)  # type: ignore[call-overload]
    currency_amount: Decimal | None = _money()
    currency: str | None = Field(default=None, max_length=3)
