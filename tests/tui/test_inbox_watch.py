"""The app takes in the files dropped in the inbox folders while it runs."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

from books.context import Workspace
from books.dossiers.service import get_dossier, list_dossiers
from books.inbox.documents import list_documents
from tests.books.test_inbox import invoice
from tests.tui.conftest import wait_for
from tui.app import make_app


async def test_a_file_dropped_while_the_app_runs_becomes_a_document(
        seeded: dict[str, Workspace], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tui.app

    monkeypatch.setattr(tui.app, "INBOX_WATCH_DELAY_S", 0.1)
    ws = seeded["carol"]  # a collaborator: her dossiers only
    settings = dataclasses.replace(ws.settings, watch_inbox=True)
    app = make_app(settings, ws)
    mine = Path(get_dossier(ws, "boulangerie-dupre").inbox_path)
    theirs = Path(get_dossier(seeded["alice"], "garage-martin-fils").inbox_path)
    async with app.run_test(size=(120, 40)) as pilot:
        for folder in (mine, theirs):
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "F-1.xml"
            path.write_bytes(invoice("F-1"))
            os.utime(path, (time.time() - 5, time.time() - 5))
        await wait_for(lambda: len(list_documents(ws, "boulangerie-dupre")) == 1, timeout=60)
        await wait_for(lambda: not (mine / "F-1.xml").exists())  # moved once recorded
        await pilot.pause()
        entry = next(e for e in list_dossiers(ws) if e.row.slug == "boulangerie-dupre")
        assert entry.waiting == 1
    assert (theirs / "F-1.xml").exists(), "a collaborator's app leaves the dossiers she cannot open"
    assert app._inbox_stop.is_set()
