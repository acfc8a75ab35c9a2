"""The document view: every key and path (validate and next, n/p, edit with a bad value,
unknown party → add / pick / type, delete, failed document, the original's pages,
``o`` refused over SSH, the narrow layout, a burst of keys)."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from books.context import Workspace
from books.demo.invoice import DemoParty, ubl_invoice
from books.dossiers.service import DossierDraft, create_dossier, get_dossier
from books.inbox.documents import get_document, list_documents
from books.inbox.runner import run_once
from books.matching.service import forget_indexes, party_aliases
from books.parties.changes import add_party
from tests.tui.conftest import wait_for
from tests.tui.test_party_record import notified, text_of
from tui.app import SaisieApp
from tui.screens.ask import AskScreen
from tui.screens.inbox.document import DocumentScreen
from tui.screens.inbox.document_fields import FieldList
from tui.screens.inbox.party_pick import PartyPickScreen
from tui.screens.parties.form import PartyFormScreen
from tui.screens.safe_confirm import SafeConfirmScreen
from tui.widgets.original_pane import OriginalPane

SLUG = "garage-central"
GARAGE = DemoParty("Garage Central SARL", "552100554", "FR96552100554", "Lyon", "69003")
PLOMBIER = DemoParty("Dupont Plomberie SARL", "443061841", "FR64443061841", "Lyon", "69001")
OTHER = DemoParty("Société Inconnue SAS", "732829320", "FR44732829320", "Paris", "75011")
PDF = (Path(__file__).parents[1] / "books" / "fixtures" / "corpus" / "files" / "akretion-factur-x"
       / "tests" / "fixtures" / "pdf" / "invoice_EN16931.pdf")


def _drop(folder: Path, name: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    past = time.time() - 5
    os.utime(folder / name, (past, past))


def _invoice(number: str, seller: DemoParty, net: str = "100.00") -> bytes:
    return ubl_invoice(number=number, issued=date(2026, 11, 2), due=date(2026, 12, 2),
                       seller=seller, buyer=GARAGE, net=Decimal(net), rate=Decimal("20"),
                       description="Réparation").encode()


def make_inbox(admin: Workspace, pdf: bool = False) -> list[int]:
    """The garage's inbox: F-1 (known supplier), F-2 (unknown), F-3 (known), a broken PDF,
    and (``pdf``) a text PDF; in that order."""
    create_dossier(admin, DossierDraft(name="Garage Central", siren="552100554"))
    add_party(admin, SLUG, "supplier",
              {"code": "F001", "name": "Dupont Plomberie SARL", "siren": "443061841"})
    forget_indexes()
    folder = Path(get_dossier(admin, SLUG).inbox_path)
    _drop(folder, "F-1.xml", _invoice("F-1", PLOMBIER))
    _drop(folder, "F-2.xml", _invoice("F-2", OTHER, "250.00"))
    _drop(folder, "F-3.xml", _invoice("F-3", PLOMBIER, "80.00"))
    _drop(folder, "scan-coupe.pdf", b"%PDF-1.4\n% cut short by the copier\n")
    if pdf:
        _drop(folder, "factur-x.pdf", PDF.read_bytes())
    run_once(admin)
    by_name = {d.original_name: d.id for d in list_documents(admin, SLUG)}
    names = ["F-1.xml", "F-2.xml", "F-3.xml", "scan-coupe.pdf"] + (["factur-x.pdf"] if pdf else [])
    return [by_name[name] for name in names]


@pytest.fixture
def inbox(seeded: dict[str, Workspace]) -> list[int]:
    return make_inbox(seeded["alice"])


async def open_view(app: SaisieApp, pilot, ids: list[int], index: int = 0,  # type: ignore[no-untyped-def]
                    closed: list[int] | None = None) -> DocumentScreen:
    screen = DocumentScreen(ids, index)
    app.push_screen(screen, closed.append if closed is not None else None)
    await wait_for(lambda: screen.view is not None and screen.view.document.id == ids[index])
    await pilot.pause()
    return screen


async def open_purchases(app: SaisieApp, pilot) -> Any:  # type: ignore[no-untyped-def]
    """From the dossier the app opened on, b: its purchases' inbox list."""
    from tui.screens.dossier import DossierScreen
    from tui.screens.inbox.listing import InboxListScreen

    await wait_for(lambda: isinstance(app.screen, DossierScreen))
    await pilot.press("b")
    await wait_for(lambda: isinstance(app.screen, InboxListScreen))
    return app.screen


def shown(screen: DocumentScreen) -> int | None:
    return screen.view.document.id if screen.view is not None else None


