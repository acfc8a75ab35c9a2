"""Issue 19: the entry of each case (pure), publishing under concurrency (gapless numbers),
auxiliary accounts never shared, rounding to 658/758, roles and audit."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal as D

import pytest

from books.context import Workspace
from books.errors import PermissionDenied
from books.inbox import review
from books.ledger.chart import add_account, set_ledger_settings
from books.ledger.entries import EntryRefused, Piece, VatPart, build_entry
from books.ledger.posting import document_entries, unpublish
from tests.books.ledger_cases import CASES, SLUG, insert_case, make_dossier

DAY = date(2026, 3, 2)


def _lines(piece: Piece) -> list[tuple[str, str, str]]:
    entry = build_entry(piece)
    assert entry.debit == entry.credit
    return [(x.account, str(x.debit), str(x.credit)) for x in entry.lines]


def test_purchase_at_20_percent() -> None:
    assert _lines(Piece("purchase", False, "F1", "X", DAY, "606400", D("100.00"), D("20.00"),
                        D("120.00"))) == [("606400", "100.00", "0.00"), ("445660", "20.00", "0.00"),
                                          ("401000", "0.00", "120.00")]


def test_reverse_charge_uses_the_document_rate() -> None:
    piece = Piece("purchase", False, "F1", "X", DAY, "607000", D("500.00"), D("0"), D("500.00"),
                  vat=(VatPart(D("10"), D("500.00"), D("0"), "K"),), reverse_charge=True)
    assert _lines(piece) == [("607000", "500.00", "0.00"), ("445662", "50.00", "0.00"),
                             ("445200", "0.00", "50.00"), ("401000", "0.00", "500.00")]


@pytest.mark.parametrize(("direction", "credit_note", "gross", "line"), [
    ("purchase", False, "120.01", ("658000", "0.01", "0.00")),
    ("purchase", False, "119.99", ("758000", "0.00", "0.01")),
    ("sale", False, "120.01", ("758000", "0.00", "0.01")),
    ("sale", False, "119.99", ("658000", "0.01", "0.00")),
    ("purchase", True, "120.01", ("758000", "0.00", "0.01")),
    ("sale", True, "120.01", ("658000", "0.01", "0.00")),
])
def test_a_rounding_difference_to_658_or_758(direction: str, credit_note: bool, gross: str,
                                              line: tuple[str, str, str]) -> None:
    lines = _lines(Piece(direction, credit_note, "F1", "X", DAY, "606400", D("100.00"),
                         D("20.00"), D(gross), rounding_account=True))
    assert line in lines and len(lines) == 4


def test_refusals() -> None:
    with pytest.raises(EntryRefused) as refused:
        build_entry(Piece("purchase", False, "F1", "X", DAY, "606400", D("10"), D("2"), D("12"),
                          currency="USD"))
    assert refused.value.key == "ledger.refused.rate"
    with pytest.raises(EntryRefused):
        build_entry(Piece("purchase", False, "F1", "X", DAY, "606400", D("0"), D("0"), D("0")))


def test_a_breakdown_that_does_not_add_up_makes_one_line_per_total() -> None:
    piece = Piece("purchase", False, "F1", "X", DAY, "606400", D("100.00"), D("20.00"),
                  D("120.00"), vat=(VatPart(D("20"), D("90.00"), D("18.00")),))
    assert _lines(piece)[0] == ("606400", "100.00", "0.00")


def test_two_publishers_at_once_get_gapless_numbers(
        admin: Workspace, workspaces: Callable[[str], Workspace]) -> None:
    dossier_id, parties = make_dossier(admin)
    purchase = CASES[0]
    ids = [insert_case(admin, dossier_id, parties, {**purchase, "number": f"FA-{n}"}, n)
           for n in range(24)]
    others = [workspaces("alice") for _ in range(3)]
    errors: list[BaseException] = []

    def work(ws: Workspace, mine: list[int]) -> None:
        try:
            review.publish(ws, mine)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(ws, ids)) for ws in (admin, *others)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = [e.number for i in ids for e in document_entries(admin, i)]
    assert sorted(numbers) == list(range(1, 25))  # each document once, no gap, no repeat


def test_auxiliary_accounts_are_never_shared(admin: Workspace) -> None:
    from books.parties.changes import add_party

    dossier_id, parties = make_dossier(admin)
    set_ledger_settings(admin, SLUG, supplier_prefix="", customer_prefix="")
    parties["TWIN"] = add_party(admin, SLUG, "customer", {"code": "MARTIN", "name": "Martin SA"}).id
    ids = [insert_case(admin, dossier_id, parties, CASES[0], 0),
           insert_case(admin, dossier_id, parties, {**CASES[5], "party": "TWIN"}, 1)]
    assert review.publish(admin, ids).refused == []
    aux = [next(x.aux_number for x in document_entries(admin, i)[0].lines if x.aux_number)
           for i in ids]
    assert aux == ["MARTIN", "MARTIN-2"]


def test_rounding_to_the_account_as_the_dossier_says(admin: Workspace) -> None:
    dossier_id, parties = make_dossier(admin)
    set_ledger_settings(admin, SLUG, rounding_account=True)
    doc = insert_case(admin, dossier_id, parties, CASES[7], 0)
    assert review.publish(admin, [doc]).refused == []
    lines = document_entries(admin, doc)[0].lines
    assert [(x.account, x.credit) for x in lines][1:] == [
        ("706000", D("99.99")), ("445710", D("20.00")), ("758000", D("0.01"))]


def test_a_foreign_document_without_rate_is_refused_and_stays_in_review(admin: Workspace) -> None:
    from books.inbox.documents import get_document

    dossier_id, parties = make_dossier(admin)
    doc = insert_case(admin, dossier_id, parties, {**CASES[8], "fields": {}}, 0)
    result = review.publish(admin, [doc])
    assert result.published == [] and "exchange_rate" in result.refused[0][1]
    assert get_document(admin, doc).status == "review" and document_entries(admin, doc) == []


def test_roles_and_audit(team: dict[str, Workspace]) -> None:
    from books.access.audit import list_events
    from books.dossiers.service import set_access

    dossier_id, parties = make_dossier(team["alice"])
    set_access(team["alice"], SLUG, ["carol"])
    with pytest.raises(PermissionDenied):
        add_account(team["carol"], SLUG, "622700", "Frais d'actes")
    with pytest.raises(PermissionDenied):
        set_ledger_settings(team["bob"], SLUG, supplier_prefix="X")
    doc = insert_case(team["alice"], dossier_id, parties, CASES[0], 0)
    assert review.publish(team["carol"], [doc]).published == [doc]
    assert unpublish(team["carol"], [doc]) == []
    actions = {e.action for e in list_events(team["alice"], SLUG)}
    assert {"publish", "unpublish", "ledger"} <= actions


def test_a_person_gives_the_exchange_rate_then_publishes(admin: Workspace) -> None:
    from books.errors import InvalidInput

    dossier_id, parties = make_dossier(admin)
    doc = insert_case(admin, dossier_id, parties, {**CASES[8], "fields": {}}, 0)
    with pytest.raises(InvalidInput, match="cours de change"):
        review.set_fields(admin, doc, {"exchange_rate": "-1"})
    review.set_fields(admin, doc, {"exchange_rate": "0,92"})
    assert review.publish(admin, [doc]).published == [doc]
    party_line = document_entries(admin, doc)[0].lines[-1]
    assert (party_line.credit, party_line.currency_amount, party_line.currency) == (
        D("220.80"), D("240.00"), "USD")


def test_fiscal_years_follow_the_dossiers_closing_date() -> None:
    """Entry numbers restart each fiscal year: which one a day belongs to depends on the
    closing date's day and month (31 December when none), 29 February included."""
    from datetime import date

    from books.ledger.posting import fiscal_year, fiscal_year_end

    assert fiscal_year(date(2026, 12, 31), None) == 2026
    assert fiscal_year(date(2027, 1, 1), None) == 2027
    june = date(2025, 6, 30)
    assert fiscal_year(date(2026, 6, 30), june) == 2026
    assert fiscal_year(date(2026, 7, 1), june) == 2027
    assert fiscal_year_end(date(2026, 7, 1), june) == date(2027, 6, 30)
    leap = date(2024, 2, 29)
    assert fiscal_year_end(date(2025, 2, 28), leap) == date(2025, 2, 28)
    assert fiscal_year_end(date(2025, 3, 1), leap) == date(2026, 2, 28)
    assert fiscal_year_end(date(2027, 3, 1), leap) == date(2028, 2, 29)
