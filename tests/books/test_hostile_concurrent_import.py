"""Two imports into one list at once: the second waits for the first, then re-plans
against what it wrote (issue 14 item 4), on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier
from books.exchange import service


def _write_list(path: Path, count: int, name: str = "Société") -> Path:
    rows = "".join(f"C{i:05d};{name} {i}\n" for i in range(count))
    path.write_text("Code;Raison sociale\n" + rows, encoding="utf-8")
    return path


@pytest.fixture
def dossier(team: dict[str, Workspace]) -> str:
    return create_dossier(team["alice"], DossierDraft(name="Garage Martin", access=["bob"])).dossier.slug


def test_an_import_planned_while_another_writes_waits_and_replans(
    team, dossier, tmp_path, workspaces, monkeypatch
) -> None:
    """The first import pauses right after planning (up to 2 s for the second to plan too);
    without the lock both plan the same creations and the second's insert breaks."""
    path = _write_list(tmp_path / "clients.csv", 300)
    first_planned, second_planned = threading.Event(), threading.Event()
    real_plan = service._plan
    names: dict[int, str] = {}

    def slow_plan(session, prepared, checked):  # type: ignore[no-untyped-def]
        plan = real_plan(session, prepared, checked)
        if names[threading.get_ident()] == "first":
            first_planned.set()
            second_planned.wait(2)
        else:
            second_planned.set()
        return plan

    monkeypatch.setattr(service, "_plan", slow_plan)
    results: dict[str, object] = {}

    def run(name: str, ws: Workspace) -> None:
        names[threading.get_ident()] = name
        try:
            results[name] = service.import_file(ws, dossier, "customer", path)
        except Exception as exc:  # noqa: BLE001 - the test reports what the thread met
            results[name] = exc

    first = threading.Thread(target=run, args=("first", team["bob"]))
    second = threading.Thread(target=run, args=("second", workspaces("bob")))
    first.start()
    assert first_planned.wait(30)
    second.start()
    first.join(60)
    second.join(60)
    one, two = results["first"], results["second"]
    assert not isinstance(one, Exception), one
    assert not isinstance(two, Exception), two
    assert (one.created, one.unchanged) == (300, 0)
    assert (two.created, two.unchanged) == (0, 300)


def _saisie() -> str:
    return str(Path(sys.executable).parent / "saisie")


def test_two_processes_import_the_same_list_at_once(database, tmp_path) -> None:
    """Two ``saisie parties import`` started together, three rounds: both end with
    counts (exit 0), no traceback, and the list holds each code once."""
    config = tmp_path / "config.toml"
    config.write_text('inbox_root = "inbox"\narchive_root = "archive"\n', encoding="utf-8")
    env = {**os.environ, "SAISIE_USER": "alice", "SAISIE_CONFIG": str(config),
           "SAISIE_DATABASE": database}
    subprocess.run([_saisie(), "dossier", "create", "Garage Martin"], env=env, check=True,
                   capture_output=True)
    for round_ in range(3):  # the race is won or lost at each start
        path = _write_list(tmp_path / f"list{round_}.csv", 2000, name=f"Nom {round_}")
        command = [_saisie(), "parties", "import", str(path), "--dossier", "garage-martin",
                   "--kind", "customer", "--json"]
        runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True) for _ in range(2)]
        outputs = [run.communicate(timeout=120) for run in runs]
        for run, (stdout, stderr) in zip(runs, outputs, strict=True):
            assert "Traceback" not in stderr, stderr
            assert run.returncode == 0, stderr
            assert '"rejected": []' in stdout
        import json

        counts = sorted((json.loads(out)["created"], json.loads(out)["updated"],
                         json.loads(out)["unchanged"]) for out, _err in outputs)
        if round_ == 0:
            assert counts == [(0, 0, 2000), (2000, 0, 0)]
        else:
            assert counts == [(0, 0, 2000), (0, 2000, 0)]
    listed = subprocess.run([_saisie(), "parties", "list", "--dossier", "garage-martin",
                             "--kind", "customer", "--json"], env=env, capture_output=True, text=True)
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 2000
