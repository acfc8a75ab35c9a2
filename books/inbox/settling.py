"""Steps 4–8 of the pipeline: direction, party, fields, checks, and the document waits
in review (:class:`Settling`, mixed into :class:`~books.inbox.pipeline.Pipeline`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from books.inbox.analysis import DossierIdentity, analyse
from books.inbox.records import Settled, Twins, advance, audit_in, now

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from books.context import Workspace
    from books.inbox.records import Event
    from store.inbox import DocumentRow

MATCH_FRESHNESS_S = 1.0
"""A batch sees changes to the party lists at most this late (its own commits would
otherwise make it look for changes after every document)."""


class Settling:
    """What a read document is for its dossier, and its move to review."""

    ws: Workspace
    today: Callable[[], date]
    on_event: Event
    _dossier_by_id: Callable[[int | None], DossierIdentity | None]
    """The pipeline's (cached) dossier lookup."""
    _lists_seen: set[tuple[int, str]]
    """Party lists whose changes were looked for in the current pass (once is enough)."""

    def _analyse(self, document: DocumentRow, hint: str | None) -> None:
        """Steps 4–8: direction, party, fields, checks; routing for the firm's folder."""
        settled = self._analysis(document, hint)
        with self.ws.transaction() as session:
            done = self._settle_in(session, document, settled)
        if done:
            self._auto_publish([(document.id, settled)])
            self.on_event("document", {"document": document.id, "status": settled.status})

    def _auto_publish(self, done: list[tuple[int, Settled]]) -> None:
        """Publish, through the review's publish, what the rules said to (issue 18): an
        admin's rule, so also where only team leads and admins publish."""
        from books.inbox.review import publish
        from books.rules.service import wants_publishing

        ready = [i for i, s in done if s.status == "review" and wants_publishing(s.fields)]
        if ready:
            publish(self.ws, ready, by_rule=True)

    def _analysis(self, document: DocumentRow, hint: str | None) -> Settled:
        """What steps 4–7 conclude for a read document (reads only)."""
        from books.inbox.routing import route
        from books.rules.service import fill_new

        dossier = self._dossier_by_id(document.dossier_id)
        if dossier is None:
            dossier = route(self.ws, document.extracted)
            if dossier is None:
                return Settled(None, "review", ["unassigned"])
        manual = {k: v for k, v in (document.fields or {}).items() if v.get("source") == "manual"}
        if hint is None and document.direction in ("purchase", "sale"):
            hint = document.direction
        found = analyse(document.extracted, dossier, hint, self.today(), now())
        if "direction" in manual:  # a person said which: it wins over what was read
            found.direction = manual["direction"]["value"]
            found.flags = [f for f in found.flags if f != "direction_unknown"]
            side = "seller" if found.direction == "purchase" else "buyer"
            found.counterpart = dict((document.extracted or {}).get(side) or {})
        party_id, detected, match_field = self._match(dossier, found.direction, found.counterpart)
        if match_field is not None:
            found.fields["party"] = match_field
        found.fields.update(manual)  # a person's edits survive everything re-worked
        found.fields = fill_new(self.ws, dossier, document.extracted, party_id, found.direction,
                                found.fields, found.flags, document.submitted_by,
                                document.imported_at, self.today(),
                                first=not document.fields)  # rules (issue 18)
        if party_id is None and found.direction != "unknown":
            found.flags.insert(0, "party_unknown")
        return Settled(dossier, "review", found.flags, found.direction, party_id, detected,
                       found.fields)

    def _match(self, dossier: DossierIdentity, direction: str,
               side: dict[str, Any]) -> tuple[int | None, str | None, dict[str, Any] | None]:
        from books.matching.matcher import Query, match
        from books.matching.service import list_index

        name = side.get("name") or None
        if direction == "unknown" or not (name or side.get("vat_id") or side.get("legal_id")):
            return None, name, None
        legal = "".join(ch for ch in side.get("legal_id") or "" if ch.isdigit())
        query = Query(name=name or "", siren=legal[:9] if len(legal) == 9 else None,
                      siret=legal if len(legal) == 14 else None, vat=side.get("vat_id"))
        kind = "supplier" if direction == "purchase" else "customer"
        fresh = (dossier.id, kind) in self._lists_seen  # looked at once already in this pass
        self._lists_seen.add((dossier.id, kind))
        index = list_index(self.ws, dossier.id, kind, max_age_s=MATCH_FRESHNESS_S if fresh else 0.0)
        result = match(index, query)
        best = result.party
        provenance = {
            "value": best.code if best else None, "source": "match", "rule": result.decision,
            "reason": result.reason, "by": None, "at": now().isoformat(),
            "candidates": [{"code": c.code, "name": c.name, "score": round(c.score, 3)}
                           for c in result.candidates[:3]],
        }
        party_id = best.party_id if best and result.decision == "auto" else None
        return party_id, name, provenance

    def _settle_in(self, session: Any, document: DocumentRow, settled: Settled,
                   audited: bool = True) -> bool:
        """Step 8 in the caller's transaction: the checks that need the dossier's other
        documents, then the document waits in review. False if another worker did it."""
        from store.inbox import direct_duplicates, original_with_hash, same_invoice

        dossier, original, twin = settled.dossier, None, None
        detected = _detected(settled)
        if dossier is not None:
            original = None if document.dossier_id is not None else original_with_hash(
                session=session, dossier_id=dossier.id, sha256=document.file_hash,
                other_than=document.id)  # checked when stored, unless routed just now
            if original is None and document.number:
                twin = same_invoice(
                    session=session, dossier_id=dossier.id, document_id=document.id,
                    number=document.number, issue_date=document.issue_date,
                    gross=document.gross, party_id=settled.party_id, detected=detected)
        values = _conclusion(settled, original, twin)
        if not advance(session, document.id, "read", values):
            return False
        self._settled_in(session, values)
        direct_duplicates(session=session, original_ids=[document.id])
        if audited:
            audit_in(session, self.ws.user.login, dossier.id if dossier else None,
                      [(document.original_name, values["status"], values["flags"])])
        return True

    def _settle_batch(self, session: Any, settled: list[tuple[DocumentRow, Settled]]
                      ) -> list[tuple[DocumentRow, Settled]]:
        """:meth:`_settle_in` for a batch (without audit: the caller writes one event a
        dossier): the same-invoice check on rows read once, one statement per set of
        columns. Documents routed from the firm's folder just now go one by one after
        the others (their content may be a dossier's already, or another of the batch's)."""
        from store.inbox import advance_many, direct_duplicates, numbered_documents

        placed = [(d, s) for d, s in settled if d.dossier_id is not None and s.dossier is not None]
        twins = Twins(numbered_documents(
            session=session, dossier_ids={s.dossier.id for _d, s in placed if s.dossier},
            numbers={d.number for d, _s in placed if d.number}))
        changes = []
        for document, result in placed:
            assert result.dossier is not None
            twin = (twins.find(document, result.dossier.id, result.party_id, _detected(result))
                    if document.number else None)
            values = _conclusion(result, None, twin)
            twins.settle(document, values)
            changes.append((document, result, values))
        moved = advance_many(session=session, expected="read",
                             changes=[(d.id, values) for d, _s, values in changes])
        done = []
        for document, result, values in changes:
            if document.id in moved:
                self._settled_in(session, values)
                done.append((document, result))
        direct_duplicates(session=session, original_ids=moved)
        placed_ids = {d.id for d, _s in placed}
        done += [(d, s) for d, s in settled
                 if d.id not in placed_ids and self._settle_in(session, d, s, audited=False)]
        return done

    def _settled_in(self, session: Any, values: dict[str, Any]) -> None:
        """What follows a document's move to review in the same transaction."""
        if values["status"] == "review" and values.get("fields"):
            from books.rules.service import record_firing

            record_firing(session, values["fields"])  # the rules' health (issue 18)


def _detected(settled: Settled) -> str | None:
    return (settled.detected or "")[:200] or None


def _conclusion(settled: Settled, original: int | None, twin: int | None) -> dict[str, Any]:
    """The columns step 8 writes: flags, party, dossier, state; ``original`` the dossier's
    document with the same content (routed from the firm's folder), ``twin`` the same
    invoice already in the dossier."""
    dossier, status, fields = settled.dossier, settled.status, settled.fields
    values: dict[str, Any] = {"flags": list(settled.flags), "party_id": settled.party_id,
                              "party_name_detected": _detected(settled)}
    if dossier is not None:
        values["dossier_id"] = dossier.id
        if original is not None:  # the firm's folder brought content the dossier has
            status, values["duplicate_of"] = "duplicate", original
        elif twin is not None:
            values["flags"].append("possible_duplicate")
            fields = {**(fields or {}), "possible_duplicate_of": {
                "value": twin, "source": "check", "rule": None, "by": None,
                "at": now().isoformat()}}
    if settled.direction is not None:
        values["direction"] = settled.direction
    if fields is not None:
        values["fields"] = fields
    values["status"] = status
    return values
