"""``saisie parties archive|restore CODE…`` with thousands of codes: read at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tests.cli.conftest import Run, lines

D = ("--dossier", "cave-leroy", "--kind", "customer")
COUNT = 1200


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """Every SQL statement any engine runs meanwhile."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


def test_archive_and_restore_many_codes(cli: Run, tmp_path: Path, statements: list[str]) -> None:
    cli("dossier", "create", "Cave Leroy")
    rows = "".join(f"C{n:05};Client {n}\n" for n in range(COUNT))
    (tmp_path / "list.csv").write_text("Code;Raison sociale\n" + rows, encoding="utf-8")
    assert cli("parties", "import", str(tmp_path / "list.csv"), *D).exit_code == 0
    codes = [f"C{n:05}" for n in range(0, COUNT, 2)]
    statements.clear()
    archived = cli("parties", "archive", *codes, *D, "--json")
    assert lines(archived) == [{"action": "archive", "count": len(codes)}]
    assert len(statements) < 40  # one read per 5,000 codes, not one per code
    assert len(lines(cli("parties", "list", *D, "--json"))) == COUNT - len(codes)
    assert lines(cli("parties", "restore", *codes, *D, "--json")) == [
        {"action": "restore", "count": len(codes)}]


def test_an_unknown_code_is_named_and_nothing_changes(cli: Run) -> None:
    cli("dossier", "create", "Cave Leroy")
    cli("parties", "add", *D, "--code", "C1", "--name", "Épicerie Martin")
    refused = cli("parties", "archive", "C1", "C404", *D)
    assert refused.exit_code == 1 and "C404" in refused.stderr
    assert [p["code"] for p in lines(cli("parties", "list", *D, "--json"))] == ["C1"]
