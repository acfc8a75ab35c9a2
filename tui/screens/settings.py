"""Gérer: a dossier's settings, access and client contact."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Select, SelectionList, Static

from books.access.users import list_users
from books.dossiers.service import SECTORS, access_logins, edit_dossier, get_dossier, set_access
from books.errors import SaisieError
from books.i18n import t
from tui.screens.unsaved import UnsavedGuard
from tui.widgets.form import FormRow
from tui.widgets.keybar import KeyBar

TEXT_FIELDS = (
    ("name", "settings.name"),
    ("siren", "settings.siren"),
    ("vat_id", "settings.vat"),
    ("base_currency", "settings.currency"),
    ("default_due_days", "settings.due_days"),
    ("default_payment_method", "settings.payment_method"),
    ("accounting_software", "settings.accounting_software"),
    ("contact_name", "settings.contact_name"),
    ("contact_email", "settings.contact_email"),
    ("contact_phone", "settings.contact_phone"),
)
"""Editable text fields and their catalog labels, in form order."""


class DossierSettingsScreen(UnsavedGuard, ModalScreen[bool]):
    """Edit a dossier; ctrl+s saves, escape leaves without saving."""

    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", id="settings_save"),
        Binding("escape", "close", "key.cancel", id="settings_cancel"),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self.version = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Static(id="settings-title", classes="dialog-title")
            with VerticalScroll(id="settings-form"):
                for key, label in TEXT_FIELDS[:1]:
                    yield FormRow(t(label), Input(id=f"f-{key}"))
                yield FormRow(
                    t("settings.sector"),
                    Select(
                        [(t(f"sector.{code}"), code) for code in SECTORS],
                        id="f-sector", prompt=t("wizard.sector_prompt"), allow_blank=True,
                    ),
                )
                for key, label in TEXT_FIELDS[1:]:
                    yield FormRow(t(label), Input(id=f"f-{key}"))
                yield Static(t("settings.access"), classes="label")
                yield SelectionList[str](id="f-access")
            yield Static(id="settings-error", classes="error")
            yield KeyBar()

    def on_mount(self) -> None:
        ws = self.app.workspace  # type: ignore[attr-defined]
        dossier = get_dossier(ws, self.slug)
        self.version = dossier.version
        self.query_one("#settings-title", Static).update(t("settings.title", name=dossier.name))
        for key, _label in TEXT_FIELDS:
            value = getattr(dossier, key)
            self.query_one(f"#f-{key}", Input).value = "" if value is None else str(value)
        if dossier.sector:
            self.query_one("#f-sector", Select).value = dossier.sector
        granted = set(access_logins(ws, self.slug))
        access = self.query_one("#f-access", SelectionList)
        for user in list_users(ws):
            if user.role != "admin" and user.active:
                label = f"{user.name} ({user.login}) — {t(f'role.{user.role}')}"
                access.add_option((label, user.login, user.login in granted))
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
        return values

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Save the settings (refused with the fresh values if someone saved first)."""
        self._save(self.changes(), list(self.query_one("#f-access", SelectionList).selected))

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save(self, changes: dict[str, Any], access: list[str]) -> None:
        ws = self.app.workspace  # type: ignore[attr-defined]
        try:
            dossier = edit_dossier(ws, self.slug, changes, expected_version=self.version)
            admins = {u.login for u in list_users(ws) if u.role == "admin"}
            set_access(ws, self.slug, sorted(set(access) | (set(access_logins(ws, self.slug)) & admins)))
        except SaisieError as exc:
            self.app.call_from_thread(self.query_one("#settings-error", Static).update, exc.message)
            return
        self.app.call_from_thread(self.notify, t("dossier.saved", name=dossier.name))
        self.app.call_from_thread(self.dismiss, True)

    def action_close(self) -> None:
        """Leave without saving."""
        self.dismiss(False)
