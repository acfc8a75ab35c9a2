"""What several benchmarks share: a demo database made once per folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAISIE = str(Path(sys.executable).with_name("saisie"))
"""The ``saisie`` command of this environment."""


def demo_config(folder: Path) -> Path:
    """The config of a demo database in ``folder``, filled (idempotently) by ``saisie demo``."""
    config = folder / "config.toml"
    if not config.exists():
        folder.mkdir(parents=True, exist_ok=True)
        config.write_text('database = "saisie.db"\ninbox_root = "inbox"\narchive_root = "archive"\n')
    subprocess.run([SAISIE, "--config", str(config), "demo", "--no-open"], check=True,
                   capture_output=True)
    return config
