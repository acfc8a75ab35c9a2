"""Watching the folders: files dropped while ``inbox run`` watches are taken in batches as
soon as they have stopped changing, and the watcher looks again exactly then."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier, get_dossier
from books.inbox.folders import STABLE_S
from books.inbox.runner import MARGIN_S, run_forever, time_to_stable
from books.matching.service import forget_indexes
from books.parties.changes import add_party
from tests.books.test_inbox import invoice


@pytest.fixture
def garage(admin: Workspace) -> Path:
    create_dossier(admin, DossierDraft(name="Garage Central", siren="552100554"))
    add_party(admin, "garage-central", "supplier",
              {"code": "F001", "name": "Dupont Plomberie SARL", "siren": "443061841"})
    forget_indexes()
    folder = Path(get_dossier(admin, "garage-central").inbox_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class _Folders:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def folders(self, _slug: str | None) -> list[tuple[Path, None]]:
        return [(self.folder, None)]


def _aged(path: Path, seconds: float) -> None:
    moment = time.time() - seconds
    os.utime(path, (moment, moment))


def test_the_wait_ends_when_the_first_file_being_written_is_stable(tmp_path: Path) -> None:
    watched = _Folders(tmp_path)
    assert time_to_stable(watched, None) is None  # type: ignore[arg-type]
    old = tmp_path / "old.xml"
    old.write_text("x")
    _aged(old, 60)
    assert time_to_stable(watched, None) is None  # type: ignore[arg-type]
    (tmp_path / ".hidden.part").write_text("x")  # never taken: no reason to wait
    assert time_to_stable(watched, None) is None  # type: ignore[arg-type]
    left = tmp_path / "left.xml"
    left.write_text("x")
    _aged(left, STABLE_S * 2)  # stable, still there: looked at again shortly
    assert time_to_stable(watched, None) == STABLE_S / 2  # type: ignore[arg-type]
    writing = tmp_path / "writing.xml"
    writing.write_text("x")
    _aged(writing, STABLE_S * 0.6)
    fresh = tmp_path / "fresh.xml"
    fresh.write_text("x")
    wait = time_to_stable(watched, None)  # type: ignore[arg-type]
    assert wait is not None and wait <= STABLE_S * 0.4 + MARGIN_S + 0.05  # the older one first


def test_files_dropped_while_watching_become_documents(admin: Workspace, garage: Path) -> None:
    from store.inbox import list_documents

    stop, ready = threading.Event(), threading.Event()
    watcher = threading.Thread(target=run_forever, args=(admin, None, stop),
                               kwargs={"ready": ready.set}, daemon=True)
    watcher.start()
    try:
        assert ready.wait(60)
        for n in range(5):
            (garage / f"W-{n}.xml").write_bytes(invoice(f"W-{n}"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with admin.read() as session:
                docs = list_documents(session=session, dossier_id=1)
            moved = not any(garage.glob("W-*.xml"))  # to traités/, once recorded
            if len(docs) == 5 and all(d.status == "review" for d in docs) and moved:
                break
            time.sleep(0.05)
        assert sorted(d.number for d in docs) == [f"W-{n}" for n in range(5)]
        assert all(d.party_code == "F001" for d in docs)
        assert moved
    finally:
        stop.set()
        watcher.join(30)
    assert not watcher.is_alive()


def test_the_folders_are_read_again_after_a_second(admin: Workspace, garage: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from books.inbox import pipeline as module

    pipeline = module.Pipeline(admin, None)
    before = [folder.name for folder, _d in pipeline.folders()]
    create_dossier(admin, DossierDraft(name="Boulangerie Paul", siren="443061841"))
    assert [folder.name for folder, _d in pipeline.folders()] == before  # within the second
    monkeypatch.setattr(module, "FOLDERS_FRESH_S", 0.0)
    assert "boulangerie-paul" in [folder.name for folder, _d in pipeline.folders()]
