"""What the document view shows of one document: every field in the order a bookkeeper
checks them, each with where its value came from, and the party (known, or what
was read of it when unknown).

Pure reading: the view's changes go through :mod:`books.inbox.review`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from books.formats import format_amount, format_date, format_datetime
from books.i18n import known, t
from books.inbox.documents import document_details

if TYPE_CHECKING:
    from books.context import Workspace
    from store.inbox import DocumentRow
    from store.ledger import PartyFacts

ORDER = ("party", "doc_type", "direction", "number", "issue_date", "due_date", "currency", "net", "vat",
         "tax", "gross", "payable", "account", "vat_rate", "payment_method", "paid",
         "description")
"""The fields in the order a bookkeeper checks them (``vat``: one line per VAT rate)."""
AMOUNTS = ("net", "tax", "gross", "payable")
DATES = ("issue_date", "due_date")
NEEDS_PERSON = ("review", "failed")
"""States of documents a person still has to deal with."""


@dataclass(frozen=True, slots=True)
class ViewField:
    """One line of the fields' column."""

    name: str
    """The field's name as :func:`books.inbox.review.set_fields` takes it; ``vat:<rate>``
    for a line of the VAT breakdown (not editable alone)."""
    label: str
    value: str
    """As shown."""
    raw: str
    """As an edit starts from."""
    source: str
    """``document``, ``default``, ``rule``, ``match``, ``manual``, or ``""`` (empty)."""
    why: str
    """Where the value came from, in a sentence."""
    editable: bool


@dataclass(frozen=True, slots=True)
class PartyState:
    """The document's party, or what was read of it."""

    known: bool
    code: str | None
    name: str | None
    detected: str | None
    identifiers: list[tuple[str, str]]
    """(label, value) read on the document: SIREN/SIRET, VAT number, IBAN, address."""
    candidates: list[tuple[str, str]]
    """The matcher's (code, name), best first."""
    prefill: dict[str, str]
    """The party form's fields as read on the document (a new party)."""
    kind: str | None
    """``supplier`` or ``customer`` (None while the direction is unknown)."""


@dataclass(frozen=True, slots=True)
class DocumentView:
    """Everything the document view draws of one document."""

    document: DocumentRow
    fields: list[ViewField]
    party: PartyState
    flags: list[str]
    """The flags, in words."""
    note: str | None = None
    """The party's reminder note (rules), when it has one."""
    dossier_name: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    duplicate: str | None = None
    """For a duplicate, the document it repeats, in a sentence (or that it is in a dossier
    the user may not open)."""
    original_id: int | None = None
    """For a duplicate whose original the user may open, that document's id."""


def load_view(ws: Workspace, document_id: int,
              opened: dict[str, str] | None = None) -> DocumentView:
    """The view of one document the user may open.

    Args:
        opened: names of the dossiers already checked open to the user, by slug (a
            screen going through a list checks each dossier once); checked ones are added.

    Raises:
        NotFound: no such document, or not one of the user's dossiers.
    """
    from books.dossiers.service import get_dossier
    from books.errors import NotFound
    from store.inbox import get_document as read_row
    from store.ledger import party_facts

    with ws.read() as session:
        row = read_row(session=session, document_id=document_id)
        party = (party_facts(session=session, party_id=row.party_id)
                 if row is not None and row.party_id is not None else None)
    if row is None:
        raise NotFound(t("document.not_found", id=document_id))
    opened = {} if opened is None else opened
    slug = row.dossier_slug
    if slug is not None and slug not in opened:
        try:
            opened[slug] = get_dossier(ws, slug).name
        except NotFound:
            raise NotFound(t("document.not_found", id=document_id)) from None
    view = build_view(row, party.name if party else None, party)
    view = replace(view, dossier_name=opened.get(slug) if slug else None)
    if row.status == "duplicate" and row.duplicate_of is not None:
        view = _with_original(ws, view, row.duplicate_of, opened)
    return view