def fields(screen: DocumentScreen) -> dict[str, str]:
    return {f.name: f.value for f in screen.query_one(FieldList).fields}


async def test_fields_why_and_the_original(app_as: Callable[[str], SaisieApp], inbox: list[int]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox)
        assert fields(screen)["party"] == "F001 · Dupont Plomberie SARL"
        assert fields(screen)["gross"].replace("\u202f", " ") == "120,00 €"
        assert "Pièce 1/4 · F-1" in text_of(screen.query_one("#view-title", Static))
        why = screen.query_one("#view-why", Static)
        assert "SIREN 443 061 841" in text_of(why)
        await pilot.press("down", "down", "down")
        await wait_for(lambda: "Lu sur la pièce (F-1.xml, UBL)" in text_of(why))
        pane = screen.query_one(OriginalPane)
        await wait_for(lambda: pane.page is not None)
        body = text_of(pane.query_one("#original-body", Static))
        assert "FACTURE F-1" in body and "Vendeur : Dupont Plomberie SARL" in body
        await pilot.press("w")
        await wait_for(lambda: screen.query_one(FieldList).wide_why)
        await pilot.press("w")
        await wait_for(lambda: not screen.query_one(FieldList).wide_why)


async def test_every_provenance_in_full_wraps_in_its_column_at_80_columns(
        app_as: Callable[[str], SaisieApp], inbox: list[int]) -> None:
    """w at 80x24: each field's provenance wraps beside its value (it wrapped to the
    screen's edge, under the labels), and the highlighted field scrolls into view."""
    from textual.containers import VerticalScroll

    app = app_as("alice")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_view(app, pilot, inbox)
        field_list = screen.query_one(FieldList)
        await pilot.press("w")
        await wait_for(lambda: field_list.wide_why
                       and len(field_list.render().plain.split("\n")) == field_list.size.height)
        lines = field_list.render().plain.split("\n")
        assert len(lines) > len(field_list.fields)
        assert all(line.startswith(("▶ ", "  ")) for line in lines)  # no line under the labels' column starts with text
        assert any(line.startswith(" " * 20) and line.strip() for line in lines)  # continued in its column
        pane = screen.query_one("#view-left", VerticalScroll)
        await pilot.press(*["down"] * (len(field_list.fields) - 1))
        await pilot.pause()
        shown = pane.scroll_offset.y, pane.scroll_offset.y + pane.scrollable_content_region.height
        lines = field_list.render().plain.split("\n")
        assert "▶" in "".join(lines[-4:])  # the last field is highlighted
        top = field_list.virtual_region.y + lines.index(next(line for line in lines if line.startswith("▶")))
        assert shown[0] <= top < shown[1]


async def test_w_on_a_field_far_down_keeps_it_in_view(
        app_as: Callable[[str], SaisieApp], inbox: list[int]) -> None:
    """The provenance opened with the cursor on the last field: the pane follows it (it
    stayed at the top, the highlighted field pushed below the screen)."""
    from textual.containers import VerticalScroll

    app = app_as("alice")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_view(app, pilot, inbox)
        field_list = screen.query_one(FieldList)
        await pilot.press(*["down"] * (len(field_list.fields) - 1))
        await wait_for(lambda: field_list.cursor == len(field_list.fields) - 1)
        await pilot.press("w")
        pane = screen.query_one("#view-left", VerticalScroll)

        def highlighted_in_view() -> bool:
            lines = field_list.render().plain.split("\n")
            if not field_list.wide_why or len(lines) != field_list.size.height:
                return False
            top = field_list.virtual_region.y + next(
                i for i, line in enumerate(lines) if line.startswith("▶"))
            return pane.scroll_offset.y <= top < pane.scroll_offset.y + pane.scrollable_content_region.height

        await wait_for(highlighted_in_view)


async def test_enter_publishes_and_opens_the_next_needing_a_person(
        app_as: Callable[[str], SaisieApp], inbox: list[int], seeded: dict[str, Workspace]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox)
        await pilot.press("enter")
        await wait_for(lambda: shown(screen) == inbox[1])
        assert get_document(seeded["alice"], inbox[0]).status == "published"
        await pilot.press("enter")  # party unknown: refused with why, stays
        await wait_for(lambda: notified(app, "Non publiée : tiers inconnu"))
        assert shown(screen) == inbox[1] and screen.index == 1
        await pilot.press("p")
        await wait_for(lambda: shown(screen) == inbox[0])
        assert "publiée" in text_of(screen.query_one("#view-title", Static))
        assert not screen.check_action("validate", ())  # published: nothing to validate


