"""Party import from CSV/TXT: reading, mapping, checks, writing, audit (SQLite and PostgreSQL)."""

from __future__ import annotations

import shutil
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier
from books.errors import InvalidInput, PermissionDenied
from books.exchange import mapping as mappings
from books.exchange import service
from books.exchange.errors import ImportCancelled, ImportRefused
from books.exchange.export import export_parties
from books.exchange.reading import load_source, parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csv"


@pytest.fixture
def dossier(team: dict[str, Workspace]) -> str:
    created = create_dossier(team["alice"], DossierDraft(name="Boulangerie Dupré", access=["bob", "carol"]))
    return created.dossier.slug


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copy(FIXTURES / name, target)
    return target


def _parties(ws: Workspace, slug: str, kind: str) -> dict[str, dict]:
    from books.dossiers.service import get_dossier
    from books.exchange.plan import KEY_FIELDS
    from store.parties import imports as party_import

    dossier_id = get_dossier(ws, slug).id
    with ws.read() as session:
        return party_import.current_parties(
            session=session, dossier_id=dossier_id, kind=kind,
            columns=[*KEY_FIELDS, "credit_limit", "insurer_guarantee", "payment_terms_days",
                     "country", "iban", "phone", "address", "source", "sort_key", "search_key"])


def test_windows_1252_semicolon_crlf(team, dossier, tmp_path) -> None:
    ws = team["bob"]
    result = service.import_file(ws, dossier, "customer", _copy(tmp_path, "clients_cp1252.csv"))
    assert (result.encoding, result.delimiter) == ("cp1252", ";")
    assert result.created == 2
    assert result.rejected == [{"line": 4, "reason": result.rejected[0]["reason"]}]
    assert "SIREN" in result.rejected[0]["reason"]
    assert result.groups_created == 3
    parties = _parties(ws, dossier, "customer")
    dupre = parties["C001"]
    assert dupre["name"] == "Boulangerie Dupré"
    assert dupre["credit_limit"] == Decimal("12500.50")
    assert dupre["insurer_guarantee"] == Decimal("5000.00")
    assert dupre["payment_terms_days"] == 30 and dupre["country"] == "FR"
    assert dupre["source"] == "csv" and dupre["phone"] == "+33 1 23 45 67 89"
    assert dupre["sort_key"] == "boulangerie dupre"
    assert "c001" in dupre["search_key"] and "paris" in dupre["search_key"]
    assert parties["C002"]["name"] == "Hôtel Œuvre & Fils"


def test_utf8_bom_comma_with_quoted_delimiter_and_line_break(team, dossier, tmp_path) -> None:
    result = service.import_file(team["alice"], dossier, "supplier", _copy(tmp_path, "suppliers_utf8bom.csv"))
    assert (result.encoding, result.delimiter, result.created) == ("utf-8-sig", ",", 2)
    parties = _parties(team["alice"], dossier, "supplier")
    assert parties["F10"]["name"] == "Acme, Inc."
    assert parties["F10"]["address"] == "1 Main St Suite 5"
    assert parties["F11"]["name"] == "Zoë Ltd"


def test_tab_separated_txt_with_mixed_line_endings(team, dossier, tmp_path) -> None:
    result = service.import_file(team["alice"], dossier, "supplier", _copy(tmp_path, "fournisseurs_tab.txt"))
    assert (result.delimiter, result.created, result.rejected) == ("\t", 3, [])
    assert set(_parties(team["alice"], dossier, "supplier")) == {"S1", "S2", "S3"}


def test_reimport_updates_changed_rows_but_not_fields_managed_in_saisie(team, dossier, tmp_path) -> None:
    ws = team["alice"]
    path = _copy(tmp_path, "clients_cp1252.csv")
    service.import_file(ws, dossier, "customer", path)
    before = _parties(ws, dossier, "customer")
    text = path.read_bytes().decode("cp1252")
    text = text.replace("Boulangerie Dupré", "Boulangerie Dupré SA").replace("12 500,50", "99,00")
    path.write_bytes(text.encode("cp1252"))
    again = service.import_file(ws, dossier, "customer", path)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    after = _parties(ws, dossier, "customer")
    assert after["C001"]["name"] == "Boulangerie Dupré SA"
    assert after["C001"]["sort_key"] == "boulangerie dupre sa"
    assert after["C001"]["credit_limit"] == Decimal("12500.50")
    assert after["C001"]["version"] == before["C001"]["version"] + 1
    assert after["C002"]["version"] == before["C002"]["version"]


