"""After creating a dossier: where invoices go, and the invitation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from books.dossiers.service import Created
from books.i18n import t
from tui.widgets.keybar import KeyBar


class CreatedScreen(ModalScreen[None]):
    """Shows the new dossier's inbox folder and the invitation to pass on."""

    BINDINGS = [
        Binding("c", "copy", "key.copy_invitation", id="copy"),
        Binding("escape,enter", "close", "key.close", id="close_created"),
    ]

    def __init__(self, created: Created) -> None:
        super().__init__()
        self.created = created

    def compose(self) -> ComposeResult:
        dossier = self.created.dossier
        with Vertical(classes="dialog wide"):
            yield Static(t("dossier.created", name=dossier.name, slug=dossier.slug), classes="dialog-title")
            yield Static(t("dossier.inbox_hint", inbox=dossier.inbox_path), id="inbox")
            message = self.created.invitation
            if message is not None:
                if self.created.sent:
                    yield Static(t("invite.sent", email=message.to_email), id="invite-status")
                else:
                    header = (
                        t("invite.failed", reason=self.created.send_error)
                        if self.created.send_error
                        else t("invite.copy", email=message.to_email)
                    )
                    yield Static(header, id="invite-status")
                    with VerticalScroll(id="invitation"):
                        yield Static(f"{message.subject}\n\n{message.body}", markup=False)
            yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy":
            return self.created.invitation is not None and not self.created.sent
        return True

    def action_copy(self) -> None:
        """Copy the invitation to the clipboard (OSC 52: works over SSH)."""
        message = self.created.invitation
        if message is not None:
            self.app.copy_to_clipboard(f"{message.subject}\n\n{message.body}")
            self.notify(t("invite.copied"))

    def action_close(self) -> None:
        """Back to the dossiers."""
        self.dismiss(None)
