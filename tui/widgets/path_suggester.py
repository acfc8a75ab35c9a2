"""Completing a file path as it is typed (the suggestion shows greyed; → takes it)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from textual.suggester import Suggester

MAX_ENTRIES = 2000
"""Entries of a folder looked at for one suggestion (a huge folder is not listed whole)."""


class PathSuggester(Suggester):
    """Suggests the first entry of the folder typed so far whose name starts with
    the last part typed: folders (ending with ``/``) and files with one of ``suffixes``.

    ``~`` is understood; hidden entries are suggested only once a ``.`` is typed.
    """

    def __init__(self, suffixes: tuple[str, ...]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.suffixes = tuple(suffix.lower() for suffix in suffixes)

    async def get_suggestion(self, value: str) -> str | None:
        # In a thread: a folder on a slow or network disk never stalls the screen.
        return await asyncio.to_thread(suggest_path, value, self.suffixes)


def suggest_path(value: str, suffixes: tuple[str, ...]) -> str | None:
    """``value`` completed to an entry of its folder, or None."""
    if not value:
        return None
    typed = Path(value).expanduser()
    folder, stem = (typed, "") if value.endswith(os.sep) else (typed.parent, typed.name)
    try:
        with os.scandir(folder) as entries:
            found = []
            for count, entry in enumerate(entries):
                if count >= MAX_ENTRIES:
                    break
                found.append(entry)
    except OSError:
        return None
    for entry in sorted(found, key=lambda e: e.name.casefold()):
        name = entry.name
        if not name.startswith(stem) or name == stem or (name.startswith(".") and not stem.startswith(".")):
            continue
        try:
            if entry.is_dir():
                return value + name[len(stem):] + os.sep
        except OSError:
            continue
        if name.lower().endswith(suffixes):
            return value + name[len(stem):]
    return None
