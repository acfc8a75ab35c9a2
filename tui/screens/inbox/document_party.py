"""The document view's party: when unknown, three ways out (add it from what was read,
pick it from the list, type its code); confirming teaches the printed name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from books.i18n import t

if TYPE_CHECKING:
    from books.context import Workspace
    from books.inbox.bulk import Undo
    from books.inbox.view import DocumentView


class PartyActions:
    """Mixed into :class:`~tui.screens.inbox.document.DocumentScreen`."""

    view: DocumentView | None
    ws: Workspace
    _last_undo: tuple[Undo, str] | None

    def _party_refusal(self) -> str | None:
        view = self.view
        if view is None:
            return ""
        if view.party.kind is None or view.document.dossier_slug is None:
            return t("view.party.needs_direction")
        return None

    def action_pick_party(self) -> None:
        """Choose the party in the list (the matcher's candidates first)."""
        from tui.screens.inbox.party_pick import PartyPickScreen

        refused = self._party_refusal()
        if refused is not None or self.view is None:
            self.notify(refused or "", severity="warning")
            return
        row, party = self.view.document, self.view.party
        assert row.dossier_slug is not None and party.kind is not None
        self.app.push_screen(PartyPickScreen(row.dossier_slug, party.kind, party.candidates,
                                             party.detected or "", hold_below=True),
                             self._assign)

    def action_type_party(self) -> None:
        """Type the party's code."""
        from tui.screens.ask import AskScreen

        refused = self._party_refusal()
        if refused is not None or self.view is None:
            self.notify(refused or "", severity="warning")
            return
        party = self.view.party
        kind = t(f"view.kind.{party.kind}")
        self.app.push_screen(AskScreen(t("view.party.type_code"),
                                       hint=t("view.party.type_hint", kind=kind),
                                       suggestions=[code for code, _ in party.candidates]),
                             self._assign)

    def action_add_party(self) -> None:
        """Add the party read on the document: the party form, filled with what was read."""
        from tui.screens.parties.form import PartyFormScreen

        refused = self._party_refusal()
        if refused is not None or self.view is None:
            self.notify(refused or "", severity="warning")
            return
        row, party = self.view.document, self.view.party
        assert row.dossier_slug is not None and party.kind is not None
        self._prefill_form(row.dossier_slug, party.kind, dict(party.prefill), PartyFormScreen)

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def _prefill_form(self, slug: str, kind: str, values: dict[str, str], form: Any) -> None:
        from books.inbox.view import suggest_code

        values.setdefault("code", suggest_code(self.ws, slug, kind))

        def open_form() -> None:
            self.app.push_screen(form(slug, kind, prefill=values), self._party_added)

        self.app.call_from_thread(open_form)

    def _party_added(self, party_id: int | None) -> None:
        if party_id is None:
            return
        from books.parties.changes import get_party_by_id

        self._run("code", lambda: get_party_by_id(self.ws, party_id).code, self._assign,
                  hold_keys=True)  # a ⏎ right after ^s validates with the new party

    def _assign(self, code: str | None) -> None:
        """Give the document this party; the matching service learns the printed name
        (``u`` undoes both)."""
        from books.inbox.bulk import undo_of
        from books.inbox.review import assign_and_learn

        if not code or self.view is None:
            return
        document = self.view.document
        detected = document.party_name_detected
        self._run("assign", lambda: assign_and_learn(self.ws, document.id, code=code.strip()),
                  lambda done: self._assigned(done.document.party_code or code, detected,
                                              undo_of("assign", document, done.alias_id),
                                              document.number or document.original_name),
                  hold_keys=True)

    def _assigned(self, code: str, detected: str | None, undo: Undo, name: str) -> None:
        self._last_undo = (undo, name)
        self._forget_current()
        self.notify(t("view.party.assigned", code=code, name=detected) if detected
                    else t("view.party.assigned_plain", code=code))
        self.load()

    def action_party_rule(self) -> None:
        """Make or change the party's rule from this document's values (admins; others
        are told why)."""
        from books.access.permissions import refusal

        view = self.view
        if view is None or not view.party.known or view.document.party_id is None:
            self.notify(t("view.rule.party_first"), severity="warning")  # type: ignore[attr-defined]
            return
        refused = refusal(self.ws.user, "rule.edit")
        if refused:
            self.notify(refused, severity="warning")  # type: ignore[attr-defined]
            return
        self._open_rule(view)

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def _open_rule(self, view: DocumentView) -> None:
        from books.parties.changes import get_party_by_id
        from books.rules.service import party_rule, values_from_document
        from tui.screens.rules.editor import EditTarget, RuleEditor

        row = view.document
        assert row.party_id is not None and row.dossier_slug is not None
        party = get_party_by_id(self.ws, row.party_id)
        target = EditTarget(row.dossier_slug, party.kind, party_rule(self.ws, party), [row.party_id],
                            title=t("view.rule.title", code=party.code, name=party.name),
                            prefill=values_from_document(row.fields or {}), document_id=row.id)

        def open_editor() -> None:
            self.app.push_screen(RuleEditor(target), self._rule_saved)  # type: ignore[attr-defined]

        self.app.call_from_thread(open_editor)  # type: ignore[attr-defined]

    def _rule_saved(self, saved: bool | None) -> None:
        if saved:
            self._forget_current()  # type: ignore[attr-defined]
            self.load()  # type: ignore[attr-defined]
