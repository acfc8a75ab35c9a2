"""The labels printed next to invoice values, in French, English and German.

Each pattern is matched case-insensitively against one segment of a page
(see :mod:`books.invoices.layout`). German compounds are matched by their
ending ("Teilrechnung Nr.", "Gesamtsumme"); a total that names a part
(allowances, charges, deposits, a subtotal of lines) is excluded from the
document totals, and a date that belongs to something else (delivery, order,
a related invoice, a period, a page footer) is not the issue date.
"""

from __future__ import annotations

import re


def _labels(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{part})" for part in parts), re.IGNORECASE)


_NO = r"(?:n\s?[°ºo]\.?|num[ée]ro|number|nr\.?|nummer|no\.?|#|nb\.?)"

NUMBER = _labels(
    r"\b(?:facture|avoir|note\s+de\s+cr[ée]dit)\s*" + _NO,
    r"\b" + _NO + r"\s*(?:de\s+(?:la\s+)?)?(?:facture|d['’]avoir|avoir)\b",
    r"\bnum[ée]ro\s+(?:de\s+)?(?:facture|pi[èe]ce)\b",
    r"\b(?:invoice|credit\s+note|bill|document)\s*" + _NO,
    r"\b(?:invoice|credit\s+note)\s+(?:id|ref(?:erence)?)\b",
    r"\b\w*rechnungs?-?\s*(?:nummer|nr\.?|no\.?|#)",
    r"\b\w*rechnung(?:\s*\(\d{3}\))?\s+(?:nr\.?|no\.?|nummer|#)",
    r"\b(?:gutschrift|beleg)s?-?\s*(?:nummer|nr\.?|no\.?)",
    r"\bRg\.?-?\s?Nr\.?|\bRe\.?-?\s?Nr\.?",
)
"""Labels of the invoice (or credit note) number."""

TITLE = re.compile(
    r"^\s*(?:facture|avoir|invoice|tax\s+invoice|credit\s+note|\w*rechnung|gutschrift)\b\s*[:#]?\s*",
    re.IGNORECASE,
)
"""A document title, possibly followed by the number ("Rechnung RE-1", "FACTURE FA-12")."""

NOT_NUMBER = _labels(
    r"client|customer|kunde|commande|order|bestell|auftrag|livraison|delivery|liefer|tva|vat|ust"
    r"|steuer|siren|siret|tel|fax|page|seite|contrat|contract|vertrag|projet|project|iban|bic|ref\.?\s+client"
    r"|d['’]origine|original|related|preceding|bezug|urspr|corrig|corrected"
)
"""Words that make a number label someone else's (customer, order, tax, page…)."""

ISSUE_DATE = _labels(
    r"date\s+(?:de\s+(?:la\s+)?)?(?:facture|facturation|l['’]avoir|d['’]avoir)",
    r"date\s+d['’][ée]mission|[ée]mise?\s+le|factur[ée]e?\s+le|date\s+de\s+pi[èe]ce",
    r"(?:invoice|issue|billing|document|credit\s+note)\s+date|date\s+(?:of\s+)?issue|date\s+issued|issued\s+(?:at|on)",
    r"\b\w*rechnungs-?\s*datum|belegdatum|ausstellungsdatum|gutschriftsdatum|datum\s+der\s+rechnung",
    r"^\s*(?:date|datum|dated|le)\s*[:.]?\s*$",
    r"^\s*(?:date|datum|dated)\b",
)
"""Labels of the issue date."""

NOT_ISSUE_DATE = _labels(
    r"livraison|livr[ée]|delivery|delivered|shipping|ship\s+date|liefer|leistung|versand",
    r"[ée]ch[ée]ance|due|f[äa]llig|zahlbar|payable|payment|paiement|zahlung|r[èe]glement",
    r"commande|order|bestell|auftrag|contrat|contract|vertrag|devis|quote|angebot",
    r"d['’]origine|original|related|preceding|referenced|bezug|urspr|vorherig|corrig|pr[ée]c[ée]dente",
    r"p[ée]riode|period|zeitraum|du\s+\d|from\s+\d|vom\s+\d|version|stylesheet|print|druck|created|erstellt|g[ée]n[ée]r",
    r"naissance|birth|geburt|valid|g[üu]ltig|valable|expir",
)
"""Words that make a date someone else's: delivery, due, order, a related invoice…"""
JOINED = re.compile(r"\b[\w-]+\s+(?:und|and|et)\s+(?=\w)", re.IGNORECASE)
"""The first half of a label naming two dates at once ("Liefer- und Rechnungsdatum")."""

DUE_DATE = _labels(
    r"[ée]ch[ée]ance|date\s+limite|[àa]\s+payer\s+(?:avant|le|au\s+plus\s+tard)|payable\s+(?:le|avant|by|on)",
    r"[àa]\s+r[ée]gler\s+(?:avant|le)|date\s+de\s+paiement|due\s+date|payment\s+due|due\s+(?:on|by)",
    r"(?:pay|remit)\s+(?:until|by|before)|f[äa]llig\w*|zahlbar\s+bis|zahlungsziel|bis\s+zum",
)
"""Labels of the payment due date."""

