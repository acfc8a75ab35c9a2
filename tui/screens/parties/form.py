"""Add or edit a party: one form, also used by the record's "Identité" section."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from books.i18n import t
from books.payment_methods import PAYMENT_METHODS
from tui.screens.unsaved import UnsavedGuard
from tui.widgets.conflict import SavedState
from tui.widgets.form import FormFields, FormRow, QuietFocus, show_refusal
from tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from books.context import Workspace
    from store.models import Party

FIELDS = ("code", "name", "siren", "siret", "vat_id", "iban", "bic", "email", "phone", "address",
          "postcode", "city", "country", "payment_terms_days", "payment_method", "account", "comments")
"""The party fields of the form, in order (groups come last)."""
IDENTITY = ("code", "name", "siren", "siret", "vat_id")
"""Read-only when editing in a dossier connected to an accounting software."""


def split_groups(text: str) -> list[str]:
    """``"Export, Grands comptes"`` → ``["Export", "Grands comptes"]``."""
    return [g.strip() for g in text.split(",") if g.strip()]


def field_label(name: str) -> str:
    """A field's label as a message names it (without the form's "required" star)."""
    return t(f"form.{name}").removesuffix(" *")


def form_text(value: Any) -> str:
    """A stored value as the form shows it."""
    return "" if value is None else str(value)


class PartyFormScreen(QuietFocus, UnsavedGuard, ModalScreen[int | None]):
    """The party form: returns the party's id once saved, None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "key.list_form_save", id="list_form_save", priority=True),
        Binding("escape", "cancel", "key.list_form_cancel", id="list_form_cancel"),
    ]

    def __init__(self, slug: str, kind: str, party_id: int | None = None,
                 prefill: dict[str, str] | None = None) -> None:
        """``prefill``: a new party's fields as read on a document (the inbox's "add")."""
        super().__init__()
        self.slug = slug
        self.kind = kind
        self.party_id = party_id
        self.prefill = dict(prefill or {})
        self.saved = SavedState()
        """The party's fields as filled and its version: a save sends only the edits."""
        self.groups: list[str] = []
        self.locked: str | None = None
        """Why the identity fields are read-only (connected dossier), if they are."""

    @property
    def ws(self) -> Workspace:
        """The acting user's workspace."""
        return self.app.workspace  # type: ignore[attr-defined, no-any-return]

    def compose(self) -> ComposeResult:
        title = "form.title_edit" if self.party_id else f"form.title_add.{self.kind}"
        with Vertical(classes="dialog wide tall", id="party-form"):
            yield Static(t(title), classes="dialog-title")
            yield Static(id="form-error", classes="error")
            with FormFields(id="form-fields"):
                for name in (*FIELDS, "groups"):
                    yield FormRow(t(f"form.{name}"), Input(id=f"f-{name}"))
            yield Static(id="form-note", classes="hint")
            yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#f-code", Input).focus()
        self._read()

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def _read(self) -> None:
        """Read the dossier's groups, the connection, and the party being edited."""
        from books.dossiers.service import get_dossier
        from books.parties.changes import (
            connected_refusal,
            dossier_groups,
            get_party_by_id,
            party_groups,
        )

        known = dossier_groups(self.ws, self.slug)
        locked = connected_refusal(get_dossier(self.ws, self.slug))
        values: dict[str, str] = {}
        groups: list[str] = []
        version = None
        if self.party_id is not None:
            party = get_party_by_id(self.ws, self.party_id)
            values = {f: form_text(getattr(party, f)) for f in FIELDS}
            groups, version = party_groups(self.ws, self.party_id), party.version
        self.app.call_from_thread(self._fill, values, groups, version, known, locked)

    def _fill(self, values: dict[str, str], groups: list[str], version: int | None,
              known: list[str], locked: str | None) -> None:
        from textual.suggester import SuggestFromList

        self.groups = groups
        if self.party_id is not None:
            self.saved.fill(self, {**values, "groups": ", ".join(groups)}, version)
        field = self.query_one("#f-groups", Input)
        field.suggester = SuggestFromList(known, case_sensitive=False)
        self.query_one("#f-payment_method", Input).suggester = SuggestFromList(
            PAYMENT_METHODS, case_sensitive=False)
        note = t("form.groups_known", names=", ".join(known) or "—")
        if self.party_id is not None and locked:
            self.locked = locked
            for name in IDENTITY:
                self.query_one(f"#f-{name}", Input).disabled = True
            self.query_one("#f-siren", Input).blur()
            self.query_one("#f-iban", Input).focus()
            note = f"{locked}\n{note}"
        self.query_one("#form-note", Static).update(note)
        for name, value in self.prefill.items():
            if name in FIELDS and self.party_id is None:
                self.query_one(f"#f-{name}", Input).value = value
        self.remember_values()  # filled from the party: nothing typed yet

    def values(self) -> dict[str, str]:
        """What the form holds (the identity fields left out when read-only)."""
        return {f: self.query_one(f"#f-{f}", Input).value for f in FIELDS
                if not (self.locked and f in IDENTITY)}

    def action_save(self) -> None:
        """Check with the services and save; a refusal shows next to the form."""
        self.query_one("#form-error", Static).update("")
        groups = split_groups(self.query_one("#f-groups", Input).value)
        if self.party_id is None:
            self._save(self.values(), groups)
            return
        edits = self.saved.edits(self)  # only what the person changed, never stale values
        self._save({f: v for f, v in edits.items() if f in self.values()}, groups)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save(self, values: dict[str, str], groups: list[str]) -> None:
        from books.errors import Conflict, SaisieError
        from books.parties.changes import party_groups

        try:
            party_id = self._write(values, groups)
        except Conflict as exc:
            fresh = None if exc.current is None else party_groups(self.ws, self.party_id or 0)
            self.app.call_from_thread(self._reconcile, exc.current, fresh)
            return
        except SaisieError as exc:
            self.app.call_from_thread(show_refusal, self, exc, self.query_one("#form-error", Static))
            return
        self.app.call_from_thread(self.dismiss, party_id)

    def _write(self, values: dict[str, str], groups: list[str]) -> int:
        from books.parties.changes import add_party, change_group, update_party
        from books.parties.listing import Selection

        if self.party_id is None:
            party = add_party(self.ws, self.slug, self.kind, values, groups)
            assert party.id is not None
            return party.id
        assert self.saved.version is not None
        if values:
            update_party(self.ws, self.party_id, values, self.saved.version)
        chosen = Selection(ids=frozenset({self.party_id}))
        for name in sorted(set(groups) - set(self.groups)):
            change_group(self.ws, self.slug, chosen, name, True)
        for name in sorted(set(self.groups) - set(groups)):
            change_group(self.ws, self.slug, chosen, name, False)
        return self.party_id

    def _refused(self, message: str) -> None:
        """Show why the save was refused (the person's values stay as typed)."""
        self.query_one("#form-error", Static).update(message)

    def _reconcile(self, party: Party | None, groups: list[str] | None) -> None:
        """Someone saved the party first: show its values merged with the person's edits."""
        if party is None or groups is None:
            self._refused(t("conflict.deleted"))
            return
        theirs = {**{f: form_text(getattr(party, f)) for f in FIELDS}, "groups": ", ".join(groups)}
        _merge, message = self.saved.reconcile(self, theirs, party.version, field_label)
        self.groups = groups
        self._refused(message)

    def action_cancel(self) -> None:
        """Close without saving (asks first when something was typed)."""
        self.leave(None)

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()
