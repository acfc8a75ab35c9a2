"""Export, cell by cell: every kind of column, custom fields, groups, formulas, the
selection and the archived list (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier
from books.exchange import service
from books.exchange.export import export_parties
from books.parties.changes import set_archived
from books.parties.listing import Selection

SOURCE = (
    "Code;Raison sociale;Ville;Délai de paiement;Date mandat SEPA;Limite de crédit;Commentaires;"
    "Groupes;Agence;Secteur\n"
    "C1;Alpha SARL;Lyon;30;15/03/2025;12 500,50;-5 % remise;Export, Grands comptes;Nord;\n"
    "C2;=HYPERLIEN(x);Paris;;;;;;;BTP\n"
    "C3;Gamma;+Nice;45;;0,00;@note;Export;;\n"
)


@pytest.fixture
def dossier(team: dict[str, Workspace]) -> str:
    return create_dossier(team["alice"], DossierDraft(name="Cave Leroy")).dossier.slug


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def _columns(rows: list[list[str]], *names: str) -> list[list[str]]:
    header = rows[0]
    return [[row[header.index(name)] for name in names] for row in rows[1:]]


def test_export_writes_every_kind_of_cell(team, dossier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = team["alice"]
    (tmp_path / "in.csv").write_text(SOURCE, encoding="utf-8")
    prepared = service.open_file(ws, dossier, "customer", tmp_path / "in.csv")
    service.run_import(ws, prepared, {**prepared.mapping, "Agence": "custom", "Secteur": "custom"})
    out = tmp_path / "out.csv"
    assert export_parties(ws, dossier, "customer", None, out) == 3
    rows = _read(out)
    assert rows[0][-2:] == ["Secteur", "Agence"]  # custom fields last, in the order first seen
    assert _columns(rows, "Code", "Raison sociale", "Ville", "Délai de paiement", "Date mandat SEPA",
                    "Limite de crédit", "Commentaires", "Groupes", "Agence", "Secteur") == [
        ["C2", "'=HYPERLIEN(x)", "Paris", "", "", "", "", "", "", "BTP"],  # "=" sorts first
        ["C1", "Alpha SARL", "Lyon", "30", "15/03/2025", "12500,50", "'-5 % remise",
         "Export, Grands comptes", "Nord", ""],
        ["C3", "Gamma", "'+Nice", "45", "", "0,00", "'@note", "Export", "", ""],
    ]
    again = service.import_file(ws, dossier, "customer", out)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, [])


def test_export_of_a_selection_and_of_the_archived(team, dossier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = team["alice"]
    (tmp_path / "in.csv").write_text(SOURCE, encoding="utf-8")
    service.import_file(ws, dossier, "customer", tmp_path / "in.csv")
    assert export_parties(ws, dossier, "customer", ["C3", "C1"], tmp_path / "some.csv") == 2
    assert [row[0] for row in _read(tmp_path / "some.csv")[1:]] == ["C1", "C3"]
    assert export_parties(ws, dossier, "customer", ["C404"], tmp_path / "none.csv") == 0
    assert len(_read(tmp_path / "none.csv")) == 1  # the header alone
    from books.parties.changes import party_ids

    set_archived(ws, dossier, Selection(ids=frozenset(party_ids(ws, dossier, "customer", ["C2"]))), True)
    assert export_parties(ws, dossier, "customer", None, tmp_path / "active.csv") == 2
    assert export_parties(ws, dossier, "customer", None, tmp_path / "archived.csv", archived=True) == 1
    assert _read(tmp_path / "archived.csv")[1][0] == "C2"
    assert export_parties(ws, dossier, "customer", None, tmp_path / "f.csv", filter_text="LYON") == 1


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(st.text(alphabet=st.sampled_from("a;,\t\"'\r\n=+-@ é\x00\u2028"), max_size=5),
                              min_size=3, max_size=3), max_size=6),
       delimiter=st.sampled_from([";", ",", "\t"]))
def test_columns_are_written_as_the_csv_module_writes_their_rows(rows, delimiter) -> None:  # type: ignore[no-untyped-def]
    """The export's own line making (no cell to quote) and the csv module's (some
    cell to quote) give the bytes the csv module gives for the neutralised rows."""
    import io

    from books.exchange.export import _cells, _write, _write_columns
    from books.exchange.values import neutralise

    header = ["Code", "Raison sociale", "Ville"]
    expected, written = io.StringIO(), io.StringIO()
    _write(expected, header, [[neutralise(cell) for cell in row] for row in rows], delimiter)
    _write_columns(written, header, [_cells([row[i] for row in rows]) for i in range(3)], delimiter)
    assert written.getvalue() == expected.getvalue()


def test_a_selection_larger_than_one_statement_is_exported_in_list_order(team, dossier, tmp_path,  # type: ignore[no-untyped-def]
                                                                          monkeypatch) -> None:
    """A selection of 100,000 parties once failed on PostgreSQL (65,535 parameters a
    statement at most): the codes are looked up a chunk at a time, the rows kept in
    list order (here two codes a statement)."""
    from store.parties import imports as party_import

    ws = team["alice"]
    (tmp_path / "in.csv").write_text(SOURCE, encoding="utf-8")
    service.import_file(ws, dossier, "customer", tmp_path / "in.csv")
    whole = tmp_path / "whole.csv"
    export_parties(ws, dossier, "customer", None, whole)
    monkeypatch.setattr(party_import, "CODES_PER_QUERY", 2)
    some = tmp_path / "some.csv"
    assert export_parties(ws, dossier, "customer", ["C3", "C1", "C2", "C1"], some) == 3
    assert some.read_bytes() == whole.read_bytes()
    assert export_parties(ws, dossier, "customer", ["C3", "C1"], tmp_path / "two.csv") == 2
    assert [row[0] for row in _read(tmp_path / "two.csv")[1:]] == ["C1", "C3"]