def test_mapping_is_remembered_for_the_same_columns(team, dossier, tmp_path) -> None:
    ws = team["alice"]
    path = _copy(tmp_path, "clients_cp1252.csv")
    prepared = service.open_file(ws, dossier, "customer", path)
    assert not prepared.remembered and prepared.mapping["Agence"] == "ignore"
    chosen = {**prepared.mapping, "Agence": "custom"}
    service.run_import(ws, prepared, chosen)
    again = service.open_file(ws, dossier, "customer", path)
    assert again.remembered and again.mapping == chosen
    assert service.open_file(ws, dossier, "supplier", path).remembered is False
    custom = _parties(ws, dossier, "customer")["C001"]["custom_fields"]
    assert custom == {"Agence": "Paris Centre"}


def test_mapping_toml_round_trip_and_required_fields(tmp_path) -> None:
    path = tmp_path / "m.toml"
    mappings.save_toml(path, {"N° client": "code", "Nom": "name", "X": "ignore"}, "cp1252", ";")
    assert mappings.load_toml(path) == ({"N° client": "code", "Nom": "name", "X": "ignore"}, "cp1252", ";")
    with pytest.raises(InvalidInput, match="Raison sociale"):
        mappings.check({"N° client": "code"})
    with pytest.raises(InvalidInput, match="deux colonnes"):
        mappings.check({"A": "code", "B": "code", "C": "name"})
    (tmp_path / "bad.toml").write_text("columns = 3", encoding="utf-8")
    with pytest.raises(InvalidInput, match="bad.toml"):
        mappings.load_toml(tmp_path / "bad.toml")


def test_proposal_from_french_and_english_headers() -> None:
    header = ["Code client", "Raison sociale", "SIREN", "SIRET", "N° TVA", "Adresse", "CP", "Ville",
              "Pays", "Délai de paiement", "Mode de règlement", "IBAN", "BIC", "Email", "Téléphone",
              "Groupes", "Limite de crédit", "Garantie assureur", "Nom du contact"]
    proposed = mappings.propose(header)
    assert proposed == {
        "Code client": "code", "Raison sociale": "name", "SIREN": "siren", "SIRET": "siret",
        "N° TVA": "vat_id", "Adresse": "address", "CP": "postcode", "Ville": "city",
        "Pays": "country", "Délai de paiement": "payment_terms_days",
        "Mode de règlement": "payment_method", "IBAN": "iban", "BIC": "bic", "Email": "email",
        "Téléphone": "phone", "Groupes": "groups", "Limite de crédit": "credit_limit",
        "Garantie assureur": "insurer_guarantee", "Nom du contact": "ignore"}
    assert mappings.propose(["N° client", "Nom"]) == {"N° client": "code", "Nom": "name"}
    assert mappings.propose(["Customer ID", "Company"]) == {"Customer ID": "code", "Company": "name"}
    assert mappings.signature(["A", "B"]) == mappings.signature(["b ", "a"])


def test_rejections_name_line_and_reason(team, dossier, tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "Code;Nom;SIRET;N° TVA;IBAN;Délai de paiement;Date mandat SEPA;Ville\n"
        "A1;Un;;;;;;\n"
        ";Sans code;;;;;;\n"
        "A2;;;;;;;\n"
        "A1;Doublon;;;;;;\n"
        "A3;Trois;12345678901234;;;;;\n"
        "A4;Quatre;;FR00123;;;;\n"
        "A5;Cinq;;;FR76 0000;;;\n"
        "A6;Six;;;;trente;;\n"
        "A7;Sept;;;;;31/02/2026;\n"
        f"A8;Huit;;;;;;{'x' * 101}\n", encoding="utf-8")
    result = service.import_file(team["alice"], dossier, "customer", path, dry_run=True)
    reasons = {r["line"]: r["reason"] for r in result.rejected}
    assert result.created == 1 and set(reasons) == set(range(3, 12))
    assert "Code" in reasons[3] and "Raison sociale" in reasons[4]
    assert "ligne 2" in reasons[5] and "SIRET" in reasons[6] and "TVA" in reasons[7]
    assert "IBAN" in reasons[8] and "trente" in reasons[9] and "31/02/2026" in reasons[10]
    assert "100 caractères" in reasons[11]
    assert _parties(team["alice"], dossier, "customer") == {}


