"""Gérer: a dossier's settings, access and client contact."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, SelectionList, Static

from books.access.permissions import PUBLISHERS
from books.access.users import list_users
from books.conflicts import explain
from books.dossiers.service import SECTORS, access_logins, edit_dossier, get_dossier, set_access
from books.dossiers.vat import territory_label
from books.errors import Conflict, SaisieError
from books.i18n import t
from books.payment_methods import PAYMENT_METHODS
from tui.screens.unsaved import UnsavedGuard
from tui.widgets.conflict import SavedState
from tui.widgets.form import FormFields, FormRow, QuietFocus, show_refusal
from tui.widgets.keybar import KeyBar
from tui.widgets.territory import TerritoryProposer, territory_select

if TYPE_CHECKING:
    from store.models import Dossier

TEXT_FIELDS = (
    ("name", "settings.name"),
    ("siren", "settings.siren"),
    ("vat_id", "settings.vat"),
    ("postcode", "territory.postcode"),
    ("base_currency", "settings.currency"),
    ("default_due_days", "settings.due_days"),
    ("default_payment_method", "settings.payment_method"),
    ("accounting_software", "settings.accounting_software"),
    ("contact_name", "settings.contact_name"),
    ("contact_email", "settings.contact_email"),
    ("contact_phone", "settings.contact_phone"),
)
"""Editable text fields and their catalog labels, in form order."""


def _suggester(field: str) -> SuggestFromList | None:
    """The payment methods offered as the person types (the one list the service checks)."""
    return SuggestFromList(PAYMENT_METHODS, case_sensitive=False) if field == "default_payment_method" else None


def label(field: str) -> str:
    """A field's label, in the user's language (for the message after a refused save)."""
    return t({**dict(TEXT_FIELDS), "sector": "settings.sector", "access": "settings.access",
              "publishers": "settings.publishers", "vat_territory": "territory.field"}[field])


class DossierSettingsScreen(QuietFocus, UnsavedGuard, ModalScreen[bool]):
    """Edit a dossier; ctrl+s saves, escape leaves without saving."""

    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", id="settings_save"),
        Binding("escape", "close", "key.cancel", id="settings_cancel"),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self.saved = SavedState()
        """The fields as filled and the dossier's version: a save sends only the edits."""
        self.access_base: set[str] = set()
        """The logins ticked when the form was filled (or after a refused save)."""
        self.proposer = TerritoryProposer()
        """Proposes the VAT territory from the postal code typed."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Static(id="settings-title", classes="dialog-title")
            with FormFields(id="settings-form"):
                for key, label in TEXT_FIELDS[:1]:
                    yield FormRow(t(label), Input(id=f"f-{key}"))
                yield FormRow(
                    t("settings.sector"),
                    Select(
                        [(t(f"sector.{code}"), code) for code in SECTORS],
                        id="f-sector", prompt=t("wizard.sector_prompt"), allow_blank=True,
                    ),
                )
                for key, label in TEXT_FIELDS[1:4]:
                    yield FormRow(t(label), Input(id=f"f-{key}", suggester=_suggester(key)))
                yield FormRow(t("territory.field"), territory_select("f-vat_territory"))
                for key, label in TEXT_FIELDS[4:]:
                    yield FormRow(t(label), Input(id=f"f-{key}", suggester=_suggester(key)))
                yield FormRow(
                    t("settings.publishers"),
                    Select([(t(f"review.publishers.{code}"), code) for code in PUBLISHERS],
                           id="f-publishers", allow_blank=False, value="all"),
                )
                yield Static(t("settings.access"), classes="label")
                yield SelectionList[str](id="f-access")
            yield Static(id="settings-error", classes="error")
            yield KeyBar()

    def on_mount(self) -> None:
        ws = self.app.workspace  # type: ignore[attr-defined]
        dossier = get_dossier(ws, self.slug)
        self.query_one("#settings-title", Static).update(t("settings.title", name=dossier.name))
        self.proposer.start(dossier.postcode, dossier.vat_territory)
        self.saved.fill(self, dossier_values(dossier), dossier.version)
        granted = set(access_logins(ws, self.slug))
        access = self.query_one("#f-access", SelectionList)
        for user in list_users(ws):
            if user.role != "admin" and user.active:
                label = f"{user.name} ({user.login}) — {t(f'role.{user.role}')}"
                access.add_option((label, user.login, user.login in granted))
        self.access_base = set(access.selected)
        self.query_one("#f-name", Input).focus()

    def changes(self) -> dict[str, Any]:
        """The form's values, as ``edit_dossier`` takes them."""
        values: dict[str, Any] = {
            key: self.query_one(f"#f-{key}", Input).value.strip() or None for key, _ in TEXT_FIELDS
        }
        values["name"] = values["name"] or ""
        values["base_currency"] = values["base_currency"] or "EUR"
        values["default_due_days"] = values["default_due_days"] or "0"
        sector = self.query_one("#f-sector", Select).value
        values["sector"] = sector if isinstance(sector, str) else None
        publishers = self.query_one("#f-publishers", Select).value
        values["publishers"] = publishers if isinstance(publishers, str) else "all"
        values["vat_territory"] = self.query_one("#f-vat_territory", Select).value
        return values

    @on(Input.Changed, "#f-postcode")
    def _postcode_changed(self, event: Input.Changed) -> None:
        """A postal code of La Réunion (974…) proposes the overseas territory, unless the
        person chose the territory themselves."""
        select = self.query_one("#f-vat_territory", Select)
        proposed = self.proposer.postcode_changed(select, event.value)
        if proposed is not None:
            self.notify(t("territory.proposed", postcode=event.value.strip(),
                          territory=territory_label(proposed)))


    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Save what the person changed (refused, then merged, if someone saved first)."""
        edits = self.saved.edits(self)
        changes = {key: value for key, value in self.changes().items() if key in edits}
        ticked = set(self.query_one("#f-access", SelectionList).selected)
        self.query_one("#settings-error", Static).update("")
        self._save(changes, ticked - self.access_base, self.access_base - ticked, self.saved.version)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save(self, changes: dict[str, Any], granted: set[str], revoked: set[str], version: int) -> None:
        ws = self.app.workspace  # type: ignore[attr-defined]
        try:
            if changes:
                edit_dossier(ws, self.slug, changes, expected_version=version)
            if granted or revoked:  # the ticks changed here, applied to who has access now
                now = set(access_logins(ws, self.slug))
                set_access(ws, self.slug, sorted((now | granted) - revoked))
        except Conflict as exc:
            fresh = None if exc.current is None else set(access_logins(ws, self.slug))
            self.app.call_from_thread(self._reconcile, exc.current, fresh, exc.message)
            return
        except SaisieError as exc:
            self.app.call_from_thread(show_refusal, self, exc, self.query_one("#settings-error", Static))
            return
        dossier = get_dossier(ws, self.slug)
        self.app.call_from_thread(self.notify, t("dossier.saved", name=dossier.name))
        self.app.call_from_thread(self.dismiss, True)

    def _reconcile(self, dossier: Dossier | None, access: set[str] | None, message: str) -> None:
        """Someone saved the dossier first: its values, merged with the person's edits."""
        error = self.query_one("#settings-error", Static)
        if dossier is None or access is None:
            error.update(message)
            return
        merge, text = self.saved.reconcile(self, dossier_values(dossier), dossier.version, label)
        ticks = self.query_one("#f-access", SelectionList)
        ticked, offered = set(ticks.selected), {ticks.get_option_at_index(i).value
                                                for i in range(ticks.option_count)}
        fresh = access & offered
        if fresh != self.access_base:  # their ticks, with this person's own changes on top
            mine = (fresh | (ticked - self.access_base)) - (self.access_base - ticked)
            for login in offered:
                (ticks.select if login in mine else ticks.deselect)(login)
            merge = replace(merge, changed=(*merge.changed, "access"))
            text = explain(merge, label, {**dossier_values(dossier), "access": ", ".join(sorted(access))})
            ticks.add_class("-conflict")
        self.access_base = fresh
        error.update(text)

    def action_close(self) -> None:
        """Leave without saving (asks first when something was typed)."""
        self.leave(False)


def dossier_values(dossier: Dossier) -> dict[str, Any]:
    """A dossier's settings as the form's fields show them."""
    values: dict[str, Any] = {key: "" if getattr(dossier, key) is None else str(getattr(dossier, key))
                              for key, _label in TEXT_FIELDS}
    values["sector"] = dossier.sector or None
    values["publishers"] = dossier.publishers
    values["vat_territory"] = dossier.vat_territory
    return values
