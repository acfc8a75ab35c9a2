"""Where a dossier's company pays VAT, and so which rates its rules may set.

French VAT has four sets of rates by territory (CGI art. 278 to 281, 294, 296 and 297):

- ``mainland``: metropolitan France but Corsica: 20, 10, 5.5, 2.1 and 0 %;
- ``corsica``: Corsica's own rates beside the mainland's (CGI art. 297): 13 % (petroleum
  products), 10, 2.1 and 0.9 % on what the mainland taxes higher, and 20 and 5.5 %;
- ``overseas``: Guadeloupe, Martinique and La Réunion (the DOM where VAT applies):
  8.5, 2.1, 1.75, 1.05 and 0 %;
- ``no_vat``: Guyane and Mayotte, where VAT does not apply for now, and the
  overseas collectivities with their own taxes (Saint-Barthélemy, Saint-Martin,
  Saint-Pierre-et-Miquelon, the Pacific): only 0 %.

A document read from a file keeps whatever French rate it prints (a mainland firm
books a hotel night in La Réunion at 8.5 %); the territory decides what a rule offers
and accepts, and which rates a form proposes first.
"""

from __future__ import annotations

from books.errors import InvalidInput
from books.i18n import t

TERRITORIES = ("mainland", "corsica", "overseas", "no_vat")
"""Codes of the VAT territories (labels in the catalog as ``territory.<code>``)."""
DEFAULT_TERRITORY = "mainland"
RATES = {
    "mainland": ("20", "10", "5.5", "2.1", "0"),
    "corsica": ("20", "10", "13", "5.5", "2.1", "0.9", "0"),
    "overseas": ("8.5", "2.1", "1.75", "1.05", "0"),
    "no_vat": ("0",),
}
"""The VAT rates of each territory, the usual first."""

_NO_VAT_CODES = ("97133", "97150")
"""Saint-Barthélemy and Saint-Martin: postal codes under 971 that are not Guadeloupe's."""
_BY_PREFIX = {"971": "overseas", "972": "overseas", "974": "overseas",
              "973": "no_vat", "975": "no_vat", "976": "no_vat", "977": "no_vat",
              "978": "no_vat", "986": "no_vat", "987": "no_vat", "988": "no_vat"}
POSTCODE_MAX = 10


def rates_of(territory: str | None) -> tuple[str, ...]:
    """The rates a dossier of ``territory`` uses (the mainland's for an unknown code)."""
    return RATES.get(territory or DEFAULT_TERRITORY, RATES[DEFAULT_TERRITORY])


def rates_text(territory: str | None) -> str:
    """The territory's rates as the language writes them (``8,5 ; 2,1 ; 0`` / ``8.5, 2.1, 0``)."""
    from books.i18n import get_language

    if get_language() == "fr":
        return " ; ".join(rate.replace(".", ",") for rate in rates_of(territory))
    return ", ".join(rates_of(territory))


def territory_label(territory: str | None) -> str:
    """A territory as the forms name it (``DOM : Guadeloupe, Martinique, La Réunion``)."""
    return t(f"territory.{territory or DEFAULT_TERRITORY}")


def proposed_territory(postcode: str | None) -> str | None:
    """The territory a French postal code lies in, or None when it says nothing.

    ``97400`` (Saint-Denis, La Réunion) → ``overseas``; ``97300`` (Cayenne) → ``no_vat``;
    ``20000`` (Ajaccio) → ``corsica``; ``75011`` → ``mainland``; a foreign or partial
    code → None.
    """
    code = (postcode or "").replace(" ", "")
    if len(code) != 5 or not code.isdigit():
        return None
    if code in _NO_VAT_CODES:
        return "no_vat"
    if code[:3] in _BY_PREFIX:
        return _BY_PREFIX[code[:3]]
    if code[:2] in ("97", "98"):
        return None
    if code[:2] == "20":  # Corse-du-Sud (200xx-201xx) and Haute-Corse (202xx-206xx)
        return "corsica"
    return "mainland"


def clean_territory(value: str | None, label: str) -> str:
    """A territory code from :data:`TERRITORIES` (blank: the mainland).

    Raises:
        InvalidInput: an unknown code, the choices listed.
    """
    code = (value or "").strip().lower() or DEFAULT_TERRITORY
    if code not in TERRITORIES:
        raise InvalidInput(t("territory.bad", field=label, value=code[:20],
                             choices=", ".join(TERRITORIES)))
    return code


def clean_postcode(value: str | None, label: str) -> str | None:
    """A postal code: letters, digits, spaces and dashes, at most 10 characters."""
    code = " ".join((value or "").split()).upper()
    if not code:
        return None
    if len(code) > POSTCODE_MAX or not all(c.isalnum() or c in " -" for c in code):
        raise InvalidInput(t("territory.bad_postcode", field=label, value=code[:20]))
    return code
