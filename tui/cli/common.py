"""What every command shares: the lazily built context, output and errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from books.config import Settings
    from books.context import Workspace

T = TypeVar("T")


@dataclass
class CliState:
    """Global options, and the workspace built from them on first use."""

    database: str | None = None
    config_path: str | None = None
    _settings: Settings | None = field(default=None, repr=False)
    _workspace: Workspace | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        """The validated configuration (the language is applied at once)."""
        if self._settings is None:
            from books.config import load_settings
            from books.i18n import set_language

            self._settings = load_settings(self.config_path, database=self.database)
            set_language(self._settings.language)
        return self._settings

    @property
    def workspace(self) -> Workspace:
        """The opened (and upgraded) database with the acting user."""
        if self._workspace is None:
            from books.context import open_workspace

            self._workspace = open_workspace(self.settings)
        return self._workspace


pass_state = click.make_pass_decorator(CliState)


def run_guarded(action: Callable[[], T]) -> T:
    """Run ``action``; a user error becomes one line on stderr and exit code 1."""
    from books.errors import SaisieError

    try:
        return action()
    except SaisieError as exc:
        echo(f"saisie: {exc.message}", err=True)
        sys.exit(1)
    except BrokenPipeError:  # the reader went away (``| head``): stop without a word
        reader_gone()
    except OSError as exc:  # a file the person named that the system refuses (name too long…)
        from books.i18n import os_reason

        name = str(exc.filename or "")
        name = name if len(name) <= 120 else name[:120] + "…"
        echo(f"saisie: {name}: {os_reason(exc)}" if name else f"saisie: {os_reason(exc)}", err=True)
        sys.exit(1)


def reader_gone() -> NoReturn:
    """Exit quietly when stdout's reader has closed the pipe: what is still buffered goes
    to the null device, so Python's flush at exit does not complain either (exit code 1,
    as the Python documentation's note on SIGPIPE does)."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)


def echo(text: str, *, err: bool = False, lines: bool = False) -> None:
    """Print text that may hold data (names, values read from files) with every control
    character escaped (``\\x1b``), so that none reaches the terminal.

    Args:
        lines: the text is several lines (its line feeds and tabs are kept).
    """
    from books.safetext import visible

    click.echo(visible(text, lines=lines), err=err)


_JSON_UNSAFE = {code: f"\\u{code:04x}" for code in
                [*range(0x7F, 0xA0), *map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d"
                                             "\u202e\u2066\u2067\u2068\u2069\u2028\u2029")]}
"""What ``json.dumps`` leaves raw but a terminal obeys: DEL, C1 controls, bidi controls
(and the line separators JavaScript reads as line ends). JSON escapes C0 itself."""


def emit_json(rows: Iterable[dict[str, Any]] | dict[str, Any]) -> None:
    """Print one JSON object, or JSON Lines for several results (every control escaped)."""
    if isinstance(rows, dict):
        rows = [rows]
    lines = [json.dumps(row, ensure_ascii=False, default=str).translate(_JSON_UNSAFE) for row in rows]
    if lines:
        click.echo("\n".join(lines))


def emit_table(headers: list[str], rows: list[list[str]]) -> None:
    """Print aligned columns for people (control characters in cells escaped)."""
    from books.safetext import visible

    rows = [[visible(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    line = "  ".join(h.ljust(widths[i]) for i, h in enumerate(headers))
    click.echo(line.rstrip())
    for row in rows:
        click.echo("  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip())


class RowId(click.ParamType):
    """A database id (a document's, a rule's, an alias's) or a count given on the command
    line: a positive whole number, refused in the interface's language with what was typed
    (``IntRange`` said "'x' n'est pas un integer range valide" and printed its bound,
    2**63 - 1)."""

    name = "id"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from books.i18n import t

        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63:
            return value
        text = str(value).strip()
        if text.isascii() and text.isdigit() and 0 < int(text) < 2**63:
            return int(text)
        self.fail(t("cli.bad_id", value=str(value)[:60]), param, ctx)


ROW_ID = RowId()
"""The one instance the commands share."""
