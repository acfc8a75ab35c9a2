"""Inviting a dossier's client to send their invoices: the text, and SMTP."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from books.i18n import t

if TYPE_CHECKING:
    from books.config import SmtpSettings


@dataclass(frozen=True)
class InvitationText:
    """The message for the client, ready to send or to copy."""

    to_name: str
    to_email: str
    subject: str
    body: str


def compose(*, firm: str, dossier: str, inbox: str, to_name: str, to_email: str) -> InvitationText:
    """The invitation, in the interface language."""
    subject = t("invite.subject", firm=firm, dossier=dossier)
    body = t("invite.body", name=to_name, firm=firm, dossier=dossier, inbox=inbox)
    return InvitationText(to_name=to_name, to_email=to_email, subject=subject, body=body)


def send(smtp: SmtpSettings, message: InvitationText) -> None:
    """Send the invitation by email.

    Raises:
        OSError or smtplib.SMTPException: when the server refuses or cannot be reached.
    """
    import smtplib
    from email.message import EmailMessage

    mail = EmailMessage()
    mail["From"] = smtp.sender
    mail["To"] = f"{message.to_name} <{message.to_email}>"
    mail["Subject"] = message.subject
    mail.set_content(message.body)
    client_class = smtplib.SMTP_SSL if smtp.ssl else smtplib.SMTP
    with client_class(smtp.host, smtp.port, timeout=20) as client:
        if smtp.starttls and not smtp.ssl:
            client.starttls()
        if smtp.username:
            client.login(smtp.username, smtp.password or "")
        client.send_message(mail)
