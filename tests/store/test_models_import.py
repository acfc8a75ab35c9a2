"""The models load no database dialect of their own; partial indexes keep their condition."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy.schema import CreateIndex

from store.models import Document, Party, with_partial_indexes


def test_importing_the_models_loads_no_dialect() -> None:
    code = ("import sys, store.models; "
            "print(sorted(m for m in sys.modules if m.startswith('sqlalchemy.dialects.')))")
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True).stdout
    assert "postgresql" not in loaded and "sqlite" not in loaded


@pytest.mark.parametrize("dialect_name", ["sqlite", "postgresql"])
def test_partial_indexes_keep_their_condition(dialect_name: str) -> None:
    import importlib

    dialect = importlib.import_module(f"sqlalchemy.dialects.{dialect_name}").dialect()
    with_partial_indexes(dialect_name)
    for table, name, condition in ((Party, "uq_party_code", "WHERE deleted_at IS NULL"),
                                   (Document, "uq_document_content", "WHERE status != 'duplicate'")):
        index = next(i for i in table.__table__.indexes if i.name == name)  # type: ignore[attr-defined]
        assert str(CreateIndex(index).compile(dialect=dialect)).endswith(condition)
