"""The command line contract: users, dossiers, audit, db; exit codes and messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store.schema import HEAD
from tests.cli.conftest import Run, lines

SIREN, VAT = "732829320", "FR44732829320"


def test_user_commands(cli: Run) -> None:
    assert cli("user", "list").exit_code == 0  # alice bootstraps as admin
    result = cli("user", "add", "bob", "--role", "team_lead", "--name", "Bob", "--email", "bob@x.fr", "--json")
    assert result.exit_code == 0, result.stderr
    assert lines(result) == [{"login": "bob", "name": "Bob", "email": "bob@x.fr", "role": "team_lead", "active": True}]
    assert cli("user", "set-role", "bob", "collaborator").exit_code == 0
    rows = lines(cli("user", "list", "--json"))
    assert [(r["login"], r["role"]) for r in rows] == [("alice", "admin"), ("bob", "collaborator")]
    assert "bob" in cli("user", "list").stdout


def test_user_errors_exit_1_with_one_line(cli: Run) -> None:
    cli("user", "list")
    refused = cli("user", "add", "x", "--role", "admin", user="mallory")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("saisie: ")
    assert "mallory" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert cli("user", "add", "x", "--role", "boss").exit_code == 2
    assert cli("user", "set-role", "ghost", "admin").exit_code == 1


def test_dossier_lifecycle(cli: Run) -> None:
    cli("user", "add", "carol", "--role", "collaborator")
    created = cli("dossier", "create", "Boulangerie Dupré", "--sector", "commerce", "--siren", SIREN,
                  "--vat", VAT, "--email", "jean@dupre.fr", "--access", "carol", "--json")
    assert created.exit_code == 0, created.stderr
    shown = lines(created)[0]
    assert shown["slug"] == "boulangerie-dupre"
    assert Path(shown["inbox"]).is_absolute() and Path(shown["inbox"]).is_dir()
    assert shown["access"] == ["alice", "carol"]

    listed = lines(cli("dossier", "list", "--json"))
    assert [d["slug"] for d in listed] == ["boulangerie-dupre"]
    assert lines(cli("dossier", "show", "boulangerie-dupre", "--json"))[0]["siren"] == SIREN
    assert "boulangerie-dupre" in cli("dossier", "show", "boulangerie-dupre").stdout

    edited = cli("dossier", "edit", "boulangerie-dupre", "--due-days", "45", "--currency", "EUR", "--json")
    assert lines(edited)[0]["default_due_days"] == 45
    assert cli("dossier", "edit", "boulangerie-dupre").exit_code == 1

    assert cli("dossier", "archive", "boulangerie-dupre").exit_code == 0
    assert lines(cli("dossier", "list", "--json")) == []
    assert [d["slug"] for d in lines(cli("dossier", "list", "--archived", "--json"))] == ["boulangerie-dupre"]
    assert cli("dossier", "restore", "boulangerie-dupre").exit_code == 0

    carol = cli("dossier", "list", "--json", user="carol")
    assert [d["slug"] for d in lines(carol)] == ["boulangerie-dupre"]
    refused = cli("dossier", "create", "Autre", user="carol")
    assert refused.exit_code == 1 and "créer un dossier" in refused.stderr

    audit = lines(cli("audit", "--dossier", "boulangerie-dupre", "--json"))
    assert [a["action"] for a in audit] == ["restore", "archive", "edit", "create"]
    assert "restauration" in cli("audit").stdout  # in words for a person; codes in --json


def test_dossier_bad_input(cli: Run) -> None:
    assert "obligatoire" in cli("dossier", "create", "").stderr
    long = cli("dossier", "create", "x" * 300)
    assert long.exit_code == 1 and "120" in long.stderr
    assert "SIREN" in cli("dossier", "create", "A", "--siren", "123").stderr
    assert "TVA" in cli("dossier", "create", "A", "--vat", "FR123").stderr
    assert cli("dossier", "show", "nope").exit_code == 1
    assert lines(cli("dossier", "list", "--json")) == []


def test_duplicate_email_and_invitation(cli: Run) -> None:
    first = cli("dossier", "create", "SCI Tilleuls", "--contact-name", "Paul", "--email", "p@m.fr", "--invite")
    assert first.exit_code == 0 and "Bonjour Paul" in first.stdout
    second = cli("dossier", "create", "Martin Holding", "--email", "p@m.fr")
    assert second.exit_code == 1 and "SCI Tilleuls" in second.stderr
    third = cli("dossier", "create", "Martin Holding", "--email", "p@m.fr", "--additional")
    assert third.exit_code == 0
    invited = cli("dossier", "invite", "martin-holding", "--name", "Paul", "--email", "p@m.fr")
    assert invited.exit_code == 0 and "martin-holding" in invited.stdout


def test_db_upgrade_and_backup(cli: Run, tmp_path: Path, database: str) -> None:
    result = cli("db", "upgrade")
    assert result.exit_code == 0 and HEAD in result.stdout
    if database.startswith("postgresql"):
        assert cli("db", "backup", str(tmp_path / "b.db")).exit_code == 1
        return
    target = tmp_path / "backups" / "copy.db"
    assert cli("db", "backup", str(target)).exit_code == 0
    assert target.stat().st_size > 0
    again = cli("db", "backup", str(target))
    assert again.exit_code == 1 and "existe déjà" in again.stderr


def test_bad_database_and_config(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tui.cli import main

    runner = CliRunner()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(main, ["--database", str(blocker / "x.db"), "dossier", "list"],
                           env={"SAISIE_USER": "alice"})
    assert result.exit_code == 1 and "inaccessible" in result.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("language = 'fr'\nfoo = 1\n")
    result = runner.invoke(main, ["--config", str(bad), "dossier", "list"], env={"SAISIE_USER": "alice"})
    assert result.exit_code == 1
    assert f"{bad}:2" in result.stderr and "foo" in result.stderr


def test_commands_that_do_not_open_the_app_do_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys; from tui.cli import main\n"
        "try:\n    main(['--database', sys.argv[1], 'dossier', 'list'])\n"
        "except SystemExit:\n    pass\n"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.db")], capture_output=True,
                         text=True, env={"SAISIE_USER": "alice", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr


def test_a_read_only_command_loads_its_own_command_module_only(tmp_path: Path) -> None:
    """Start-up (issue 13 item 25): ``dossier list`` loads no other command's module, no
    PostgreSQL dialect on SQLite and no Alembic once the schema is at its head."""
    code = (
        "import sys; from tui.cli import main\n"
        "try:\n    main(['--database', sys.argv[1], 'dossier', 'list'])\n"
        "except SystemExit:\n    pass\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('tui.cli.', 'alembic', "
        "'sqlalchemy.dialects.postgresql')))))"
    )
    env = {"SAISIE_USER": "alice", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # the first run makes the database (and upgrades it: Alembic)
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.db")],
                             capture_output=True, text=True, env=env)
    assert out.stdout.strip().splitlines()[-1].split() == [
        "tui.cli.click_strings", "tui.cli.common", "tui.cli.dossier"], out.stderr
