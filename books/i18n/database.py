"""Strings of the database as a whole: who acts on it, upgrades, backups, grants."""

STRINGS: dict[str, tuple[str, str]] = {
    "perm.action.database.manage": (
        "administrer la base (mise à jour, copie, droits)",
        "administering the database (upgrade, backup, grants)",
    ),
    "user.not_server_role": (
        "SAISIE_USER={asked} refusé : PostgreSQL vous a authentifié comme « {role} », et "
        "seul ce compte peut agir ici",
        "SAISIE_USER={asked} refused: PostgreSQL authenticated you as '{role}', and only that "
        "account may act here",
    ),
    "db.upgrade_needs_admin": (
        "la base est à la révision {revision}, cette version de Saisie attend {head} : un "
        "administrateur doit la mettre à jour (saisie db upgrade)",
        "the database is at revision {revision}, this version of Saisie expects {head}: an "
        "admin must upgrade it (saisie db upgrade)",
    ),
    "db.grants_postgres_only": (
        "les droits par rôle ne concernent que PostgreSQL (avec SQLite, les droits du fichier "
        "font foi)",
        "grants by role only apply to PostgreSQL (with SQLite, the file's permissions decide)",
    ),
    "db.grants_applied": (
        "Droits appliqués : {roles} rôle(s) Saisie, {members} compte(s) PostgreSQL.",
        "Grants applied: {roles} Saisie role(s), {members} PostgreSQL account(s).",
    ),
    "db.grants_failed": (
        "les droits n'ont pas pu être appliqués ({reason}) : lancez la commande en tant que "
        "propriétaire de la base",
        "the grants could not be applied ({reason}): run the command as the database's owner",
    ),
}
