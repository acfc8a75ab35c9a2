"""Every command and option of ``saisie`` with broken and hostile values (issue 14).

The walk reads the click tree, so a command added later is walked too. Each run
changes one parameter of a valid invocation to a bad value: empty, 10,000
characters, control characters, a path that is missing, a folder, a named pipe
or ``/proc``, negative and huge numbers, impossible dates. Every run must end
with exit 0, 1 (one line on stderr) or 2 (usage), never a traceback, never hang,
and never send a control character to the terminal (usage errors included).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tui.cli import main, register_all

SKIPPED = {("demo",)}
"""Fills a demo firm (10-15 s each) then opens the app; its only option is a flag."""
LONG = "x" * 10_000
CONTROL = "a\x1b]0;PWNED\x07b\u202e\x9b"
TEXT_VALUES = ["", LONG, CONTROL]
NUMBER_VALUES = ["-1", "99999999999999999999", "1E+999999999", "abc", "31/02/2026", "2026-13-45"]
NUMERIC_NAMES = ("days", "limit", "terms", "date", "credit", "guarantee", "_id", "due")
BASELINE = {
    "slug": "garage-martin", "kind": "customer", "code": "C1", "codes": ("C1",), "name": "Nom",
    "new_name": "Nouveau nom", "email": "contact@garage.fr", "login": "bob", "role": "collaborator",
}


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    if group is main:
        register_all()  # a command's module is loaded when it runs: walk them all
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        elif (*path, name) not in SKIPPED:
            yield (*path, name), command


def _args(param: click.Parameter, value: str | tuple[str, ...]) -> list[str]:
    values = list(value) if isinstance(value, tuple) else [value]
    if isinstance(param, click.Argument):
        return values
    return [item for v in values for item in (param.opts[0], v)]


def _bad_values(param: click.Parameter, places: dict[str, str]) -> list[str]:
    if isinstance(param.type, click.Path):
        return ["", LONG, CONTROL, places["missing"], places["folder"], places["fifo"], "/proc/m.toml"]
    if isinstance(param.type, click.Choice):
        return ["", "bogus", CONTROL]
    if isinstance(param.type, click.types.IntParamType) or any(n in param.name for n in NUMERIC_NAMES):
        return ["", CONTROL, *NUMBER_VALUES]
    return TEXT_VALUES + (["-1", "99999999999999999999"] if param.name in ("code", "codes") else [])


def _baseline(param: click.Parameter, places: dict[str, str]) -> list[str]:
    """A valid value for a required parameter (by its name), or nothing."""
    if not param.required:
        return []
    if param.name in BASELINE:
        return _args(param, BASELINE[param.name])
    if isinstance(param.type, click.Path):
        return _args(param, places["csv"] if param.name != "path" else places["backup"])
    return _args(param, "x")


def _cases(places: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    for path, command in _commands(main):
        params = [p for p in command.params if not getattr(p, "is_flag", False)]
        for bad in params:
            for value in _bad_values(bad, places):
                args = list(path)
                for param in params:
                    args += _args(param, value) if param is bad else _baseline(param, places)
                yield f"{' '.join(path)} {bad.name}={value[:12]!r}", args
    for option in ("--database", "--config"):
        for value in ["", LONG, CONTROL, places["missing"], places["folder"], places["fifo"], "/proc/m.toml"]:
            yield f"{option}={value[:12]!r}", [option, value, "user", "list"]


class Hung(Exception):
    """A command ran past its time: something waits for ever (a pipe, a lock)."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Hung


@pytest.fixture
def places(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    csv = tmp_path / "clients.csv"
    csv.write_text("Code;Raison sociale\nC2;Martin\n", encoding="utf-8")
    return {"folder": str(folder), "fifo": str(fifo), "csv": str(csv), "backup": str(tmp_path / "copy.db"),
            "missing": str(tmp_path / "nowhere" / "x.csv")}


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(signal, "SIGALRM"), reason="POSIX")
def test_every_command_with_bad_values_ends_cleanly(tmp_path: Path, places: dict[str, str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a hostile relative path (--output, --save-mapping) lands here
    config = tmp_path / "config.toml"
    config.write_text('inbox_root = "inbox"\narchive_root = "archive"\n', encoding="utf-8")
    env = {"SAISIE_USER": "alice", "SAISIE_CONFIG": str(config), "SAISIE_DATABASE": str(tmp_path / "s.db")}
    runner = CliRunner()
    for setup in (["dossier", "create", "Garage Martin"], ["user", "add", "bob", "--role", "team_lead"],
                  ["parties", "add", "--dossier", "garage-martin", "--kind", "customer", "--code", "C1",
                   "--name", "Martin"]):
        assert runner.invoke(main, setup, env=env).exit_code == 0
    previous = signal.signal(signal.SIGALRM, _alarm)
    problems: list[str] = []
    count = 0
    try:
        for label, args in _cases(places):
            count += 1
            signal.alarm(20)
            try:
                result = runner.invoke(main, args, env=env)
            finally:
                signal.alarm(0)
            problem = _problem(result)
            if problem:
                problems.append(f"{label}: {problem}")
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert count > 300
    assert not problems, "\n".join(problems[:40])


def _problem(result) -> str | None:  # type: ignore[no-untyped-def]
    if isinstance(result.exception, Hung):
        return "hung"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return f"{type(result.exception).__name__}: {result.exception}"[:300]
    if result.exit_code not in (0, 1, 2):
        return f"exit {result.exit_code}"
    if "Traceback" in result.stderr:
        return "traceback"
    if result.exit_code == 1 and len(result.stderr.strip().splitlines()) > 1:
        return f"{len(result.stderr.strip().splitlines())} lines: {result.stderr[:200]!r}"
    if any(c in result.output for c in "\x1b\x07\x9b\u202e"):
        return f"control character printed: {result.output[:200]!r}"
    return None
