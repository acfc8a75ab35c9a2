"""Snapshots of the document view at 120×40 (fields beside the original) and 80×24
(fields, then the original toggled with v): a text PDF, its page laid out as text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from books.context import Workspace
from tests.tui.conftest import wait_for
from tests.tui.test_document_view import make_inbox
from tui.app import SaisieApp
from tui.screens.inbox.document import DocumentScreen
from tui.widgets.original_pane import OriginalPane


@pytest.fixture
def pdf_document(seeded: dict[str, Workspace]) -> list[int]:
    """The garage's inbox; the last document is a Factur-X PDF whose supplier is unknown."""
    return make_inbox(seeded["alice"], pdf=True)


def _opened(app: SaisieApp, ids: list[int], original: bool = False) -> Callable[..., object]:
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        screen = DocumentScreen(ids, len(ids) - 1)
        app.push_screen(screen)
        await wait_for(lambda: screen.view is not None)
        pane = screen.query_one(OriginalPane)
        await wait_for(lambda: pane.page is not None, timeout=30)
        if original:  # what v does (its key is tested in test_document_view)
            screen.action_toggle_original()
        await pilot.pause()

    return run_before


def test_document_view_120x40(snap_compare, app_as: Callable[[str], SaisieApp],  # type: ignore[no-untyped-def]
                              pdf_document: list[int]) -> None:
    app = app_as("alice")
    assert snap_compare(app, terminal_size=(120, 40), run_before=_opened(app, pdf_document))


def test_document_view_80x24(snap_compare, app_as: Callable[[str], SaisieApp],  # type: ignore[no-untyped-def]
                             pdf_document: list[int]) -> None:
    app = app_as("alice")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_opened(app, pdf_document))


def test_document_view_80x24_original(snap_compare, app_as: Callable[[str], SaisieApp],  # type: ignore[no-untyped-def]
                                      pdf_document: list[int]) -> None:
    app = app_as("alice")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_opened(app, pdf_document, original=True))
