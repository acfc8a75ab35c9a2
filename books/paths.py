"""Where Saisie keeps its files, from platformdirs (the one place that decides)."""

from __future__ import annotations

from pathlib import Path

APP = "saisie"


def config_dir() -> Path:
    """The user's configuration folder (config.toml, their own themes)."""
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False)


def data_dir() -> Path:
    """The user's data folder (default database, inbox and archive)."""
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def default_config_file() -> Path:
    """``config.toml`` in the user config folder."""
    return config_dir() / "config.toml"


def default_database() -> Path:
    """The embedded SQLite database used when none is configured."""
    return data_dir() / "saisie.db"


def user_themes_dir() -> Path:
    """Themes the user adds next to their configuration."""
    return config_dir() / "themes"
