"""The import services the command line and the import screen call.

``open_file`` reads and proposes, ``check_import`` previews without writing,
``run_import`` writes in one transaction; ``import_file`` chains them for scripts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from books.errors import InvalidInput
from books.exchange import mapping as mappings
from books.exchange.collector import collector_paused as _gc_paused
from books.exchange.errors import ImportRefused
from books.exchange.plan import Plan, current_columns, make_plan, write_plan
from books.exchange.reading import Source, Table, ensure_unchanged, load_source, parse
from books.exchange.result import ImportResult
from books.exchange.review import Review, review
from books.exchange.rows import Checked, Progress, check_rows
from books.i18n import t

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace


@dataclass
class Prepared:
    """A file read for a list, with the mapping proposed (or remembered) for it."""

    slug: str
    kind: str
    dossier_id: int
    source: Source
    table: Table
    mapping: dict[str, str]
    remembered: bool
    """Whether the mapping is one saved by an earlier import of the same columns."""


@dataclass
class Preview:
    """What an import would do: counts and rejections, and the rows behind them."""

    checked: Checked
    created: int
    updated: int
    unchanged: int
    review: Review = field(default_factory=Review)
    """The first rows to create and to update, with the fields that change."""

    @property
    def rejected(self) -> list[dict[str, Any]]:
        """Rejections as ``{"line", "reason"}``."""
        return [{"line": r.line, "reason": r.reason} for r in self.checked.rejected]


def _import_dossier(ws: Workspace, slug: str) -> int:
    """The dossier's id, once the user may edit its lists and the lists are not synced."""
    from books.access.permissions import require
    from books.dossiers.service import get_dossier

    require(ws.user, "party.edit")
    dossier = get_dossier(ws, slug)
    if dossier.accounting_software:
        raise InvalidInput(t("import.connected", dossier=dossier.name,
                             software=dossier.accounting_software))
    assert dossier.id is not None
    return dossier.id


