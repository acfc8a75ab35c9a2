"""Themes: TOML files in ``themes/`` and in the user's config dir, validated.

A theme file holds a ``name`` and colours (``primary`` required; the others
optional). A broken file is skipped with a message; an unknown configured
theme falls back to the default.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

import themes as bundled
from books.config import toml_place
from books.i18n import os_reason, t

COLOUR_KEYS = (
    "primary", "secondary", "accent", "foreground", "background", "surface", "panel",
    "success", "warning", "error",
)


@dataclass(frozen=True)
class ThemeProblem:
    """A theme file that could not be used, and why."""

    path: Path
    reason: str


def theme_dirs(user_dir: Path) -> list[Path]:
    """Where themes are looked for: the bundled ones first, then the user's."""
    return [Path(bundled.__file__).parent, user_dir]


def parse_theme(path: Path) -> Theme:
    """Build a Textual theme from a TOML file.

    Raises:
        ValueError: with the reason, when the file is not a valid theme.
    """
    if not path.is_file():  # a named pipe would block the app's start for ever
        raise ValueError(t("theme.not_regular"))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(os_reason(exc)) from exc
    except UnicodeDecodeError as exc:
        raise ValueError(t("safe.not_utf8")) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(toml_place(exc)) from exc
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(t("theme.missing", key="name"))
    unknown = set(data) - {"name", "dark", *COLOUR_KEYS}
    if unknown:
        raise ValueError(t("theme.unknown_keys", keys=", ".join(sorted(unknown))))
    if "primary" not in data:
        raise ValueError(t("theme.missing", key="primary"))
    colours: dict[str, str] = {}
    for key in COLOUR_KEYS:
        if key in data:
            try:
                Color.parse(data[key])
            except (ColorParseError, TypeError) as exc:
                raise ValueError(t("theme.bad_colour", key=key,
                                   value=str(data[key])[:40])) from exc
            colours[key] = data[key]
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ValueError(t("theme.bad_dark"))
    return Theme(name=name.strip(), dark=dark, **colours)


def load_themes(user_dir: Path) -> tuple[list[Theme], list[ThemeProblem]]:
    """Every valid theme found, and the files that were refused."""
    found: dict[str, Theme] = {}
    problems: list[ThemeProblem] = []
    for folder in theme_dirs(user_dir):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = parse_theme(path)
            except ValueError as exc:
                problems.append(ThemeProblem(path, str(exc)))
                continue
            found[theme.name] = theme
    return list(found.values()), problems
