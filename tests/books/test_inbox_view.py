"""The document view's reading: fields in order with their provenance, the party read on
the document, typed values checked with a reason, the original as text (and a hostile
PDF that never takes the caller down), the next document needing a person."""

from __future__ import annotations

import os
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from books.context import Workspace
from books.demo.invoice import DemoParty, ubl_invoice
from books.dossiers.service import DossierDraft, create_dossier, get_dossier
from books.errors import InvalidInput
from books.i18n import t
from books.inbox.documents import list_documents
from books.inbox.original import PageReader, invoice_lines, layout_pdf_page, page_of
from books.inbox.review import publish, set_fields
from books.inbox.runner import run_once
from books.inbox.typed import typed_amount, typed_date, typed_vat_rate
from books.inbox.view import ORDER, load_view, next_needing, typed_value
from books.matching.service import forget_indexes
from books.parties.changes import add_party

GARAGE = DemoParty("Garage Central SARL", "552100554", "FR96552100554", "Lyon", "69003")
PLOMBIER = DemoParty("Dupont Plomberie SARL", "443061841", "FR64443061841", "Lyon", "69001")
OTHER = DemoParty("Société Inconnue SAS", "732829320", "FR44732829320", "Paris", "75011")
CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "files"
PDF = CORPUS / "akretion-factur-x" / "tests" / "fixtures" / "pdf" / "invoice_EN16931.pdf"