async def test_n_p_and_esc_back_on_the_last_shown(app_as: Callable[[str], SaisieApp],
                                                  inbox: list[int]) -> None:
    app = app_as("alice")
    closed: list[int] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox, closed=closed)
        await pilot.press("n", "n")
        await wait_for(lambda: shown(screen) == inbox[2])
        await pilot.press("p")
        await wait_for(lambda: shown(screen) == inbox[1])
        await pilot.press("p", "p")  # past the first: stays, says so
        await wait_for(lambda: notified(app, "Première pièce de la liste."))
        await pilot.press("escape")
        await wait_for(lambda: closed == [inbox[0]])


async def test_a_burst_of_keys_lands_in_order(app_as: Callable[[str], SaisieApp],
                                              inbox: list[int]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = DocumentScreen(inbox, 0)
        app.push_screen(screen)
        await pilot.press("n", "n", "n", "p", "down", "down")  # typed while the first one loads
        await wait_for(lambda: shown(screen) == inbox[2])
        await pilot.pause()
        assert screen.query_one(FieldList).cursor == 2


async def test_edit_with_a_bad_value_then_a_good_one(app_as: Callable[[str], SaisieApp],
                                                     inbox: list[int],
                                                     seeded: dict[str, Workspace]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox)
        screen.query_one(FieldList).go_to("issue_date")
        await pilot.press("e")
        box = screen.query_one("#view-edit-input", Input)
        await wait_for(lambda: screen.editing == "issue_date" and box.has_focus)
        assert box.value == "02/11/2026"
        box.value = "31/02/2026"
        await pilot.press("enter")
        error = screen.query_one("#view-edit-error", Static)
        await wait_for(lambda: "n'a que 28 jours" in text_of(error))
        assert screen.editing == "issue_date"  # still editing, the value kept
        box.value = "28/02/2026"
        await pilot.press("enter")
        await wait_for(lambda: screen.editing is None and fields(screen)["issue_date"] == "28/02/2026")
        field = screen.query_one(FieldList).current
        assert field is not None and field.name == "issue_date" and field.source == "manual"
        assert get_document(seeded["alice"], inbox[0]).issue_date == date(2026, 2, 28)
        screen.query_one(FieldList).go_to("vat_rate")
        await pilot.press("e")
        await wait_for(lambda: screen.editing == "vat_rate")
        box.value = "7"
        await pilot.press("enter")
        await wait_for(lambda: "pas un taux de TVA appliqué en France" in text_of(error))
        await pilot.press("escape")  # cancels the edit, stays on the document
        await wait_for(lambda: screen.editing is None)
        assert app.screen is screen


async def test_unknown_party_pick_teaches_the_name(app_as: Callable[[str], SaisieApp],
                                                   inbox: list[int],
                                                   seeded: dict[str, Workspace]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox, 1)
        head = text_of(screen.query_one("#view-head", Static))
        assert "Tiers inconnu · Lu sur la pièce : Société Inconnue SAS" in head
        assert "732829320" in head and "a : créer ce tiers" in head
        await pilot.press("c")
        await wait_for(lambda: isinstance(app.screen, PartyPickScreen))
        picker = app.screen
        options = picker.query_one(OptionList)
        await pilot.press(*"dupont")
        await wait_for(lambda: options.option_count >= 1 and options.get_option_at_index(0).id == "F001")
        await pilot.press("enter")
        await wait_for(lambda: app.screen is screen and fields(screen)["party"].startswith("F001"))
        assert notified(app, "le nom « Société Inconnue SAS » est appris")
        names = [a.name for a in party_aliases(seeded["alice"], SLUG, "supplier", "F001")]
        assert "Société Inconnue SAS" in names
        assert not screen.check_action("add_party", ())  # known now


async def test_pick_then_validate_in_one_burst(app_as: Callable[[str], SaisieApp],
                                              inbox: list[int], seeded: dict[str, Workspace],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """c, a name, ⏎, ⏎ in one burst while the picker is still looking the name up: the
    first ⏎ waits for the parties found for the name (it chose nothing and was lost), the
    second for the document read again with its party, and publishes it."""
    import time as clock

    from tui.screens.inbox import party_pick

    finding = party_pick.pick_rows

    def slow_rows(*args: Any, **kwargs: Any) -> Any:
        clock.sleep(0.2)
        return finding(*args, **kwargs)

    monkeypatch.setattr(party_pick, "pick_rows", slow_rows)
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_view(app, pilot, inbox, 1)
        await pilot.press("c", *"dupont", "enter", "enter")
        await wait_for(lambda: get_document(seeded["alice"], inbox[1]).status == "published",
                       timeout=10)
        assert get_document(seeded["alice"], inbox[1]).party_code == "F001"
        assert not notified(app, "tiers inconnu")  # the ⏎ did not reach the view too early


async def test_unknown_party_typed_code(app_as: Callable[[str], SaisieApp], inbox: list[int]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox, 1)
        await pilot.press("t")
        await wait_for(lambda: isinstance(app.screen, AskScreen))
        await pilot.press("F", "9", "enter")  # no such party: refused, named
        await wait_for(lambda: app.screen is screen and any(
            "F9" in n.message for n in app._notifications))
        await pilot.press("t")
        await wait_for(lambda: isinstance(app.screen, AskScreen))
        await pilot.press(*"F001", "enter")
        await wait_for(lambda: fields(screen)["party"] == "F001 · Dupont Plomberie SARL")


async def test_unknown_party_added_from_what_was_read(app_as: Callable[[str], SaisieApp],
                                                      inbox: list[int],
                                                      seeded: dict[str, Workspace]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox, 1)
        await pilot.press("a")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        form = app.screen
        await wait_for(lambda: form.query_one("#f-name", Input).value == "Société Inconnue SAS")
        assert form.query_one("#f-code", Input).value == "F002"
        assert form.query_one("#f-siren", Input).value == "732829320"
        assert form.query_one("#f-vat_id", Input).value == "FR44732829320"
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is screen and fields(screen)["party"].startswith("F002"))
        document = get_document(seeded["alice"], inbox[1])
        assert document.party_code == "F002" and "party_unknown" not in document.flags


async def test_delete_after_confirmation(app_as: Callable[[str], SaisieApp], inbox: list[int],
                                         seeded: dict[str, Workspace]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox, 2)
        await pilot.press("d")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        await pilot.press("enter")  # ⏎ (this screen's validate key) alone answers no
        await wait_for(lambda: app.screen is screen)
        assert shown(screen) == inbox[2]
        await pilot.press("d")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        await pilot.press("n")
        await wait_for(lambda: app.screen is screen)
        await pilot.press("d")
        await wait_for(lambda: isinstance(app.screen, SafeConfirmScreen))
        await pilot.press("o")
        await wait_for(lambda: shown(screen) == inbox[3])
        assert screen.document_ids == [inbox[0], inbox[1], inbox[3]] and screen.index == 2
        assert inbox[2] not in [d.id for d in list_documents(seeded["alice"], SLUG)]


async def test_a_failed_document_shows_why_and_takes_typed_values(
        app_as: Callable[[str], SaisieApp], inbox: list[int]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox, 3)
        head = text_of(screen.query_one("#view-head", Static))
        assert "Lecture en échec : scan-coupe.pdf : PDF endommagé" in head
        assert "Achat ou vente ?" in head
        pane = screen.query_one(OriginalPane)
        await wait_for(lambda: pane.page is not None)
        assert "Original illisible" in text_of(pane.query_one("#original-note", Static))
        await pilot.press("c")  # no direction yet: says what to do first
        await wait_for(lambda: notified(app, "Donnez d'abord le sens"))
        screen.query_one(FieldList).go_to("number")
        await pilot.press("e")
        await wait_for(lambda: screen.editing == "number")
        screen.query_one("#view-edit-input", Input).value = "FA-77"
        await pilot.press("enter")
        await wait_for(lambda: fields(screen)["number"] == "FA-77")
        screen.query_one(FieldList).go_to("direction")
        await pilot.press("e")
        await wait_for(lambda: screen.editing == "direction")
        screen.query_one("#view-edit-input", Input).value = "achat"
        await pilot.press("enter")
        await wait_for(lambda: fields(screen)["direction"] == "achat")


async def test_pdf_pages_and_open_refused_over_ssh(app_as: Callable[[str], SaisieApp],
                                                   seeded: dict[str, Workspace],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ids = make_inbox(seeded["alice"], pdf=True)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22")
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, ids, 4)
        pane = screen.query_one(OriginalPane)
        await wait_for(lambda: pane.page is not None, timeout=30)
        assert pane.page is not None and pane.page.kind == "pdf"
        assert "LOGO LE FOURNISSEUR" in text_of(pane.query_one("#original-body", Static))
        scroll = pane.query_one("#original-scroll")
        await pilot.press("pagedown")
        await wait_for(lambda: scroll.scroll_y > 0)  # a long page scrolls before the next page
        await pilot.press("pageup")
        await wait_for(lambda: scroll.scroll_y == 0)
        await pilot.press("o")
        await wait_for(lambda: notified(app, "Saisie tourne sur une machine distante (SSH)"))


async def test_narrow_terminal_toggles_the_original(app_as: Callable[[str], SaisieApp],
                                                    inbox: list[int]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_view(app, pilot, inbox)
        left, right = screen.query_one("#view-left"), screen.query_one("#view-original")
        assert left.display and not right.display
        await pilot.press("v")
        await wait_for(lambda: right.display and not left.display)
        await pilot.press("v")
        await wait_for(lambda: left.display and not right.display)
        keys = {b.binding.action for b in screen.active_bindings.values() if b.enabled}
        assert {"validate", "next", "previous", "edit", "why", "toggle_original"} <= keys


def test_xdg_open_missing_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from books.inbox.opening import open_original

    file = tmp_path / "f.pdf"
    file.write_bytes(b"%PDF")
    assert "pas de DISPLAY" in (open_original(file, {}) or "")
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    assert "aucun visualiseur" in (open_original(file, {"DISPLAY": ":0"}) or "")


async def test_a_pdf_page_as_an_image_where_the_terminal_shows_one(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.widgets import original_image

    ids = make_inbox(seeded["alice"], pdf=True)
    monkeypatch.setattr(original_image, "PROTOCOL", "sixel")
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, ids, 4)
        pane = screen.query_one(OriginalPane)
        await wait_for(lambda: pane.has_image, timeout=30)
        assert not pane.query_one("#original-body").display
        # After the sixels the cursor goes back to the end of the image's last row, where
        # Textual goes on writing that row (below it, the key bar: the screen scrolled)
        from rich.control import Control

        picture = pane.query_one("#original-image")
        await wait_for(lambda: bool(picture.children) and picture.children[0].region.height > 0)
        drawn = picture.children[0]
        region = screen.find_widget(drawn).visible_region
        assert list(drawn._get_sixel_segments(""))[-1].text == \
            Control.move_to(region.right, region.bottom - 1).segment.text
        await pilot.press("i")  # its text instead
        await wait_for(lambda: pane.page is not None and not pane.has_image)
        assert pane.query_one("#original-body").display
        await pilot.press("p")  # an e-invoice has no page to render: its text
        await wait_for(lambda: shown(screen) == ids[3])
        assert not pane.has_image


def test_images_only_where_the_environment_says_a_graphics_terminal() -> None:
    import io

    from tui.widgets.original_image import prepare, protocol_from_env

    assert protocol_from_env({"TERM": "xterm-256color"}) is None
    # xterm says nothing of Sixel in its environment: it is asked (it shows Sixel as a VT340)
    assert protocol_from_env({"TERM": "xterm", "XTERM_VERSION": "XTerm(379)"}) == "sixel"
    assert protocol_from_env({"TERM": "screen", "XTERM_VERSION": "XTerm(379)"}) is None
    assert protocol_from_env({"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}) == "tgp"
    assert protocol_from_env({"TERM": "foot"}) == "sixel"
    assert protocol_from_env({"TERM_PROGRAM": "WezTerm"}) == "sixel"
    assert protocol_from_env({"TERM": "xterm-kitty", "TMUX": "/tmp/tmux-0/default,1,0"}) is None
    assert protocol_from_env({"TERM": "screen-256color", "SAISIE_IMAGES": "sixel"}) is None
    assert protocol_from_env({"TERM": "xterm", "SAISIE_IMAGES": "sixel"}) == "sixel"
    assert protocol_from_env({"TERM": "foot", "SAISIE_IMAGES": "off"}) is None
    assert prepare({"TERM": "foot"}, io.StringIO()) is None  # not a terminal: nothing asked


async def test_help_lists_every_key_of_the_view(app_as: Callable[[str], SaisieApp],
                                                inbox: list[int]) -> None:
    from textual.widgets import DataTable

    from tui.screens.help import HelpScreen

    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_view(app, pilot, inbox, 1)
        await pilot.press("question_mark")
        await wait_for(lambda: isinstance(app.screen, HelpScreen))
        table = app.screen.query_one("#keys", DataTable)
        labels = {str(table.get_row_at(r)[1]) for r in range(table.row_count)}
        assert {"valider", "suivante", "précédente", "modifier", "pourquoi", "créer le tiers",
                "choisir le tiers", "taper un code", "supprimer", "ouvrir l'original",
                "page suivante", "page précédente", "champ suivant", "retour"} <= labels
        assert "" not in labels


async def test_r_opens_the_partys_rule_prefilled_from_the_document(
        app_as: Callable[[str], SaisieApp], inbox: list[int], seeded: dict[str, Workspace]) -> None:
    from books.inbox.review import set_fields
    from tui.screens.rules.editor import RuleEditor

    set_fields(seeded["alice"], inbox[0], {"account": "6155"})
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox, 1)
        await pilot.press("r")  # party unknown: the rule is a party's
        await wait_for(lambda: notified(app, "Donnez d'abord son tiers à la pièce"))
        await pilot.press("p")
        await wait_for(lambda: shown(screen) == inbox[0])
        await pilot.press("r")
        await wait_for(lambda: isinstance(app.screen, RuleEditor))
        target = app.screen.target
        assert target.document_id == inbox[0] and target.prefill.get("account") == "6155"
        assert target.title.startswith("Règle de F001 · Dupont Plomberie SARL")
        await pilot.press("escape")
        await wait_for(lambda: app.screen is screen)


async def test_a_duplicate_names_its_original_and_g_opens_it(
        app_as: Callable[[str], SaisieApp], inbox: list[int], seeded: dict[str, Workspace]) -> None:
    admin = seeded["alice"]
    _drop(Path(get_dossier(admin, SLUG).inbox_path), "F-1 (renvoi).xml", _invoice("F-1", PLOMBIER))
    run_once(admin)
    copy = next(d.id for d in list_documents(admin, SLUG) if d.original_name == "F-1 (renvoi).xml")
    assert get_document(admin, copy).status == "duplicate"
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, [copy])
        head = text_of(screen.query_one("#view-head", Static))
        assert "Doublon exact de la pièce F-1 du 02/11/2026 (Dupont Plomberie SARL, à revoir)" in head
        assert "g ouvre l'original, d supprime ce doublon" in head
        assert "Tiers inconnu" not in head  # no ways out for a party: it is deleted, not worked on
        pane = screen.query_one(OriginalPane)
        await wait_for(lambda: pane.page is not None)
        assert "FACTURE F-1" in text_of(pane.query_one("#original-body", Static))
        assert not screen.check_action("pick_party", ()) and screen.check_action("delete", ())
        await pilot.press("enter")
        await wait_for(lambda: notified(app, "doublon"))
        assert get_document(admin, copy).status == "duplicate"
        await pilot.press("g")
        await wait_for(lambda: isinstance(app.screen, DocumentScreen) and app.screen is not screen
                       and shown(app.screen) == inbox[0])
        await pilot.press("escape")
        await wait_for(lambda: app.screen is screen)
        assert shown(screen) == copy


async def test_an_unfiled_document_says_whose_it_may_be_and_m_files_it(
        app_as: Callable[[str], SaisieApp], inbox: list[int], seeded: dict[str, Workspace]) -> None:
    from books.inbox.review import move_to_dossier
    from tui.screens.inbox.list_dialogs import ChoiceScreen

    move_to_dossier(seeded["alice"], inbox[1], None)
    app = app_as("alice")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_view(app, pilot, [inbox[1]])
        head = text_of(screen.query_one("#view-head", Static))
        assert "Vendeur lu : Société Inconnue SAS 732829320" in head
        assert "Acheteur lu : Garage Central SARL" in head
        assert "m choisit le dossier de cette pièce" in head and "Tiers inconnu" not in head
        await pilot.press("m")
        await wait_for(lambda: isinstance(app.screen, ChoiceScreen))
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        await pilot.press(*["down"] * [key for key, _ in dialog.choices].index(SLUG), "enter")
        await wait_for(lambda: get_document(seeded["alice"], inbox[1]).dossier_slug == SLUG)


async def test_the_list_opens_its_view_again_with_nothing_of_the_last_opening(
        app_as: Callable[[str], SaisieApp], inbox: list[int], seeded: dict[str, Workspace]) -> None:
    """The document view is kept mounted for the session and pushed again on ⏎ (composing
    it cost most of the key), by this list and the next: each opening starts as a new
    screen would."""
    from tui.screens.dossier import DossierScreen
    from tui.screens.inbox.listing import InboxListScreen

    app = app_as("alice")
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        listing = await open_purchases(app, pilot)
        await wait_for(lambda: listing.table.current is not None and listing.total is not None)
        first_row = listing.table.current
        assert first_row is not None
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, DocumentScreen) and shown(app.screen) == first_row.id)
        view = app.screen
        assert isinstance(view, DocumentScreen)
        await pilot.press("w", "down", "down")
        await wait_for(lambda: view.query_one(FieldList).wide_why and view.query_one(FieldList).cursor == 2)
        await pilot.press("e")
        await wait_for(lambda: view.editing is not None)
        await pilot.press("escape", "escape")  # out of the field, then back to the list
        await wait_for(lambda: app.screen is listing)
        assert view.is_attached  # kept, not removed
        await pilot.press("down")
        await wait_for(lambda: listing.table.current is not None and listing.table.current.id != first_row.id)
        second = listing.table.current
        assert second is not None
        await pilot.press("enter")
        await wait_for(lambda: app.screen is view and shown(view) == second.id)
        fields_list = view.query_one(FieldList)
        assert view.editing is None and not fields_list.wide_why and fields_list.cursor == 0
        assert view.published == view.reviewed == 0 and view._last_undo is None
        assert not view.query_one("#view-edit").display
        assert view.document_ids[view.index] == second.id
        title = text_of(view.query_one("#view-title", Static))
        assert f"Pièce {view.index + 1}/{len(view.document_ids)}" in title
        await pilot.press("escape")
        await wait_for(lambda: app.screen is listing and listing.table.current is not None
                       and listing.table.current.id == second.id)
        await pilot.press("escape")  # the list closes: the view stays for the next list
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        assert view.is_attached and app.document_view is view
        await pilot.press("b")
        await wait_for(lambda: isinstance(app.screen, InboxListScreen) and app.screen is not listing)
        again = app.screen
        assert isinstance(again, InboxListScreen)
        await wait_for(lambda: again.table.current is not None and again.total is not None)
        await pilot.press("enter")  # the same view, opened on this list's first row
        await wait_for(lambda: app.screen is view and again.table.current is not None
                       and shown(view) == again.table.current.id)
        assert view.index == view.document_ids.index(again.table.current.id)
        assert list(app._installed_screens.values()) == [view]  # one view for the session


