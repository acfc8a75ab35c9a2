"""Editing a party by its code (``saisie parties edit``): any field, its groups."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from books.context import Workspace
    from store.models import Party


def edit_party(ws: Workspace, slug: str, kind: str, code: str, values: dict[str, Any],
               add_groups: Iterable[str] = (), remove_groups: Iterable[str] = ()) -> Party:
    """Change the given fields of a party (an empty text clears one) and its groups.

    Goes through :func:`books.parties.changes.update_party` (role, checks, version,
    audit) and :func:`books.parties.changes.change_group`; nothing changed writes nothing.

    Raises:
        NotFound: no live party has this code in the list.
        InvalidInput: naming the wrong field.
        PermissionDenied: the role may not edit parties, or the dossier is connected.
    """
    from books.parties.changes import change_group, get_party, get_party_by_id, update_party
    from books.parties.listing import Selection
    from books.parties.record import parse_day

    party = get_party(ws, slug, kind, code)
    assert party.id is not None
    changes = dict(values)
    if isinstance(changes.get("sepa_mandate_date"), str):
        changes["sepa_mandate_date"] = parse_day("sepa_mandate_date", changes["sepa_mandate_date"])
    if changes:
        update_party(ws, party.id, changes, party.version)
    chosen = Selection(ids=frozenset({party.id}))
    for name in add_groups:
        change_group(ws, slug, chosen, name, True)
    for name in remove_groups:
        change_group(ws, slug, chosen, name, False)
    return get_party_by_id(ws, party.id)
