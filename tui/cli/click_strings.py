"""click's own messages (help frame, usage errors) in the interface language.

click writes them in English through ``gettext``: each of its modules binds
``_ = gettext.gettext`` (and ``ngettext``) at import. :func:`install` swaps
those module names for lookups in the catalog, keyed by click's English
text; a message not listed here stays English. This module is the one place
that knows click's wording and that detail; ``tests/cli/test_click_strings.py``
fails loudly when a click upgrade changes either.
"""

from __future__ import annotations

import gettext
import importlib

import click

from books.i18n import t

CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")
"""click's modules whose ``_``/``ngettext`` print to a person."""

MESSAGES = {
    "Usage:": "tk.click.usage",
    "Options": "tk.click.options",
    "Commands": "tk.click.commands",
    "Positional arguments": "tk.click.positional",
    "Show this message and exit.": "tk.click.help_option",
    "Show the version and exit.": "tk.click.version_option",
    "Error: {message}": "tk.click.error",
    "Try '{command} {option}' for help.": "tk.click.try_help",
    "No such command {name!r}.": "tk.click.no_command",
    "No such option {name!r}.": "tk.click.no_option",
    "Missing command.": "tk.click.missing_command",
    "Missing argument": "tk.click.missing_argument",
    "Missing option": "tk.click.missing_option",
    "Missing parameter": "tk.click.missing_parameter",
    "Missing {param_type}": "tk.click.missing_type",
    "Invalid value for {param_hint}: {message}": "tk.click.invalid_for",
    "Invalid value: {message}": "tk.click.invalid",
    "Option {name!r} does not take a value.": "tk.click.no_value",
    "{value!r} is not a valid {number_type}.": "tk.click.not_number",
    "{value} is not in the range {range}.": "tk.click.not_in_range",
    "{name} {filename!r} does not exist.": "tk.click.not_exist",
    "{name} {filename!r} is a directory.": "tk.click.is_directory",
    "{name} {filename!r} is a file.": "tk.click.is_file",
    "{name} {filename!r} is not readable.": "tk.click.not_readable",
    "{name} {filename!r} is not writable.": "tk.click.not_writable",
    "Could not open file {filename!r}: {message}": "tk.click.cannot_open",
    "Aborted!": "tk.click.aborted",
    "Do you want to continue?": "tk.click.continue",
    "Confirm the action without prompting.": "tk.click.yes_option",
    "Repeat for confirmation": "tk.click.repeat",
    "Error: The two entered values do not match.": "tk.click.mismatch",
    "Error: invalid input": "tk.click.invalid_input",
    "default: {default}": "tk.click.default",
    "env var: {var}": "tk.click.env_var",
    "required": "tk.click.required",
    "file": "tk.click.file",
    "directory": "tk.click.directory",
    "path": "tk.click.path",
    "Choose from:\n\t{choices}": "tk.click.choose_from",
}
"""click's English messages (``_``) to catalog keys."""

PLURALS = {
    "Got unexpected extra argument ({args})": "tk.click.extra_arg",
    "Got unexpected extra arguments ({args})": "tk.click.extra_args",
    "Option {name!r} requires an argument.": "tk.click.needs_arg",
    "Option {name!r} requires {nargs} arguments.": "tk.click.needs_args",
    "{value!r} is not {choice}.": "tk.click.not_choice",
    "{value!r} is not one of {choices}.": "tk.click.not_choices",
    "Did you mean {possibility}?": "tk.click.did_you_mean",
    "(Did you mean one of: {possibilities}?)": "tk.click.did_you_mean_one_of",
}
"""click's English singular and plural messages (``ngettext``) to catalog keys."""


def translate(message: str) -> str:
    """click's message in the interface language, its placeholders kept for click to fill."""
    key = MESSAGES.get(message)
    return _raw(key) if key else message


def translate_plural(singular: str, plural: str, count: int) -> str:
    """click's singular or plural message in the interface language."""
    chosen = singular if count == 1 else plural
    key = PLURALS.get(chosen)
    return _raw(key) if key else chosen


def _raw(key: str) -> str:
    """The catalog's text without formatting: click formats it itself."""
    return t(key)


def install() -> None:
    """Make click's messages go through the catalog (idempotent)."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if getattr(module, "_", None) in (gettext.gettext, translate):
            module._ = translate  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) in (gettext.ngettext, translate_plural):
            module.ngettext = translate_plural  # type: ignore[attr-defined]


def forget_help_options(command: click.Command) -> None:
    """Drop the ``--help`` options click made and kept (``Command._help_option``,
    its help text translated once): the next use makes them in the current language.
    Matters when one process runs several commands (tests)."""
    if getattr(command, "_help_option", None) is not None:
        command._help_option = None  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {}).values():
        forget_help_options(sub)


def localize(command: click.Command) -> None:
    """Set the help of ``command``, its options and its sub-commands from the
    catalog (``books.i18n.cli_help``), in the current language.

    The English written in the code is kept aside on first use, so the
    language can change between two runs in one process (tests).
    """
    from books.i18n import t
    from books.i18n.cli_help import help_key

    english = command.__dict__.setdefault("_saisie_english_help", command.help)
    key = help_key(english) if english else None
    if key is not None:
        command.help = t(key)
        command.short_help = None
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            original = param.__dict__.setdefault("_saisie_english_help", param.help)
            key = help_key(original)
            if key is not None:
                param.help = t(key)
    for sub in getattr(command, "commands", {}).values():
        localize(sub)
