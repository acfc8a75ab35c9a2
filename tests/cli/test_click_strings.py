"""The command line in the interface language: click's help frame and errors,
the root help, and ``extract``'s amounts and dates for people (ISO in --json)."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tui.cli import main, register_all
from tui.cli.click_strings import CLICK_MODULES, MESSAGES, PLURALS

FIXTURES = Path(__file__).resolve().parents[1] / "books" / "fixtures" / "invoices"
ENGLISH = ("Usage:", "Show this message and exit.", "Error:", "Commands:", "Try '",
           "Missing argument", "No such option")


def _english_config(tmp_path: Path) -> str:
    config = tmp_path / "en.toml"
    config.write_text('language = "en"\n', encoding="utf-8")
    return str(config)


def test_every_message_is_still_clicks() -> None:
    """A click upgrade that rewords a message would show English again: fail here."""
    import importlib

    sources = "".join(inspect.getsource(importlib.import_module(f"click.{m}")) for m in CLICK_MODULES)
    missing = [m for m in [*MESSAGES, *PLURALS] if repr(m)[1:-1] not in sources and m not in sources]
    assert missing == [], f"click {click.__version__} changed these: review tui/cli/click_strings.py"
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        assert hasattr(module, "_") or hasattr(module, "ngettext"), name
    assert "_help_option" in inspect.getsource(click.Command.get_help_option)


def test_help_is_french() -> None:
    result = CliRunner().invoke(main, prog_name="saisie", args=["--help"])
    assert result.exit_code == 0
    assert "Utilisation : saisie" in result.output
    assert "Affiche cette aide." in result.output
    assert "Sans commande, ouvre l'application." in result.output
    assert "Les clients et fournisseurs d'un dossier." in result.output
    assert not [english for english in ENGLISH if english in result.output]


def test_sub_command_help_frame_is_french() -> None:
    result = CliRunner().invoke(main, prog_name="saisie", args=["parties", "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Utilisation : saisie parties")
    assert "Commandes:" in result.output and "Affiche cette aide." in result.output


def test_usage_errors_are_french() -> None:
    result = CliRunner().invoke(main, prog_name="saisie", args=["extract"])
    assert result.exit_code == 2
    assert "Erreur : Argument manquant" in result.output
    assert "Voir « saisie extract --help » pour l'aide." in result.output
    result = CliRunner().invoke(main, prog_name="saisie", args=["extract", "--bogus", "x"])
    assert "Option inconnue : '--bogus'" in result.output
    assert not [english for english in ENGLISH if english in result.output]


@pytest.mark.parametrize("args", [["documents", "show", "account=1"], ["documents", "show", "0"],
                                  ["rules", "delete", "--dossier", "x", "--id", "abc"],
                                  ["audit", "--limit", "abc"], ["audit", "--limit", "0"]])
def test_a_bad_number_is_refused_in_french(args: list[str]) -> None:
    """An id that is not one said "n'est pas un integer range valide" (click's type name)."""
    register_all()
    result = CliRunner().invoke(main, prog_name="saisie", args=args)
    assert result.exit_code == 2
    assert "integer" not in result.output and "range" not in result.output
    assert "» : un nombre entier positif est attendu" in result.output


def test_help_follows_the_configured_language(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, prog_name="saisie", args=["--config", _english_config(tmp_path), "--help"])
    assert result.output.startswith("Usage: saisie")
    assert "Show this message and exit." in result.output
    assert "Customers and suppliers of a dossier." in result.output


def test_extract_writes_amounts_and_dates_for_people() -> None:
    result = CliRunner().invoke(main, prog_name="saisie", args=["extract", str(FIXTURES / "ubl_creditnote.xml")])
    assert result.exit_code == 0, result.output
    assert "60,00 €" in result.output and "60.00 EUR" not in result.output
    assert "02/05/2024" in result.output and "2024-05-02" not in result.output
    assert "20 % sur 50,00 € : 10,00 €" in result.output


def test_extract_json_keeps_iso_and_plain_decimals() -> None:
    result = CliRunner().invoke(main, prog_name="saisie", args=["extract", "--json", str(FIXTURES / "ubl_creditnote.xml")])
    row = json.loads(result.output)
    assert row["issue_date"] == "2024-05-02"
    assert row["totals"]["payable"] == "60.00"


def test_extract_in_english(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, prog_name="saisie", args=["--config", _english_config(tmp_path), "extract",
                                       str(FIXTURES / "ubl_creditnote.xml")])
    assert "60.00 €" in result.output and "2024-05-02" in result.output


def test_money_keeps_every_decimal_the_invoice_gave() -> None:
    from decimal import Decimal

    from tui.cli.extract import decimal_text, money

    assert money(Decimal("1234.5"), "EUR") == "1\u202f234,50 €"
    assert money(Decimal("0.125"), "EUR") == "0,125 €"
    assert decimal_text(Decimal("5.50")) == "5,50" and decimal_text(Decimal("20.00")) == "20"


def test_bulk_actions_report_in_french(cli) -> None:  # type: ignore[no-untyped-def]
    from tests.cli.conftest import lines

    d = ("--dossier", "cave-leroy", "--kind", "customer")
    cli("dossier", "create", "Cave Leroy")
    for code in ("C1", "C2"):
        cli("parties", "add", *d, "--code", code, "--name", f"Client {code}")
    assert cli("parties", "archive", "C1", "C2", *d).stdout.strip() == "2 tiers archivé(s)."
    assert cli("parties", "restore", "C1", *d).stdout.strip() == "1 tiers restauré(s)."
    assert cli("parties", "delete", "C1", *d).stdout.strip() == "1 tiers supprimé(s)."
    assert lines(cli("parties", "restore", "C2", *d, "--json")) == [{"action": "restore", "count": 1}]


def test_every_command_and_option_help_has_its_french() -> None:
    """A command or option added without its French would show English in the French interface."""
    from books.i18n.cli_help import help_key

    missing: list[str] = []

    def walk(command: click.Command, path: str) -> None:
        english = command.__dict__.get("_saisie_english_help", command.help)
        if english and help_key(english) is None:
            missing.append(path)
        for param in command.params:
            text = param.__dict__.get("_saisie_english_help", getattr(param, "help", None))
            if isinstance(param, click.Option) and text and help_key(text) is None:
                missing.append(f"{path} --{param.name}")
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    register_all()  # every command, not only those run so far (a command loads when run)
    walk(main, "saisie")
    assert missing == [], "add their French to books/i18n/cli_help.py"


def test_sub_command_help_is_french_then_english(tmp_path: Path) -> None:
    french = CliRunner().invoke(main, prog_name="saisie", args=["parties", "archive", "--help"])
    assert "Archive des tiers : ils quittent les listes" in french.output
    assert "Le dossier.  [obligatoire]" in french.output
    english = CliRunner().invoke(main, prog_name="saisie",
                                 args=["--config", _english_config(tmp_path), "parties", "archive", "--help"])
    assert "Archive parties: they leave the lists" in english.output
    assert "The dossier.  [required]" in english.output


def test_lists_and_shows_speak_french(cli) -> None:  # type: ignore[no-untyped-def]
    d = ("--dossier", "cave-leroy", "--kind", "customer")
    cli("dossier", "create", "Cave Leroy", "--sector", "commerce")
    cli("parties", "add", *d, "--code", "C1", "--name", "Épicerie Martin", "--credit-limit", "12 500,50")
    cli("parties", "archive", "C1", *d)
    shown = cli("parties", "show", "C1", *d).stdout
    assert "Raison sociale" in shown and "Épicerie Martin" in shown
    assert "Limite de crédit" in shown and "12\u202f500,50" in shown
    assert "Archivé" in shown and "oui" in shown and "clients" in shown
    assert not [word for word in ("name ", "credit_limit", "archived", "True", "customer") if word in shown]
    listed = cli("parties", "list", *d, "--archived").stdout.splitlines()
    assert listed[0].split()[:3] == ["Code", "Raison", "sociale"] and listed[1].rstrip().endswith("oui")
    dossier = cli("dossier", "show", "cave-leroy").stdout
    assert "Secteur" in dossier and "Commerce" in dossier and "Dernière activité" in dossier
    assert "last_activity_at" not in dossier and "T" not in dossier.split("Dernière activité")[1].split()[0]
    table = cli("dossier", "list").stdout.splitlines()
    assert table[0].split()[0] == "Identifiant" and "Dernière activité" in table[0]
    assert "/" in table[1].split()[-2]  # 20/11/2026, not 2026-11-20
    assert cli("user", "list").stdout.splitlines()[0].split()[:2] == ["Identifiant", "Rôle"]
    assert cli("audit").stdout.splitlines()[0].split()[:2] == ["Quand", "Qui"]
