"""PostgreSQL privileges that mirror Saisie's roles, so the database itself refuses
what a role may not do.

Saisie checks roles in its services, but on a shared server anyone with a
database account could also write SQL: a collaborator could make themselves
admin in ``app_user`` or give themselves access to a dossier. Each Saisie role
gets a PostgreSQL group role (``saisie_admin``, ``saisie_team_lead``,
``saisie_collaborator``); each person's own login role is made a member of the
group of their Saisie role. Every group reads everything; writing follows the
roles: only admins write users, access, dossiers and the firm; admins and team
leads write the party lists; the audit log takes inserts and nothing else, from
anyone. Tables not named here (the inbox's, the rules') are written by every role
and read-only for no one, so new features keep working until they are listed.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine

GROUPS = {"admin": "saisie_admin", "team_lead": "saisie_team_lead",
          "collaborator": "saisie_collaborator"}
"""Saisie role → PostgreSQL group role."""

ADMIN_ONLY = ("firm", "app_user", "dossier_access", "invitation", "dossier")
PARTY_LISTS = ("party", "contact", "party_group", "group_member", "payment", "reminder",
               "import_mapping")
INSERT_ONLY = ("audit_event",)
OWNER_ONLY = ("alembic_version",)
COLUMN_UPDATES = {"dossier": ("last_activity_at",)}
"""Columns every role may update in an admin-only table (the audit log stamps the dossier)."""


def grant_statements(*, tables: list[str], members: dict[str, str]) -> list[str]:
    """The SQL that creates the group roles (if missing) and grants each its privileges.

    Args:
        tables: the schema's tables.
        members: login → Saisie role, for the logins that are PostgreSQL roles.
    """
    statements = [_create_group(group) for group in GROUPS.values()]
    everyone = ", ".join(GROUPS.values())
    statements.append(f"GRANT USAGE ON SCHEMA public TO {everyone}")
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}")
    for table in sorted(tables):
        quoted = f'"{table}"'
        statements.append(f"REVOKE ALL ON {quoted} FROM {everyone}")
        statements.append(f"GRANT SELECT ON {quoted} TO {everyone}")
        if table in OWNER_ONLY:
            continue
        if table in INSERT_ONLY:
            statements.append(f"GRANT INSERT ON {quoted} TO {everyone}")
            continue
        writers = _writers(table)
        statements.append(f"GRANT INSERT, UPDATE, DELETE ON {quoted} TO {', '.join(writers)}")
        for column in COLUMN_UPDATES.get(table, ()):
            others = [g for g in GROUPS.values() if g not in writers]
            if others:
                statements.append(f'GRANT UPDATE ("{column}") ON {quoted} TO {", ".join(others)}')
    for login, role in sorted(members.items()):
        for saisie_role, group in GROUPS.items():
            verb = "GRANT" if saisie_role == role else "REVOKE"
            direction = "TO" if verb == "GRANT" else "FROM"
            statements.append(f'{verb} {group} {direction} "{_identifier(login)}"')
    return statements


def _writers(table: str) -> list[str]:
    if table in ADMIN_ONLY:
        return [GROUPS["admin"]]
    if table in PARTY_LISTS:
        return [GROUPS["admin"], GROUPS["team_lead"]]
    return list(GROUPS.values())


def _create_group(group: str) -> str:
    return (f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{group}') "
            f"THEN CREATE ROLE {group} NOLOGIN; END IF; END $$")


def _identifier(login: str) -> str:
    return login.replace('"', '""')


def server_logins(engine: Engine, logins: list[str]) -> list[str]:
    """Which of ``logins`` are login roles of the PostgreSQL server."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT rolname FROM pg_roles WHERE rolcanlogin"))
        known = {row[0] for row in rows}
    return [login for login in logins if login in known]


def schema_tables(engine: Engine) -> list[str]:
    """The tables of the current schema."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
        return [row[0] for row in rows]


def apply(engine: Engine, statements: list[str]) -> None:
    """Run ``statements`` in one transaction."""
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