_PARTS = (
    r"remise|rabais|ristourne|escompte|frais|port\b|acompte|d[ée]j[àa]\s+(?:pay|r[ée]gl|vers)|avance|arrhes"
    r"|consigne|d[ée]p[ôo]t|caution|sous[- ]?total|total\s+(?:des\s+)?lignes|total\s+brut\s+ht"
    r"|allowance|discount|rebate|charge|fee|shipping|freight|deposit|prepaid|pre-?payment|paid|advance"
    r"|sub-?total|line\s+total|lines\s+total|sum\s+of\s+lines|retention"
    r"|rabatt|nachlass|skonto|zuschlag|geb[üu]hr|fracht|versand|anzahlung|vorauszahlung|abschlag|bereits"
    r"|gezahlt|pfand|kaution|zwischensumme|positionssumme|summe\s+positionen|einbehalt|rundung|arrondi|rounding"
)
PART = re.compile(_PARTS, re.IGNORECASE)
"""A total that names a part of the document's amount, not the total itself."""

_HT = r"h\.?\s?t\.?|hors\s+tax\w*"
_TTC = r"t\.?t\.?c\.?|toutes\s+taxes"
_TVA = r"t\.?v\.?a\.?"
_VAT = r"vat|tax(?:es)?\b|gst|sales\s+tax"
_UST = r"ust\.?|mwst\.?|umsatzsteuer|mehrwertsteuer"
TOTALS = {
    "net": _labels(
        rf"(?:total|montant|sous-total|base|prix\s+total|valeur)\s+(?:net\s+)?(?:{_HT})",
        r"net\s+total|total\s+net\b(?!\s*(?:[àa]\s+payer|due|ttc))|net\s+amount|amount\s+net\b",
        rf"total\s+(?:amount\s+)?(?:excl\w*|before|without|exclusive\s+of|net\s+of|w/o)\.?\s+(?:of\s+)?(?:{_VAT})",
        rf"(?:amount|total)\s+\(?(?:excl\w*|ex)\.?\s+(?:{_VAT})\)?|taxable\s+total|total\s+taxable",
        r"netto\s*-?\s*(?:betrag|summe|gesamt|rechnungsbetrag)|\b\w*summe\s+netto|gesamt\s*-?\s*netto|netto\b\s*[:€]?\s*$"
        r"|rechnungsbetrag\s+netto|warenwert|summe\s+ohne\s+(?:ust|mwst)|nettobetrag|nettosumme|total\s+netto",
    ),
    "tax": _labels(
        rf"(?:total|montant|somme)\s+(?:de\s+(?:la\s+)?)?(?:{_TVA})|{_TVA}\s+total\w*",
        rf"(?:total|amount\s+of)\s+(?:{_VAT})\b|(?:{_VAT})\s+(?:total|amount)\b",
        rf"(?:{_UST})\s*-?\s*(?:gesamt|betrag|summe)|gesamt\s*-?\s*(?:{_UST})|summe\s+(?:{_UST})"
        rf"|(?:umsatzsteuer|mehrwertsteuer|mwst|ust)betrag|steuerbetrag",
    ),
    "gross": _labels(
        rf"(?:total|montant|prix\s+total|somme)\s+(?:{_TTC})|net\s+(?:{_TTC})",
        rf"total\s+(?:amount\s+)?(?:incl\w*|including|with|inc\.?|gross)\.?\s+(?:of\s+)?(?:{_VAT})"
        rf"|(?:amount|total)\s+\(?(?:incl\w*|inc)\.?\s+(?:{_VAT})\)?",
        r"grand\s+total|invoice\s+total|total\s+invoice\s+amount|gross\s+(?:total|amount)|total\s+gross"
        r"|total\s+amount|document\s+total|total\s+(?:tax\s+)?inclusive",
        r"brutto\s*-?\s*(?:betrag|summe|gesamt|rechnungsbetrag)|\b\w*summe\s+brutto|gesamt\s*-?\s*brutto"
        r"|gesamtbetrag|bruttobetrag|bruttosumme|rechnungsbetrag|rechnungssumme|endbetrag|endsumme|gesamtsumme"
        r"|rechnungs?betrag\s+brutto|total\s+brutto",
    ),
    "prepaid": _labels(
        r"acompte\s+(?:vers[ée]|r[ée]gl[ée]|d[ée]j[àa])|d[ée]j[àa]\s+(?:pay[ée]|r[ée]gl[ée]|vers[ée])|montant\s+pay[ée]"
        r"|avance\s+(?:re[çc]ue|vers[ée]e)|paiement\s+re[çc]u",
        r"prepaid(?:\s+amount)?|amount\s+paid|paid\s+(?:amount|to\s+date)|already\s+paid|less\s+(?:deposit|payment)"
        r"|payments?\s+received|deposit\s+(?:paid|received)",
        r"bereits\s+(?:gezahlt|bezahlt|geleistet)|geleistete\s+(?:anzahlung|zahlung)|erhaltene\s+anzahlung"
        r"|vorauszahlung|abz[üu]glich\s+(?:anzahlung|zahlung)|anzahlung",
    ),
    "payable": _labels(
        r"net\s+[àa]\s+payer|reste\s+[àa]\s+(?:payer|r[ée]gler)|montant\s+[àa]\s+(?:payer|r[ée]gler)"
        r"|total\s+[àa]\s+(?:payer|r[ée]gler)|solde\s+(?:d[ûu]|[àa]\s+payer)|montant\s+d[ûu]|somme\s+[àa]\s+payer"
        r"|[àa]\s+payer|[àa]\s+r[ée]gler",
        r"amount\s+(?:due|payable|to\s+(?:be\s+)?pa(?:y|id))|balance\s+due|total\s+(?:amount\s+)?due|due\s+payable"
        r"|(?:total\s+)?payable\s+amount|total\s+payable|please\s+pay|to\s+pay\b|net\s+payable|outstanding",
        r"zu\s+zahlen\w*|zahlbetrag|zahlbarer\s+betrag|f[äa]lliger\s+betrag|offener\s+betrag|restbetrag"
        r"|zu\s+[üu]berweisen\w*|[üu]berweisungsbetrag|rechnungsbetrag\s+zu\s+zahlen|gesamt\s+zu\s+zahlen",
    ),
}
"""Labels of the document totals, by field."""

