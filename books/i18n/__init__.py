"""The one catalog of user-visible strings, French by default, English on request.

Strings live in per-area modules (``core``, ``extract``, …) as
``{"key": ("français", "English")}``; this module merges them into one
catalog and looks them up with :func:`t`. Code, logs and docs stay English;
everything a person reads on screen or on the command line goes through here.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

LANGUAGES = ("fr", "en")
"""Supported interface languages, the first is the default."""

_AREAS = ("core", "ui", "extract", "parties", "parties_ui", "record", "importer")
"""The areas every catalog has; any other module of this package holding ``STRINGS`` joins them."""
_language = "fr"
_catalog: dict[str, tuple[str, str]] | None = None


def _areas() -> list[str]:
    """The catalog's modules: the known areas first, then any other one of this package."""
    import pkgutil

    found = sorted(info.name for info in pkgutil.iter_modules(__path__)
                   if info.name not in _AREAS and not info.name.startswith("_"))
    return [*_AREAS, *found]


def _load() -> dict[str, tuple[str, str]]:
    global _catalog
    if _catalog is None:
        merged: dict[str, tuple[str, str]] = {}
        for area in _areas():
            module = importlib.import_module(f"books.i18n.{area}")
            strings: Mapping[str, tuple[str, str]] = module.STRINGS
            clash = merged.keys() & strings.keys()
            if clash:
                raise RuntimeError(f"catalog keys defined twice: {sorted(clash)}")
            merged.update(strings)
        _catalog = merged
    return _catalog


def set_language(language: str) -> None:
    """Switch the interface language (``fr`` or ``en``)."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(language)
    _language = language


def get_language() -> str:
    """The current interface language."""
    return _language


def t(key: str, /, **values: object) -> str:
    """The string for ``key`` in the current language, formatted with ``values``.

    An unknown key raises ``KeyError``: a missing string is a bug that the
    catalog test catches, never a silent fallback on screen.
    """
    french, english = _load()[key]
    text = english if _language == "en" else french
    if not values:
        return text
    return text.format(**{name: _grouped(value) if name in COUNTED else value
                          for name, value in values.items()})


COUNTED = frozenset({"count", "created", "updated", "unchanged", "rejected", "rows", "groups",
                     "total", "customers", "suppliers"})
"""Values that are counts wherever the catalog names them: their thousands are grouped."""


def _grouped(value: object) -> object:
    """A count with its thousands grouped as the language writes them (2 528 / 2,528)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 1000:
        return number(value)
    return value


def number(value: int) -> str:
    """A whole number with its thousands grouped as the language writes them
    (``100 000`` with a narrow no-break space in French, ``100,000`` in English)."""
    return f"{value:,}".replace(",", "\u202f" if _language == "fr" else ",")


def known(key: str) -> bool:
    """Whether the catalog has ``key``."""
    return key in _load()


def maybe(text: str) -> str:
    """``text`` translated when it is a catalog key, else as is (third-party labels)."""
    catalog = _load()
    return t(text) if text in catalog else text


def keys() -> set[str]:
    """Every key of the catalog (for tests)."""
    return set(_load())


def reason_in_words(text: str, known_reasons: tuple[tuple[str, str], ...], otherwise: str) -> str:
    """A library's English reason in the user's language: the catalog key of the first
    fragment ``text`` holds, else ``otherwise``'s."""
    for fragment, key in known_reasons:
        if fragment in text:
            return t(key)
    return t(otherwise)


_OS_REASONS = {"ENOENT": "os.not_found", "EACCES": "os.denied", "EPERM": "os.denied",
               "EISDIR": "os.is_folder", "ENOTDIR": "os.not_folder", "ENOSPC": "os.disk_full",
               "EROFS": "os.read_only", "ENAMETOOLONG": "os.name_too_long", "EEXIST": "os.exists"}


def os_reason(error: OSError) -> str:
    """Why the system refused a file, in the user's language (the C library's own
    text is English): ``fichier introuvable``, ``accès refusé``…"""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    key = _OS_REASONS.get(name)
    if key is not None:
        return t(key)
    return error.strerror or str(error)
