"""Command palette providers: dossiers by fuzzy name, and the app's actions.

Each provider offers only what is valid now: the actions of the screen on
top, and the dossiers the user may open.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from books.i18n import t
from tui.textual_strings import is_saisie

if TYPE_CHECKING:
    from books.inbox.documents import DocumentHit
    from books.parties.search import Found


class DossierCommands(Provider):
    """Open any dossier the user may access, by fuzzy name."""

    async def startup(self) -> None:
        from books.dossiers.service import list_dossiers

        worker = self.app.run_worker(
            partial(list_dossiers, self.app.workspace), thread=True  # type: ignore[attr-defined]
        )
        self.entries = await worker.wait()

    def _open(self, slug: str) -> Callable[[], None]:
        return partial(self.app.open_dossier, slug)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for entry in self.entries[:20]:
            yield DiscoveryHit(
                t("palette.open_dossier", name=entry.row.name), self._open(entry.row.slug),
                help=entry.row.slug,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self.entries:
            label = t("palette.open_dossier", name=entry.row.name)
            score = max(matcher.match(entry.row.name), matcher.match(entry.row.slug))
            if score > 0:
                yield Hit(score, matcher.highlight(label), self._open(entry.row.slug), help=entry.row.slug)


INBOX_RANK = 0.5
"""An inbox command's score against opening the dossier (which comes first)."""


class InboxCommands(Provider):
    """Open the inbox of any dossier the user may access (Achats, Ventes), or the
    documents to file, by fuzzy name."""

    async def startup(self) -> None:
        from books.dossiers.service import list_dossiers

        worker = self.app.run_worker(
            partial(list_dossiers, self.app.workspace), thread=True  # type: ignore[attr-defined]
        )
        self.entries = await worker.wait()

    def _open(self, slug: str | None, kind: str) -> Callable[[], None]:
        def run() -> None:
            from tui.screens.inbox.listing import InboxListScreen

            self.app.push_screen(InboxListScreen(slug, kind))

        return run

    def _commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        found = [(t("cmd.inbox_unfiled"), "", self._open(None, "unfiled"))]
        for entry in self.entries:
            for kind in ("purchase", "sale"):
                found.append((t(f"cmd.inbox_{kind}", dossier=entry.row.name), entry.row.slug,
                              self._open(entry.row.slug, kind)))
        return found

    async def discover(self) -> Hits:
        for label, slug, run in self._commands()[:21]:
            yield DiscoveryHit(label, run, help=slug)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, slug, run in self._commands():
            score = matcher.match(label)
            if score > 0:  # after the dossier itself when a dossier's name is typed
                yield Hit(score * INBOX_RANK, matcher.highlight(label), run, help=slug)


class ActionCommands(Provider):
    """Saisie's actions of the screen on top, and the app's own."""

    def _actions(self) -> list[tuple[str, Callable[[], object]]]:
        screen = self.screen
        actions: list[tuple[str, Callable[[], object]]] = []
        seen: set[str] = set()
        for info in screen.active_bindings.values():
            binding = info.binding
            if not info.enabled or binding.action in seen or binding.action == "command_palette":
                continue
            if not is_saisie(binding):  # Textual's cursor and focus moves are no commands
                continue
            seen.add(binding.action)
            label = t(binding.description)
            actions.append((label, partial(self.app.run_action, binding.action, info.node)))
        return actions

    async def discover(self) -> Hits:
        for label, run in self._actions():
            yield DiscoveryHit(label, run)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, run in self._actions():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), run)


async def _looked_up(provider: Provider, search: Callable[..., list[Any]], text: str,
                     group: str) -> list[Any]:
    """What ``search(workspace, text)`` finds, read in a worker (the next key's search
    replaces it); nothing for fewer than two characters."""
    if len(text) < 2:
        return []
    worker = provider.app.run_worker(
        partial(search, provider.app.workspace, text), thread=True,  # type: ignore[attr-defined]
        group=group, exclusive=True,
    )
    return await worker.wait()  # type: ignore[no-any-return]


class PartyCommands(Provider):
    """Find a party in every dossier the user may open (name, code, SIREN/SIRET, VAT, IBAN)."""

    async def search(self, query: str) -> Hits:
        from books.parties.search import search_everywhere

        text = query.strip()
        found = await _looked_up(self, search_everywhere, text, "party-search")
        matcher = self.matcher(text)
        for party in found:
            label = t("list.palette_party", code=party.code, name=party.name,
                      dossier=party.dossier_name)
            score = max(matcher.match(party.name), matcher.match(party.code), 0.5)
            yield Hit(score, matcher.highlight(label), partial(self._open, party),
                      help=party.dossier_slug)

    def _open(self, party: Found) -> None:
        """Open the party's record."""
        from tui.screens.parties.record import PartyRecordScreen

        self.app.push_screen(PartyRecordScreen(party.party_id))


class DocumentCommands(Provider):
    """Find a document by its number or file name in every dossier the user may open (and
    among those to file), and open it in the document view."""

    async def search(self, query: str) -> Hits:
        from books.formats import format_amount, format_date
        from books.inbox.documents import find_documents

        text = query.strip()
        found = await _looked_up(self, find_documents, text, "document-search")
        matcher = self.matcher(text)
        for document in found:
            label = t("palette.document", number=document.label,
                      party=document.party or "?",
                      day=format_date(document.issue_date) if document.issue_date else "—",
                      amount=format_amount(document.gross, document.currency)
                      if document.gross is not None else "—",
                      dossier=document.dossier or t("palette.document_unfiled"))
            score = max(matcher.match(document.label), 0.5)
            yield Hit(score, matcher.highlight(label), partial(self._open, document),
                      help=t(f"document.state.{document.status}"))

    def _open(self, document: DocumentHit) -> None:
        """Open the document in the document view (esc comes back here)."""
        from tui.screens.inbox.document import DocumentScreen

        self.app.push_screen(DocumentScreen([document.id], 0))