SUBTOTAL = _labels(r"sous[- ]?total|sub-?total|zwischensumme|total\s+des\s+lignes|summe\s+positionen")
"""A subtotal of the lines: the net total when nothing else says it, said weakly."""
BARE_TOTAL = re.compile(r"^\s*(?:total|totaux|montant\s+total|summe|gesamt|betrag|total\s+eur)\s*[:(€]?\s*(?:€|eur)?\)?\s*$", re.IGNORECASE)  # fmt: skip
"""A label that only says "Total": the gross total, said weakly."""
BARE_TAX = re.compile(rf"^\s*(?:{_TVA}|{_VAT}|{_UST})\s*[:(]?\s*(?:€|eur)?\)?\s*$", re.IGNORECASE)
"""A label that only says "VAT" / "TVA" / "MwSt": the tax total, said weakly."""

CREDIT_WORDS = re.compile(
    r"\b(?:avoir|facture\s+d['’]avoir|note\s+de\s+cr[ée]dit|credit\s+note|credit\s+memo|gutschrift\w*"
    r"|rechnungskorrektur|stornorechnung)\b",
    re.IGNORECASE,
)
INVOICE_WORDS = re.compile(r"(?:\b(?:facture|invoice)|rechnung)\b", re.IGNORECASE)

BUYER = _labels(
    r"^\s*(?:client|factur[ée]\s+[àa]|adress[ée]\s+[àa]|adresse\s+de\s+facturation|destinataire|acheteur"
    r"|livr[ée]\s+[àa]|adresse\s+de\s+livraison|bill(?:ed)?\s+to|invoice\s+to|sold\s+to|ship\s+to|customer|buyer"
    r"|recipient|kunde|k[äa]ufer|rechnungsempf[äa]nger|rechnungsadresse|lieferadresse|lieferanschrift"
    r"|auftraggeber|empf[äa]nger)\s*(?::\s*|$)",
)
"""Labels opening the buyer's block (alone, or followed by a colon)."""
SELLER = _labels(
    r"^\s*(?:fournisseur|vendeur|[ée]metteur|prestataire|seller|supplier|vendor|from|issued\s+by|sender"
    r"|verk[äa]ufer|lieferant|rechnungssteller|leistungserbringer|absender)\s*(?::\s*|$)",
)
"""Labels opening the seller's block (alone, or followed by a colon)."""
BUYER_WORDS = re.compile(r"\b(?:client|customer|buyer|acheteur|kunde|k[äa]ufer|votre|your|ihre)\b", re.IGNORECASE)
CONTACT = re.compile(
    r"^\s*(?:contact|interlocuteur|suivi\s+par|attn|attention|c/o|z\.\s?hd|ansprechpartner|bearbeiter"
    r"|sachbearbeiter|m\.|mme|mr\.?|mrs\.?|ms\.?|herr|frau|dr\.)\b",
    re.IGNORECASE,
)
"""A line that names a person (a contact), not a company."""

LINE_HEADER = re.compile(
    r"\b(?:d[ée]signation|description|bezeichnung|beschreibung|artikel|article|item|qt[ée]|quantit[ée]|quantity"
    r"|qty|menge|anz\.|prix|price|preis|produit|product|produkt|einheit|unit[ée]?|pos\.)",
    re.IGNORECASE,
)
"""Words of the lines table's header row (two of them on a line make one): the amounts
under it are lines, not totals."""
RATE_TAX = re.compile(
    r"^\s*(?:tva|t\.v\.a\.|vat|mwst\.?|ust\.?|umsatzsteuer|mehrwertsteuer|sales\s+tax|tax|iva)\b[^%\d]{0,12}"
    r"(?P<rate>\d{1,2}(?:[.,]\d{1,3})?)\s?%\s*[:)]?",
    re.IGNORECASE,
)
"""A tax label naming its rate ("TVA 20 %", "MwSt. 19 %"): that rate's VAT amount follows."""