def test_strict_refuses_everything_and_dry_run_writes_nothing(team, dossier, tmp_path) -> None:
    path = _copy(tmp_path, "clients_cp1252.csv")
    with pytest.raises(ImportRefused) as refused:
        service.import_file(team["alice"], dossier, "customer", path, strict=True)
    assert refused.value.result.created == 2 and "ligne 4" in refused.value.message
    dry = service.import_file(team["alice"], dossier, "customer", path, dry_run=True)
    assert dry.created == 2 and dry.dry_run
    assert _parties(team["alice"], dossier, "customer") == {}


def test_cancel_leaves_nothing_written(team, dossier, tmp_path) -> None:
    ws = team["alice"]
    prepared = service.open_file(ws, dossier, "customer", _copy(tmp_path, "clients_cp1252.csv"))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCancelled):
        service.run_import(ws, prepared, prepared.mapping, cancel=cancel)
    assert _parties(ws, dossier, "customer") == {}


def test_audit_event_and_permissions(team, dossier, tmp_path) -> None:
    from books.access.audit import list_events

    path = _copy(tmp_path, "clients_cp1252.csv")
    with pytest.raises(PermissionDenied):
        service.import_file(team["carol"], dossier, "customer", path)
    service.import_file(team["alice"], dossier, "customer", path)
    events = [e for e in list_events(team["alice"]) if e.action == "import"]
    assert len(events) == 1 and events[0].entity == "party"
    assert events[0].after["file"] == "clients_cp1252.csv" and events[0].after["created"] == 2
    assert events[0].after["mapping"]["Code client"] == "code"


def test_connected_dossier_refuses_import(team, dossier, tmp_path) -> None:
    from sqlalchemy import update

    from store.models import Dossier

    with team["alice"].transaction() as session:
        session.execute(update(Dossier).values(accounting_software="Sage 100"))
    with pytest.raises(InvalidInput, match="Sage 100"):
        service.import_file(team["alice"], dossier, "customer", _copy(tmp_path, "clients_cp1252.csv"))


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("empty.csv", b"", "vide"),
    ("header.csv", b"Code;Nom\r\n", "aucune ligne"),
    ("doc.csv", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "PDF"),
    ("binary.csv", b"PK\x03\x04\x00\x00binary", "pas un fichier texte"),
    ("twice.csv", b"Code;Nom;nom\r\nA;B;C\r\n", "deux colonnes"),
    ("liste.xlsx", b"Code;Nom\r\nA;B\r\n", ".csv et .txt"),
    ("quote.csv", b'Code;Nom\r\nA;"B\r\n', "guillemet ouvert n'est jamais fermé"),
    ("after.csv", b'Code;Nom\r\nA;"B"C\r\n', "guillemet fermant est suivi"),
])
def test_bad_files_give_a_clear_message(tmp_path, name, content, expected) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=expected) as error:
        parse(load_source(path))
    assert name in error.value.message


def test_too_big_and_vanished_files(tmp_path, monkeypatch) -> None:
    from books.exchange import reading

    path = tmp_path / "big.csv"
    path.write_bytes(b"Code;Nom\r\n" + b"A;B\r\n" * 1000)
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    with pytest.raises(InvalidInput, match="Mo"):
        load_source(path)
    monkeypatch.setattr(reading, "MAX_BYTES", 10_000_000)
    source = load_source(path)
    path.unlink()
    with pytest.raises(InvalidInput, match="disparu"):
        reading.ensure_unchanged(source)
    with pytest.raises(InvalidInput, match="introuvable"):
        load_source(path)


def test_export_round_trip_changes_nothing(team, dossier, tmp_path) -> None:
    ws = team["alice"]
    service.import_file(ws, dossier, "customer", _copy(tmp_path, "clients_cp1252.csv"))
    out = tmp_path / "export.csv"
    assert export_parties(ws, dossier, "customer", None, out) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0]
    assert b"'+33 1 23 45 67 89" in raw
    again = service.import_file(ws, dossier, "customer", out)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, [])
    assert export_parties(ws, dossier, "customer", ["C002"], tmp_path / "one.csv") == 1
    assert export_parties(ws, dossier, "customer", None, tmp_path / "f.csv", filter_text="dupre") == 1


