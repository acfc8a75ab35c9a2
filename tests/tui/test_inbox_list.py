"""The inbox list screen (Achats, Ventes, à classer), driven by keys (Pilot)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from books.context import Workspace
from books.dossiers.service import get_dossier
from books.parties.changes import add_party
from tests.tui.conftest import wait_for
from tests.tui.test_party_record import notified
from tui.app import SaisieApp
from tui.screens.dossier import DossierScreen
from tui.screens.inbox.listing import InboxListScreen
from tui.widgets.document_table import DocumentTable

SLUG = "boulangerie-dupre"
FLAGS = ([], ["party_unknown"], ["totals"], ["possible_duplicate"], [])


def add_documents(ws: Workspace, slug: str = SLUG, count: int = 20, direction: str = "purchase",
                  start: int = 1) -> list[int]:
    """``count`` purchase invoices F-001…: every fifth with a flag pattern, party known
    for those without "party_unknown"."""
    from store.inbox import insert_document

    dossier = get_dossier(ws, slug)
    party = add_party(ws, slug, "supplier" if direction == "purchase" else "customer",
                      {"code": f"P{start:03}", "name": f"Minoterie Rivière {start}"})
    ids = []
    with ws.transaction() as session:
        for n in range(start, start + count):
            flags = FLAGS[n % len(FLAGS)]
            net = Decimal(n * 100 + 50)
            ids.append(insert_document(
                session=session, dossier_id=dossier.id, direction=direction, status="review",
                party_id=None if "party_unknown" in flags else party.id,
                party_name_detected="Farines du Sud" if "party_unknown" in flags else party.name,
                number=f"F-{n:03}", issue_date=date(2026, 11, 1 + n % 28), net=net,
                tax=net * Decimal("0.2"), gross=net * Decimal("1.2"), file_hash=f"{direction}{n:061}",
                stored_path=f"ab/{direction}{n}.pdf", original_name=f"facture-{n}.pdf",
                flags=list(flags)))
    return ids


@pytest.fixture
def inbox(seeded: dict[str, Workspace]) -> dict[str, Workspace]:
    """The seeded data with 20 purchase invoices in the bakery's dossier."""
    add_documents(seeded["alice"])
    return seeded


async def open_inbox(app: SaisieApp, pilot, key: str = "b", total: int = 20) -> InboxListScreen:  # type: ignore[no-untyped-def]
    """The bakery's dossier (opened at start) → its purchases inbox, loaded."""
    await wait_for(lambda: isinstance(app.screen, DossierScreen))
    await pilot.press(key)
    await wait_for(lambda: isinstance(app.screen, InboxListScreen))
    screen = app.screen
    assert isinstance(screen, InboxListScreen)
    await wait_for(lambda: screen.total == total and screen.table.current is not None)
    return screen


async def ask_vat_rate(app: SaisieApp, pilot, screen: InboxListScreen) -> None:  # type: ignore[no-untyped-def]
    """Actions › Renseigner un champ › Taux de TVA: its question on screen."""
    from tui.screens.ask import AskScreen

    await pilot.press("a")
    await wait_for(lambda: app.screen.query("#choices"))
    await pilot.press("down", "down", "enter")  # Renseigner un champ
    await wait_for(lambda: app.screen.query("#choices") and app.screen is not screen)
    await pilot.press("down", "enter")  # Taux de TVA
    await wait_for(lambda: isinstance(app.screen, AskScreen))


async def vat_rate_for_two(app: SaisieApp, pilot):  # type: ignore[no-untyped-def]
    """The purchases list, its first two rows selected, the VAT rate asked for them."""
    screen = await open_inbox(app, pilot)
    first, second = screen.table.cache.row(0), screen.table.cache.row(1)
    await pilot.press("space", "space")
    await ask_vat_rate(app, pilot, screen)
    return screen, first, second


def numbers(table: DocumentTable, count: int = 5) -> list[str]:
    """The numbers of the first rows in the cache."""
    return [r.number for r in (table.cache.row(i) for i in range(count)) if r is not None]


