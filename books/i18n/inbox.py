"""Strings of the inbox pipeline and the documents it makes."""

STRINGS: dict[str, tuple[str, str]] = {
    "inbox.error.unreadable": ("{path} : illisible ({reason})", "{path}: unreadable ({reason})"),
    "inbox.error.too_large": (
        "{name} : plus de {limit} Mo, refusé", "{name}: over {limit} MB, refused"),
    "inbox.error.archive": (
        "archive {path} : écriture impossible ({reason})",
        "archive {path}: cannot write ({reason})"),
    "inbox.error.folder": (
        "dossier de dépôt {path} illisible ({reason}) : il sera relu au prochain passage",
        "inbox folder {path} unreadable ({reason}): it will be read again on the next pass"),
    "inbox.error.vanished": (
        "{path} a disparu avant d'être enregistré (retiré par quelqu'un d'autre ?)",
        "{path} vanished before it was stored (removed by someone else?)"),
    "inbox.error.move": (
        "{path} enregistré, mais pas déplacé hors de la boîte de dépôt ({reason}) : "
        "nouvel essai au prochain passage",
        "{path} stored, but not moved out of the inbox folder ({reason}): "
        "tried again on the next pass"),
    "inbox.error.too_many_members": (
        "{name} : {count} fichiers dans l'archive, au-delà de la limite de {limit}",
        "{name}: {count} files in the archive, over the limit of {limit}"),
    "inbox.error.container_too_large": (
        "{name} : plus de {limit} Mo une fois décompressé, refusé",
        "{name}: over {limit} MB once unpacked, refused"),
    "inbox.error.member_too_large": (
        "{name} : la pièce {member} dépasse {limit} Mo une fois décompressée, refusée",
        "{name}: attachment {member} is over {limit} MB once unpacked, refused"),
    "inbox.error.bad_container": (
        "{name} : archive ou message illisible ({reason})",
        "{name}: unreadable archive or message ({reason})"),
    "inbox.error.empty_container": (
        "{name} : aucune facture dedans (PDF, XML ou image)",
        "{name}: no invoice inside (PDF, XML or image)"),
    "inbox.summary": (
        "{processed} pièce(s) : {review} à revoir, {published} publiée(s), {duplicates} "
        "doublon(s), {failed} en échec, {unassigned} à classer",
        "{processed} document(s): {review} to review, {published} published, {duplicates} "
        "duplicate(s), {failed} failed, {unassigned} to assign"),
    "demo.inbox": ("Boîte de réception : la chaîne de traitement lit les factures déposées",
                   "Inbox: the pipeline reads the invoices dropped"),
    "inbox.watching": (
        "Surveillance de {count} dossier(s) de dépôt (ctrl+c ou SIGTERM pour arrêter).",
        "Watching {count} inbox folder(s) (ctrl+c or SIGTERM to stop)."),
    "inbox.stopped": ("Arrêt demandé : fin du fichier en cours.",
                      "Stop asked: finishing the file in hand."),
    "document.need_dossier": ("précisez --dossier SLUG (ou --unassigned pour les pièces à classer)",
                              "give --dossier SLUG (or --unassigned for documents to assign)"),
    "document.not_found": ("aucune pièce n° {id} accessible", "no document {id} you may open"),
    "document.state.stored": ("enregistrée", "stored"),
    "document.state.read": ("lue", "read"),
    "document.state.review": ("à revoir", "to review"),
    "document.state.published": ("publiée", "published"),
    "document.state.failed": ("en échec", "failed"),
    "document.state.duplicate": ("doublon", "duplicate"),
    "document.flag.failed": ("illisible", "unreadable"),
    "document.flag.party_unknown": ("tiers inconnu", "party unknown"),
    "document.flag.direction_unknown": ("sens inconnu (achat ou vente ?)",
                                        "direction unknown (purchase or sale?)"),
    "document.flag.totals": ("les totaux ne s'additionnent pas", "totals do not add up"),
    "document.flag.credit_note_as_invoice": ("montants négatifs sur une facture : un avoir ?",
                                             "negative amounts on an invoice: a credit note?"),
    "document.flag.possible_duplicate": ("doublon possible (même tiers, numéro, date, total)",
                                         "possible duplicate (same party, number, date, total)"),
    "document.flag.not_addressed": ("adressée à une autre société que le dossier",
                                    "addressed to another company than the dossier"),
    "document.flag.date_future": ("datée dans le futur", "dated in the future"),
    "document.flag.date_old": ("datée d'avant l'exercice ouvert", "dated before the open year"),
    "document.flag.foreign_currency": ("dans une autre devise que celle du dossier",
                                       "in another currency than the dossier's"),
    "document.flag.unassigned": ("à classer : aucun dossier ne correspond",
                                 "to assign: no dossier matches"),
    "document.column.id": ("n°", "no."),
    "document.column.state": ("état", "state"),
    "document.column.date": ("date", "date"),
    "document.column.party": ("tiers", "party"),
    "document.column.number": ("numéro", "number"),
    "document.column.total": ("total", "total"),
    "document.column.flags": ("alertes", "flags"),
    "document.column.file": ("fichier", "file"),
    "document.column.field": ("champ", "field"),
    "document.column.value": ("valeur", "value"),
    "document.column.source": ("d'où", "from"),
    "document.source.document": ("lu sur la pièce", "read on the document"),
    "document.source.default": ("défaut du dossier", "dossier default"),
    "document.source.match": ("rapprochement", "matching"),
    "document.source.manual": ("saisi", "typed"),
    "document.source.check": ("contrôle", "check"),
}