async def test_an_opening_shows_its_fields_in_its_first_frame(
        app_as: Callable[[str], SaisieApp], inbox: list[int]) -> None:
    """The first document, read in a thread since the screen was made, is waited for a
    moment so that the frame that shows the screen already holds its fields (not a
    "loading" frame then the fields one frame later)."""
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = DocumentScreen(inbox, 0)
        app.install_screen(screen, "kept-view")  # kept mounted, as the list keeps it
        app.push_screen(screen)
        await wait_for(lambda: shown(screen) == inbox[0])
        await pilot.press("escape")
        await wait_for(lambda: app.screen is not screen)
        screen.reopen(inbox, 2)  # as the list does before pushing it again
        assert shown(screen) == inbox[2]
        assert "Pièce 3/4" in text_of(screen.query_one("#view-title", Static))
        assert fields(screen)["party"].startswith("F0")


async def test_f2_in_the_view_and_before_it_is_opened_again(
        app_as: Callable[[str], SaisieApp], inbox: list[int]) -> None:
    """The language changes on the view (its labels, keys and reading in English), and
    the kept view opened again after F2 elsewhere speaks the new language too."""
    from books.i18n import set_language
    from tui.widgets.contextbar import ContextBar
    from tui.widgets.keybar import KeyBar

    app = app_as("alice")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = DocumentScreen(inbox, 0)
            app.install_screen(screen, "kept-view")
            app.push_screen(screen)
            await wait_for(lambda: shown(screen) == inbox[0])
            await pilot.press("f2")
            title = screen.query_one("#view-title", Static)
            await wait_for(lambda: "Document 1/4" in text_of(title))
            await wait_for(lambda: "validate" in text_of(screen.query_one(KeyBar)))
            await wait_for(lambda: screen.query_one(FieldList).fields[0].label == "party")
            await pilot.press("escape")
            await wait_for(lambda: app.screen is not screen)
            await pilot.press("f2")  # back to French while the view is not on screen
            screen.reopen(inbox, 1)
            app.push_screen(screen)
            await wait_for(lambda: app.screen is screen and "Pièce 2/4" in text_of(title))
            assert "(Administrateur)" in text_of(screen.query_one(ContextBar))
            assert "valider" in text_of(screen.query_one(KeyBar))
    finally:
        set_language("fr")


