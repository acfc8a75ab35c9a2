"""Configuration: defaults, validation with file:line messages, write-back."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from books.config import load_settings, save_preferences
from books.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    settings = load_settings()  # the user's default file, absent (XDG dirs in tmp_path)
    assert settings.language == "fr"
    assert settings.theme == "saisie-dark"
    assert settings.database.endswith("saisie.db")
    assert settings.smtp is None


def test_relative_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'database = "db/s.db"\ninbox_root = "in"\nlanguage = "en"\n')
    settings = load_settings(str(path))
    assert settings.database == str(tmp_path / "db" / "s.db")
    assert settings.inbox_root == tmp_path / "in"
    assert settings.language == "en"


def test_database_option_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'database = "a.db"\n')
    assert load_settings(str(path), database="postgresql+psycopg://x/y").database == "postgresql+psycopg://x/y"


def test_env_names_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, 'theme = "saisie-light"\n')
    monkeypatch.setenv("SAISIE_CONFIG", str(path))
    assert load_settings().theme == "saisie-light"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('language = "fr"\ncolour = "blue"\n', ":2 : clé « colour » : clé inconnue"),
        ('mouse = "yes"\n', ":1 : clé « mouse » : type attendu : bool"),
        ('language = "de"\n', "clé « language » : valeurs possibles : fr, en"),
        ('[smtp]\nhost = "mail"\nport = "25"\n', ":3 : clé « smtp.port » : type attendu : int"),
        ('[smtp]\nport = 25\n', "clé « smtp.host » : clé obligatoire absente"),
        ('[smtp]\nhost = "m"\nbogus = 1\n', ":3 : clé « smtp.bogus » : clé inconnue"),
        ('[keys]\nopen = 3\n', "clé « keys.open »"),
        ('language = "fr\n', "erreur de syntaxe TOML"),
    ],
)
def test_bad_config_gives_one_clear_line(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(str(path))
    message = str(info.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message


def test_preferences_are_written_back_keeping_other_keys(tmp_path: Path) -> None:
    path = write(tmp_path, 'database = "x.db"\n[smtp]\nhost = "mail.example"\n')
    save_preferences(path, theme="saisie-light", language="en")
    data = tomllib.loads(path.read_text())
    assert data == {"database": "x.db", "smtp": {"host": "mail.example"}, "theme": "saisie-light", "language": "en"}
    assert load_settings(str(path)).theme == "saisie-light"


def test_preferences_create_the_file(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    save_preferences(path, theme="high-contrast")
    assert tomllib.loads(path.read_text()) == {"theme": "high-contrast"}


def test_example_config_is_valid() -> None:
    example = Path(__file__).resolve().parents[2] / "config.example.toml"
    settings = load_settings(str(example))
    assert settings.smtp is not None and settings.smtp.host


def test_a_named_file_that_is_missing_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from books.errors import ConfigError

    with pytest.raises(ConfigError, match="absent.toml"):
        load_settings(str(tmp_path / "absent.toml"))
    monkeypatch.setenv("SAISIE_CONFIG", str(tmp_path / "gone.toml"))
    with pytest.raises(ConfigError, match="gone.toml"):
        load_settings()
