"""Strings of the customer and supplier lists and their services."""

STRINGS: dict[str, tuple[str, str]] = {
    "party.connected": (
        "ce dossier est connecté à {software} : les noms et identifiants y sont gérés ; "
        "modifiez-les dans {software} puis rechargez la liste",
        "this dossier is connected to {software}: names and identifiers belong there; "
        "change them in {software} and reload the list",
    ),
    "party.not_found": ("aucun tiers « {code} » dans cette liste", "no party '{code}' in this list"),
    "party.code_taken": ("le code « {code} » est déjà utilisé dans cette liste", "code '{code}' is already used in this list"),
    "party.conflict": (
        "modifié entre-temps par quelqu'un d'autre : maintenant « {name} » ({code}, {city}, version {version}) ; "
        "rien n'a été écrasé, reprenez sur ces valeurs",
        "changed meanwhile by someone else: now '{name}' ({code}, {city}, version {version}); "
        "nothing was overwritten, start again from these values",
    ),
    "party.conflict_deleted": (
        "ce tiers a été supprimé entre-temps par quelqu'un d'autre",
        "this party was deleted meanwhile by someone else",
    ),
    "party.nothing_selected": ("aucun tiers sélectionné", "no party selected"),
    "party.has_documents": (
        "suppression impossible : {count} pièce(s) sont liées à ce tiers ; archivez-le plutôt",
        "cannot delete: {count} document(s) are tied to this party; archive it instead",
    ),
    "party.group_required": ("indiquez le nom du groupe", "give the group's name"),
    "party.merge_needs_two": (
        "sélectionnez au moins deux tiers, dont celui qui reste",
        "select at least two parties, including the one that stays",
    ),
    "party.bad_kind": ("liste « {kind} » inconnue (customer ou supplier)", "unknown list '{kind}' (customer or supplier)"),
    "party.bad_sort": ("tri « {sort} » inconnu (possibles : {choices})", "unknown sort '{sort}' (allowed: {choices})"),
    "party.terms_short": ("{days} j", "{days} d"),
    "undo.archive": ("archivage de {count} tiers", "archiving {count} parties"),
    "undo.delete": ("suppression de {count} tiers", "deleting {count} parties"),
    "undo.merge": ("fusion de {count} tiers", "merging {count} parties"),
    "undo.group_add": ("ajout de {count} tiers au groupe {group}", "adding {count} parties to group {group}"),
    "undo.group_remove": ("retrait de {count} tiers du groupe {group}", "removing {count} parties from group {group}"),
    "undo.code_reused": (
        "annulation impossible : le code {codes} est de nouveau utilisé par un autre tiers ; "
        "renommez ou supprimez-le d'abord",
        "cannot undo: code {codes} is used again by another party; rename or delete it first",
    ),
    "undo.nothing": ("rien à annuler dans ce dossier", "nothing to undo in this dossier"),
    "undo.done": ("Annulé : {summary}.", "Undone: {summary}."),
}
