"""The pipeline's guarantees with real processes: a kill between any two steps loses
nothing and doubles nothing, and several workers on one folder take each file once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from books.config import Settings
from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier, get_dossier
from books.inbox.documents import list_documents
from books.inbox.records import CRASH_AFTER
from tests.books.test_inbox import invoice

SAISIE = str(Path(sys.executable).with_name("saisie"))


@pytest.fixture
def folder(admin: Workspace) -> Path:
    create_dossier(admin, DossierDraft(name="Garage Central", siren="552100554"))
    return Path(get_dossier(admin, "garage-central").inbox_path)


def saisie(settings: Settings, *args: str, crash_after: str | None = None,
           wait: bool = True) -> subprocess.Popen[str] | subprocess.CompletedProcess[str]:
    config = settings.config_path
    config.write_text(f'inbox_root = "{settings.inbox_root}"\narchive_root = "{settings.archive_root}"\n')
    env = {**os.environ, "SAISIE_USER": "alice", "SAISIE_DATABASE": settings.database,
           "SAISIE_CONFIG": str(config)}
    env.pop(CRASH_AFTER, None)
    if crash_after:
        env[CRASH_AFTER] = crash_after
    command = [SAISIE, *args]
    if not wait:
        return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def drop_many(folder: Path, count: int, start: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    past = time.time() - 5
    for n in range(start, start + count):
        path = folder / f"F-{n:04d}.xml"
        path.write_bytes(invoice(f"F-{n:04d}", net=f"{100 + n}.00"))
        os.utime(path, (past, past))


@pytest.mark.parametrize("step", ["claimed", "stored", "read", "analysed", "moved"])
def test_a_kill_after_any_step_loses_and_doubles_nothing(
        admin: Workspace, settings: Settings, folder: Path, step: str) -> None:
    drop_many(folder, 2)
    killed = saisie(settings, "inbox", "run", "--once", crash_after=step)
    assert killed.returncode == 99, killed.stderr
    done = saisie(settings, "inbox", "run", "--once", "--json")
    assert done.returncode == 0, done.stderr
    docs = list_documents(admin, "garage-central")
    assert sorted(d.number for d in docs) == ["F-0000", "F-0001"]
    assert {d.status for d in docs} == {"review"}
    assert not list(folder.glob("*.xml")), "originals leave the folder once recorded"
    assert len(list((folder / "traités").rglob("*.xml"))) == 2


def test_three_workers_take_each_file_once(admin: Workspace, settings: Settings,
                                           folder: Path) -> None:
    drop_many(folder, 300)
    workers = [saisie(settings, "inbox", "run", "--once", "--json", wait=False) for _ in range(3)]
    outputs = [w.communicate(timeout=600) for w in workers]
    said = "\n".join(line for _out, err in outputs for line in err.splitlines()
                     if " INFO " not in line)  # a failing worker's error, whole (not its log)
    assert [w.returncode for w in workers] == [0, 0, 0], said
    processed = sum(json.loads(out.strip().splitlines()[-1])["processed"] for out, _err in outputs)
    docs = list_documents(admin, "garage-central")
    assert len(docs) == 300 and processed == 300
    assert len({d.number for d in docs}) == 300
    assert {d.status for d in docs} == {"review"}
    assert not list(folder.glob("*.xml"))
