"""``saisie parties import`` and ``saisie parties export``."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.conftest import lines

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csv"


def _setup(cli, tmp_path: Path) -> Path:
    assert cli("dossier", "create", "Garage Martin").exit_code == 0
    path = tmp_path / "clients.csv"
    shutil.copy(FIXTURES / "clients_cp1252.csv", path)
    return path


def test_import_json_summary_then_export_round_trip(cli, tmp_path) -> None:
    path = _setup(cli, tmp_path)
    result = cli("parties", "import", str(path), "--dossier", "garage-martin", "--kind", "customer", "--json")
    assert result.exit_code == 0, result.stderr
    summary = lines(result)[0]
    assert {k: summary[k] for k in ("created", "updated", "unchanged", "groups_created",
                                    "encoding", "delimiter")} == {
        "created": 2, "updated": 0, "unchanged": 0, "groups_created": 3,
        "encoding": "cp1252", "delimiter": ";"}
    assert summary["rejected"][0]["line"] == 4
    exported = cli("parties", "export", "--dossier", "garage-martin", "--kind", "customer")
    assert exported.exit_code == 0 and exported.stdout.startswith("Code;Raison sociale;")
    out = tmp_path / "out.csv"
    assert cli("parties", "export", "--dossier", "garage-martin", "--kind", "customer",
               "--output", str(out)).exit_code == 0
    again = cli("parties", "import", str(out), "--dossier", "garage-martin", "--kind", "customer", "--json")
    assert lines(again)[0]["unchanged"] == 2 and lines(again)[0]["created"] == 0


def test_strict_dry_run_and_mapping_file(cli, tmp_path) -> None:
    path = _setup(cli, tmp_path)
    strict = cli("parties", "import", str(path), "--dossier", "garage-martin", "--kind", "customer", "--strict")
    assert strict.exit_code == 1 and "--strict" in strict.stderr and "ligne 4" in strict.stderr
    toml = tmp_path / "m.toml"
    dry = cli("parties", "import", str(path), "--dossier", "garage-martin", "--kind", "customer",
              "--dry-run", "--save-mapping", str(toml))
    assert dry.exit_code == 0 and "simulation" in dry.stdout and toml.exists()
    toml.write_text(toml.read_text(encoding="utf-8").replace('Agence = "ignore"', 'Agence = "custom"'),
                    encoding="utf-8")
    done = cli("parties", "import", str(path), "--dossier", "garage-martin", "--kind", "supplier",
               "--mapping", str(toml), "--json")
    assert lines(done)[0]["mapping"]["Agence"] == "custom" and lines(done)[0]["created"] == 2
    listed = cli("parties", "export", "--dossier", "garage-martin", "--kind", "supplier")
    assert "Agence" in listed.stdout.splitlines()[0]


def test_bad_file_is_one_line_on_stderr(cli, tmp_path) -> None:
    _setup(cli, tmp_path)
    pdf = tmp_path / "facture.csv"
    pdf.write_bytes(b"%PDF-1.4\n")
    result = cli("parties", "import", str(pdf), "--dossier", "garage-martin", "--kind", "customer")
    assert result.exit_code == 1 and "facture.csv" in result.stderr and "PDF" in result.stderr
    denied = cli("parties", "import", str(pdf), "--dossier", "garage-martin", "--kind", "customer",
                 user="nobody")
    assert denied.exit_code == 1
