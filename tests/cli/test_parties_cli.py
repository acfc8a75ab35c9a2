"""``saisie parties …`` and ``saisie undo``."""

from __future__ import annotations

from tests.cli.conftest import Run, lines

D = ("--dossier", "cave-leroy", "--kind", "customer")


def test_parties_commands(cli: Run) -> None:
    assert cli("dossier", "create", "Cave Leroy").exit_code == 0
    added = cli("parties", "add", *D, "--code", "C1", "--name", "Épicerie Martin", "--siren", "732829320",
                "--city", "Lyon", "--credit-limit", "5 000,00", "--group", "Export", "--json")
    assert added.exit_code == 0, added.stderr
    party = lines(added)[0]
    for key in ("code", "name", "siren", "vat_id", "city", "groups", "archived", "credit_limit", "custom_fields"):
        assert key in party
    assert (party["credit_limit"], party["groups"], party["custom_fields"]) == ("5000.00", ["Export"], {})
    cli("parties", "add", *D, "--code", "C2", "--name", "Boucherie Roux")
    assert [p["code"] for p in lines(cli("parties", "list", *D, "--json"))] == ["C2", "C1"]
    assert [p["code"] for p in lines(cli("parties", "list", *D, "--filter", "EPICERIE", "--json"))] == ["C1"]
    assert "Épicerie Martin" in cli("parties", "show", "C1", *D).stdout
    assert cli("parties", "rename", "C1", "Épicerie Martin & Fils", *D).exit_code == 0
    assert lines(cli("parties", "show", "C1", *D, "--json"))[0]["name"] == "Épicerie Martin & Fils"
    assert lines(cli("parties", "archive", "C1", "C2", *D, "--json")) == [{"action": "archive", "count": 2}]
    assert lines(cli("parties", "list", *D, "--json")) == []
    assert len(lines(cli("parties", "list", *D, "--archived", "--json"))) == 2
    assert cli("parties", "restore", "C2", *D).exit_code == 0
    assert cli("parties", "delete", "C2", *D).exit_code == 0
    assert cli("parties", "show", "C2", *D).exit_code == 1
    assert lines(cli("undo", "--dossier", "cave-leroy", "--json"))[0]["undone"] == "delete"
    assert cli("parties", "show", "C2", *D).exit_code == 0


def test_parties_errors(cli: Run) -> None:
    cli("dossier", "create", "Cave Leroy")
    cli("user", "add", "carol", "--role", "collaborator")
    cli("dossier", "edit", "cave-leroy", "--access", "carol")
    refused = cli("parties", "add", *D, "--code", "C1", "--name", "X", user="carol")
    assert refused.exit_code == 1 and "modifier les tiers" in refused.stderr
    assert cli("parties", "list", *D, user="carol").exit_code == 0
    bad = cli("parties", "add", *D, "--code", "C1", "--name", "X", "--iban", "FR00")
    assert bad.exit_code == 1 and "IBAN" in bad.stderr
    assert cli("parties", "list", "--dossier", "cave-leroy", "--kind", "client").exit_code == 2
    assert cli("undo", "--dossier", "cave-leroy").exit_code == 1
    cli("dossier", "edit", "cave-leroy", "--accounting-software", "Pennylane")
    cli("parties", "add", *D, "--code", "C1", "--name", "X")
    refused = cli("parties", "rename", "C1", "Y", *D)
    assert refused.exit_code == 1 and "Pennylane" in refused.stderr


def test_parties_edit_changes_any_field_through_the_service(cli: Run) -> None:
    cli("dossier", "create", "Cave Leroy")
    cli("parties", "add", *D, "--code", "C1", "--name", "Épicerie Martin", "--credit-limit", "5 000")
    edited = cli("parties", "edit", "C1", *D, "--credit-limit", "12 500,50", "--insurer-guarantee", "8000",
                 "--other-guarantees", "Caution du gérant", "--comments", "Paie toujours en retard",
                 "--phone", "04 78 00 00 00", "--payment-method", "CB", "--sepa-mandate-date", "01/02/2026",
                 "--add-group", "Export", "--json")
    assert edited.exit_code == 0, edited.stderr
    party = lines(edited)[0]
    assert (party["credit_limit"], party["insurer_guarantee"], party["other_guarantees"], party["comments"],
            party["phone"], party["payment_method"], party["groups"]) == (
        "12500.50", "8000.00", "Caution du gérant", "Paie toujours en retard", "+33 4 78 00 00 00",
        "carte", ["Export"])
    assert cli("parties", "edit", "C1", *D, "--comments", "").exit_code == 0
    assert "Commentaires" not in cli("parties", "show", "C1", *D).stdout
    bad = cli("parties", "edit", "C1", *D, "--payment-method", "bitcoin")
    assert bad.exit_code == 1 and "bitcoin" in bad.stderr and len(bad.stderr.splitlines()) == 1
    assert cli("parties", "edit", "C9", *D, "--name", "X").exit_code == 1
    assert cli("parties", "edit", "C1", *D).exit_code == 2
    cli("user", "add", "carol", "--role", "collaborator")
    cli("dossier", "edit", "cave-leroy", "--access", "carol")
    assert cli("parties", "edit", "C1", *D, "--name", "Y", user="carol").exit_code == 1
    events = lines(cli("audit", "--dossier", "cave-leroy", "--json"))
    assert any(e["action"] == "edit" and e["after"].get("credit_limit") == "12500.50" for e in events)
    renamed = cli("parties", "edit", "C1", *D, "--new-code", "C2", "--json")
    assert renamed.exit_code == 0 and lines(renamed)[0]["code"] == "C2"


def test_parties_show_several_codes(cli: Run) -> None:
    cli("dossier", "create", "Cave Leroy")
    cli("parties", "add", *D, "--code", "C1", "--name", "Épicerie Martin")
    cli("parties", "add", *D, "--code", "C3", "--name", "Boucherie Roux")
    shown = cli("parties", "show", "C1", "C3", *D, "--json")
    assert [p["code"] for p in lines(shown)] == ["C1", "C3"]
    text = cli("parties", "show", "C1", "C3", *D).stdout
    assert "Épicerie Martin" in text and "Boucherie Roux" in text
    missing = cli("parties", "show", "C1", "C2", *D)
    assert missing.exit_code == 1 and "C2" in missing.stderr and missing.stdout == ""


def test_a_missing_config_file_is_refused_in_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from tui.cli import main

    missing = tmp_path / "nowhere" / "config.toml"
    result = CliRunner().invoke(main, ["--config", str(missing), "dossier", "list"],
                                env={"SAISIE_USER": "alice"})
    assert result.exit_code == 1 and str(missing) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "nowhere").exists()


def test_dossier_create_refuses_a_name_in_use_without_additional(cli: Run) -> None:
    assert cli("dossier", "create", "Boulangerie Dupré").exit_code == 0
    refused = cli("dossier", "create", "boulangerie  dupre")
    assert refused.exit_code == 1 and "Boulangerie Dupré" in refused.stderr
    assert cli("dossier", "create", "boulangerie  dupre", "--additional").exit_code == 0
