"""Strings of matching a document's seller or buyer to a party."""

STRINGS: dict[str, tuple[str, str]] = {
    "match.identifier.siren": ("SIREN {value}", "SIREN {value}"),
    "match.identifier.vat": ("TVA {value}", "VAT {value}"),
    "match.identifier.iban": ("IBAN {value}", "IBAN {value}"),
    "match.reason.alias": (
        "nom déjà confirmé le {day} par {by}", "name confirmed on {day} by {by}"),
    "match.reason.name": (
        "nom proche : {name}, {score}, écart {gap} sur le suivant",
        "close name: {name}, {score}, {gap} ahead of the next"),
    "match.reason.none": ("aucun tiers assez proche", "no party close enough"),
    "match.reason.identifier_shared": (
        "{identifier} porté par {count} tiers : le nom départage, à confirmer",
        "{identifier} held by {count} parties: the name decides, to confirm"),
    "match.reason.identifier_contradicted": (
        "{identifier}, mais le nom est celui de {name} : à confirmer",
        "{identifier}, but the name is {name}'s: to confirm"),
    "match.error.no_alias": ("{code} n'a pas de nom confirmé n° {alias}",
                             "{code} has no confirmed name number {alias}"),
    "match.error.stdin": ("l'entrée standard n'est pas du texte UTF-8 (ligne {line})",
                          "standard input is not UTF-8 text (line {line})"),
    "match.error.empty": ("nom vide : donnez un nom ou un identifiant",
                          "empty name: give a name or an identifier"),
    "match.decision.auto": ("automatique", "automatic"),
    "match.decision.suggest": ("à confirmer", "to confirm"),
    "match.decision.none": ("aucun", "none"),
    "match.column.query": ("nom lu", "name read"),
    "match.column.decision": ("décision", "decision"),
    "match.column.code": ("code", "code"),
    "match.column.name": ("raison sociale", "name"),
    "match.column.score": ("score", "score"),
    "match.column.reason": ("pourquoi", "why"),
    "match.column.id": ("n°", "no."),
    "match.column.by": ("confirmé par", "confirmed by"),
    "match.column.at": ("le", "on"),
    "match.no_aliases": ("{code} n'a aucun nom confirmé.", "{code} has no confirmed name."),
    "match.duplicate.siren": ("même SIREN {value}", "same SIREN {value}"),
    "match.duplicate.vat": ("même n° de TVA {value}", "same VAT number {value}"),
    "match.duplicate.name": ("même nom une fois réduit", "same name once reduced"),
    "match.duplicate.close": ("un mot proche : {first} / {second} ({score})",
                              "one word close: {first} / {second} ({score})"),
}
