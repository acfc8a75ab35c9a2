"""The inbox folders: which files are waiting, which are still being written, and names.

A dossier's folder is ``<inbox_root>/<slug>/``, its ``achats/`` and ``ventes/``
subfolders saying the direction; the firm's shared folder is
``<inbox_root>/_cabinet/``. Taken files go to ``traités/AAAA-MM/``.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

from books.dossiers.identity import DIRECTION_FOLDERS
from books.inbox.analysis import DossierIdentity

FIRM_FOLDER = "_cabinet"
"""The firm's shared folder under the inbox root (a platform or scanner drops everything there)."""
DONE_FOLDER = "traités"
HINTS = DIRECTION_FOLDERS
"""Subfolders that say the direction when the document does not."""
IGNORED_SUFFIXES = (".part", ".crdownload", ".tmp", ".partial", ".download", ".swp", "~")
STABLE_S = 0.5
"""A file is taken once it has not changed for this long (a copy still running is left)."""


@dataclass(frozen=True, slots=True)
class Found:
    """A file waiting in an inbox folder."""

    path: Path
    folder: Path
    """The inbox folder it belongs to (a dossier's, or the firm's)."""
    dossier: DossierIdentity | None
    hint: str | None
    size: int
    mtime_ns: int


def is_candidate(name: str) -> bool:
    """Whether a file name may be an invoice to take (no hidden, temporary or lock file)."""
    lowered = name.lower()
    return not (name.startswith((".", "~$")) or lowered.endswith(IGNORED_SUFFIXES))


def worker_name() -> str:
    """This process's name on claims: host, process id and a token."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_dead(holder: str | None) -> bool:
    """Whether a claim's worker ran on this machine and is gone."""
    if not holder:
        return True
    host, _sep, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def readable_name(name: str) -> bool:
    """Whether a file name is valid text (no bytes undecodable in the system's encoding)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (2)``… when taken."""
    target = folder / name
    stem, suffix, number = Path(name).stem, Path(name).suffix, 2
    while target.exists():
        target = folder / f"{stem} ({number}){suffix}"
        number += 1
    return target
