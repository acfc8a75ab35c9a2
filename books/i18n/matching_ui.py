"""Strings of the screens of matching: confirmed names on the record, probable duplicates."""

STRINGS: dict[str, tuple[str, str]] = {
    # the record's Règles section
    "record.aliases.title": ("Noms confirmés sur les pièces", "Names confirmed on documents"),
    "record.aliases.none": (
        "Aucun nom confirmé : quand une pièce est rattachée à ce tiers, le nom imprimé s'ajoute ici.",
        "No confirmed name: when a document is assigned to this party, the printed name is added here."),
    "record.aliases.col.name": ("Nom imprimé", "Name as printed"),
    "record.aliases.col.by": ("Confirmé par", "Confirmed by"),
    "record.aliases.col.at": ("Le", "On"),
    "record.key.remove_alias": ("Retirer ce nom", "Remove this name"),
    "record.alias.question": ("Retirer le nom « {name} » ?", "Remove the name “{name}”?"),
    "record.alias.detail": (
        "Les prochaines pièces portant ce nom ne seront plus rattachées d'office à {party} "
        "à ce titre : leurs identifiants et la ressemblance des noms en décideront.",
        "Next documents carrying this name will no longer be assigned to {party} because of it: "
        "their identifiers and how close the names are will decide."),
    "record.alias.yes": ("Retirer le nom", "Remove the name"),
    "record.alias.removed": ("Nom « {name} » retiré.", "Name “{name}” removed."),
    # the lists' probable duplicates
    "list.action.duplicates": ("Doublons probables…", "Probable duplicates…"),
    "dup.title.customer": ("Doublons probables parmi les clients", "Probable duplicates among customers"),
    "dup.title.supplier": ("Doublons probables parmi les fournisseurs",
                           "Probable duplicates among suppliers"),
    "dup.reading": ("Lecture de la liste…", "Reading the list…"),
    "dup.progress": ("Recherche : {done} %", "Searching: {done}%"),
    "dup.found.one": ("1 paire probable", "1 probable pair"),
    "dup.found.many": ("{count} paires probables", "{count} probable pairs"),
    "dup.first": ("les {shown} premières ici, les suivantes après vos fusions",
                  "the first {shown} here, the next ones after your merges"),
    "dup.none": ("Aucun doublon probable dans cette liste.", "No probable duplicate in this list."),
    "dup.hint": ("Entrée : fusionner la paire (vous choisissez celui qui reste) · Échap : fermer",
                 "Enter: merge the pair (you pick the one that stays) · Esc: close"),
    "dup.key.merge": ("Fusionner", "Merge"),
    "dup.key.close": ("Fermer", "Close"),
    "dup.gone": ("Cette paire a changé entre-temps : la liste est relue.",
                 "This pair changed meanwhile: the list is read again."),
}
