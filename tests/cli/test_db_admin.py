"""``saisie db upgrade|backup|grants`` are admin actions: anyone else gets one line and exit 1."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Run


def test_db_commands_refuse_non_admins(cli: Run, tmp_path: Path) -> None:
    assert cli("user", "add", "carol", "--role", "collaborator").exit_code == 0
    for args in (("db", "backup", str(tmp_path / "copy.db")), ("db", "upgrade"), ("db", "grants")):
        refused = cli(*args, user="carol")
        assert refused.exit_code == 1, args
        assert len(refused.stderr.strip().splitlines()) == 1 and "administrer" in refused.stderr
        unknown = cli(*args, user="mallory")
        assert unknown.exit_code == 1 and "mallory" in unknown.stderr
    assert not (tmp_path / "copy.db").exists()


def test_grants_print_sql_on_postgresql_only(cli: Run, database: str) -> None:
    result = cli("db", "grants")
    if database.startswith("postgresql"):
        assert result.exit_code == 0
        assert 'GRANT SELECT ON "app_user"' in result.stdout
        assert "saisie_collaborator" in result.stdout
    else:
        assert result.exit_code == 1 and "PostgreSQL" in result.stderr
