"""``saisie accounts …``, ``saisie fec export|check`` and ``saisie documents unpublish``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from books.context import Workspace
from books.inbox import review
from tests.books.ledger_cases import CASES, PUBLISHED_AT, SLUG, insert_case, make_dossier
from tests.cli.conftest import Run

FIXTURES = Path(__file__).parents[1] / "fixtures" / "fec"


@pytest.fixture
def published(admin: Workspace, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    monkeypatch.setattr(review, "_now", lambda: PUBLISHED_AT)
    dossier_id, parties = make_dossier(admin)
    ids = [insert_case(admin, dossier_id, parties, case, n) for n, case in enumerate(CASES)]
    assert review.publish(admin, ids).refused == []
    return ids


def test_fec_export_twice_gives_the_same_bytes_and_prints_the_sha(
        cli: Run, published: list[int], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = ("fec", "export", "--dossier", SLUG, "--from", "2026-01-01", "--to", "2026-12-31",
            "--output", str(out))
    first = cli(*args)
    assert first.exit_code == 0, first.stderr
    path = out / "552100554FEC20261231.txt"
    data = path.read_bytes()
    assert data == (FIXTURES / "cases_tab_utf8.txt").read_bytes()
    assert f"SHA-256 {hashlib.sha256(data).hexdigest()}" in first.stdout
    second = cli(*args, "--json")
    assert json.loads(second.stdout)["sha256"] == hashlib.sha256(data).hexdigest()
    assert path.read_bytes() == data
    assert (out / "552100554FEC20261231_notice.txt").exists()


def test_fec_export_pipe_latin9(cli: Run, published: list[int], tmp_path: Path) -> None:
    done = cli("fec", "export", "--dossier", SLUG, "--from", "2026-01-01", "--to", "2026-12-31",
               "--output", str(tmp_path), "--separator", "pipe", "--encoding", "iso-8859-15")
    assert done.exit_code == 0, done.stderr
    assert (tmp_path / "552100554FEC20261231.txt").read_bytes() == \
        (FIXTURES / "cases_pipe_latin9.txt").read_bytes()


def test_fec_check_ours_and_a_defective_one(cli: Run, tmp_path: Path) -> None:
    good = tmp_path / "552100554FEC20261231.txt"
    good.write_bytes((FIXTURES / "cases_tab_utf8.txt").read_bytes())
    done = cli("fec", "check", str(good))
    assert done.exit_code == 0 and "0 erreur(s), 0 alerte(s)" in done.stdout
    bad = tmp_path / "552100554FEC20261130.txt"
    bad.write_bytes(good.read_bytes().replace(b"\t100,00\t0,00\t", b"\t100.00\t0,00\t", 1))
    refused = cli("fec", "check", str(bad))
    assert refused.exit_code == 1
    assert "ligne 2, Debit : erreur : Debit « 100.00 » : virgule décimale attendue" in refused.stdout
    report = json.loads(cli("fec", "check", str(bad), "--json").stdout)
    assert report["errors"] >= 1 and report["findings"][0]["line"] == 2


def test_fec_export_refuses_a_dossier_without_siren(cli: Run, admin: Workspace,
                                                    tmp_path: Path) -> None:
    from books.dossiers.service import DossierDraft, create_dossier

    create_dossier(admin, DossierDraft(name="Sans Siren"))
    done = cli("fec", "export", "--dossier", "sans-siren", "--from", "2026-01-01",
               "--to", "2026-12-31", "--output", str(tmp_path))
    assert done.exit_code == 1 and "SIREN" in done.stderr


def test_unpublish_reverses_and_republish_writes_a_new_entry(
        cli: Run, admin: Workspace, published: list[int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from books.ledger.posting import document_entries
    from store.models import utcnow

    monkeypatch.setattr(review, "_now", utcnow)  # un-publishing happens today, not on 31/03
    done = cli("documents", "unpublish", str(published[0]))
    assert done.exit_code == 0, done.stderr
    assert review.publish(admin, [published[0]]).published == [published[0]]
    entries = document_entries(admin, published[0])
    assert [(e.journal_code, e.number, e.reverses_id) for e in entries] == [
        ("ACH", 1, None), ("ACH", 7, entries[0].id), ("ACH", 8, None)]
    assert [(x.debit, x.credit) for x in entries[1].lines] == \
        [(x.credit, x.debit) for x in entries[0].lines]
    shown = json.loads(cli("documents", "show", str(published[0]), "--json").stdout)
    assert [(e["number"], e["reverses"]) for e in shown["entries"]] == [
        (1, None), (7, entries[0].id), (8, None)]
    assert shown["entries"][0]["lines"][0] == {
        "account": "606400", "account_label": "Fournitures administratives", "aux_number": None,
        "aux_label": None, "label": "Papeterie Martin — FA-100", "debit": "100.00",
        "credit": "0.00", "currency_amount": None, "currency": None}
    text = cli("documents", "show", str(published[1])).stdout  # no rule-made field: B's strings
    # Dated the way a person reads them: the entry's date (the invoice's) and the day it
    # was posted; amounts in French, a zero side left blank (ISO and plain decimals in --json).
    assert ("Écriture ACH 2 du 05/03/2026 (passée le 31/03/2026) : Papeterie Martin — FA-101"
            in text)
    assert "401000  FMARTIN             345,50" in text
    again = cli("documents", "unpublish", str(published[1]), str(published[1]))
    assert again.exit_code == 1  # the second time it is in review already
    out = tmp_path / "o"
    out.mkdir()
    cli("fec", "export", "--dossier", SLUG, "--from", "2026-01-01", "--to", "2026-12-31",
        "--output", str(out))
    checked = cli("fec", "check", str(out / "552100554FEC20261231.txt"), "--json")
    assert json.loads(checked.stdout)["errors"] == 0


def test_accounts_list_add_rename_import(cli: Run, admin: Workspace, tmp_path: Path) -> None:
    make_dossier(admin)
    listed = [json.loads(x) for x in cli("accounts", "list", "--dossier", SLUG, "--json")
              .stdout.splitlines()]
    assert {"number": "401000", "label": "Fournisseurs", "origin": "pcg"} in listed
    assert cli("accounts", "add", "--dossier", SLUG, "6226", "Honoraires juridiques").exit_code == 0
    assert cli("accounts", "add", "--dossier", SLUG, "6226", "Encore").exit_code == 1
    assert cli("accounts", "add", "--dossier", SLUG, "X12", "Mauvais").exit_code == 1
    renamed = cli("accounts", "rename", "--dossier", SLUG, "6226", "Honoraires d'avocat")
    assert renamed.exit_code == 0
    csv_file = tmp_path / "plan.csv"
    csv_file.write_text("numero;libelle\n6061;Eau et énergie\n401000;Fournisseurs divers\n",
                        encoding="utf-8")
    imported = json.loads(cli("accounts", "import", str(csv_file), "--dossier", SLUG,
                              "--json").stdout)
    assert imported == {"read": 2, "added": 1}
    fec_file = tmp_path / "552100554FEC20261231.txt"
    fec_file.write_bytes((FIXTURES / "cases_tab_utf8.txt").read_bytes()
                         .replace(b"\t606400\t", b"\t606410\t"))
    assert json.loads(cli("accounts", "import", str(fec_file), "--dossier", SLUG, "--json")
                      .stdout)["added"] == 1
    table = cli("accounts", "list", "--dossier", SLUG, "--prefix", "606").stdout
    assert "6061" in table and "606410" in table and "importé" in table
    assert "Honoraires d'avocat" in cli("accounts", "list", "--dossier", SLUG).stdout


def test_accounts_changes_are_refused_to_a_collaborator(cli: Run, team: dict[str, Workspace],
                                                        ) -> None:
    from books.dossiers.service import set_access

    make_dossier(team["alice"])
    set_access(team["alice"], SLUG, ["carol"])
    assert cli("accounts", "list", "--dossier", SLUG, user="carol").exit_code == 0
    refused = cli("accounts", "add", "--dossier", SLUG, "622600", "X", user="carol")
    assert refused.exit_code == 1 and "plan comptable" in refused.stderr
    assert cli("accounts", "add", "--dossier", SLUG, "622700", "Frais d'actes",
               user="bob").exit_code == 1  # bob has no access to the dossier


def test_journal_rename_and_settings(cli: Run, admin: Workspace) -> None:
    make_dossier(admin)
    assert cli("accounts", "journal", "--dossier", SLUG, "purchase", "ha", "Achats divers"
               ).exit_code == 0
    assert cli("accounts", "journal", "--dossier", SLUG, "sale", "HA", "Ventes").exit_code == 1
    shown = json.loads(cli("accounts", "settings", "--dossier", SLUG, "--rounding", "account",
                           "--json").stdout)
    assert shown == {"supplier_prefix": "F", "customer_prefix": "C", "rounding": "account",
                     "closing": "2026-12-31"}


def test_a_named_pipe_is_refused_not_read_for_ever(cli: Run, admin: Workspace,
                                                   tmp_path: Path) -> None:
    import os

    make_dossier(admin)
    pipe = tmp_path / "552100554FEC20261231.txt"
    os.mkfifo(pipe)
    checked = cli("fec", "check", str(pipe))
    assert checked.exit_code == 1 and "pipe.csv" not in checked.stderr and str(pipe) in checked.stderr
    imported = cli("accounts", "import", str(pipe), "--dossier", SLUG)
    assert imported.exit_code == 1 and str(pipe) in imported.stderr