async def test_enter_on_a_document_changed_meanwhile_shows_it_again_fresh(
        app_as: Callable[[str], SaisieApp], inbox: list[int], seeded: dict[str, Workspace]) -> None:
    """A second person changes the document on screen; ⏎ publishes nothing, says who
    changed it, and shows it again with the fresh value; the next ⏎ publishes that."""
    from books.dossiers.service import set_access
    from books.inbox.review import set_fields

    set_access(seeded["alice"], SLUG, ["bob"])
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox)
        set_fields(seeded["bob"], inbox[0], {"description": "Robinetterie (Bob)"})
        await pilot.press("enter")
        await wait_for(lambda: notified(app, "F-1 a été modifiée par bob le "))
        await wait_for(lambda: shown(screen) == inbox[0]
                       and fields(screen).get("description") == "Robinetterie (Bob)")
        assert get_document(seeded["alice"], inbox[0]).status == "review"
        await pilot.press("enter")
        await wait_for(lambda: get_document(seeded["alice"], inbox[0]).status == "published")


async def test_enter_right_after_an_edit_validates_the_edited_values(
        app_as: Callable[[str], SaisieApp], inbox: list[int], seeded: dict[str, Workspace]) -> None:
    """e, a value, ⏎ then ⏎ in one burst: the second ⏎ waits for the document read again
    after the edit, and publishes it (not refused as changed by one's own edit)."""
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox)
        await pilot.press(*["down"] * [f.name for f in screen.query_one(FieldList).fields]
                          .index("description"), "e", *"Joints", "enter", "enter")
        await wait_for(lambda: get_document(seeded["alice"], inbox[0]).status == "published")
        assert get_document(seeded["alice"], inbox[0]).fields["description"]["value"] == "Joints"
        assert not notified(app, "depuis que vous l'avez ouverte")


