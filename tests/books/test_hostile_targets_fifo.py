"""Saving a mapping onto a named pipe is refused at once (writing would block for ever)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from books.errors import InvalidInput
from books.exchange.mapping import save_toml


def test_a_mapping_is_not_written_into_a_named_pipe_or_a_folder(tmp_path: Path) -> None:
    pipe = tmp_path / "m.toml"
    os.mkfifo(pipe)
    outcome: list[BaseException | None] = []

    def save() -> None:
        try:
            save_toml(pipe, {"Nom": "name"})
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcome.append(exc)

    worker = threading.Thread(target=save, daemon=True)
    worker.start()
    worker.join(5)
    assert outcome, "save_toml blocked on a named pipe"
    assert isinstance(outcome[0], InvalidInput)
    with pytest.raises(InvalidInput):
        save_toml(tmp_path, {"Nom": "name"})
    save_toml(tmp_path / "ok.toml", {"Nom": "name"})
    assert "Nom" in (tmp_path / "ok.toml").read_text()
