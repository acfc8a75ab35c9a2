"""What an import did: counts and rejections (also what ``--json`` prints)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ImportResult:
    """The summary of an import (also what ``--json`` prints)."""

    file: str
    encoding: str
    delimiter: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    groups_created: int = 0
    dry_run: bool = False
    mapping: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return asdict(self)