def open_file(
    ws: Workspace, slug: str, kind: str, path: str | Path, *,
    encoding: str | None = None, delimiter: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> Prepared:
    """Read a file for a list and propose its mapping (the remembered one when known).

    Raises:
        InvalidInput: the file cannot be imported (named, with why); a connected dossier.
        PermissionDenied: the user may not edit lists.
    """
    dossier_id = _import_dossier(ws, slug)
    source = load_source(path)
    with _gc_paused():
        table = parse(source, encoding, delimiter)
    prepared = Prepared(slug, kind, dossier_id, source, table, {}, False)
    return with_mapping(ws, prepared, mapping)


def with_mapping(ws: Workspace, prepared: Prepared,
                 mapping: Mapping[str, str] | None = None) -> Prepared:
    """``prepared`` with the given mapping fitted to its header, or the remembered/proposed one."""
    from store.parties import imports as party_import

    header = prepared.table.header
    if mapping is not None:
        return replace(prepared, mapping=mappings.fit(mapping, header), remembered=False)
    with ws.read() as session:
        saved = party_import.get_mapping(session=session, dossier_id=prepared.dossier_id,
                                         kind=prepared.kind, signature=mappings.signature(header))
        if saved is not None:
            return replace(prepared, mapping=mappings.fit(saved, header), remembered=True)
        keys = party_import.custom_field_keys(session=session, dossier_id=prepared.dossier_id,
                                              kind=prepared.kind)
    return replace(prepared, mapping=mappings.propose(header, keys), remembered=False)


def reread(ws: Workspace, prepared: Prepared, encoding: str, delimiter: str) -> Prepared:
    """The same bytes read again with another encoding or delimiter (the person's choice)."""
    with _gc_paused():
        table = parse(prepared.source, encoding, delimiter)
    again = replace(prepared, table=table)
    if table.header == prepared.table.header:
        return again
    return with_mapping(ws, again)


def _plan(session: Session, prepared: Prepared, checked: Checked) -> Plan:
    return _plan_and_current(session, prepared, checked)[0]


def _plan_and_current(session: Session, prepared: Prepared, checked: Checked) -> tuple[Plan, Any]:
    from store.parties import imports as party_import

    # Custom fields are read only when the file brings some: otherwise a re-import
    # neither compares nor writes them (one column of JSON less for 100,000 parties).
    current = party_import.current_table(
        session=session, dossier_id=prepared.dossier_id, kind=prepared.kind,
        columns=current_columns(checked), custom=bool(checked.custom),
    )
    groups: dict[int, set[str]] = {}
    if "groups" in prepared.mapping.values():
        groups = party_import.group_names_by_party(session=session, dossier_id=prepared.dossier_id)
    base = {"dossier_id": prepared.dossier_id, "kind": prepared.kind, "source": "csv"}
    return make_plan(checked, current, groups, base), current


def check_import(
    ws: Workspace, prepared: Prepared, mapping: Mapping[str, str], *,
    progress: Progress | None = None, cancel: threading.Event | None = None,
) -> Preview:
    """What importing with ``mapping`` would do, without writing anything.

    Raises:
        InvalidInput: the mapping lacks code or name, or gives a field twice.
        ImportCancelled: ``cancel`` was set.
    """
    mappings.check(mapping)
    prepared = replace(prepared, mapping=dict(mapping))
    with _gc_paused():
        checked = check_rows(prepared.table, mapping, progress, cancel.is_set if cancel else None)
        with ws.read() as session:
            plan, current = _plan_and_current(session, prepared, checked)
    return Preview(checked, plan.created, plan.updated, plan.unchanged, review(plan, current))


def run_import(
    ws: Workspace, prepared: Prepared, mapping: Mapping[str, str], *,
    checked: Checked | None = None, dry_run: bool = False, strict: bool = False,
    progress: Progress | None = None, cancel: threading.Event | None = None,
) -> ImportResult:
    """Import the valid rows in one transaction: all of them, or nothing.

    The list is compared again inside the transaction, so the counts are those
    of the moment of writing. The mapping is remembered for files with the
    same columns, and one audit event records the import.

    Raises:
        ImportRefused: ``strict`` and some rows were rejected.
        ImportCancelled: ``cancel`` was set (nothing written).
        Conflict: someone changed a party meanwhile (nothing written).
    """
    with _gc_paused():
        return _run_import(ws, prepared, mapping, checked, dry_run, strict, progress, cancel)


def _run_import(
    ws: Workspace, prepared: Prepared, mapping: Mapping[str, str], checked: Checked | None,
    dry_run: bool, strict: bool, progress: Progress | None, cancel: threading.Event | None,
) -> ImportResult:
    mappings.check(mapping)
    prepared = replace(prepared, mapping=dict(mapping))
    should_stop = cancel.is_set if cancel else None
    if checked is None:
        checked = check_rows(prepared.table, mapping, progress, should_stop)
    result = ImportResult(file=prepared.source.name, encoding=prepared.table.encoding,
                          delimiter=prepared.table.delimiter, dry_run=dry_run,
                          mapping=dict(mapping))
    with _concurrent_writes(result.file):
        return _write(ws, prepared, checked, result, strict, progress, should_stop)


@contextmanager
def _concurrent_writes(file: str) -> Iterator[None]:
    """Another process's write met during the import, as a message (nothing was written).

    Imports into one list wait for each other (:func:`store.parties.imports.lock_lists`);
    what remains is a wait longer than the database's lock timeout, or a code
    given to a party by another kind of change in the meantime.
    """
    from sqlalchemy.exc import IntegrityError, OperationalError

    from books.errors import Conflict

    try:
        yield
    except IntegrityError:
        raise Conflict(t("safe.import_clash", file=file)) from None
    except OperationalError as exc:
        if not _is_lock_timeout(exc):
            raise
        raise Conflict(t("safe.import_busy", file=file)) from None


def _is_lock_timeout(exc: Exception) -> bool:
    """Whether a database error is a lock waited for too long (SQLite busy, PostgreSQL
    lock or statement timeout)."""
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    text = str(getattr(exc, "orig", exc)).lower()
    return code in ("55P03", "57014", "40P01") or "database is locked" in text or "busy" in text


def _write(ws: Workspace, prepared: Prepared, checked: Checked, result: ImportResult, strict: bool,
           progress: Progress | None, should_stop: Callable[[], bool] | None) -> ImportResult:
    """Compare and write in one transaction, alone among the writers of the dossier's lists."""
    from store import audit
    from store.parties import imports as party_import

    with ws.transaction() as session:
        if not result.dry_run:
            party_import.lock_lists(session=session, dossier_id=prepared.dossier_id)
        plan = _plan(session, prepared, checked)
        _count(result, plan)
        if strict and plan.rejected:
            raise ImportRefused(t("import.strict_refused", file=result.file,
                                  count=len(plan.rejected), first=_first(plan)), result)
        if result.dry_run:
            return result
        result.groups_created = write_plan(session, prepared.dossier_id, plan, progress, should_stop)
        party_import.save_mapping(session=session, dossier_id=prepared.dossier_id,
                                  kind=prepared.kind, mapping=dict(prepared.mapping),
                                  signature=mappings.signature(prepared.table.header))
        audit.add_event(session=session, actor=ws.user.login, dossier_id=prepared.dossier_id,
                        entity="party", action="import", entity_id=prepared.kind,
                        after=_audit(result))
    return result


def _count(result: ImportResult, plan: Plan) -> None:
    result.created, result.updated, result.unchanged = plan.created, plan.updated, plan.unchanged
    result.rejected = [{"line": r.line, "reason": r.reason} for r in plan.rejected]


def _first(plan: Plan) -> str:
    first = plan.rejected[0]
    return t("import.line_reason", line=first.line, reason=first.reason)


def _audit(result: ImportResult) -> dict[str, Any]:
    return {"file": result.file, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "rejected": len(result.rejected),
            "groups_created": result.groups_created, "mapping": result.mapping}


def import_file(
    ws: Workspace, slug: str, kind: str, path: str | Path, *,
    mapping_path: str | Path | None = None, dry_run: bool = False, strict: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Read, map (from ``mapping_path``, remembered, or proposed) and import a file.

    Raises:
        InvalidInput: the file, the mapping or (``strict``) a row is refused.
    """
    mapping, encoding, delimiter = (None, None, None)
    if mapping_path is not None:
        mapping, encoding, delimiter = mappings.load_toml(mapping_path)
    # No collection from reading to writing (see _gc_paused), and the file's cells are
    # freed before collecting resumes, so that none scans them: 0.2 s for 100,000 rows.
    with _gc_paused():
        prepared = open_file(ws, slug, kind, path, encoding=encoding, delimiter=delimiter,
                             mapping=mapping)
        result = run_import(ws, prepared, prepared.mapping, dry_run=dry_run, strict=strict,
                            progress=progress)
        del prepared
    return result


def finish_from_screen(ws: Workspace, prepared: Prepared, mapping: Mapping[str, str],
                       checked: Checked, progress: Progress | None,
                       cancel: threading.Event) -> ImportResult:
    """The screen's import: refuses when the file changed since its preview."""
    ensure_unchanged(prepared.source)
    return run_import(ws, prepared, mapping, checked=checked, progress=progress, cancel=cancel)
