"""The review workflow (issue 17): who publishes a dossier's documents, the reviewed
state between review and published, moving documents back "à classer", and the undo
of an assign forgetting the confirmed name it taught."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from books.context import Workspace
from books.dossiers.service import (
    DossierDraft,
    create_dossier,
    dossier_details,
    edit_dossier,
    get_dossier,
)
from books.errors import InvalidInput, PermissionDenied
from books.inbox import bulk
from books.inbox.documents import get_document
from books.inbox.listing import waiting, waiting_text
from books.inbox.review import mark_reviewed, move_to_dossier, publish, validate
from books.matching.service import confirm_name, party_aliases
from books.parties.changes import add_party
from tests.books.test_inbox import garage

__all__ = ["garage"]  # the fixture: the garage's dossier, its supplier F001 and its folder

SLUG = "boulangerie-dupre"


@pytest.fixture
def shop(team: dict[str, Workspace]) -> dict[str, Workspace]:
    """A dossier everyone works, whose documents only team leads and admins publish,
    with five purchase invoices in review (the fifth with its party unknown)."""
    from books.dossiers.service import set_access
    from store.inbox import insert_document

    admin = team["alice"]
    create_dossier(admin, DossierDraft(name="Boulangerie Dupré"))
    create_dossier(admin, DossierDraft(name="Garage Martin"))
    set_access(admin, SLUG, ["bob", "carol"])
    edit_dossier(admin, SLUG, {"publishers": "leads"})
    dossier = get_dossier(admin, SLUG)
    party = add_party(admin, SLUG, "supplier", {"code": "F1", "name": "Farines du Sud"})
    add_party(admin, SLUG, "supplier", {"code": "F2", "name": "Moulins Réunis"})
    with admin.transaction() as session:
        for n in range(1, 6):
            unknown = n == 5
            insert_document(
                session=session, dossier_id=dossier.id, direction="purchase", status="review",
                party_id=None if unknown else party.id, party_name_detected="Minoterie Paul",
                number=f"F-{n}", issue_date=date(2026, 11, n), net=Decimal("100"),
                tax=Decimal("20"), gross=Decimal("120"), file_hash=f"{n:064}",
                stored_path=f"ab/{n}.pdf", original_name=f"{n}.pdf",
                flags=["party_unknown"] if unknown else [], fields={})
    return team


def test_the_publishers_setting_is_checked_audited_and_shown(shop: dict[str, Workspace]) -> None:
    from books.access.audit import list_events

    admin = shop["alice"]
    assert get_dossier(admin, SLUG).publishers == "leads"
    assert dossier_details(admin, SLUG)["publishers"] == "leads"
    with pytest.raises(InvalidInput, match="Qui publie"):
        edit_dossier(admin, SLUG, {"publishers": "everyone"})
    with pytest.raises(PermissionDenied):
        edit_dossier(shop["carol"], SLUG, {"publishers": "all"})
    event = next(e for e in list_events(admin, SLUG, 50) if e.action == "edit")
    assert event.before == {"publishers": "all"} and event.after == {"publishers": "leads"}


def test_a_collaborator_marks_reviewed_and_a_team_lead_publishes(shop: dict[str, Workspace]) -> None:
    carol, bob = shop["carol"], shop["bob"]
    refused = publish(carol, [1])
    assert refused.published == [] and "seuls les chefs d'équipe" in refused.refused[0][1]
    assert validate(carol, 1) == "reviewed"
    assert get_document(carol, 1).status == "reviewed"
    with pytest.raises(InvalidInput, match="déjà vérifiée"):
        validate(carol, 1)
    with pytest.raises(InvalidInput, match="tiers inconnu"):
        validate(carol, 5)
    assert mark_reviewed(carol, [2, 5]).reviewed == [2]
    # Reviewed: waiting for a publisher, needing no more checking.
    dossier_id = get_dossier(bob, SLUG).id
    counts = waiting(bob, [dossier_id])
    assert counts[(dossier_id, "purchase")] == (5, 1, 2)
    assert waiting_text(counts, dossier_id, "purchase") == "5 (1 à voir, 2 vérifiées)"
    details = dossier_details(bob, SLUG)
    assert details["counts"]["reviewed"] == 2 and details["waiting"] == 5
    result = bulk.publish_many(bob, [1, 2, 3])
    assert sorted(result.done) == [1, 2, 3] and result.reviewed == []
    assert {get_document(bob, i).status for i in (1, 2, 3)} == {"published"}
    assert validate(bob, 4) == "published"
    # Published meanwhile from another terminal: the refusal says so.
    with pytest.raises(InvalidInput, match="déjà publiée"):
        validate(carol, 4)
    assert "déjà publiée" in bulk.publish_many(bob, [4]).refused[0][1]


def test_a_collaborators_bulk_publish_marks_reviewed_and_is_undone(shop: dict[str, Workspace]) -> None:
    carol = shop["carol"]
    result = bulk.publish_many(carol, [1, 2, 5])
    assert result.done == [] and result.reviewed == [1, 2]
    assert [label for label, _why in result.refused] == ["F-5"]
    assert result.undo is not None and result.undo.action == "review"
    assert bulk.undo(carol, result.undo) == 2
    assert {get_document(carol, i).status for i in (1, 2)} == {"review"}
    marked = bulk.review_many(carol, [3, 4])
    assert marked.done == [3, 4] and bulk.undo(carol, marked.undo) == 2
    assert get_document(carol, 3).status == "review"


def test_everyone_publishes_by_default(team: dict[str, Workspace]) -> None:
    from store.inbox import insert_document

    admin, carol = team["alice"], team["carol"]
    create_dossier(admin, DossierDraft(name="Garage Martin", access=["carol"]))
    dossier = get_dossier(admin, "garage-martin")
    assert dossier.publishers == "all"
    party = add_party(admin, "garage-martin", "supplier", {"code": "F1", "name": "Pneus Sud"})
    with admin.transaction() as session:
        document = insert_document(
            session=session, dossier_id=dossier.id, direction="purchase", status="review",
            number="G-1", issue_date=date(2026, 11, 2), net=Decimal("10"), tax=Decimal("2"),
            gross=Decimal("12"), file_hash="9" * 64, stored_path="ab/g.pdf",
            original_name="g.pdf", party_id=party.id)
    assert validate(carol, document) == "published"


def test_moving_back_to_file_and_its_undo(shop: dict[str, Workspace]) -> None:
    carol = shop["carol"]
    moved = move_to_dossier(carol, 1, None)
    assert (moved.dossier_id, moved.status, moved.party_id, moved.flags) == (None, "review", None,
                                                                               ["unassigned"])
    with pytest.raises(InvalidInput, match="déjà à classer"):
        move_to_dossier(carol, 1, None)
    back = move_to_dossier(carol, 1, SLUG)
    assert back.dossier_slug == SLUG
    result = bulk.move_many(carol, [2, 3], None)
    assert result.done == [2, 3] and get_document(carol, 2).dossier_id is None
    assert bulk.undo(carol, result.undo) == 2
    restored = get_document(carol, 2)
    assert restored.dossier_slug == SLUG and restored.party_code == "F1" and restored.flags == []
    assert publish(shop["bob"], [4]).published == [4]
    with pytest.raises(InvalidInput, match="publiée"):
        move_to_dossier(carol, 4, None)
    refused = bulk.move_many(carol, [4], None)
    assert refused.done == [] and refused.refused[0][0] == "F-4"


def test_undoing_an_assign_forgets_the_name_it_taught_only(shop: dict[str, Workspace]) -> None:
    carol, bob = shop["carol"], shop["bob"]
    assert [a.name for a in party_aliases(carol, SLUG, "supplier", "F2")] == []
    assigned = bulk.assign_many(carol, [5], "F2")
    assert assigned.done == [5] and assigned.undo is not None
    assert [a.name for a in party_aliases(carol, SLUG, "supplier", "F2")] == ["Minoterie Paul"]
    assert bulk.undo(carol, assigned.undo) == 1
    assert party_aliases(carol, SLUG, "supplier", "F2") == []
    assert get_document(carol, 5).party_id is None
    # A name the party already had is not taught again, and its undo keeps it.
    confirm_name(bob, SLUG, "supplier", "F2", "Minoterie Paul")
    again = bulk.assign_many(carol, [5], "F2")
    assert again.undo is not None and again.undo.aliases == ()
    bulk.undo(carol, again.undo)
    assert [a.name for a in party_aliases(carol, SLUG, "supplier", "F2")] == ["Minoterie Paul"]


def test_undoing_an_assign_of_a_document_published_since_keeps_the_name(
        shop: dict[str, Workspace]) -> None:
    carol, bob = shop["carol"], shop["bob"]
    assigned = bulk.assign_many(carol, [5], "F2")
    assert assigned.undo is not None and len(assigned.undo.aliases) == 1
    assert publish(bob, [5]).published == [5]
    assert bulk.undo(carol, assigned.undo) == 0
    assert [a.name for a in party_aliases(carol, SLUG, "supplier", "F2")] == ["Minoterie Paul"]


def test_an_auto_publish_rule_publishes_where_leads_publish_whoever_runs_the_inbox(
        team: dict[str, Workspace], garage) -> None:  # type: ignore[no-untyped-def]
    from books.dossiers.service import set_access
    from books.inbox.runner import run_once
    from tests.books.test_inbox import documents, drop, invoice
    from tests.books.test_rules_service import supplier_rule

    admin, carol = team["alice"], team["carol"]
    set_access(admin, "garage-central", ["carol"])
    edit_dossier(admin, "garage-central", {"publishers": "leads"})
    supplier_rule(admin, auto_publish="oui")
    drop(garage, "F-1.xml", invoice("F-1"))
    run_once(carol)
    (doc,) = documents(carol)
    assert doc.status == "published"


def test_validate_refuses_a_document_changed_since_it_was_seen(shop: dict[str, Workspace]) -> None:
    """⏎ validates what the person saw: a document another person (or the rules) changed
    since is neither published nor marked reviewed, the refusal says who and when, and
    validating the fresh values works."""
    from books.errors import Conflict
    from books.inbox.review import fingerprint, set_fields

    carol, bob = shop["carol"], shop["bob"]
    seen = fingerprint(get_document(bob, 1))
    set_fields(carol, 1, {"description": "Farine T65 (Carol)"})
    with pytest.raises(Conflict, match="F-1 a été modifiée par carol le "):
        validate(bob, 1, seen)
    assert get_document(bob, 1).status == "review"
    fresh = get_document(bob, 1)
    assert validate(bob, 1, fingerprint(fresh)) == "published"
    assert get_document(bob, 1).fields["description"]["value"] == "Farine T65 (Carol)"
    # A collaborator marking reviewed: the same.
    seen = fingerprint(get_document(carol, 2))
    set_fields(bob, 2, {"account": "601100"})
    with pytest.raises(Conflict, match="modifiée par bob"):
        validate(carol, 2, seen)
    assert get_document(carol, 2).status == "review"
    # Unchanged: the state alone moving is no change of what was seen.
    assert validate(carol, 3, fingerprint(get_document(carol, 3))) == "reviewed"
    seen = fingerprint(get_document(bob, 3))
    assert validate(bob, 3, seen) == "published"


def test_the_fingerprint_follows_what_a_person_sees() -> None:
    from dataclasses import replace

    from books.inbox.review import fingerprint
    from store.inbox import DocumentRow

    row = DocumentRow(
        id=1, dossier_id=1, direction="purchase", doc_type="invoice", status="review",
        party_id=3, party_name_detected=None, number="F-1", issue_date=date(2026, 11, 1),
        due_date=None, currency="EUR", net=Decimal("100"), tax=Decimal("20"),
        gross=Decimal("120"), payable=None, file_hash="0" * 64, stored_path="a/b.pdf",
        original_name="b.pdf", format="pdf", extracted={},
        fields={"account": {"value": "6064", "source": "rule", "rule": 4, "at": "2026-11-01"}},
        failure=None, submitted_by=None, imported_at=None, published_at=None,  # type: ignore[arg-type]
        duplicate_of=None, flags=[], source=None, sender=None, subject=None, intake_id=None)
    same = fingerprint(row)
    assert fingerprint(replace(row, status="reviewed")) == same
    assert fingerprint(replace(row, fields={"account": {**row.fields["account"],
                                                        "at": "2026-12-01"}})) == same
    for change in ({"party_id": 4}, {"gross": Decimal("121")}, {"flags": ["totals"]},
                   {"fields": {"account": {"value": "6061", "source": "manual"}}},
                   {"due_date": date(2026, 12, 1)}, {"dossier_id": 2}):
        assert fingerprint(replace(row, **change)) != same, change


@pytest.mark.parametrize("rounds", [40])
def test_two_people_editing_one_document_at_once_lose_nothing(shop: dict[str, Workspace],
                                                              rounds: int) -> None:
    """Two people save different fields of one document at the same moment: both edits
    stay (the fields are merged into the row as it is when written, not as it was read)."""
    import threading

    from books.inbox.review import set_fields

    bob, alice = shop["bob"], shop["alice"]
    for n in range(rounds):
        start = threading.Barrier(2)

        def edit(ws: Workspace, field: str, value: str,
                 start: threading.Barrier = start) -> None:
            start.wait()
            set_fields(ws, 1, {field: value})

        threads = [threading.Thread(target=edit, args=(bob, "description", f"Farine {n}")),
                   threading.Thread(target=edit, args=(alice, "account", f"601{n:03}"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        fields = get_document(alice, 1).fields
        assert (fields["description"]["value"], fields["account"]["value"]) == (
            f"Farine {n}", f"601{n:03}"), n


def test_an_assign_at_the_same_moment_as_an_edit_keeps_the_edit(shop: dict[str, Workspace]) -> None:
    import threading

    from books.inbox.review import assign_party, set_fields

    bob, alice = shop["bob"], shop["alice"]
    for n in range(20):
        start = threading.Barrier(2)

        def edit(n: int = n, start: threading.Barrier = start) -> None:
            start.wait()
            set_fields(bob, 5, {"description": f"Farine {n}"})

        def assign(n: int = n, start: threading.Barrier = start) -> None:
            start.wait()
            assign_party(alice, 5, code="F1" if n % 2 else "F2")

        threads = [threading.Thread(target=edit), threading.Thread(target=assign)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        document = get_document(alice, 5)
        assert document.fields["description"]["value"] == f"Farine {n}", n
        assert document.fields["party"]["value"] == ("F1" if n % 2 else "F2"), n


def test_undo_leaves_a_document_someone_else_changed_since(shop: dict[str, Workspace]) -> None:
    """alice sets a field on three documents; bob then edits one of them; alice's undo
    puts back the two only she touched and leaves bob's work as it is."""
    from books.inbox.review import set_fields

    alice, bob = shop["alice"], shop["bob"]
    done = bulk.set_many(alice, [1, 2, 3], "account", "601100")
    assert done.undo is not None and sorted(done.done) == [1, 2, 3]
    set_fields(bob, 2, {"description": "Farine T65"})
    assert bulk.undo(alice, done.undo) == 2
    fields = {i: get_document(alice, i).fields for i in (1, 2, 3)}
    assert "account" not in fields[1] and "account" not in fields[3]
    assert fields[2]["account"]["value"] == "601100"
    assert fields[2]["description"]["value"] == "Farine T65"
