"""The VAT territory field of the dossier forms (wizard, settings): a choice of the three
territories, proposed from the postal code as the person types it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import Select

from books.dossiers.vat import DEFAULT_TERRITORY, TERRITORIES, proposed_territory, territory_label


def territory_select(widget_id: str, value: str = DEFAULT_TERRITORY) -> Select[str]:
    """The territory's choice, the mainland by default (it never is blank)."""
    return Select([(territory_label(code), code) for code in TERRITORIES], value=value,
                  allow_blank=False, id=widget_id)


@dataclass
class TerritoryProposer:
    """Sets the territory the postal code proposes (974… La Réunion: overseas) unless the
    person picked another territory in this form: the choice then differs from what the
    proposer last left there, and is kept."""

    proposed: str | None = DEFAULT_TERRITORY
    """The territory the proposer left in the form (the saved one, at first)."""
    postcode: str = ""
    """The postal code last looked at (the one the form was filled with, at first)."""

    def start(self, postcode: str | None, territory: str) -> None:
        """The saved dossier's values: neither counts as the person's choice."""
        self.postcode, self.proposed = postcode or "", territory

    def postcode_changed(self, select: Select[str], postcode: str) -> str | None:
        """Propose the territory of ``postcode``; returns it when the choice changed."""
        postcode = postcode.strip()
        if postcode == self.postcode:
            return None
        self.postcode = postcode
        territory = proposed_territory(postcode)
        chosen = select.value != self.proposed  # the person picked one: theirs stays
        if chosen or territory is None or territory == select.value:
            return None
        self.proposed = territory
        select.value = territory
        return territory
