"""Files an import or export will write, checked before any work is done.

A mapping saved after an import (``--save-mapping``) used to fail only once the
import had committed: the place is tried first, so a missing folder, a read-only
place or a folder in the way stops everything with one message, and nothing is
imported.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from books.errors import InvalidInput
from books.i18n import os_reason, t


def ensure_writable(path: str | os.PathLike[str]) -> Path:
    """Check that a regular file can be written at ``path`` (tried, then left as it was).

    An existing file is opened for appending (nothing written); a new one is
    created and removed again.

    Returns:
        The path, with ``~`` expanded.

    Raises:
        InvalidInput: naming the file and why it cannot be written.
    """
    file = Path(path).expanduser()
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _refused(file, os_reason(exc)) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise _refused(file, t("safe.is_folder"))
    if mode is not None and not stat.S_ISREG(mode):
        raise InvalidInput(t("safe.not_regular", file=str(file)))
    if mode is None and not file.parent.is_dir():
        raise _refused(file, t("safe.no_folder", folder=str(file.parent)))
    flags = (os.O_WRONLY | getattr(os, "O_NONBLOCK", 0)
             | (os.O_APPEND if mode is not None else os.O_CREAT | os.O_EXCL))
    try:
        os.close(os.open(file, flags, 0o644))
    except OSError as exc:
        raise _refused(file, os_reason(exc)) from None
    if mode is None:
        file.unlink(missing_ok=True)
    return file


def _refused(file: Path, reason: str) -> InvalidInput:
    return InvalidInput(t("safe.save_target", file=str(file), reason=reason))