def _drop(folder: Path, name: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    past = time.time() - 5
    os.utime(folder / name, (past, past))


def _invoice(number: str, seller: DemoParty = PLOMBIER) -> bytes:
    return ubl_invoice(number=number, issued=date(2026, 11, 2), due=date(2026, 12, 2),
                       seller=seller, buyer=GARAGE, net=Decimal("100.00"), rate=Decimal("20"),
                       description="Réparation").encode()


@pytest.fixture
def inbox(admin: Workspace) -> list[int]:
    """Three documents of the garage: a known supplier, an unknown one, a broken PDF."""
    create_dossier(admin, DossierDraft(name="Garage Central", siren="552100554"))
    add_party(admin, "garage-central", "supplier",
              {"code": "F001", "name": "Dupont Plomberie SARL", "siren": "443061841"})
    forget_indexes()
    folder = Path(get_dossier(admin, "garage-central").inbox_path)
    _drop(folder, "F-1.xml", _invoice("F-1"))
    _drop(folder, "F-2.xml", _invoice("F-2", OTHER))
    _drop(folder, "broken.pdf", b"%PDF-1.4\n% cut short\n")
    run_once(admin)
    by_name = {d.original_name: d.id for d in list_documents(admin, "garage-central")}
    return [by_name["F-1.xml"], by_name["F-2.xml"], by_name["broken.pdf"]]


def test_fields_come_in_the_bookkeepers_order_with_their_provenance(
        admin: Workspace, inbox: list[int]) -> None:
    view = load_view(admin, inbox[0])
    names = [f.name for f in view.fields]
    assert [n for n in names if not n.startswith("vat:")] == [n for n in ORDER if n != "vat"]
    assert [n for n in names if n.startswith("vat:")] == [names[names.index("net") + 1]]
    fields = {f.name: f for f in view.fields}
    assert fields["party"].value == "F001 · Dupont Plomberie SARL"
    assert fields["party"].why == "Tiers reconnu automatiquement : SIREN 443 061 841"
    assert fields["gross"].value == "120,00\u00a0€".replace("\u00a0", " ")
    assert fields["gross"].source == "document"
    assert fields["gross"].why == "Lu sur la pièce (F-1.xml, UBL)"
    assert fields["account"].value == "607000" and fields["account"].source == "posting"
    assert fields["account"].why.startswith("Aucune règle, lecture ni saisie ne donne de compte : "
                                            "la publication prendra 607000 (")
    assert view.party.known and view.flags == []
    from dataclasses import replace

    from books.inbox.view import build_view

    sale = {f.name: f for f in build_view(replace(view.document, direction="sale")).fields}
    assert sale["account"].value == "707000"
    assert "le compte par défaut des ventes" in sale["account"].why


def test_the_account_publishing_will_take_is_the_one_shown(
        admin: Workspace, inbox: list[int]) -> None:
    """No rule or typing gives an account: the view shows the one the entry will take (the
    party's own class 6 account here), and publishing posts exactly that."""
    from books.ledger.posting import document_entries
    from books.parties.changes import get_party, update_party

    party = get_party(admin, "garage-central", "supplier", "F001")
    update_party(admin, party.id, {"account": "615500"}, party.version)
    shown = {f.name: f for f in load_view(admin, inbox[0]).fields}["account"]
    assert (shown.value, shown.source) == ("615500", "posting")
    assert "615500" in shown.why and "F001" in shown.why
    publish(admin, [inbox[0]], seen=None)
    [entry] = document_entries(admin, inbox[0])
    assert [line.account for line in entry.lines if line.debit] == ["615500", "445660"]


def test_a_manual_edit_says_who_and_when_and_survives_reanalysis(
        admin: Workspace, inbox: list[int]) -> None:
    set_fields(admin, inbox[0], {"account": "6064", "direction": "purchase"})
    fields = {f.name: f for f in load_view(admin, inbox[0]).fields}
    assert fields["account"].source == "manual"
    assert fields["account"].why.startswith("Saisi à la main par alice le ")


def test_an_unknown_party_shows_what_was_read_and_prefills_the_form(
        admin: Workspace, inbox: list[int]) -> None:
    view = load_view(admin, inbox[1])
    assert not view.party.known and view.party.detected == "Société Inconnue SAS"
    assert ("SIREN/SIRET", "732829320") in view.party.identifiers
    assert view.party.prefill == {"name": "Société Inconnue SAS", "siren": "732829320",
                                  "vat_id": "FR44732829320"}
    assert view.party.kind == "supplier"
    assert "tiers inconnu" in view.flags


def test_a_failed_document_has_its_reason_and_every_field_editable(
        admin: Workspace, inbox: list[int]) -> None:
    view = load_view(admin, inbox[2])
    assert view.document.status == "failed" and "PDF" in (view.document.failure or "")
    assert all(f.editable for f in view.fields)


@pytest.mark.parametrize(("text", "message"), [
    ("31/02/2026",
     "date (issue_date) : « 31/02/2026 » n'existe pas : le mois 02/2026 n'a que 28 jours"),
    ("12/13/2026", "date (issue_date) : « 12/13/2026 » n'existe pas : il n'y a pas de mois 13"),
    ("demain", "date (issue_date) : « demain » n'est pas une date (attendu JJ/MM/AAAA)"),
])
def test_a_date_that_does_not_exist_is_refused_with_why(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        typed_date("issue_date", text)
    assert refused.value.message == message


def test_dates_and_amounts_as_people_type_them() -> None:
    assert typed_date("issue_date", "29/02/2028") == date(2028, 2, 29)
    assert typed_date("due_date", "2026-01-31") == date(2026, 1, 31)
    assert typed_date("due_date", "31.01.26") == date(2026, 1, 31)
    assert typed_amount("net", "1 250,5") == Decimal("1250.50")
    assert typed_amount("net", "1.250,00") == Decimal("1250.00")
    assert typed_amount("net", "-12,30 €") == Decimal("-12.30")
    for bad, why in (("12,3,4", "n'est pas un montant"), ("1e5", "n'est pas un montant"),
                     ("0,001", "plus de deux décimales"), ("9" * 14, "dépasse")):
        with pytest.raises(InvalidInput, match=why):
            typed_amount("net", bad)


def test_a_vat_rate_not_used_in_france_is_refused_naming_the_rates() -> None:
    assert typed_vat_rate("5,5") == "5.50" and typed_vat_rate("20 %") == "20.00"
    with pytest.raises(InvalidInput) as refused:
        typed_vat_rate("7")
    assert refused.value.message.startswith(
        "taux de TVA (vat_rate) : 7 % n'est pas un taux de TVA appliqué en France "
        "(20, 10, 5,5 et 2,1 %")


def test_set_fields_refuses_with_the_reason(admin: Workspace, inbox: list[int]) -> None:
    with pytest.raises(InvalidInput, match="n'a que 30 jours"):
        set_fields(admin, inbox[0], {"due_date": "31/11/2026"})
    with pytest.raises(InvalidInput, match="pas un taux de TVA appliqué en France"):
        set_fields(admin, inbox[0], {"vat_rate": "19,6"})
    set_fields(admin, inbox[0], {"vat_rate": "10"})
    assert {f.name: f.value for f in load_view(admin, inbox[0]).fields}["vat_rate"] == "10 %"


def test_typed_choices_in_words() -> None:
    assert typed_value("direction", "Achat") == "purchase"
    assert typed_value("doc_type", "avoir") == "credit_note"
    assert typed_value("paid", "oui") == "yes"
    assert typed_value("number", " F-9 ") == "F-9"


def test_the_next_document_needing_a_person(admin: Workspace, inbox: list[int]) -> None:
    assert next_needing(admin, inbox, 0) == 1
    set_fields(admin, inbox[1], {"number": "X"})
    assert publish(admin, [inbox[0]]).published == [inbox[0]]
    assert next_needing(admin, inbox, -1) == 1
    assert next_needing(admin, inbox, 2, step=-1) == 1
    assert next_needing(admin, inbox, 2) is None


def test_an_e_invoice_reads_as_an_invoice(admin: Workspace, inbox: list[int]) -> None:
    row = load_view(admin, inbox[0]).document
    text = "\n".join(invoice_lines(row.extracted))
    assert "FACTURE F-1" in text and "Vendeur : Dupont Plomberie SARL" in text
    assert "Réparation" in text and "Total TTC" in text and "120,00 €" in text
    with PageReader() as reader:
        page = page_of(admin.settings.archive_root, row, 0, 100, reader)
    assert page.kind == "invoice" and page.pages == 1
    from books.i18n import set_language

    set_language("en")
    try:  # no French space before the colon in English ("Seller : …" before)
        english = "\n".join(invoice_lines(row.extracted))
    finally:
        set_language("fr")
    assert "Seller: Dupont Plomberie SARL" in english and "Buyer: " in english


def test_an_e_invoice_s_lines_fit_the_pane_and_keep_their_amounts() -> None:
    extracted = {"number": "F-9", "currency": "EUR", "lines": [
        {"description": "Prestation de maintenance annuelle des équipements", "quantity": "12",
         "unit_price": "1234567.89", "net": "14814814.68", "vat_rate": "20"}]}
    for columns in (100, 58, 40):
        table = invoice_lines(extracted, columns)
        head = next(line for line in table if line.startswith(t("view.invoice.col.description")[:6]))
        rows = table[table.index(head):][:2]
        assert all(len(line) <= columns for line in rows), (columns, rows)
        assert "14 814 814,68" in rows[1].replace("\u202f", " ").replace("\xa0", " ")
        assert rows[1].endswith("20 %")


def test_a_pdf_page_is_laid_out_as_on_the_page() -> None:
    pages, lines = layout_pdf_page(PDF.read_bytes(), 0, 100)
    assert pages == 1
    title = next(line for line in lines if "FACTURE" in line)
    assert title.index("FACTURE") > 30 and "F20260023" in title  # right half, same line
    assert any(line.startswith("LOGO LE FOURNISSEUR") for line in lines)  # the margin gone


def test_a_hostile_pdf_ends_as_a_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    with PageReader() as reader:
        page = reader.page(broken, 0, 100)
        assert page.kind == "error" and page.note.startswith("Original illisible")
        good = reader.page(PDF, 5, 100)  # the same child goes on; a page past the end is the last
    assert good.kind == "pdf" and good.page == 0 and good.lines


def test_a_pdf_that_runs_away_is_stopped(tmp_path: Path) -> None:
    with PageReader(timeout_s=0.001) as reader:
        page = reader.page(PDF, 0, 100)
    assert page.kind == "error" and "abandonnée" in page.note


def test_a_page_as_an_image_and_a_hostile_file_as_none(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    with PageReader() as reader:
        png = reader.image(PDF, 0, 800)
        assert reader.image(broken, 0, 800) is None
    assert png is not None and png.startswith(b"\x89PNG")
    import io

    from PIL import Image
    assert Image.open(io.BytesIO(png)).size[0] == 800


def test_a_pdf_pages_large_bold_words_stay_whole_on_the_grid() -> None:
    """A title in 13-16 pt bold is wider than the grid's cells: its letters stay together
    ("Tra iteur", "F A C TU" before), the gaps between columns stay."""
    from books.demo.invoice import DemoParty
    from books.demo.pdf_invoice import pdf_invoice

    seller = DemoParty("Traiteur Fontaine SASU", "099713596", "FR75099713596", "Toulouse", "31000")
    buyer = DemoParty("Boulangerie Dupré", "314238452", "FR13314238452", "Paris", "75011")
    data = pdf_invoice(number="TR-2026-610", issued=date(2026, 11, 6), due=date(2026, 12, 6),
                       seller=seller, buyer=buyer, net=Decimal("582.32"), rate=Decimal("20"),
                       description="Prestation de conseil")
    _pages, lines = layout_pdf_page(data, 0, 100)
    head = lines[0]
    assert head.startswith("Traiteur Fontaine SASU") and head.rstrip().endswith("FACTURE")
    assert "  " in head.split("SASU", 1)[1]  # the two blocks apart
    assert any(line.startswith("Désignation") and "Quantité" in line for line in lines)


@pytest.mark.parametrize("stored", [True, "yes", "true", "oui"])
def test_paid_reads_as_a_word_however_it_was_stored(stored: object) -> None:
    """A rule stores paid as a boolean: the view said 'True'."""
    from books.inbox.view import edit_text, show_value

    assert show_value("paid", stored) == "oui" and edit_text("paid", stored) == "oui"
    assert show_value("paid", False) == "non"


def test_a_value_from_the_dossiers_defaults_rule_says_which_rule() -> None:
    """The view said 'Valeur par défaut : 10' (the rule's id) where the command line said
    which rule, who made it and when."""
    from books.inbox.view import explain

    provenance = {"value": "20", "source": "default", "rule": 10, "by": "marie",
                  "at": "2026-12-03T06:52:26+00:00", "kind": "defaults", "layer": 1,
                  "party": None, "created": "2026-12-03T06:52:26+00:00", "condition": None}
    why = explain(provenance, None)  # type: ignore[arg-type]
    assert "10" not in why and "défaut" in why and "marie" in why and "03/12/2026" in why
    assert explain({"value": "EUR", "source": "default", "rule": "dossier.base_currency"},
                   None) == "Valeur par défaut : devise du dossier"  # type: ignore[arg-type]
