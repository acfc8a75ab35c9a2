"""How the audit log names the inbox's, the ledger's and the matching's actions."""

STRINGS = {
    "audit.entity.account": ("compte", "account"),
    "audit.entity.journal": ("journal", "journal"),
    "audit.action.inbox_in": ("arrivée dans la boîte", "arrived in the inbox"),
    "audit.action.publish": ("publication", "published"),
    "audit.action.unpublish": ("dépublication (contrepassation)", "unpublished (reversed)"),
    "audit.action.move": ("déplacement vers un autre dossier", "moved to another dossier"),
    "audit.action.assign": ("tiers attribué", "party assigned"),
    "audit.action.rename": ("renommage", "renamed"),
    "audit.action.alias_add": ("nom appris pour le rapprochement", "name learnt for matching"),
    "audit.action.alias_remove": ("nom oublié pour le rapprochement", "name forgotten for matching"),
    "audit.action.grants": ("droits de la base", "database grants"),
    "audit.action.ledger": ("réglages comptables", "accounting settings"),
    "audit.action.rules": ("règles modifiées", "rules changed"),
}
