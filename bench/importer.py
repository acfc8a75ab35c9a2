"""Party import benchmark: ``python -m bench.importer`` prints JSON figures.

- ``import_new_s``: a 100,000-customer CSV (Windows-1252, ``;``, CRLF, 13 columns
  with SIREN, VAT, IBAN) imported into an empty list, end to end (read, detect,
  check, write, commit);
- ``reimport_10pct_s``: the same file with 10% of the rows changed, imported again;
- ``bare_executemany_s``: a bare ``sqlite3`` executemany of the same rows into a
  plain table, and the ratios of both imports to it (same run, same machine);
- ``party_table_executemany_s``: the rows the import wrote (the columns not NULL
  everywhere, as stored) inserted again by a bare ``sqlite3`` executemany into an
  empty copy of the real ``party`` table with its indexes (same page size), committed: the floor of
  the database's own work for this import (``party_table_without_covering_indexes_s``:
  the same without the two covering list indexes, to see what they cost).

``python -m bench.importer --runs 5`` repeats it and adds the median of each figure.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

ROWS = 100_000
HEADER = ["Code client", "Raison sociale", "SIREN", "N° TVA", "Adresse", "CP", "Ville", "Pays",
          "Email", "Téléphone", "Délai de paiement", "Mode de règlement", "IBAN"]
CITIES = [("75001", "Paris"), ("69002", "Lyon"), ("13001", "Marseille"), ("33000", "Bordeaux"),
          ("59000", "Lille"), ("44000", "Nantes"), ("67000", "Strasbourg"), ("31000", "Toulouse")]


def _iban(number: int) -> str:
    bban = f"30004{number % 100000:05d}{number:011d}"
    key = 97 - int(bban + "00") % 97
    bban += f"{key:02d}"
    check = 98 - int(bban + "152700") % 97
    return f"FR{check:02d}{bban}"


def rows(changed: bool = False) -> list[list[str]]:
    """The file's rows; ``changed`` alters the name of every tenth."""
    from books.identity import french_vat, siren_check_digit

    out = []
    for i in range(ROWS):
        stem = f"{300000000 + i * 7:09d}"[:8]
        siren = stem + siren_check_digit(stem)
        postcode, city = CITIES[i % len(CITIES)]
        name = f"Société {i:06d} SARL" + (" (nouveau nom)" if changed and i % 10 == 0 else "")
        out.append([f"C{i:06d}", name, siren, french_vat(siren), f"{i % 300} rue de la République",
                    postcode, city, "France", f"compta{i}@client{i}.fr", "01 23 45 67 89",
                    "30 jours", "virement", _iban(i) if i % 3 == 0 else ""])
    return out


def write_csv(path: Path, data: list[list[str]]) -> None:
    """As French Excel saves it: Windows-1252, ``;``, CRLF."""
    lines = [";".join(HEADER)] + [";".join(row) for row in data]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def _workspace(folder: Path) -> Any:
    from books.config import Settings
    from books.context import open_workspace
    from books.dossiers.service import DossierDraft, create_dossier

    settings = Settings(config_path=folder / "config.toml", database=str(folder / "saisie.db"),
                        inbox_root=folder / "inbox", archive_root=folder / "archive")
    ws = open_workspace(settings, "bench")
    create_dossier(ws, DossierDraft(name="Bench Import"))
    return ws


