"""Broken and hostile input to ``saisie parties import`` and friends (issue 14 items 1-3, 5, 6, 10):
exit 1 with one line, nothing written; control characters refused at input, escaped at output."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import lines

HOSTILE = Path(__file__).resolve().parents[1] / "books" / "fixtures" / "hostile"
IMPORT = ("parties", "import")
WHERE = ("--dossier", "garage-martin", "--kind", "customer")


@pytest.fixture
def cli_dossier(cli):  # type: ignore[no-untyped-def]
    assert cli("dossier", "create", "Garage Martin").exit_code == 0
    return cli


def _one_line_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


def _count(cli) -> int:  # type: ignore[no-untyped-def]
    return len(lines(cli("parties", "list", *WHERE, "--json")))


@pytest.mark.parametrize("where", ["name", "code", "comment", "header"])
def test_a_cell_over_the_csv_field_limit_is_a_rejected_row(cli_dossier, tmp_path, where) -> None:
    huge = "x" * 1_048_576
    rows = {"name": f"C1;{huge};\nC2;Dupont;\n", "code": f"{huge};Martin;\nC2;Dupont;\n",
            "comment": f'C1;Martin;"{huge}"\nC2;Dupont;\n'}
    path = tmp_path / "big.csv"
    if where == "header":
        path.write_text(f"Code;Raison sociale;{huge}\nC1;Martin;x\n", encoding="utf-8")
        error = _one_line_error(cli_dossier(*IMPORT, str(path), *WHERE))
        assert "ligne 1, colonne 3" in error and "200 caractères" in error
        assert _count(cli_dossier) == 0
        return
    path.write_text("Code;Raison sociale;Commentaires\n" + rows[where], encoding="utf-8")
    result = cli_dossier(*IMPORT, str(path), *WHERE, "--json")
    assert result.exit_code == 0, result.stderr
    summary = lines(result)[0]
    assert summary["created"] == 1
    assert [r["line"] for r in summary["rejected"]] == [2]
    column = {"name": "Raison sociale", "code": "Code", "comment": "Commentaires"}[where]
    assert summary["rejected"][0]["reason"].startswith(column)


@pytest.mark.parametrize(("fixture", "key"), [
    ("mapping_encoding_int.toml", "encoding"),
    ("mapping_delimiter_two.toml", "delimiter"),
    ("mapping_delimiter_int.toml", "delimiter"),
])
def test_a_mapping_file_with_a_wrong_type_names_the_key(cli_dossier, tmp_path, fixture, key) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("Code;Raison sociale\nC1;Martin\n", encoding="utf-8")
    error = _one_line_error(cli_dossier(*IMPORT, str(path), *WHERE, "--mapping", str(HOSTILE / fixture)))
    assert fixture in error and f"« {key} »" in error
    assert _count(cli_dossier) == 0


def test_a_mapping_file_with_an_unknown_encoding_or_target(cli_dossier, tmp_path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("Code;Raison sociale\nC1;Martin\n", encoding="utf-8")
    toml = tmp_path / "m.toml"
    toml.write_text('encoding = "klingon"\n[columns]\nCode = "code"\n', encoding="utf-8")
    assert "klingon" in _one_line_error(cli_dossier(*IMPORT, str(path), *WHERE, "--mapping", str(toml)))
    toml.write_text('[columns]\nCode = "code"\n"Raison sociale" = "nom"\n', encoding="utf-8")
    error = _one_line_error(cli_dossier(*IMPORT, str(path), *WHERE, "--mapping", str(toml)))
    assert 'columns."Raison sociale"' in error and "nom" in error


@pytest.mark.parametrize("target", ["missing/m.toml", "/proc/m.toml", "folder"])
def test_save_mapping_into_an_impossible_place_is_refused_before_importing(
    cli_dossier, tmp_path, target
) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("Code;Raison sociale\nC1;Martin\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "m.toml").mkdir()
    save = target if target.startswith("/") else str(tmp_path / target)
    if target == "folder":
        save = str(tmp_path / "folder" / "m.toml" / "..")
    result = cli_dossier(*IMPORT, str(path), *WHERE, "--save-mapping", save)
    assert result.exit_code in (1, 2) and "Traceback" not in result.stderr
    if result.exit_code == 1:
        error = _one_line_error(result)
        assert "rien n'a été importé" in error or "répertoire" in error
    assert _count(cli_dossier) == 0


def test_save_mapping_into_a_folder_that_is_there_is_written(cli_dossier, tmp_path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("Code;Raison sociale\nC1;Martin\n", encoding="utf-8")
    result = cli_dossier(*IMPORT, str(path), *WHERE, "--save-mapping", str(tmp_path / "m.toml"))
    assert result.exit_code == 0 and (tmp_path / "m.toml").read_text(encoding="utf-8").count("code")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused_at_once(cli_dossier, tmp_path) -> None:
    fifo = tmp_path / "x.csv"
    os.mkfifo(fifo)
    error = _one_line_error(cli_dossier(*IMPORT, str(fifo), *WHERE))
    assert "x.csv" in error and "fichier ordinaire" in error
    path = tmp_path / "clients.csv"
    path.write_text("Code;Raison sociale\nC1;Martin\n", encoding="utf-8")
    toml = tmp_path / "m.toml"
    os.mkfifo(toml)
    assert "fichier ordinaire" in _one_line_error(cli_dossier(*IMPORT, str(path), *WHERE, "--mapping", str(toml)))
    assert "fichier ordinaire" in _one_line_error(
        cli_dossier(*IMPORT, str(path), *WHERE, "--save-mapping", str(toml)))
    assert _count(cli_dossier) == 0


def test_control_characters_in_rows_are_rejected_with_line_and_column(cli_dossier, tmp_path) -> None:
    path = tmp_path / "clients.csv"
    shutil.copy(HOSTILE / "clients_controls.csv", path)
    summary = lines(cli_dossier(*IMPORT, str(path), *WHERE, "--json"))[0]
    assert summary["created"] == 1
    assert {r["line"]: r["reason"] for r in summary["rejected"]} == {
        2: "Raison sociale : caractère de contrôle U+001B refusé",
        4: "Raison sociale : caractère de contrôle U+202E refusé",
        5: "Raison sociale : caractère de contrôle U+009B refusé",
        6: "Raison sociale : caractère de contrôle U+001B refusé",
    }
    header = tmp_path / "header.csv"
    header.write_text("Code;Raison\x1b]0;X\x07sociale\nC1;Martin\n", encoding="utf-8")
    assert "colonne 2" in _one_line_error(cli_dossier(*IMPORT, str(header), *WHERE))


@pytest.mark.parametrize("args", [
    ("parties", "add", *WHERE, "--code", "C9", "--name", "A\x1b]0;PWNED\x07"),
    ("parties", "add", *WHERE, "--code", "C9", "--name", "\u202eNUAJ"),
    ("parties", "add", *WHERE, "--code", "C9", "--name", "ok", "--city", "Ly\x00on"),
    ("parties", "add", *WHERE, "--code", "C9", "--name", "ok", "--group", "g\x9b"),
    ("dossier", "create", "Evil\x1b[2J"),
    ("dossier", "edit", "garage-martin", "--contact-name", "x\x07"),
    ("dossier", "edit", "garage-martin", "--email", "a@b.fr\u202e"),
    ("parties", "add", *WHERE, "--code", "C9", "--name", "ok", "--email", "a@\x1b]0;X\x07b.fr"),
    ("user", "add", "zed", "--role", "collaborator", "--name", "Z\x1b]52;c;AAAA\x07"),
])
def test_control_characters_are_refused_at_input(cli_dossier, args) -> None:
    assert "caractère de contrôle" in _one_line_error(cli_dossier(*args))


def test_names_stored_before_the_rule_are_escaped_on_output(cli_dossier, database) -> None:
    assert cli_dossier("parties", "add", *WHERE, "--code", "EVIL", "--name", "Evil").exit_code == 0
    from sqlalchemy import create_engine, update

    from store.engine import normalize_url
    from store.models import Party

    engine = create_engine(normalize_url(database))
    with engine.begin() as connection:
        connection.execute(update(Party).values(name="Evil\x1b]0;PWNED\x07 \u202ex\x9b"))
    engine.dispose()
    for args in (("parties", "list", *WHERE), ("parties", "show", "EVIL", *WHERE)):
        out = cli_dossier(*args).stdout
        assert "Evil\\x1b]0;PWNED\\x07 \\u202ex\\x9b" in out
        assert not any(char in out for char in "\x1b\x07\u202e\x9b")
    raw = cli_dossier("parties", "show", "EVIL", *WHERE, "--json").stdout
    assert not any(char in raw for char in "\x1b\x07\u202e\x9b")
    assert json.loads(raw)["name"] == "Evil\x1b]0;PWNED\x07 \u202ex\x9b"


def test_audit_as_a_collaborator_shows_only_their_dossiers(cli) -> None:
    assert cli("user", "add", "carol", "--role", "collaborator").exit_code == 0
    assert cli("dossier", "create", "Garage Martin", "--access", "carol").exit_code == 0
    assert cli("dossier", "create", "Hôtel du Port").exit_code == 0
    result = cli("audit", "--json", user="carol")
    assert result.exit_code == 0, result.stderr
    dossiers = {event["dossier"] for event in lines(result)}
    assert dossiers == {"garage-martin"}
    assert cli("audit", user="carol").exit_code == 0
    assert cli("audit", "--dossier", "garage-martin", user="carol").exit_code == 0
    assert "hotel-du-port" in _one_line_error(cli("audit", "--dossier", "hotel-du-port", user="carol"))
    everything = {event["dossier"] for event in lines(cli("audit", "--json"))}
    assert {"garage-martin", "hotel-du-port"} <= everything


def test_amounts_out_of_range_are_rejected_rows_or_one_line(cli_dossier, tmp_path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("Code;Raison sociale;Limite de crédit\nC1;Martin;1E+999999999\n"
                    "C2;Dupont;(1E+999999999)\nC3;Durand;-1E+999999999\nC4;Petit;1 000,50\n",
                    encoding="utf-8")
    summary = lines(cli_dossier(*IMPORT, str(path), *WHERE, "--json"))[0]
    assert summary["created"] == 1
    assert [r["line"] for r in summary["rejected"]] == [2, 3, 4]
    assert all("Limite de crédit" in r["reason"] for r in summary["rejected"])
    for value in ("1E+999999999", "-1E+999999999"):
        error = _one_line_error(cli_dossier("parties", "add", *WHERE, "--code", "C9", "--name", "X",
                                            "--credit-limit", value))
        assert value in error


def test_a_confirmed_name_keeps_no_escape_sequence(cli_dossier) -> None:
    assert cli_dossier("parties", "add", *WHERE, "--code", "C1", "--name", "Martin").exit_code == 0
    result = cli_dossier("parties", "aliases", "C1", *WHERE, "--add", "Garage\x1b]0;PWNED\x07 Martin", "--json")
    assert result.exit_code == 0, result.stderr
    assert [alias["name"] for alias in lines(result)] == ["Garage]0;PWNED Martin"]


def test_cells_kept_as_written_are_checked_identifiers_are_rebuilt(cli_dossier, tmp_path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("Code;Raison sociale;Email;Groupes;Agence;SIREN\n"
                    "C1;Martin;a@\x1b]0;X\x07b.fr;;;\nC2;Dupont;;VIP\u202e;;\nC3;Durand;;;Lyon\x9b;\n"
                    "C4;Petit;;;;7328\x1b29320\nC5;Bon;ok@b.fr;VIP;Lyon;732829320\n", encoding="utf-8")
    toml = tmp_path / "m.toml"
    toml.write_text('[columns]\nCode = "code"\n"Raison sociale" = "name"\nEmail = "email"\n'
                    'Groupes = "groups"\nAgence = "custom"\nSIREN = "siren"\n', encoding="utf-8")
    summary = lines(cli_dossier(*IMPORT, str(path), *WHERE, "--mapping", str(toml), "--json"))[0]
    assert summary["created"] == 1
    reasons = {r["line"]: r["reason"] for r in summary["rejected"]}
    assert reasons[2].startswith("Email : caractère de contrôle U+001B")
    assert reasons[3].startswith("Groupes : caractère de contrôle U+202E")
    assert reasons[4].startswith("Agence : caractère de contrôle U+009B")
    assert "SIREN" in reasons[5]
