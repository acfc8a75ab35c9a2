"""Opening a stored original with the system's viewer, when the app runs on the
person's own machine (over SSH the viewer would open on the server)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from books.i18n import os_reason, t


def open_original(path: Path, env: Mapping[str, str]) -> str | None:
    """Open ``path`` with the system viewer; the reason in words when it is refused."""
    if any(env.get(name) for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")):
        return t("view.open.remote")
    if sys.platform == "darwin":
        command = "open"
    else:
        if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
            return t("view.open.no_display")
        command = "xdg-open"
    program = shutil.which(command)
    if program is None:
        return t("view.open.no_viewer", command=command)
    if not path.is_file():
        return t("view.original.missing", path=path.name)
    try:
        subprocess.Popen([program, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        return t("view.open.no_viewer", command=f"{command}: {os_reason(exc)}")
    return None
