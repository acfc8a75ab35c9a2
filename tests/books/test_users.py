"""Users, roles, permissions and the audit log."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from books.access.audit import list_events
from books.access.users import add_user, list_users, set_role
from books.context import Workspace
from books.errors import InvalidInput, NotFound, PermissionDenied


def test_first_user_becomes_admin(admin: Workspace) -> None:
    assert admin.user.login == "alice"
    assert admin.user.role == "admin"
    events = list_events(admin)
    assert [(e.action, e.entity_id) for e in events] == [("bootstrap", "alice")]


def test_unknown_login_is_refused_with_advice(admin: Workspace, workspaces: Callable[[str], Workspace]) -> None:
    with pytest.raises(PermissionDenied) as info:
        workspaces("mallory")
    assert "mallory" in str(info.value)
    assert "administrateur" in str(info.value)


def test_admin_adds_users_and_changes_roles(admin: Workspace) -> None:
    add_user(admin, "bob", "team_lead", "Bob", "bob@x.fr")
    set_role(admin, "bob", "collaborator")
    rows = {u.login: u.role for u in list_users(admin)}
    assert rows == {"alice": "admin", "bob": "collaborator"}
    actions = [(e.action, e.entity_id, e.after) for e in list_events(admin)][:2]
    assert actions[0] == ("set_role", "bob", {"role": "collaborator"})
    assert actions[1][0] == "create"


def test_only_admins_manage_users(team: dict[str, Workspace]) -> None:
    with pytest.raises(PermissionDenied) as info:
        add_user(team["bob"], "dave", "collaborator")
    assert "Chef d'équipe" in str(info.value)
    with pytest.raises(PermissionDenied):
        set_role(team["carol"], "carol", "admin")


def test_bad_user_input(admin: Workspace) -> None:
    with pytest.raises(InvalidInput):
        add_user(admin, "bad login!", "collaborator")
    with pytest.raises(InvalidInput):
        add_user(admin, "x", "boss")
    with pytest.raises(InvalidInput):
        add_user(admin, "x", "collaborator", email="not-an-email")
    with pytest.raises(InvalidInput):
        add_user(admin, "alice", "collaborator")
    with pytest.raises(NotFound):
        set_role(admin, "nobody", "admin")


def test_last_admin_cannot_be_demoted(admin: Workspace) -> None:
    with pytest.raises(InvalidInput):
        set_role(admin, "alice", "collaborator")
    add_user(admin, "zoe", "admin")
    set_role(admin, "alice", "collaborator")


def test_audit_events_are_described_in_the_users_language() -> None:
    from types import SimpleNamespace

    from books.access.audit import describe
    from books.i18n import get_language, set_language

    before = get_language()
    try:
        set_language("fr")
        event = SimpleNamespace(entity="party", entity_id="C001", action="archive")
        assert describe(event) == ("tiers C001", "archivage")  # type: ignore[arg-type]
        set_language("en")
        assert describe(event) == ("party C001", "archived")  # type: ignore[arg-type]
        odd = SimpleNamespace(entity="ledger", entity_id=None, action="reconcile")
        assert describe(odd) == ("ledger", "reconcile")  # type: ignore[arg-type]
        listed = SimpleNamespace(entity="party", entity_id="supplier", action="import")
        assert describe(listed) == ("party (suppliers)", "CSV import")  # type: ignore[arg-type]
        set_language("fr")
        intake = SimpleNamespace(entity="document", entity_id="37", action="inbox_in",
                                 after={"documents": [{"file": "a.xml"}, {"file": "b.pdf"}]})
        assert describe(intake)[0] == "2 pièce(s)"  # type: ignore[arg-type]
        rule = SimpleNamespace(entity="rule", entity_id=None, action="set",
                               after={"kind": "supplier", "parties": 4,
                                      "codes": ["F1", "F2", "F3", "F4"]})
        assert describe(rule)[0] == "règle fournisseur F1, F2, F3…"  # type: ignore[arg-type]
        bulk = SimpleNamespace(entity="rule", entity_id=None, action="set",
                               after={"kind": "customer", "parties": 300})
        assert describe(bulk)[0] == "règle client · 300 tiers"  # type: ignore[arg-type]
    finally:
        set_language(before)
