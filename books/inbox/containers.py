"""Mails (``.eml``, what a mail rule saves) and archives (``.zip``) dropped in an inbox.

Each invoice inside (PDF, XML, images) becomes a document whose source is the
container; the sender and subject of a mail are kept. Other attachments
(signatures, logos, text) are counted and ignored. What a container may cost
is bounded: a zip member is inflated at most to its limit (its declared size
is not trusted), members are limited in number and in total, and a mail is
refused beyond a size, so a zip bomb or a huge attachment ends in a message.
"""

from __future__ import annotations

import email
import email.policy
import zipfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from books.errors import InvalidInput
from books.i18n import t

INVOICE_SUFFIXES = (".pdf", ".xml", ".jpg", ".jpeg", ".png", ".tif", ".tiff")
MAX_MEMBER_BYTES = 64 * 1024 * 1024
"""Largest file taken out of a container (the reader's own limit)."""
MAX_TOTAL_BYTES = 256 * 1024 * 1024
"""Most bytes taken out of one container."""
MAX_MEMBERS = 500
"""Most files looked at in one container."""
MAX_MAIL_BYTES = 100 * 1024 * 1024
"""Larger mails are refused before being parsed."""


@dataclass(frozen=True, slots=True)
class Member:
    """A file inside a container."""

    name: str
    data: bytes


@dataclass
class Unpacked:
    """What a container holds."""

    members: list[Member] = field(default_factory=list)
    ignored: int = 0
    """Files that are not invoices (signatures, logos…)."""
    sender: str | None = None
    subject: str | None = None


def is_container(name: str) -> bool:
    """Whether a file is unpacked rather than read."""
    return name.lower().endswith((".zip", ".eml"))


def unpack(path: Path) -> Unpacked:
    """The invoices inside a ``.zip`` or ``.eml``.

    Raises:
        InvalidInput: the container is broken or exceeds a limit (named in the message).
    """
    if path.name.lower().endswith(".zip"):
        return _unzip(path)
    return _unmail(path)


def _unzip(path: Path) -> Unpacked:
    found = Unpacked()
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise InvalidInput(t("inbox.error.too_many_members", name=path.name,
                                     count=len(members), limit=MAX_MEMBERS))
            for info in members:
                if info.is_dir():
                    continue
                name = Path(info.filename).name
                if not _is_invoice(name):
                    found.ignored += 1
                    continue
                data = _bounded_member(archive, info, path.name)
                total += len(data)
                if total > MAX_TOTAL_BYTES:
                    raise InvalidInput(t("inbox.error.container_too_large", name=path.name,
                                         limit=MAX_TOTAL_BYTES // (1024 * 1024)))
                found.members.append(Member(name, data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
            EOFError, OSError) as exc:
        raise InvalidInput(t("inbox.error.bad_container", name=path.name, reason=exc)) from exc
    return found


def _bounded_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, container: str) -> bytes:
    with archive.open(info) as member:
        data = member.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise InvalidInput(t("inbox.error.member_too_large", name=container, member=info.filename,
                             limit=MAX_MEMBER_BYTES // (1024 * 1024)))
    return data


def _unmail(path: Path) -> Unpacked:
    try:
        if path.stat().st_size > MAX_MAIL_BYTES:
            raise InvalidInput(t("inbox.error.container_too_large", name=path.name,
                                 limit=MAX_MAIL_BYTES // (1024 * 1024)))
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    except (OSError, ValueError, TypeError) as exc:
        raise InvalidInput(t("inbox.error.bad_container", name=path.name, reason=exc)) from exc
    assert isinstance(message, EmailMessage)
    found = Unpacked(sender=_header(message, "From"), subject=_header(message, "Subject"))
    total = 0
    for count, part in enumerate(message.iter_attachments()):
        if count >= MAX_MEMBERS:
            break
        name = Path(part.get_filename() or "").name
        if not name or not _is_invoice(name):
            found.ignored += 1
            continue
        try:
            data = part.get_content()
        except (LookupError, ValueError, KeyError) as exc:
            raise InvalidInput(t("inbox.error.bad_container", name=path.name, reason=exc)) from exc
        if isinstance(data, str):
            data = data.encode("utf-8")
        if len(data) > MAX_MEMBER_BYTES:
            raise InvalidInput(t("inbox.error.member_too_large", name=path.name, member=name,
                                 limit=MAX_MEMBER_BYTES // (1024 * 1024)))
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise InvalidInput(t("inbox.error.container_too_large", name=path.name,
                                 limit=MAX_TOTAL_BYTES // (1024 * 1024)))
        found.members.append(Member(name, data))
    return found


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError):
        return None
    if value is None:
        return None
    text = " ".join(str(value).split())
    return "".join(ch for ch in text if ch.isprintable())[:250] or None


def _is_invoice(name: str) -> bool:
    return name.lower().endswith(INVOICE_SUFFIXES) and not name.startswith(".")
