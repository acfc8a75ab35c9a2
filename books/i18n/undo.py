"""Strings of undo (whose action is taken back) and of the confirmations of bulk actions."""

STRINGS: dict[str, tuple[str, str]] = {
    # books: undo and the delete rule
    "perm.action.party.undo_others": (
        "annuler l'action d'une autre personne",
        "undoing someone else's action",
    ),
    "undo.described": ("{summary}, par {who}, le {when}", "{summary}, by {who}, on {when}"),
    "undo.nothing_mine": (
        "vous n'avez rien à annuler dans ce dossier",
        "you have nothing to undo in this dossier",
    ),
    "undo.nothing_mine_but": (
        "vous n'avez rien à annuler dans ce dossier ; la dernière action est : {last}",
        "you have nothing to undo in this dossier; the last action is: {last}",
    ),
    "undo.already": (
        "cette action a déjà été annulée (peut-être par quelqu'un d'autre)",
        "this action was already undone (perhaps by someone else)",
    ),
    "undo.tangled": (
        "annulation impossible : depuis, {who} a fait « {summary} » le {when} sur une partie "
        "de ces tiers ; annulez d'abord cette action-là",
        "cannot undo: since then, {who} did '{summary}' on {when} on some of these parties; "
        "undo that action first",
    ),
    "delete.all_have_documents": (
        "suppression impossible : les {count} tiers sélectionnés ont tous des pièces ; "
        "archivez-les plutôt",
        "cannot delete: all {count} selected parties have documents; archive them instead",
    ),
    # the app: confirmations with a safe default
    "safe.no": ("Non", "No"),
    "safe.key_yes": ("Oui", "Yes"),
    "safe.key_no": ("Non", "No"),
    "safe.key_switch": ("Bouton suivant", "Next button"),
    "safe.hint": (
        "⏎ choisit le bouton en surbrillance (Non au départ), Tab passe à l'autre",
        "⏎ picks the highlighted button (No at first), Tab moves to the other",
    ),
    "bulk.noun.customer.one": ("client", "customer"),
    "bulk.noun.customer.many": ("clients", "customers"),
    "bulk.noun.supplier.one": ("fournisseur", "supplier"),
    "bulk.noun.supplier.many": ("fournisseurs", "suppliers"),
    "bulk.archive_question": ("Archiver {count} {noun} ?", "Archive {count} {noun}?"),
    "bulk.archive_detail": (
        "{names}\nIls quittent les listes et le rapprochement ; leur historique reste. u annule.",
        "{names}\nThey leave the lists and matching; their history stays. u undoes.",
    ),
    "bulk.archive_yes": ("Oui, archiver", "Yes, archive"),
    "bulk.archive_progress": ("Archivage de {count} {noun}", "Archiving {count} {noun}"),
    "bulk.archive_progress_count": ("{done} / {count} tiers archivés", "{done} / {count} parties archived"),
    "bulk.restore_progress": ("Restauration de {count} {noun}", "Restoring {count} {noun}"),
    "bulk.restore_progress_count": ("{done} / {count} tiers restaurés", "{done} / {count} parties restored"),
    "bulk.delete_progress": ("Suppression de {count} {noun}", "Deleting {count} {noun}"),
    "bulk.delete_progress_count": ("{done} / {count} tiers supprimés", "{done} / {count} parties deleted"),
    "bulk.delete_question": ("Supprimer {count} {noun} ?", "Delete {count} {noun}?"),
    "bulk.delete_detail": (
        "{names}\nUn tiers supprimé quitte la liste et son code redevient libre. u annule.",
        "{names}\nA deleted party leaves the list and its code is free again. u undoes.",
    ),
    "bulk.delete_kept.one": (
        "{count} {noun} a des pièces et sera gardé ({names}) : archivez-le plutôt.",
        "{count} {noun} has documents and will be kept ({names}): archive it instead.",
    ),
    "bulk.delete_kept.many": (
        "{count} {noun} ont des pièces et seront gardés ({names}) : archivez-les plutôt.",
        "{count} {noun} have documents and will be kept ({names}): archive them instead.",
    ),
    "bulk.delete_yes": ("Oui, supprimer", "Yes, delete"),
    "bulk.deleted_kept": (
        "{deleted} tiers supprimé(s) ; {count} gardé(s) car ils ont des pièces ({names}) : "
        "archivez-les plutôt. u pour annuler.",
        "{deleted} parties deleted; {count} kept because they have documents ({names}): "
        "archive them instead. u to undo.",
    ),
    "bulk.merge_question": (
        "Fusionner {count} {noun} dans « {keep} » ?",
        "Merge {count} {noun} into '{keep}'?",
    ),
    "bulk.merge_detail": (
        "Leurs pièces, contacts, groupes, paiements et relances passent à « {keep} » ; "
        "leurs noms deviennent des alias. u annule.",
        "Their documents, contacts, groups, payments and reminders move to '{keep}'; "
        "their names become aliases. u undoes.",
    ),
    "bulk.merge_yes": ("Oui, fusionner", "Yes, merge"),
    # the app: undo
    "undo.others_question": (
        "Annuler l'action de quelqu'un d'autre ?",
        "Undo someone else's action?",
    ),
    "undo.others_detail": (
        "{described}.\nCe n'est pas votre action : l'annuler défait son travail.",
        "{described}.\nThis is not your action: undoing it takes back their work.",
    ),
    "undo.others_yes": ("Oui, annuler son action", "Yes, undo their action"),
    "undo.mine_hint": (
        "{message} ; U annule la dernière action du dossier, quel qu'en soit l'auteur",
        "{message}; U undoes the dossier's last action, whoever did it",
    ),
    "undo.running": (
        "une annulation est en cours ; attendez qu'elle se termine",
        "an undo is running; wait for it to end",
    ),
    "undo.progress_title": ("Annulation : {summary}", "Undoing: {summary}"),
    "undo.progress_count": ("{done} / {count} tiers rétablis", "{done} / {count} parties restored"),
    "key.list_undo_any": ("Annuler la dernière action du dossier", "Undo the dossier's last action"),
    # the command line
    "undo.cli_others_hint": (
        "{message} (saisie undo --others pour l'annuler)",
        "{message} (saisie undo --others to undo it)",
    ),
    "undo.cli_confirm": (
        "Annuler l'action de quelqu'un d'autre : {described} ? [o/N]",
        "Undo someone else's action: {described}? [y/N]",
    ),
    "undo.cli_needs_yes": (
        "c'est l'action de quelqu'un d'autre ({described}) : ajoutez --yes pour confirmer",
        "this is someone else's action ({described}): add --yes to confirm",
    ),
    "undo.cli_cancelled": ("rien n'a été annulé", "nothing was undone"),
}
