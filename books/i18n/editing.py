"""Strings of the editing fixes: managed fields, payment methods, phones, deposits,
the import review, the audit wording, themes, duplicate dossier names, quitting."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # deposits and overpayments in the record
    "ed.unallocated": (
        "Acompte non affecté : {amount} (à imputer sur une prochaine facture)",
        "Unallocated deposit: {amount} (to set against a next invoice)",
    ),
    "ed.payments_unallocated": (" · acompte non affecté {amount}", " · unallocated deposit {amount}"),
    # payment methods and phones
    "ed.bad_payment_method": (
        "{field} : « {value} » n'est pas un mode de règlement (au choix : {choices})",
        "{field}: '{value}' is not a payment method (one of: {choices})",
    ),
    "ed.bad_phone": (
        "{field} : numéro « {value} » invalide (ex. 01 23 45 67 89 ou +32 2 555 12 12)",
        "{field}: invalid number '{value}' (e.g. 01 23 45 67 89 or +32 2 555 12 12)",
    ),
    # fields managed in Saisie
    "ed.field.credit_limit": ("Limite de crédit", "Credit limit"),
    "ed.field.insurer_guarantee": ("Garantie assureur", "Insurer guarantee"),
    "ed.field.other_guarantees": ("Autres garanties", "Other guarantees"),
    "form.comments": ("Commentaires", "Comments"),
    # the party list
    "ed.col.ids_sorted": ("SIREN", "SIREN"),
    # configuration
    "ed.config_missing": (
        "fichier de configuration introuvable : {file} (créez-le ou retirez --config / SAISIE_CONFIG)",
        "configuration file not found: {file} (create it or drop --config / SAISIE_CONFIG)",
    ),
    # dossier names
    "ed.dossier_name_in_use": (
        "un dossier porte déjà ce nom : {dossiers}",
        "a dossier already has this name: {dossiers}",
    ),
    "ed.wizard_name_conflict": (
        "Attention : un dossier porte déjà ce nom ({dossiers}). "
        "Créer un dossier supplémentaire pour ce même client, ou annuler.",
        "Note: a dossier already has this name ({dossiers}). "
        "Create an additional dossier for the same client, or cancel.",
    ),
    # quitting with a form open
    "ed.quit_question": ("Quitter Saisie ?", "Quit Saisie?"),
    "ed.quit_detail": (
        "Un formulaire ouvert n'est pas enregistré : ce qui y a été saisi sera perdu.",
        "An open form is not saved: what was typed in it will be lost.",
    ),
    "ed.quit_yes": ("Quitter sans enregistrer", "Quit without saving"),
    "ed.discard_question": ("Abandonner ce formulaire ?", "Leave this form?"),
    "ed.discard_detail": (
        "Ce qui y a été saisi n'est pas enregistré et sera perdu (^s enregistre).",
        "What was typed in it is not saved and will be lost (^s saves).",
    ),
    "ed.discard_yes": ("Abandonner sans enregistrer", "Leave without saving"),
    # the import's review
    "ed.review.rejected": ("Lignes rejetées ({count}) :", "Rejected rows ({count}):"),
    "ed.review.creates": ("À créer ({count}) :", "To create ({count}):"),
    "ed.review.updates": ("À mettre à jour ({count}) :", "To update ({count}):"),
    "ed.review.change": ("{field} : {before} → {after}", "{field}: {before} → {after}"),
    "ed.review.joins": ("{field} : + {groups}", "{field}: + {groups}"),
}
