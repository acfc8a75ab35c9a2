"""The ``saisie`` command line: the scriptable face of the same books services.

Every command module imports only click at module level, so commands that do
not open the app never import Textual, and the database stack is imported
only by commands that need it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from tui.cli.click_strings import forget_help_options, localize
from tui.cli.click_strings import install as _install_click_strings
from tui.cli.common import CliState, run_guarded

COMMAND_MODULES = (
    "app", "db", "user", "dossier", "audit", "demo", "extract", "parties", "parties_manage",
    "inbox", "rules", "accounts", "fec",
)
"""Modules under ``tui.cli`` that each define ``register(group)``."""

COMMAND_HOMES = {
    "db": "db", "user": "user", "dossier": "dossier", "audit": "audit", "demo": "demo",
    "extract": "extract", "parties": "parties", "undo": "parties_manage", "inbox": "inbox",
    "documents": "inbox", "rules": "rules", "accounts": "accounts", "fec": "fec",
}
"""The module that registers each top-level command: a command run loads its own
module only (defining the 200 options of every command was a tenth of a read-only
command's start). Listing the commands (``--help``) loads them all."""


def _configured_language(args: list[str]) -> None:
    """Speak the configured language before click parses anything (its help and
    usage errors come first); a broken configuration is reported by the command."""
    from books.config import load_settings
    from books.errors import SaisieError
    from books.i18n import set_language

    explicit = None
    for index, arg in enumerate(args):
        if arg == "--config" and index + 1 < len(args):
            explicit = args[index + 1]
        elif arg.startswith("--config="):
            explicit = arg.split("=", 1)[1]
    try:
        set_language(load_settings(explicit).language)
    except (SaisieError, OSError, ValueError):
        pass


@contextmanager
def _escaped_usage_errors() -> Iterator[None]:
    """click repeats a refused value in its message (``'…' is not one of…``): its
    control characters are escaped, so that an argument taken from a file cannot
    drive the terminal through the error either (issue 14 item 10)."""
    try:
        yield
    except click.ClickException as exc:
        from books.safetext import visible

        exc.message = visible(exc.message)
        raise


class SaisieGroup(click.Group):
    """The root command: click's own messages in the configured language."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: object) -> click.Context:
        _install_click_strings()
        _configured_language(args)
        forget_help_options(self)
        self._localize()
        with _escaped_usage_errors():
            return super().make_context(info_name, args, parent, **extra)  # type: ignore[arg-type]

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; a usage error's echo of a value is escaped (see below)."""
        with _escaped_usage_errors():
            return super().invoke(ctx)

    def _localize(self) -> None:
        """Every command's and option's help from the catalog, in the current language."""
        localize(self)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module loaded (and its help put in the language) on first use."""
        home = COMMAND_HOMES.get(cmd_name)
        if home is not None and cmd_name not in self.commands:
            _register(home)
            command = self.commands.get(cmd_name)
            if command is not None:
                forget_help_options(command)
                localize(command)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command (all their modules loaded)."""
        register_all()
        self._localize()
        return super().list_commands(ctx)


@click.group(cls=SaisieGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database",
    "database",
    envvar="SAISIE_DATABASE",
    metavar="URL_OR_PATH",
    help="Database: a file path (SQLite) or postgresql+psycopg://… URL.",
)
@click.option(
    "--config",
    "config_path",
    envvar="SAISIE_CONFIG",
    metavar="PATH",
    type=click.Path(dir_okay=False),
    help="Configuration file (default: the user config dir).",
)
@click.pass_context
def main(ctx: click.Context, database: str | None, config_path: str | None) -> None:
    """Saisie: pre-accounting for bookkeeping firms, in the terminal.

    Without a command, opens the app.
    """
    ctx.obj = CliState(database=database, config_path=config_path)
    if ctx.invoked_subcommand is None:
        from tui.cli.app import open_app

        run_guarded(lambda: open_app(ctx.obj))


_registered: set[str] = set()


def _register(name: str) -> None:
    """Add the commands of ``tui.cli.<name>`` to the root command (once)."""
    if name not in _registered:
        import importlib

        _registered.add(name)
        importlib.import_module(f"tui.cli.{name}").register(main)


def register_all() -> None:
    """Load every command module (help, and whoever walks all the commands)."""
    for name in COMMAND_MODULES:
        _register(name)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