async def test_edits_typed_in_one_burst_each_land_in_their_field(
        app_as: Callable[[str], SaisieApp], inbox: list[int], seeded: dict[str, Workspace],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """e, a value, ⏎, ↓, e, a value, ⏎ … in one burst (SSH): the keys after a ⏎ wait for the
    save. The ↓ was refused while the save ran (still editing) and the next value went
    into the field just saved: the number ended as the description typed after it."""
    import time as clock

    from books.inbox import review

    saving = review.set_fields

    def slow_save(*args: Any, **kwargs: Any) -> Any:  # a loaded server, a remote database
        clock.sleep(0.3)
        return saving(*args, **kwargs)

    monkeypatch.setattr(review, "set_fields", slow_save)
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox)
        names = [f.name for f in screen.query_one(FieldList).fields]
        screen.query_one(FieldList).go_to("number")
        await pilot.pause()
        steps = names.index("description") - names.index("number")
        await pilot.press("e", "ctrl+u", *"FX-9", "enter", *["down"] * steps,
                          "e", "ctrl+u", *"Joints", "enter")
        await wait_for(lambda: screen.editing is None
                       and fields(screen)["description"] == "Joints")
        document = get_document(seeded["alice"], inbox[0])
        assert document.number == "FX-9" and document.fields["description"]["value"] == "Joints"


