"""Run ``saisie`` in-process against a test database and config."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tui.cli import main

Run = Callable[..., Result]


@pytest.fixture
def cli(tmp_path: Path, database: str) -> Run:
    """``cli("dossier", "list", user="bob")`` → click Result (stderr kept apart)."""
    config = tmp_path / "config.toml"
    config.write_text('inbox_root = "inbox"\narchive_root = "archive"\n', encoding="utf-8")

    def run(*args: str, user: str = "alice", input: str | None = None) -> Result:
        runner = CliRunner()
        env = {"SAISIE_USER": user, "SAISIE_CONFIG": str(config), "SAISIE_DATABASE": database}
        return runner.invoke(main, list(args), env=env, input=input, catch_exceptions=False)

    return run


def lines(result: Result) -> list[dict[str, Any]]:
    """The JSON Lines a command printed."""
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