def _bare(folder: Path, ws: Any) -> float:
    """A bare sqlite3 executemany of the same rows, in a copy of the table."""
    from books.exchange.reading import load_source, parse

    table = parse(load_source(folder / "new.csv"))
    db = sqlite3.connect(folder / "bare.db")
    columns = ("dossier_id, kind, code, name, siren, vat_id, address, postcode, city, country, "
               "email, phone, payment_terms_days, payment_method, iban")
    db.execute(f"CREATE TABLE party (id INTEGER PRIMARY KEY, {columns}, UNIQUE (dossier_id, kind, code))")
    start = time.perf_counter()
    db.executemany(f"INSERT INTO party ({columns}) VALUES ({', '.join('?' * 15)})",
                   [(1, "customer", *cells) for _line, cells in table.rows])
    db.commit()
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def _party_floor(folder: Path, covering: bool = True) -> float:
    """A bare executemany of the imported rows into an empty copy of the party table
    (without its two covering list indexes when not ``covering``)."""
    source = sqlite3.connect(folder / "saisie.db")
    names = [name for (name,) in source.execute("SELECT name FROM pragma_table_info('party')")
             if name != "id" and source.execute(
                 f"SELECT 1 FROM party WHERE {name} IS NOT NULL LIMIT 1").fetchone()]
    rows = source.execute(f"SELECT {', '.join(names)} FROM party ORDER BY id").fetchall()
    schema = [sql for (sql,) in source.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'party' AND sql IS NOT NULL")]
    (page_size,) = source.execute("PRAGMA page_size").fetchone()
    source.close()
    db = sqlite3.connect(folder / "floor.db", isolation_level=None)
    for pragma in (f"page_size = {page_size}", "journal_mode = WAL", "synchronous = NORMAL",
                   "cache_size = -262144"):
        db.execute(f"PRAGMA {pragma}")
    db.execute("CREATE TABLE dossier (id INTEGER PRIMARY KEY)")
    db.execute("INSERT INTO dossier VALUES (1)")
    for sql in schema:
        if covering or not sql.startswith(("CREATE INDEX ix_party_list", "CREATE INDEX ix_party_code")):
            db.execute(sql)
    db.execute("PRAGMA foreign_keys = ON")
    start = time.perf_counter()
    db.execute("BEGIN")
    db.executemany(f"INSERT INTO party ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                   rows)
    db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    for path in folder.glob("floor.db*"):
        path.unlink()
    return elapsed


def run() -> dict[str, Any]:
    """Build the files and database in a temporary folder, time the imports."""
    from books.exchange.service import import_file

    with tempfile.TemporaryDirectory(prefix="saisie-bench-import-") as name:
        folder = Path(name)
        write_csv(folder / "new.csv", rows())
        write_csv(folder / "changed.csv", rows(changed=True))
        ws = _workspace(folder)
        start = time.perf_counter()
        first = import_file(ws, "bench-import", "customer", folder / "new.csv")
        new_s = time.perf_counter() - start
        start = time.perf_counter()
        second = import_file(ws, "bench-import", "customer", folder / "changed.csv")
        again_s = time.perf_counter() - start
        ws.close()
        bare_s = _bare(folder, ws)
        floor_s = _party_floor(folder)
        uncovered_s = _party_floor(folder, covering=False)
    return {
        "rows": ROWS,
        "import_new_s": round(new_s, 3),
        "created": first.created,
        "reimport_10pct_s": round(again_s, 3),
        "updated": second.updated,
        "unchanged": second.unchanged,
        "bare_executemany_s": round(bare_s, 3),
        "import_new_ratio_to_bare": round(new_s / bare_s, 1),
        "reimport_ratio_to_bare": round(again_s / bare_s, 1),
        "party_table_executemany_s": round(floor_s, 3),
        "party_table_without_covering_indexes_s": round(uncovered_s, 3),
    }


def runs(count: int) -> dict[str, Any]:
    """``count`` runs, each in a fresh folder, and the median of every figure: on a
    shared machine single runs vary by ±20 % (each ratio is taken within its own run)."""
    from statistics import median

    results = [run() for _ in range(count)]
    numbers = [key for key, value in results[0].items() if isinstance(value, float)]
    return {"runs": results,
            "median": {key: round(median(r[key] for r in results), 3) for key in numbers}}


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs, with the median of each figure")
    count = parser.parse_args().runs
    print(json.dumps(run() if count <= 1 else runs(count), indent=2, ensure_ascii=False))
