"""The configuration: one validated object built from a TOML file.

Read with tomllib; preferences changed in the app (theme, language) are
written back with tomli-w, keeping every other key. A malformed file stops
everything with one line naming the file, the key and its line.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from books.errors import ConfigError
from books.i18n import LANGUAGES, os_reason, t

DEFAULT_THEME = "saisie-dark"


@dataclass(frozen=True)
class SmtpSettings:
    """Where invitation emails are sent from."""

    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    sender: str = "saisie@localhost"
    """The From address."""
    starttls: bool = True
    ssl: bool = False


@dataclass(frozen=True)
class Settings:
    """Everything configurable, validated. Built once and passed along."""

    config_path: Path
    """The file these settings came from (it may not exist yet)."""
    database: str
    """A SQLAlchemy URL or a path to an SQLite file."""
    inbox_root: Path
    """Each dossier gets its inbox folder ``<inbox_root>/<slug>/``."""
    archive_root: Path
    """Where stored copies of documents are kept, by content hash."""
    language: str = "fr"
    """Interface language: ``fr`` or ``en``."""
    theme: str = DEFAULT_THEME
    """Theme name, from ``themes/`` or the user's config dir."""
    mouse: bool = True
    """False to run without mouse reporting (some SSH clients prefer it)."""
    smtp: SmtpSettings | None = None
    """When set, invitations are emailed; otherwise their text is shown."""
    keys: dict[str, str] = field(default_factory=dict)
    """Key remapping: binding id → key(s), e.g. ``new_dossier = "ctrl+n"``."""
    inbox_processed: str = "move"
    """What becomes of a file once its document is recorded: ``move`` (to the folder's
    ``traités/AAAA-MM/``) or ``delete`` (the archive keeps the original either way)."""


    watch_inbox: bool = True
    """The app takes in the files dropped in the inbox folders while it runs (as
    ``saisie inbox run`` does); off when a server does it for everyone."""


INBOX_PROCESSED = ("move", "delete")

_TOP: dict[str, type | tuple[type, ...]] = {
    "database": str,
    "inbox_root": str,
    "archive_root": str,
    "language": str,
    "theme": str,
    "mouse": bool,
    "smtp": dict,
    "keys": dict,
    "inbox_processed": str,
    "watch_inbox": bool,
}
_SMTP: dict[str, type | tuple[type, ...]] = {
    "host": str,
    "port": int,
    "username": str,
    "password": str,
    "sender": str,
    "starttls": bool,
    "ssl": bool,
}


def _line_of(text: str, key: str, section: str | None) -> int | None:
    """The line where ``key`` is set (in ``[section]`` when given), for messages."""
    in_section = section is None
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[([^\]]+)\]", line)
        if header:
            in_section = header.group(1).strip() == section
            if section is None and not in_section:
                return None
            continue
        if in_section and pattern.match(line):
            return number
    return None


def _fail(path: Path, text: str, key: str, section: str | None, message: str) -> ConfigError:
    line = _line_of(text, key, section)
    name = f"{section}.{key}" if section else key
    where = f"{path}:{line}" if line else str(path)
    return ConfigError(t("config.error", where=where, key=name, problem=message))


def _check_types(
    path: Path, text: str, data: dict[str, Any], schema: dict[str, Any], section: str | None
) -> None:
    for key, value in data.items():
        expected = schema.get(key)
        if expected is None:
            raise _fail(path, text, key, section, t("config.unknown_key"))
        # bool is an int in Python: a port of `true` must still be refused.
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            names = expected.__name__ if isinstance(expected, type) else "/".join(
                e.__name__ for e in expected
            )
            raise _fail(path, text, key, section, t("config.wrong_type", expected=names))


def _resolve(base: Path, value: str) -> Path:
    path = Path(os.path.expanduser(value))
    return path if path.is_absolute() else (base / path).resolve()


def config_file(explicit: str | None) -> Path:
    """The configuration file in use: explicit, ``SAISIE_CONFIG``, or the default."""
    from books.paths import default_config_file

    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("SAISIE_CONFIG")
    return Path(env).expanduser().resolve() if env else default_config_file()


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; a name the system refuses (too long…) is a ConfigError."""
    try:
        return path.exists()
    except OSError as exc:
        raise ConfigError(t("config.unreadable", file=path, reason=os_reason(exc))) from None


def toml_place(error: Exception) -> str:
    """Where a TOML file is malformed, in the interface's language: tomllib says it in
    English ("Invalid value (at line 1, column 12)"); its line and column are kept."""
    import re

    found = re.search(r"at line (\d+), column (\d+)", str(error))
    if found is None:
        return t("config.syntax_somewhere")
    return t("config.syntax_at", line=found[1], column=found[2])


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    if _exists(path) and not path.is_file():  # a named pipe would block the read for ever
        raise ConfigError(t("safe.not_regular", file=path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "", {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(t("config.unreadable", file=path, reason=exc)) from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(t("config.syntax", file=path, reason=toml_place(exc))) from exc


def load_settings(explicit: str | None = None, *, database: str | None = None) -> Settings:
    """Read and validate the configuration; ``database`` overrides the file's.

    Raises:
        ConfigError: naming the file, key and line of the first problem.
    """
    from books.paths import data_dir, default_database

    path = config_file(explicit)
    if (explicit or os.environ.get("SAISIE_CONFIG")) and not _exists(path):
        # a named file that is missing is a mistake (a typo, another machine's path):
        # the defaults would silently open another database
        raise ConfigError(t("ed.config_missing", file=path))
    text, data = _read(path)
    _check_types(path, text, data, _TOP, None)
    smtp_data = data.get("smtp")
    if smtp_data is not None:
        _check_types(path, text, smtp_data, _SMTP, "smtp")
        if "host" not in smtp_data:
            raise _fail(path, text, "host", "smtp", t("config.missing_key"))
    keys = data.get("keys", {})
    for name, value in keys.items():
        if not isinstance(value, str) or not value.strip():
            raise _fail(path, text, name, "keys", t("config.wrong_type", expected="str"))
    language = data.get("language", "fr")
    if language not in LANGUAGES:
        raise _fail(path, text, "language", None, t("config.one_of", choices=", ".join(LANGUAGES)))
    processed = data.get("inbox_processed", "move")
    if processed not in INBOX_PROCESSED:
        raise _fail(path, text, "inbox_processed", None,
                    t("config.one_of", choices=", ".join(INBOX_PROCESSED)))
    base = path.parent
    db = database
    if db is None and "database" in data:
        db = data["database"] if "://" in data["database"] else str(_resolve(base, data["database"]))
    return Settings(
        config_path=path,
        database=db or str(default_database()),
        inbox_root=_resolve(base, data["inbox_root"]) if "inbox_root" in data else data_dir() / "inbox",
        archive_root=_resolve(base, data["archive_root"])
        if "archive_root" in data
        else data_dir() / "archive",
        language=language,
        theme=data.get("theme", DEFAULT_THEME),
        mouse=data.get("mouse", True),
        smtp=SmtpSettings(**smtp_data) if smtp_data else None,
        keys=dict(keys),
        inbox_processed=processed,
        watch_inbox=data.get("watch_inbox", True),
    )


def save_preferences(path: Path, **changes: Any) -> None:
    """Write ``changes`` (top-level keys) into the config file, keeping the rest.

    The file is replaced atomically so a crash never leaves it half-written.
    """
    import tomli_w

    _text, data = _read(path)
    data.update(changes)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(tomli_w.dumps(data), encoding="utf-8")
    os.replace(partial, path)
