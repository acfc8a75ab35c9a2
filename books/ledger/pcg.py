"""The Plan comptable général as a new dossier's chart starts, and the accounts
publishing uses when nothing more precise is known.

Account numbers are written on six digits (the PCG's ``44566`` is ``445660``), as
most French accounting packages import them. The defaults are deliberately
plain: a purchase with no account of its own goes to 607000 (achats de
marchandises), a sale to 707000 (ventes de marchandises); a rule, the party's
own class 2/6/7 account or a person's edit overrides them.
"""

from __future__ import annotations

PURCHASE_DEFAULT = "607000"
"""Charge account of a purchase that names none (fields, party, rule)."""
SALE_DEFAULT = "707000"
"""Product account of a sale that names none."""
SUPPLIERS = "401000"
"""Collective account of suppliers (their auxiliary accounts hang on it)."""
CUSTOMERS = "411000"
"""Collective account of customers."""
VAT_DEDUCTIBLE = "445660"
"""TVA déductible sur autres biens et services (44566)."""
VAT_DEDUCTIBLE_ASSETS = "445620"
"""TVA déductible sur immobilisations (44562)."""
VAT_DEDUCTIBLE_INTRA = "445662"
"""TVA déductible intracommunautaire (445662), the self-assessed VAT of a reverse charge."""
VAT_DUE_INTRA = "445200"
"""TVA due intracommunautaire (4452), its counterpart."""
VAT_COLLECTED = "445710"
"""TVA collectée (44571)."""
ROUNDING_CHARGE = "658000"
"""Charges diverses de gestion courante: a rounding difference against the dossier."""
ROUNDING_PRODUCT = "758000"
"""Produits divers de gestion courante: a rounding difference in its favour."""

CLASSES = {
    "1": "Comptes de capitaux",
    "2": "Comptes d'immobilisations",
    "3": "Comptes de stocks et en-cours",
    "4": "Comptes de tiers",
    "5": "Comptes financiers",
    "6": "Comptes de charges",
    "7": "Comptes de produits",
}
"""The PCG's classes by their first digit."""

ACCOUNTS: tuple[tuple[str, str], ...] = (
    ("101000", "Capital"),
    ("106000", "Réserves"),
    ("120000", "Résultat de l'exercice"),
    ("164000", "Emprunts auprès des établissements de crédit"),
    ("205000", "Concessions, brevets, licences, logiciels"),
    ("213000", "Constructions"),
    ("215400", "Matériel industriel"),
    ("218200", "Matériel de transport"),
    ("218300", "Matériel de bureau et matériel informatique"),
    ("218400", "Mobilier"),
    ("310000", "Matières premières"),
    ("370000", "Stocks de marchandises"),
    (SUPPLIERS, "Fournisseurs"),
    ("404000", "Fournisseurs d'immobilisations"),
    (CUSTOMERS, "Clients"),
    ("421000", "Personnel - rémunérations dues"),
    ("431000", "Sécurité sociale"),
    (VAT_DUE_INTRA, "TVA due intracommunautaire"),
    ("445510", "TVA à décaisser"),
    (VAT_DEDUCTIBLE_ASSETS, "TVA déductible sur immobilisations"),
    (VAT_DEDUCTIBLE, "TVA déductible sur autres biens et services"),
    (VAT_DEDUCTIBLE_INTRA, "TVA déductible intracommunautaire"),
    (VAT_COLLECTED, "TVA collectée"),
    ("467000", "Autres comptes débiteurs ou créditeurs"),
    ("471000", "Compte d'attente"),
    ("512000", "Banque"),
    ("530000", "Caisse"),
    ("601000", "Achats stockés - matières premières"),
    ("602000", "Achats stockés - autres approvisionnements"),
    ("604000", "Achats d'études et prestations de services"),
    ("606100", "Fournitures non stockables (eau, énergie)"),
    ("606300", "Fournitures d'entretien et de petit équipement"),
    ("606400", "Fournitures administratives"),
    (PURCHASE_DEFAULT, "Achats de marchandises"),
    ("611000", "Sous-traitance générale"),
    ("613200", "Locations immobilières"),
    ("613500", "Locations mobilières"),
    ("615000", "Entretien et réparations"),
    ("616000", "Primes d'assurances"),
    ("622600", "Honoraires"),
    ("623000", "Publicité, publications, relations publiques"),
    ("624100", "Transports sur achats"),
    ("625100", "Voyages et déplacements"),
    ("625700", "Réceptions"),
    ("626000", "Frais postaux et de télécommunications"),
    ("627000", "Services bancaires et assimilés"),
    ("635000", "Autres impôts, taxes et versements assimilés"),
    ("641000", "Rémunérations du personnel"),
    ("645000", "Charges de sécurité sociale et de prévoyance"),
    (ROUNDING_CHARGE, "Charges diverses de gestion courante"),
    ("661000", "Charges d'intérêts"),
    ("671000", "Charges exceptionnelles sur opérations de gestion"),
    ("681000", "Dotations aux amortissements et provisions"),
    ("701000", "Ventes de produits finis"),
    ("706000", "Prestations de services"),
    (SALE_DEFAULT, "Ventes de marchandises"),
    ("708000", "Produits des activités annexes"),
    ("709000", "Rabais, remises et ristournes accordés"),
    (ROUNDING_PRODUCT, "Produits divers de gestion courante"),
    ("761000", "Produits de participations"),
    ("771000", "Produits exceptionnels sur opérations de gestion"),
)
"""The accounts a dossier's chart starts with (origin ``pcg``)."""

LABELS = dict(ACCOUNTS)


def label_of(number: str) -> str:
    """The PCG's label of ``number``: its own, else its class's."""
    return LABELS.get(number) or CLASSES.get(number[:1], number)
