"""``saisie dossier create|edit|show`` with a postal code and a VAT territory, and
``saisie rules set`` taking the territory's rates."""

from __future__ import annotations

from tests.cli.conftest import Run, lines


def test_the_postal_code_proposes_the_territory_and_rules_take_its_rates(cli: Run) -> None:
    created = cli("dossier", "create", "Jardins d'Éole", "--postcode", "97410", "--json")
    assert created.exit_code == 0, created.stderr
    (details,) = lines(created)
    assert (details["postcode"], details["vat_territory"]) == ("97410", "overseas")
    shown = cli("dossier", "show", "jardins-d-eole").stdout
    assert "Territoire TVA" in shown and "DOM : Guadeloupe, Martinique, La Réunion" in shown
    assert cli("parties", "add", "--dossier", "jardins-d-eole", "--kind", "supplier", "--code",
               "F1", "--name", "Engrais du Sud").exit_code == 0
    refused = cli("rules", "set", "--dossier", "jardins-d-eole", "--kind", "supplier",
                  "--party", "F1", "--vat-rate", "20")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        "saisie: Taux de TVA : « 20 » n'est pas un taux du dossier (DOM : Guadeloupe, "
        "Martinique, La Réunion : 8,5 ; 2,1 ; 1,75 ; 1,05 ; 0)")
    assert cli("rules", "set", "--dossier", "jardins-d-eole", "--kind", "supplier",
               "--party", "F1", "--vat-rate", "8,5").exit_code == 0


def test_edit_proposes_the_territory_of_a_new_postal_code_unless_one_is_given(cli: Run) -> None:
    assert cli("dossier", "create", "Hôtel du Lagon").exit_code == 0
    moved = cli("dossier", "edit", "hotel-du-lagon", "--postcode", "97200")
    assert moved.exit_code == 0, moved.stderr
    assert moved.stdout.splitlines()[0] == (
        "Territoire TVA proposé d'après le code postal 97200 : DOM : Guadeloupe, Martinique, "
        "La Réunion")
    (details,) = lines(cli("dossier", "show", "hotel-du-lagon", "--json"))
    assert details["vat_territory"] == "overseas"
    kept = cli("dossier", "edit", "hotel-du-lagon", "--postcode", "97300",
               "--vat-territory", "overseas", "--json")
    assert kept.exit_code == 0 and "proposé" not in kept.stdout + kept.stderr
    (details,) = lines(kept)
    assert (details["postcode"], details["vat_territory"]) == ("97300", "overseas")
    assert cli("dossier", "edit", "hotel-du-lagon", "--vat-territory", "dom").exit_code == 2
    events = lines(cli("audit", "--dossier", "hotel-du-lagon", "--json"))
    assert any(e.get("after", {}).get("vat_territory") == "overseas" for e in events)
    refused = cli("dossier", "edit", "hotel-du-lagon", "--vat-territory", "mainland", user="bob")
    assert refused.exit_code == 1