def _with_original(ws: Workspace, view: DocumentView, original_id: int,
                   opened: dict[str, str]) -> DocumentView:
    """A duplicate is never read (its bytes are the original's): it says which document it
    repeats, and its original pane shows what was read on that one."""
    from books.dossiers.service import get_dossier
    from books.errors import NotFound
    from store.inbox import get_document as read_row
    from store.parties.listing import names_of

    with ws.read() as session:
        original = read_row(session=session, document_id=original_id)
        names = (names_of(session=session, party_ids=[original.party_id])
                 if original is not None and original.party_id is not None else {})
    if original is None:
        return view
    slug = original.dossier_slug
    if slug is not None and slug not in opened:
        try:
            opened[slug] = get_dossier(ws, slug).name
        except NotFound:
            return replace(view, duplicate=t("view.duplicate.elsewhere"))
    party = names.get(original.party_id) if original.party_id is not None else None
    where = (t("view.duplicate.in_dossier", dossier=opened[slug])
             if slug is not None and slug != view.document.dossier_slug else
             t("view.duplicate.unassigned") if slug is None else "")
    said = t("view.duplicate.of", number=original.number or f"#{original.id}",
             day=format_date(original.issue_date) if original.issue_date else "—",
             party=party or original.party_name_detected or "?",
             state=t(f"document.state.{original.status}"), where=where)
    document = view.document
    if not document.extracted and original.extracted:
        document = replace(document, extracted=original.extracted)
    return replace(view, document=document, duplicate=said, original_id=original.id)


def build_view(row: DocumentRow, party_name: str | None = None,
               party: PartyFacts | None = None) -> DocumentView:
    """The view of a document already read (no database); ``party``, the document's party's
    facts, says which account publishing takes when no field names one."""
    details = document_details(row)["fields"]
    fields = []
    for name in ORDER:
        if name == "vat":
            fields.extend(_vat_lines(row))
        elif name == "account" and not (details.get(name) or {}).get("value"):
            fields.append(_posting_account(row, party))
        else:
            fields.append(_field(row, name, details.get(name), party_name))
    flags = [t(f"document.flag.{f}") if known(f"document.flag.{f}") else f for f in row.flags]
    return DocumentView(row, fields, _party(row, party_name, details.get("party")), flags, _note(row))


def _field(row: DocumentRow, name: str, provenance: dict[str, Any] | None,
           party_name: str | None = None) -> ViewField:
    label = t(f"document.field.{name}")
    if name == "party":
        name_ = party_name
        value = provenance.get("value") if provenance else None
        code = row.party_code or (value if row.party_id else None)
        shown = (f"{code} · {name_}" if code and name_ else code) or (row.party_name_detected and t("view.party.unknown_named",
                                                          name=row.party_name_detected)) or ""
        return ViewField(name, label, shown, code or "", _source(provenance, row.party_code),
                         explain(provenance, row) if row.party_code or provenance else
                         t("view.why.empty"), True)
    value = provenance.get("value") if provenance else None
    if value is None and name in ("direction", "doc_type"):
        value = getattr(row, name)
    source = _source(provenance, value)
    return ViewField(name, label, show_value(name, value, row.currency), edit_text(name, value),
                     source, explain(provenance, row) if value not in (None, "") else
                     t("view.why.empty"), True)


def _posting_account(row: DocumentRow, party: PartyFacts | None) -> ViewField:
    """An account no rule, reading or person gave: the one publishing will take (the
    party's own class 2/6/7 account, else the chart's default for the direction), shown
    as such so that nobody publishes to an account they did not see."""
    label = t("document.field.account")
    if row.direction not in ("purchase", "sale"):
        return ViewField("account", label, "", "", "", t("view.why.empty"), True)
    from books.ledger import pcg
    from books.ledger.posting import charge_account

    number, origin = charge_account(row, party)
    if origin == "pcg":
        # one sentence per direction: "d'un vente" was not French
        why = t(f"view.why.account_default.{row.direction}", account=number,
                label=pcg.label_of(number))
    else:
        why = t("view.why.account_party", account=number, code=party.code if party else "?")
    return ViewField("account", label, number, "", "posting", why, True)


def _source(provenance: dict[str, Any] | None, value: Any) -> str:
    if provenance is None or value in (None, ""):
        return ""
    return str(provenance.get("source") or "")