async def test_an_edit_of_a_document_published_meanwhile_shows_it_published(
        app_as: Callable[[str], SaisieApp], inbox: list[int], seeded: dict[str, Workspace]) -> None:
    """Another terminal published the document while this one edited a field: the refusal
    is said and the view shows the document as published (it still said "à revoir")."""
    from books.inbox.review import publish

    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(app, pilot, inbox)
        screen.query_one(FieldList).go_to("description")
        await pilot.press("e")
        await wait_for(lambda: screen.editing == "description")
        publish(seeded["alice"], [inbox[0]])
        await pilot.press(*"Joints", "enter")
        await wait_for(lambda: screen.editing is None and screen.view is not None
                       and screen.view.document.status == "published")
        assert notified(app, "ne changent plus")


async def test_the_list_prepares_the_view_before_the_first_enter(
        app_as: Callable[[str], SaisieApp], inbox: list[int]) -> None:
    """Once its rows are drawn, the list has the session's document view composed off the
    stack (reading nothing more); the first ⏎ pushes that very screen on its row."""

    app = app_as("alice")
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        listing = await open_purchases(app, pilot)
        await wait_for(lambda: app.document_view is not None and app.document_view.is_mounted)
        prepared = app.document_view
        assert isinstance(prepared, DocumentScreen)
        assert prepared not in app.screen_stack and prepared.view is None  # nothing shown yet
        await wait_for(lambda: listing.table.current is not None)
        await pilot.press("down", "enter")
        await wait_for(lambda: app.screen is prepared and listing.table.current is not None
                       and shown(prepared) == listing.table.current.id)
        assert "Pièce 2/" in text_of(prepared.query_one("#view-title", Static))
