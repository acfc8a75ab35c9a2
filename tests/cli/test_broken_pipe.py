"""``saisie … | head``: when the reader closes the pipe, the command stops quietly (no
"saisie: Broken pipe" line, no traceback from Python's flush at exit)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_a_closed_pipe_stops_the_command_without_a_word(tmp_path: Path) -> None:
    env = {"SAISIE_USER": "alice", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
           "SAISIE_DATABASE": str(tmp_path / "x.db")}
    code = "from tui.cli import main\nmain()"
    setup = subprocess.run([sys.executable, "-c", code, "user", "list"], capture_output=True,
                           text=True, env=env, cwd=Path(__file__).parents[2])
    assert setup.returncode == 0, setup.stderr
    process = subprocess.Popen([sys.executable, "-c", code, "user", "list"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               cwd=Path(__file__).parents[2])
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the command writes its first line
    error = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert error == ""
