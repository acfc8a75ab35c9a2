"""``python -m bench``: every benchmark, as one JSON document."""

from __future__ import annotations

import importlib
import json
import sys

SUITES = ("startup", "extract", "parties", "inbox_list", "importer", "commands", "screens", "idle", "fec")


def main(names: list[str]) -> None:
    """Run the named suites (all by default) and print their figures."""
    results = {}
    for name in names or SUITES:
        results[name] = importlib.import_module(f"bench.{name}").run()
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