async def test_opens_from_the_dossier_sorted_by_date_newest_first(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        rows = [screen.table.cache.row(i) for i in range(20)]
        dates = [r.issue_date for r in rows if r is not None]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("o")
        await wait_for(lambda: screen.total == 20 and not screen.descending)
        await wait_for(lambda: screen.table.cache.row(0) is not None
                       and screen.table.cache.row(0).issue_date == min(dates))


async def test_sort_by_every_column(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        seen = []
        for _ in range(8):
            await pilot.press("s")
            await wait_for(lambda: screen.total == 20 and screen.table.cache.row(0) is not None)
            seen.append(screen.sort)
        assert seen == ["party", "number", "net", "tax", "gross", "state", "flags", "date"]
        await pilot.press("s", "s", "s")  # net, newest… the largest first
        await wait_for(lambda: screen.sort == "net" and screen.table.cache.row(0) is not None)
        await wait_for(lambda: screen.table.cache.row(0).number == "F-020")
        await pilot.press("o")
        await wait_for(lambda: screen.table.cache.row(0) is not None
                       and screen.table.cache.row(0).number == "F-001")


async def test_filter_by_text_amount_state_and_flag(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        await pilot.press("slash", *"farines")
        await wait_for(lambda: screen.total == 4)
        assert all(r.party_id is None for r in (screen.table.cache.row(i) for i in range(4)) if r)
        await pilot.press("escape")
        await wait_for(lambda: screen.total == 20)
        await pilot.press("slash", *"1 250")  # F-012: 1 250,00 HT
        await wait_for(lambda: screen.total == 1 and screen.table.current is not None)
        assert screen.table.current.number == "F-012"
        await pilot.press("escape")
        await wait_for(lambda: screen.total == 20)
        await pilot.press("f")  # party unknown
        await wait_for(lambda: screen.flag == "party_unknown" and screen.total == 4)
        await pilot.press("f")  # possible duplicate
        await wait_for(lambda: screen.flag == "possible_duplicate" and screen.total == 4)
        for _ in range(11):  # back to every flag
            await pilot.press("f")
        await wait_for(lambda: screen.flag is None and screen.total == 20)
        await pilot.press("e")  # to review: all 20
        await wait_for(lambda: screen.state == "review" and screen.total == 20)
        await pilot.press("e")  # reviewed: none
        await wait_for(lambda: screen.state == "reviewed" and screen.total == 0)
        await pilot.press("e")  # failed: none
        await wait_for(lambda: screen.state == "failed" and screen.total == 0)


async def test_selection_keys(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        await pilot.press("space", "space")
        await wait_for(lambda: screen.selected == 2)
        await pilot.press("shift+down", "shift+down")  # rows 2, 3 and 4 join
        await wait_for(lambda: screen.selected == 5)
        await pilot.press("shift+up")  # going back shrinks the range
        await wait_for(lambda: screen.selected == 4)
        await pilot.press("minus")
        await wait_for(lambda: screen.selected == 0)
        await pilot.press("plus")
        await wait_for(lambda: screen.selected == 20)
        await pilot.press("space")
        await wait_for(lambda: screen.selected == 19)
        await pilot.press("asterisk")
        await wait_for(lambda: screen.selected == 1)
        await pilot.press("minus", "slash", *"farines", "enter", "plus")  # all that match
        await wait_for(lambda: screen.selected == 4)


async def publish_selection(app: SaisieApp, pilot, screen: InboxListScreen) -> None:  # type: ignore[no-untyped-def]
    from tui.screens.confirm import ConfirmScreen

    await pilot.press("a")
    await wait_for(lambda: app.screen.query("#choices"))
    await pilot.press("enter")  # Publier, the first
    await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
    await pilot.press("y")


async def test_publish_a_selection_with_some_blocked(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        await pilot.press("plus")
        await wait_for(lambda: screen.selected == 20)
        await publish_selection(app, pilot, screen)
        # 8 published; 12 with a blocking flag stay and are named
        await wait_for(lambda: screen.total == 12, timeout=20)
        messages = [n.message for n in app._notifications]
        assert any("8 pièce(s) publiée(s)" in m and "12 refusée(s)" in m and "tiers inconnu" in m
                   for m in messages)
        await pilot.press("e", "e", "e", "e", "e", "e")  # published
        await wait_for(lambda: screen.state == "published" and screen.total == 8)


async def test_set_a_field_then_undo(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    from books.inbox.documents import get_document

    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen, first, second = await vat_rate_for_two(app, pilot)
        await pilot.press(*"19,6", "enter")  # no longer a French rate: refused at once
        await wait_for(lambda: any("19,6" in n.message for n in app._notifications))
        assert get_document(app.workspace, first.id).fields.get("vat_rate") is None
        await ask_vat_rate(app, pilot, screen)
        await pilot.press(*"5,5", "enter")
        await wait_for(lambda: Decimal((get_document(app.workspace, second.id).fields.get("vat_rate")
                                        or {"value": "0"})["value"]) == Decimal("5.5"))
        assert get_document(app.workspace, first.id).fields["vat_rate"]["source"] == "manual"
        await pilot.press("u")
        await wait_for(lambda: get_document(app.workspace, first.id).fields.get("vat_rate") is None
                       and get_document(app.workspace, second.id).fields.get("vat_rate") is None)


async def test_assign_a_party_with_the_picker(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    from books.inbox.documents import get_document
    from tui.screens.inbox.party_pick import PartyPickScreen

    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        await pilot.press("f")  # party unknown
        await wait_for(lambda: screen.total == 4 and screen.table.current is not None)
        unknown = screen.table.current.id
        await pilot.press("a")
        await wait_for(lambda: app.screen.query("#choices"))
        await pilot.press("down", "enter")  # Attribuer un tiers
        await wait_for(lambda: isinstance(app.screen, PartyPickScreen))
        await pilot.press(*"minot")
        await wait_for(lambda: app.screen.query_one("#pick-list").option_count == 1)
        await pilot.press("enter")
        await wait_for(lambda: screen.total == 3, timeout=20)
        assert get_document(app.workspace, unknown).party_code == "P001"
        await pilot.press("u")
        await wait_for(lambda: get_document(app.workspace, unknown).party_code is None)
        await wait_for(lambda: screen.total == 4)


async def test_delete_after_confirmation(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    from tui.screens.safe_confirm import SafeConfirmScreen

    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        await pilot.press("space", "space", "a")
        await wait_for(lambda: app.screen.query("#choices"))
        await pilot.press("end", "enter")  # Supprimer, the last
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        await pilot.press("enter")  # a stray ⏎ answers no: it cannot be undone
        await wait_for(lambda: app.screen is screen)
        assert screen.total == 20
        await pilot.press("a")
        await wait_for(lambda: app.screen.query("#choices"))
        await pilot.press("end", "enter")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        await pilot.press("o")
        await wait_for(lambda: screen.total == 18, timeout=20)


async def test_move_to_another_dossier_then_undo(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    from books.inbox.documents import get_document

    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        moved = screen.table.current.id
        await pilot.press("a")
        await wait_for(lambda: app.screen.query("#choices"))
        await pilot.press("down", "down", "down", "enter")  # Déplacer
        await wait_for(lambda: app.screen.query("#choices") and app.screen is not screen)
        await pilot.press("enter")  # the first other dossier
        await wait_for(lambda: screen.total == 19, timeout=20)
        assert get_document(app.workspace, moved).dossier_slug != SLUG
        await pilot.press("u")
        await wait_for(lambda: screen.total == 20)
        assert get_document(app.workspace, moved).dossier_slug == SLUG


async def test_live_arrival_and_legend(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        add_documents(app.workspace, count=3, start=40)  # another terminal, or the watcher
        await wait_for(lambda: screen.total == 23, timeout=10)
        await pilot.press("question_mark")
        await wait_for(lambda: app.screen.query("#legend"))
        assert "T?" in str(app.screen.query_one("#legend").render())
        await pilot.press("escape", "escape")
        await wait_for(lambda: isinstance(app.screen, DossierScreen))


async def test_dossier_screen_and_home_show_what_waits(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable

    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        home = app.screen

        def waiting_shown() -> bool:  # the home list fills in a worker: the row may not be there yet
            table = home.query_one("#dossiers", DataTable)
            return "boulangerie-dupre" in table.rows and "A 20 (12 à voir)" in str(
                table.get_row("boulangerie-dupre"))

        await wait_for(waiting_shown)
        app.open_dossier(SLUG)
        await wait_for(lambda: isinstance(app.screen, DossierScreen) and app.screen.details)
        assert app.screen.details["inbox_waiting"] == {"purchase": "20 (12 à voir)", "sale": "—"}
        await pilot.press("B")  # Ventes: none
        await wait_for(lambda: isinstance(app.screen, InboxListScreen) and app.screen.total == 0)
        assert app.screen.kind == "sale"


async def test_home_waiting_counts_give_way_to_marks_at_80_columns(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    """At 80 columns "A 20 (12 à voir, 3 vérifiées)" would cut the dossiers' names: the
    counts are written with marks, explained in the status line; at 120 they are in words."""
    from textual.widgets import DataTable, Static

    from books.inbox.review import mark_reviewed

    ids = add_documents(seeded["alice"])
    assert mark_reviewed(seeded["alice"], [ids[3], ids[4], ids[8]]).refused == []
    app = app_as()
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        table = home.query_one("#dossiers", DataTable)

        def row() -> str:
            return " ".join(map(str, table.get_row(SLUG))) if SLUG in table.rows else ""

        await wait_for(lambda: "A 20 (12! 3✓)" in row())
        assert "Boulangerie Dupré" in row()
        assert "! à voir, ✓ vérifiées" in str(home.query_one("#home-status", Static).render())
        await pilot.resize_terminal(160, 40)
        await wait_for(lambda: "A 20 (12 à voir, 3 vérifiées)" in row())
        assert "✓" not in str(home.query_one("#home-status", Static).render())


async def test_unfiled_from_home_and_the_palette(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    from store.inbox import insert_document

    with inbox["alice"].transaction() as session:
        insert_document(session=session, dossier_id=None, direction="unknown", status="review",
                        party_name_detected="Inconnu SA", number="X-1", file_hash="u" * 64,
                        stored_path="ab/u.pdf", original_name="u.pdf", flags=["unassigned"])
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: "1 pièce(s) à classer" in str(app.screen.query_one("#home-status").render()))
        await pilot.press("c")
        await wait_for(lambda: isinstance(app.screen, InboxListScreen) and app.screen.total == 1)
        assert app.screen.table.current.number == "X-1"
        await pilot.press("escape")
        await wait_for(lambda: not isinstance(app.screen, InboxListScreen))
        await pilot.press("ctrl+p", *"achats de boulangerie")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, InboxListScreen) and app.screen.total == 20)
        assert app.screen.kind == "purchase" and app.screen.slug == SLUG


async def test_the_palette_finds_a_document_by_number_in_the_users_dossiers(
        app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    """ctrl+p, a document's number: the documents of the dossiers the user may open (not
    the others'), ⏎ opens the document view on it."""
    from books.inbox.documents import find_documents
    from tui.screens.inbox.document import DocumentScreen

    add_documents(inbox["alice"], "garage-martin-fils", count=3, start=900)  # carol: no access
    assert {d.label for d in find_documents(inbox["carol"], "f-00")} == {  # any case
        f"F-{n:03}" for n in range(1, 10)}
    assert find_documents(inbox["carol"], "F-90") == []  # the garage's: not hers
    assert {d.dossier for d in find_documents(inbox["alice"], "F-90")} == {"Garage Martin & Fils"}
    app = app_as("carol")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"F-007")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, DocumentScreen)
                       and app.screen.view is not None)
        assert app.screen.view.document.number == "F-007"


async def test_a_dossiers_documents_of_unknown_direction_are_one_key_away(
        app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    """A file dropped in the dossier folder's root that could not be read has no direction:
    it counted in 'En attente' but no list of the dossier showed it. The dossier screen
    shows 'À classer (C)' and C lists them (not the firm's unassigned ones)."""
    from store.inbox import insert_document

    dossier = get_dossier(inbox["alice"], SLUG)
    with inbox["alice"].transaction() as session:
        insert_document(session=session, dossier_id=dossier.id, direction="unknown",
                        status="failed", file_hash="f" * 64, stored_path="ab/f.pdf",
                        original_name="scan-illisible.pdf", flags=["failed"])
        insert_document(session=session, dossier_id=None, direction="unknown", status="review",
                        number="X-1", file_hash="u" * 64, stored_path="ab/u.pdf",
                        original_name="u.pdf", flags=["unassigned"])
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_dossier(SLUG)
        await wait_for(lambda: isinstance(app.screen, DossierScreen) and app.screen.details)
        assert app.screen.details["inbox_waiting"]["unfiled"] == "1 (1 à voir)"
        await pilot.press("C")
        await wait_for(lambda: isinstance(app.screen, InboxListScreen) and app.screen.total == 1)
        screen = app.screen
        assert screen.kind == "unfiled" and screen.table.current.original_name == "scan-illisible.pdf"
        assert "Boulangerie Dupré › À classer" in str(screen.query_one("#inlist-title").render())


async def test_enter_opens_the_document_and_esc_comes_back_on_the_last_shown(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    from tui.screens.inbox.document import DocumentScreen

    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        await pilot.press("down")
        second, third = screen.table.cache.row(1), screen.table.cache.row(2)
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, DocumentScreen))
        assert app.screen.document_ids[app.screen.index] == second.id
        await pilot.press("n")
        await wait_for(lambda: app.screen.index == 2)
        await pilot.press("escape")
        await wait_for(lambda: app.screen is screen and screen.table.current is not None
                       and screen.table.current.id == third.id)


async def test_the_document_view_steps_through_the_whole_list_not_the_pages_read(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    """A list longer than the pages read when ⏎ is pressed: n and p go through all of it
    (the view said "Pièce 1/192" on a list of 401 and n stopped at the last row read)."""
    from tui.screens.inbox.document import DocumentScreen
    from tui.widgets.party_pages import PAGE_SIZE

    add_documents(seeded["alice"], count=PAGE_SIZE * 8)
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot, total=PAGE_SIZE * 8)
        assert len(screen.table.visible_ids()) < PAGE_SIZE * 8
        first = screen.table.current
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, DocumentScreen) and app.screen.view is not None)
        view = app.screen
        assert isinstance(view, DocumentScreen) and first is not None
        assert len(view.document_ids) == PAGE_SIZE * 8 and view.document_ids[0] == first.id
        assert "Pièce 1/" + str(PAGE_SIZE * 8) in str(view.query_one("#view-title").render())


async def test_enter_on_a_row_not_read_yet_opens_it_once_it_is(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace]) -> None:
    """Over SSH End, Home and ⏎ arrive together: the ⏎ reached a row whose page was still
    being read (after the list came back from the document view) and was lost."""
    import threading

    from tui.screens.inbox.document import DocumentScreen
    from tui.widgets.party_pages import PAGE_SIZE

    add_documents(seeded["alice"], count=PAGE_SIZE * 8)
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot, total=PAGE_SIZE * 8)
        table, source = screen.table, screen._source
        gate = threading.Event()
        read = source.read

        def slow_read(*args, **kwargs):  # type: ignore[no-untyped-def]
            gate.wait(10)
            return read(*args, **kwargs)

        source.read = slow_read  # type: ignore[method-assign]
        source.read_now = lambda *args, **kwargs: None  # type: ignore[method-assign]
        await pilot.press("end")
        await pilot.pause()
        assert table.current is None  # its page is being read
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.screen is screen
        gate.set()
        await wait_for(lambda: isinstance(app.screen, DocumentScreen) and app.screen.view is not None)
        last = table.current
        assert last is not None and app.screen.view.document.id == last.id


async def test_the_list_at_rest_draws_nothing(app_as: Callable[[str], SaisieApp], inbox, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.tui.test_idle import count_frames, frames_while_idle

    monkeypatch.setattr("tui.screens.inbox.listing.POLL_SECONDS", 0.05)
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        frames = count_frames(app)
        assert await frames_while_idle(app, frames, seconds=1.0) == 0
        add_documents(app.workspace, count=1, start=60)  # one arrives: drawn, then rest again
        await wait_for(lambda: screen.total == 21)
        assert frames[0] > 0
        assert await frames_while_idle(app, frames, seconds=1.0) == 0


async def test_files_dropped_while_the_list_is_open_appear_without_a_key(
        inbox, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dataclasses
    import os
    import time
    from pathlib import Path

    import tui.app
    from tests.books.test_inbox import invoice
    from tui.app import make_app

    monkeypatch.setattr(tui.app, "INBOX_WATCH_DELAY_S", 0.1)
    ws = inbox["alice"]
    app = make_app(dataclasses.replace(ws.settings, watch_inbox=True), ws)
    app._start_dossier = SLUG
    folder = Path(get_dossier(ws, SLUG).inbox_path) / "achats"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(3):
            path = folder / f"F-9{n}.xml"
            path.write_bytes(invoice(f"F-9{n}"))
            os.utime(path, (time.time() - 5, time.time() - 5))
        await wait_for(lambda: screen.total == 23, timeout=60)
        await wait_for(lambda: screen.progress is None)
        names = {r.original_name for r in (screen.table.cache.row(i) for i in range(23)) if r}
        assert names >= {"F-90.xml", "F-91.xml", "F-92.xml"}


def test_a_row_with_nothing_read_shows_its_file_name() -> None:
    """A duplicate (with its original's number) or a failed document: its file name in the
    party column, not "?"; a document with no party found keeps "?"."""
    from dataclasses import replace

    from store.documents_list import DocListRow
    from tui.widgets.document_drawing import cell_text

    row = DocListRow(id=7, issue_date=None, party_id=None, party_name=None, detected_name=None,
                     number="FA-2026-5081", net=None, tax=None, gross=None, currency="EUR",
                     status="duplicate", flags=(), direction="purchase", doc_type="invoice",
                     dossier_id=1, original_name="scan-5081.pdf")
    assert cell_text(row, "party") == "scan-5081.pdf" and cell_text(row, "number") == "FA-2026-5081"
    assert cell_text(replace(row, status="failed"), "party") == "scan-5081.pdf"
    assert cell_text(replace(row, status="review"), "party") == "?"
    assert cell_text(replace(row, detected_name="Cave Meyer"), "party") == "? Cave Meyer"


async def test_the_list_warms_the_document_views_reading_once(  # type: ignore[no-untyped-def]
        app_as: Callable[[str], SaisieApp], inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once its rows are drawn, the list reads its first document as the view would (in a
    thread), so that the session's first ⏎ does not pay the cold first reading."""
    import tui.screens.inbox.document as document

    warmed: list[int] = []
    real = document.warm_up
    monkeypatch.setattr(document, "warm_up", lambda ws, id_: (warmed.append(id_), real(ws, id_)))
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(app, pilot)
        first = screen.table.cache.row(0)
        assert first is not None
        await wait_for(lambda: warmed == [first.id])
        await pilot.press("o")  # loaded again: not warmed again
        await wait_for(lambda: not screen.descending and screen.total == 20)
        await pilot.pause(0.3)
        assert warmed == [first.id]


async def test_sort_skips_the_columns_a_narrow_terminal_drops(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_inbox(app, pilot)
        shown = screen.table.shown_columns()
        assert "tax" not in shown and "net" not in shown  # dropped at 80 columns
        seen = []
        for _ in range(len(shown)):
            await pilot.press("s")
            await wait_for(lambda: screen.total == 20 and screen.table.cache.row(0) is not None)
            seen.append(screen.sort)
        assert seen == [*shown[1:], "date"]
        assert "▲" in str(screen.table.render_line(0).text) or "▼" in str(screen.table.render_line(0).text)


async def test_undo_leaves_what_someone_else_changed_since(app_as: Callable[[str], SaisieApp], inbox) -> None:  # type: ignore[no-untyped-def]
    """u after a bulk set puts back the documents only this person touched; one another
    person edited since keeps their work, and the notice says so."""
    from books.inbox.documents import get_document
    from books.inbox.review import set_fields

    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen, first, second = await vat_rate_for_two(app, pilot)
        await pilot.press(*"5,5", "enter")
        await wait_for(lambda: Decimal((get_document(app.workspace, second.id).fields.get("vat_rate")
                                        or {"value": "0"})["value"]) == Decimal("5.5"))
        set_fields(inbox["carol"], second.id, {"description": "Farine T65 (Carol)"})
        await pilot.press("u")
        await wait_for(lambda: notified(app, "1 pièce(s) remise(s) comme avant ; 1 laissée(s)"))
        assert get_document(app.workspace, first.id).fields.get("vat_rate") is None
        kept = get_document(app.workspace, second.id).fields
        assert Decimal(kept["vat_rate"]["value"]) == Decimal("5.5")
        assert kept["description"]["value"] == "Farine T65 (Carol)"