def _vat_lines(row: DocumentRow) -> list[ViewField]:
    """One line per VAT rate read on the document."""
    from books.inbox.original import _rate

    out = []
    for line in (row.extracted or {}).get("vat") or []:
        rate = _rate(line.get("rate")) or "?"
        amount, base = _decimal(line.get("amount")), _decimal(line.get("base"))
        value = t("view.vat_line", amount=format_amount(amount, row.currency) if amount is not None
                  else "—", base=format_amount(base, row.currency) if base is not None else "—")
        out.append(ViewField(f"vat:{line.get('rate')}", t("view.vat_label", rate=rate), value, "",
                             "document", _read_why(row, "vat"), False))
    return out


def show_value(name: str, value: Any, currency: str = "") -> str:
    """A field's value as the view shows it."""
    if value in (None, ""):
        return ""
    if name in AMOUNTS:
        amount = _decimal(value)
        return format_amount(amount, currency) if amount is not None else str(value)
    if name in DATES:
        try:
            return format_date(date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    if name in ("direction", "doc_type") and known(f"document.value.{value}"):
        return t(f"document.value.{value}")
    if name == "paid":
        word = _yes_no(value)
        if word is not None:
            return t(f"view.paid.{word}")
    if name == "vat_rate":
        from books.inbox.original import _rate

        return ", ".join(_rate(v.strip()) for v in str(value).split(","))
    return str(value)


def _yes_no(value: Any) -> str | None:
    """``yes`` or ``no`` for a paid flag however it was stored (a rule's boolean, a typed
    word), None when it is neither."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    word = str(value).strip().lower()
    return ("yes" if word in ("yes", "oui", "true", "1") else
            "no" if word in ("no", "non", "false", "0") else None)


def edit_text(name: str, value: Any) -> str:
    """A value as an edit starts from (dates and amounts the way a French user types them)."""
    if value in (None, ""):
        return ""
    if name in DATES:
        try:
            return date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    if name in AMOUNTS:
        return str(value).replace(".", ",")
    if name == "paid" and _yes_no(value) is not None:
        return t(f"view.paid.{_yes_no(value)}")
    return str(value)


def explain(provenance: dict[str, Any] | None, row: DocumentRow) -> str:
    """"Pourquoi cette valeur": where a field's value came from, in a sentence."""
    if not provenance:
        return t("view.why.empty")
    source = provenance.get("source")
    if source == "manual":
        return t("view.why.manual", by=provenance.get("by") or "?", at=_when(provenance.get("at")))
    if source == "default" and isinstance(provenance.get("rule"), int):
        return _rule_why(provenance)  # the dossier's defaults rule: which, who, when
    if source == "default":
        rule = str(provenance.get("rule") or "")
        what = t(f"view.default.{rule}") if known(f"view.default.{rule}") else rule
        return t("view.why.default", what=what)
    if source == "match":
        reason = str(provenance.get("reason") or "")
        key = "view.why.match_auto" if provenance.get("rule") == "auto" else "view.why.match_maybe"
        return t(key, reason=reason)
    if source == "rule":
        return _rule_why(provenance)
    if source == "document":
        return _read_why(row, None)
    return str(source or "")


def _rule_why(provenance: dict[str, Any]) -> str:
    """A rule's value: the rules engine says which rule, who made it and when."""
    from books.rules.explain import source_text

    return source_text(provenance)


def _read_why(row: DocumentRow, _name: str | None) -> str:
    fmt = (row.extracted or {}).get("format") or row.format
    return t("view.why.document", file=row.original_name, format=str(fmt).upper())


def _when(stamp: Any) -> str:
    if not stamp:
        return "?"
    try:
        return format_datetime(datetime.fromisoformat(str(stamp)))
    except ValueError:
        return str(stamp)


def _party(row: DocumentRow, name: str | None, provenance: dict[str, Any] | None) -> PartyState:
    kind = {"purchase": "supplier", "sale": "customer"}.get(row.direction)
    side = ((row.extracted or {}).get("seller" if kind != "customer" else "buyer") or {}) if kind else {}
    identifiers = []
    legal = str(side.get("legal_id") or "")
    if legal:
        identifiers.append((t("view.id.legal_id"), legal))
    if side.get("vat_id"):
        identifiers.append((t("view.id.vat_id"), str(side["vat_id"])))
    ibans = (row.extracted or {}).get("ibans") or []
    iban = (row.extracted or {}).get("iban") or (ibans[0] if ibans else None)
    if iban and kind == "supplier":
        identifiers.append(("IBAN", str(iban)))
    if side.get("address"):
        identifiers.append((t("view.id.address"), str(side["address"]).replace("\n", ", ")))
    candidates = [(str(c.get("code")), str(c.get("name"))) for c in
                  (provenance or {}).get("candidates") or [] if c.get("code")]
    best = (provenance or {}).get("value")
    if best and not row.party_id and all(code != best for code, _ in candidates):
        candidates.insert(0, (str(best), ""))
    return PartyState(row.party_id is not None, row.party_code, name, row.party_name_detected,
                      identifiers, candidates, _prefill(row, side, iban if kind == "supplier" else None),
                      kind)


def _prefill(row: DocumentRow, side: dict[str, Any], iban: Any) -> dict[str, str]:
    """The party form's fields from what was read: name, SIREN/SIRET, VAT, address, IBAN."""
    digits = "".join(ch for ch in str(side.get("legal_id") or "") if ch.isdigit())
    values = {"name": row.party_name_detected or side.get("name") or "",
              "siren": digits[:9] if len(digits) in (9, 14) else "",
              "siret": digits if len(digits) == 14 else "",
              "vat_id": side.get("vat_id") or "", "iban": iban or ""}
    address = str(side.get("address") or "")
    if address:
        values.update(_address(side, address))
    return {k: str(v) for k, v in values.items() if v}


def _address(side: dict[str, Any], address: str) -> dict[str, str]:
    """The address as the form splits it (street, postcode, city, country) when it can."""
    import re

    found = {"postcode": side.get("postcode") or "", "city": side.get("city") or "",
             "country": side.get("country") or ""}
    lines = [part.strip() for part in re.split(r"[\n,]", address) if part.strip()]
    if not found["postcode"]:
        for index, part in enumerate(lines):
            town = re.fullmatch(r"(\d{5})\s+(.+)", part)
            if town:
                found["postcode"], found["city"] = town.group(1), found["city"] or town.group(2)
                lines = lines[:index] + lines[index + 1:]
                break
    found["address"] = ", ".join(lines)
    return {k: str(v) for k, v in found.items() if v}


def _note(row: DocumentRow) -> str | None:
    """The supplier's reminder note, as the rules put it among the document's fields."""
    note = ((row.fields or {}).get("note") or {}).get("value")
    return str(note) if note and row.direction == "purchase" else None


def next_needing(ws: Workspace, document_ids: list[int], index: int, step: int = 1) -> int | None:
    """The position in ``document_ids`` of the next document (after ``index``, going
    ``step``) a person still has to deal with, or None. Read a few at a time (usually
    the very next one is it), more each time none is."""
    from store.inbox import get_documents

    position, size = index + step, 2
    while 0 <= position < len(document_ids):
        chunk = (document_ids[position:position + size] if step > 0
                 else document_ids[max(0, position - size + 1):position + 1][::-1])
        with ws.read() as session:
            states = {d.id: d.status for d in get_documents(session=session, document_ids=chunk)}
        for document_id in chunk:
            if states.get(document_id) in NEEDS_PERSON:
                return position + step * chunk.index(document_id)
        position += step * len(chunk)
        size = min(size * 4, 200)
    return None


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def typed_value(name: str, text: str) -> str:
    """What a person typed, in the form :func:`books.inbox.review.set_fields` takes:
    the words shown for a choice (``achat``, ``avoir``, ``oui``) become its code."""
    from books.inbox.review import CHOICES

    words = text.strip()
    for code in CHOICES.get(name, ()):
        shown = t(f"view.paid.{code}") if name == "paid" else t(f"document.value.{code}")
        if words.casefold() in (shown.casefold(), code):
            return code
    return words


def suggest_code(ws: Workspace, slug: str, kind: str) -> str:
    """The next free code of a list (``F000124``), for a party added from a document."""
    from books.dossiers.service import get_dossier
    from store.inbox import next_code

    dossier = get_dossier(ws, slug)
    with ws.read() as session:
        return next_code(session=session, dossier_id=dossier.id, kind=kind,
                         prefix="F" if kind == "supplier" else "C")


def publish_refusal(row: DocumentRow) -> str | None:
    """Why publishing would refuse this document (its blocking flags, its state), the
    same words :func:`books.inbox.review.publish` gives; None when it may go."""
    from books.inbox.review import not_ready

    return not_ready(row)
