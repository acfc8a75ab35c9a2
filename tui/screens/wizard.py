"""Ajouter un client: a four-step keyboard wizard that creates a dossier."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, ContentSwitcher, Input, Select, SelectionList, Static

from books.access.users import collaborators
from books.dossiers.service import (
    SECTORS,
    Created,
    DossierDraft,
    EmailInUse,
    check_email,
    check_name,
    clean_name,
    create_dossier,
)
from books.dossiers.vat import clean_postcode, rates_text, territory_label
from books.errors import SaisieError
from books.i18n import t
from books.identity import clean_email
from tui.screens.unsaved import UnsavedGuard
from tui.widgets.form import FormRow, QuietFocus
from tui.widgets.keybar import KeyBar
from tui.widgets.territory import TerritoryProposer, territory_select

STEPS = ("company", "access", "invite", "confirm")


class AccessList(SelectionList[str]):
    """The collaborators to give access to: ``space`` ticks one, ``⏎`` goes to the
    next step as on every other step (a SelectionList would tick with ``⏎`` too)."""

    BINDINGS = [Binding("enter", "screen.next", "key.next", show=False)]


class NewDossierWizard(QuietFocus, UnsavedGuard, ModalScreen[Created | None]):
    """Company → access → invitation → confirmation; returns the created dossier."""

    BINDINGS = [
        Binding("ctrl+n", "next", "key.next", id="wizard_next"),
        Binding("escape", "back", "key.back", id="wizard_back"),
        Binding("ctrl+x", "cancel", "key.cancel", id="wizard_cancel", priority=True),
        Binding("a", "select_all", "key.select_all", id="wizard_select_all"),
    ]

    step: reactive[str] = reactive("company", bindings=True)
    """The step on screen."""

    def __init__(self) -> None:
        super().__init__()
        self.others: list = []
        """Collaborators who can be given access (filled on mount)."""
        self.email_conflict: list[str] = []
        self.name_conflict: list[str] = []
        """Dossiers already named like this one (case, accents and spaces aside)."""
        self.proposer = TerritoryProposer()
        """Proposes the VAT territory from the postal code typed."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="wizard"):
            yield Static(id="wizard-title", classes="dialog-title")
            with ContentSwitcher(initial="company", id="steps"):
                with Vertical(id="company"):
                    yield FormRow(t("wizard.name"), Input(id="name", placeholder=t("wizard.name_placeholder")))
                    yield FormRow(
                        t("wizard.sector"),
                        Select(
                            [(t(f"sector.{code}"), code) for code in SECTORS],
                            id="sector", prompt=t("wizard.sector_prompt"), allow_blank=True,
                        ),
                    )
                    yield FormRow(t("territory.wizard_postcode"), Input(id="postcode"))
                    yield FormRow(t("territory.wizard_territory"), territory_select("territory"))
                with Vertical(id="access"):
                    yield Static(t("wizard.access_help"), classes="label")
                    yield AccessList(id="collaborators")
                with Vertical(id="invite"):
                    yield Checkbox(t("wizard.invite_now"), id="do-invite")
                    yield FormRow(t("wizard.contact_name"), Input(id="contact-name"))
                    yield FormRow(t("wizard.contact_email"), Input(id="contact-email"))
                    yield FormRow(t("wizard.contact_phone"), Input(id="contact-phone"))
                with Vertical(id="confirm"):
                    yield Static(id="summary", markup=False)
                    yield Static(id="conflict", classes="warning")
                    with Horizontal(classes="buttons"):
                        yield Button(t("wizard.create"), id="create", variant="primary")
                        yield Button(t("wizard.create_additional"), id="create-additional", variant="warning")
                        yield Button(t("wizard.cancel"), id="cancel-button")
            yield Static(id="wizard-error", classes="error")
            yield KeyBar()

    def on_mount(self) -> None:
        self.others = collaborators(self.app.workspace)  # type: ignore[attr-defined]
        selection = self.query_one("#collaborators", SelectionList)
        for user in self.others:
            label = f"{user.name} ({user.login}) — {t(f'role.{user.role}')}"
            selection.add_option((label, user.login))
        self._show("company")

    # ------------------------------------------------------------------ steps

    def _steps(self) -> list[str]:
        return [s for s in STEPS if s != "access" or self.others]

    def _show(self, step: str) -> None:
        self.step = step
        self.query_one("#steps", ContentSwitcher).current = step
        number = self._steps().index(step) + 1
        self.query_one("#wizard-title", Static).update(
            t("wizard.title", step=number, total=len(self._steps()), name=t(f"wizard.step.{step}"))
        )
        self._error("")
        focus = {"company": "#name", "access": "#collaborators", "invite": "#do-invite", "confirm": "#create"}
        if step == "confirm":
            self._prepare_confirm()
            return
        if step == "access":
            selection = self.query_one("#collaborators", SelectionList)
            if selection.highlighted is None and selection.option_count:
                selection.highlighted = 0
        self.query_one(focus[step]).focus()

    def _error(self, message: str) -> None:
        self.query_one("#wizard-error", Static).update(message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select_all":
            return self.step == "access"
        if action == "next":
            return self.step != "confirm"
        return True

    def action_next(self) -> None:
        """Check this step and go to the next one."""
        try:
            self._validate(self.step)
        except SaisieError as exc:
            self._error(exc.message)
            return
        steps = self._steps()
        self._show(steps[steps.index(self.step) + 1])

    def action_back(self) -> None:
        """Previous step; on the first step, cancel."""
        steps = self._steps()
        index = steps.index(self.step)
        if index == 0:
            self.leave(None)
        else:
            self._show(steps[index - 1])

    def action_cancel(self) -> None:
        """Leave without creating anything (asks first when something was typed)."""
        self.leave(None)

    def action_select_all(self) -> None:
        """Tick every collaborator (or untick all when all are ticked)."""
        selection = self.query_one("#collaborators", SelectionList)
        if len(selection.selected) == selection.option_count:
            selection.deselect_all()
        else:
            selection.select_all()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_next()

    @on(Input.Changed, "#postcode")
    def _postcode_changed(self, event: Input.Changed) -> None:
        self.proposer.postcode_changed(self.query_one("#territory", Select), event.value)


    def _validate(self, step: str) -> None:
        if step == "company":
            clean_name(self.query_one("#name", Input).value)
            clean_postcode(self.query_one("#postcode", Input).value, t("territory.postcode"))
        elif step == "invite":
            email = self.query_one("#contact-email", Input).value.strip()
            if self.query_one("#do-invite", Checkbox).value:
                if not self.query_one("#contact-name", Input).value.strip() or not email:
                    raise SaisieError(t("dossier.invite_needs_contact"))
            if email:
                clean_email(email)

    # ---------------------------------------------------------------- confirm

    def draft(self, additional: bool = False) -> DossierDraft:
        """The dossier as typed so far."""
        sector = self.query_one("#sector", Select).value
        territory = self.query_one("#territory", Select).value
        return DossierDraft(
            name=self.query_one("#name", Input).value,
            sector=sector if isinstance(sector, str) else None,
            postcode=self.query_one("#postcode", Input).value or None,
            vat_territory=territory if isinstance(territory, str) else None,
            contact_name=self.query_one("#contact-name", Input).value or None,
            contact_email=self.query_one("#contact-email", Input).value.strip() or None,
            contact_phone=self.query_one("#contact-phone", Input).value or None,
            access=list(self.query_one("#collaborators", SelectionList).selected),
            invite=self.query_one("#do-invite", Checkbox).value,
            additional_for_same_client=additional,
        )

    def _prepare_confirm(self) -> None:
        draft = self.draft()
        self.email_conflict = check_email(self.app.workspace, draft.contact_email)  # type: ignore[attr-defined]
        self.name_conflict = check_name(self.app.workspace, draft.name)  # type: ignore[attr-defined]
        lines = [
            f"{t('wizard.name')} {clean_name(draft.name)}",
            f"{t('wizard.sector')} {t(f'sector.{draft.sector}') if draft.sector else '—'}",
            f"{t('territory.wizard_postcode')} {draft.postcode or '—'}",
            f"{t('territory.wizard_territory')} {territory_label(draft.vat_territory)} "
            f"({t('territory.rates', rates=rates_text(draft.vat_territory))})",
            f"{t('wizard.summary_access')} {', '.join(draft.access) or '—'}",
            f"{t('wizard.summary_contact')} "
            + (" · ".join(x for x in (draft.contact_name, draft.contact_email, draft.contact_phone) if x) or "—"),
            t("wizard.summary_invite_yes") if draft.invite else t("wizard.summary_invite_no"),
        ]
        self.query_one("#summary", Static).update("\n".join(lines))
        conflict = bool(self.email_conflict or self.name_conflict)
        warnings = [t("ed.wizard_name_conflict", dossiers=", ".join(self.name_conflict))] if self.name_conflict else []
        if self.email_conflict:
            warnings.append(t("wizard.email_conflict", email=draft.contact_email,
                              dossiers=", ".join(self.email_conflict)))
        self.query_one("#conflict", Static).update("\n".join(warnings))
        self.query_one("#create", Button).display = not conflict
        self.query_one("#create-additional", Button).display = conflict
        self.query_one("#create-additional" if conflict else "#create", Button).focus()

    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        self.create(additional=False)

    @on(Button.Pressed, "#create-additional")
    def _create_additional(self) -> None:
        self.create(additional=True)

    @on(Button.Pressed, "#cancel-button")
    def _cancel(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True, group="create", exit_on_error=False)
    def create(self, additional: bool) -> None:
        """Create the dossier in a thread, then close with it."""
        try:
            created = create_dossier(self.app.workspace, self.draft(additional))  # type: ignore[attr-defined]
        except EmailInUse as exc:
            self.app.call_from_thread(self._error, exc.message)
            return
        except SaisieError as exc:
            self.app.call_from_thread(self._error, exc.message)
            return
        self.app.call_from_thread(self.dismiss, created)
