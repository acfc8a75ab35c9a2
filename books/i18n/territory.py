"""Strings of a dossier's VAT territory and postal code (books.dossiers.vat)."""

STRINGS: dict[str, tuple[str, str]] = {
    "territory.mainland": ("Métropole (hors Corse)", "Mainland France (but Corsica)"),
    "territory.corsica": ("Corse", "Corsica"),
    "territory.overseas": ("DOM : Guadeloupe, Martinique, La Réunion",
                           "Overseas: Guadeloupe, Martinique, La Réunion"),
    "territory.no_vat": ("Guyane, Mayotte et collectivités sans TVA",
                         "French Guiana, Mayotte and territories without VAT"),
    "territory.bad": ("{field} : « {value} » n'est pas un territoire ({choices})",
                      "{field}: '{value}' is not a territory ({choices})"),
    "territory.bad_postcode": ("{field} : « {value} » n'est pas un code postal",
                               "{field}: '{value}' is not a postal code"),
    "territory.document_rates": ("ceux du dossier, {territory} : {rates} % ; en France : {others}",
                                 "the dossier's, {territory}: {rates} %; in France: {others}"),
    "territory.field": ("Territoire TVA", "VAT territory"),
    "territory.postcode": ("Code postal", "Postal code"),
    "territory.proposed": ("Territoire TVA proposé d'après le code postal {postcode} : {territory}",
                           "VAT territory proposed from the postal code {postcode}: {territory}"),
    "territory.rates": ("taux {rates} %", "rates {rates} %"),
    "territory.wizard_postcode": ("Code postal :", "Postal code:"),
    "territory.wizard_territory": ("Territoire TVA :", "VAT territory:"),
}