def test_reimport_without_the_custom_column_keeps_custom_fields(team, dossier, tmp_path) -> None:
    ws = team["alice"]
    path = _copy(tmp_path, "clients_cp1252.csv")
    prepared = service.open_file(ws, dossier, "customer", path)
    service.run_import(ws, prepared, {**prepared.mapping, "Agence": "custom"})
    newer = tmp_path / "clients_v2.csv"
    text = path.read_bytes().decode("cp1252").replace("Boulangerie Dupré", "Boulangerie Dupré & Fille")
    newer.write_bytes(text.encode("cp1252"))
    prepared = service.open_file(ws, dossier, "customer", newer)
    result = service.run_import(ws, prepared, {**prepared.mapping, "Agence": "ignore"})
    assert (result.updated, result.unchanged) == (1, 1)
    party = _parties(ws, dossier, "customer")["C001"]
    assert party["name"] == "Boulangerie Dupré & Fille"
    assert party["custom_fields"] == {"Agence": "Paris Centre"}


def test_proposal_for_a_sage_like_export_and_an_english_one() -> None:
    sage = ["Numéro", "Intitulé", "N° SIRET", "Identifiant TVA", "Adresse 1", "Complément adresse",
            "Code postal", "Ville", "Pays", "Conditions de règlement", "Mode de paiement",
            "Téléphone 1", "Portable", "E-mail", "Site web", "Compte collectif", "Encours autorisé",
            "RIB / IBAN"]
    proposed = mappings.propose(sage)
    assert proposed == {
        "Numéro": "code", "Intitulé": "name", "N° SIRET": "siret", "Identifiant TVA": "vat_id",
        "Adresse 1": "address", "Complément adresse": "address", "Code postal": "postcode",
        "Ville": "city", "Pays": "country", "Conditions de règlement": "payment_terms_days",
        "Mode de paiement": "payment_method", "Téléphone 1": "phone", "Portable": "ignore",
        "E-mail": "email", "Site web": "ignore", "Compte collectif": "ignore",
        "Encours autorisé": "credit_limit", "RIB / IBAN": "iban",
    }
    english = ["Customer ID", "Company", "VAT number", "Address line 1", "Address line 2", "Zip",
               "City", "Country", "Payment terms", "Email", "Phone", "Credit limit", "Notes"]
    assert list(mappings.propose(english).values()) == [
        "code", "name", "vat_id", "address", "address", "postcode", "city", "country",
        "payment_terms_days", "email", "phone", "credit_limit", "comments"]


@pytest.mark.parametrize("text", [
    "Code;Nom;Ville\nC1;Alpha;Paris\n;Sans code;Lyon\nC3;=HYPERLIEN(x);Nice\n",  # read column-wise
    'Code;Nom;Ville\nC1;Alpha;Paris\n;Sans code;Lyon\nC3;"=HYPERLIEN(x)";"Nice\n2e"\n',  # by the csv reader
])
def test_rejected_rows_are_written_with_their_cells(tmp_path, text: str) -> None:
    import csv

    from books.exchange.export import export_rejections
    from books.exchange.reading import load_source, parse

    (tmp_path / "f.csv").write_text(text, encoding="utf-8")
    table = parse(load_source(tmp_path / "f.csv"))
    written = export_rejections(tmp_path / "rejets.csv", table,
                                [{"line": 3, "reason": "code manquant"}, {"line": 4, "reason": "=x"}])
    assert written == 2
    with (tmp_path / "rejets.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[1] == ["3", "code manquant", "", "Sans code", "Lyon"]
    assert rows[2][:4] == ["4", "'=x", "C3", "'=HYPERLIEN(x)"]  # formulas neutralised
    assert table._rows is None or table.columns is None  # the rows were not all made for this


def test_bytes_that_do_not_fit_the_encoding_are_placed() -> None:
    """The reason was Python's ("'utf-8' codec can't decode byte 0xe9 in position 15:
    invalid continuation byte"): now the line and the byte, in French."""
    from books.exchange.reading import Source, decode

    data = b"Code;Nom\nA;caf\xe9\n"
    source = Source(Path("enc.csv"), data, len(data), 0)
    with pytest.raises(InvalidInput, match="enc.csv : illisible en utf-8 \\(ligne 2, octet 0xe9"):
        decode(source, "utf-8")
    with pytest.raises(InvalidInput, match="encodage inconnu"):
        decode(source, "klingon")
