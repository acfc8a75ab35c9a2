"""A dossier's VAT territory: proposed from its postal code, set and audited, and the
rates its rules may set (rule service, TOML import) and its documents' refusals list."""

from __future__ import annotations

from pathlib import Path

import pytest

from books.access.audit import list_events
from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier, edit_dossier, get_dossier
from books.dossiers.vat import proposed_territory, rates_of, rates_text
from books.errors import InvalidInput
from books.i18n import set_language
from books.parties.changes import add_party
from books.rules.exchange import import_toml
from books.rules.service import commit, get_party_ids, list_rules, plan_party_rules, plan_rule

SLUG = "jardins-d-eole"


@pytest.fixture
def reunion(admin: Workspace) -> str:
    """A dossier in Saint-Pierre, La Réunion, with its supplier F001."""
    set_language("fr")
    create_dossier(admin, DossierDraft(name="Jardins d'Éole", postcode="97410"))
    add_party(admin, SLUG, "supplier", {"code": "F001", "name": "Engrais du Sud"})
    return SLUG


@pytest.mark.parametrize(("postcode", "territory"), [
    ("97410", "overseas"), ("97 400", "overseas"), ("97200", "overseas"), ("97110", "overseas"),
    ("97300", "no_vat"), ("97600", "no_vat"), ("97133", "no_vat"), ("97150", "no_vat"),
    ("98800", "no_vat"), ("75011", "mainland"), ("20000", "corsica"), ("20200", "corsica"),
    ("20620", "corsica"), ("21000", "mainland"), ("01000", "mainland"),
    ("98000", None), ("B-1000", None), ("974", None), ("", None), (None, None),
])
def test_the_postal_code_proposes_the_territory(postcode: str | None, territory: str | None) -> None:
    assert proposed_territory(postcode) == territory


def test_each_territory_has_its_rates() -> None:
    assert rates_of("mainland") == ("20", "10", "5.5", "2.1", "0")
    assert rates_of("overseas") == ("8.5", "2.1", "1.75", "1.05", "0")
    assert rates_of("no_vat") == ("0",)
    assert rates_of("corsica") == ("20", "10", "13", "5.5", "2.1", "0.9", "0")
    set_language("fr")
    assert rates_text("overseas") == "8,5 ; 2,1 ; 1,75 ; 1,05 ; 0"
    set_language("en")
    assert rates_text("overseas") == "8.5, 2.1, 1.75, 1.05, 0"
    set_language("fr")


def test_a_new_dossier_takes_the_territory_its_postal_code_proposes(admin: Workspace,
                                                                    reunion: str) -> None:
    dossier = get_dossier(admin, reunion)
    assert (dossier.postcode, dossier.vat_territory) == ("97410", "overseas")
    plain = create_dossier(admin, DossierDraft(name="Sans adresse")).dossier
    assert (plain.postcode, plain.vat_territory) == (None, "mainland")
    chosen = create_dossier(admin, DossierDraft(name="Choisi", postcode="97410",
                                                vat_territory="mainland")).dossier
    assert chosen.vat_territory == "mainland"  # a person's choice wins over the proposal
    with pytest.raises(InvalidInput, match="Territoire TVA : « dom » n'est pas un territoire"):
        create_dossier(admin, DossierDraft(name="Faux", vat_territory="dom"))
    with pytest.raises(InvalidInput, match="Code postal : « 97#10 » n'est pas un code postal"):
        create_dossier(admin, DossierDraft(name="Faux", postcode="97#10"))


def test_changing_the_territory_is_audited_and_refused_to_others(
        team: dict[str, Workspace]) -> None:
    from books.errors import PermissionDenied

    admin = team["alice"]
    create_dossier(admin, DossierDraft(name="Hôtel du Lagon"))
    edit_dossier(admin, "hotel-du-lagon", {"postcode": "97400", "vat_territory": "overseas"})
    event = list_events(admin, "hotel-du-lagon")[0]
    assert event.action == "edit"
    assert event.before == {"postcode": None, "vat_territory": "mainland"}
    assert event.after == {"postcode": "97400", "vat_territory": "overseas"}
    with pytest.raises(PermissionDenied):
        edit_dossier(team["carol"], "hotel-du-lagon", {"vat_territory": "mainland"})
    assert get_dossier(admin, "hotel-du-lagon").vat_territory == "overseas"


def test_an_overseas_dossiers_rules_take_its_rates_only(admin: Workspace, reunion: str) -> None:
    ids = get_party_ids(admin, reunion, "supplier", ["F001"])
    for rate in ("8,5", "2.1", "1.75 %", "1,05", "0"):
        assert plan_party_rules(admin, reunion, "supplier", ids, {"vat_rate": rate}).rules_changed
    with pytest.raises(InvalidInput) as refused:
        plan_party_rules(admin, reunion, "supplier", ids, {"vat_rate": "20"})
    assert refused.value.message == (
        "Taux de TVA : « 20 » n'est pas un taux du dossier (DOM : Guadeloupe, Martinique, "
        "La Réunion : 8,5 ; 2,1 ; 1,75 ; 1,05 ; 0)")
    with pytest.raises(InvalidInput, match="« 5,5 » n'est pas un taux du dossier"):
        plan_rule(admin, reunion, "defaults", {"vat_rate": "5,5"})
    commit(admin, plan_rule(admin, reunion, "defaults", {"vat_rate": "8.5"}))
    assert [r.sets["vat_rate"]["value"] for r in list_rules(admin, reunion)] == ["8.5"]


def test_a_mainland_dossier_refuses_the_overseas_rates_and_no_vat_takes_only_zero(
        admin: Workspace, reunion: str) -> None:
    create_dossier(admin, DossierDraft(name="Garage Central", postcode="69003"))
    add_party(admin, "garage-central", "supplier", {"code": "F001", "name": "Pneus Lyon"})
    ids = get_party_ids(admin, "garage-central", "supplier", ["F001"])
    with pytest.raises(InvalidInput, match=r"Métropole \(hors Corse\) : 20 ; 10 ; 5,5"):
        plan_party_rules(admin, "garage-central", "supplier", ids, {"vat_rate": "8.5"})
    edit_dossier(admin, "garage-central", {"vat_territory": "no_vat"})
    with pytest.raises(InvalidInput, match="TVA non applicable|sans TVA : 0"):
        plan_party_rules(admin, "garage-central", "supplier", ids, {"vat_rate": "20"})
    assert plan_party_rules(admin, "garage-central", "supplier", ids,
                            {"vat_rate": "0"}).rules_changed == 1


def test_a_rules_file_is_checked_against_the_dossiers_rates_and_chart(
        admin: Workspace, reunion: str, tmp_path: Path) -> None:
    from books.ledger.chart import import_accounts

    text = ('[supplier.F001]\naccount = "6064"\nvat_rate = "20"\n\n'
            '[[defaults]]\nvat_rate = "8.5"\n')
    report = import_toml(admin, reunion, text, "regles.toml")
    assert [key for key, _why in report.invalid] == ["supplier.F001"]
    assert "« 20 » n'est pas un taux du dossier (DOM" in report.invalid[0][1]
    assert list_rules(admin, reunion) == []
    good = text.replace('vat_rate = "20"', 'vat_rate = "2,1"')
    assert import_toml(admin, reunion, good, "regles.toml", dry_run=True).invalid == []
    chart = tmp_path / "plan.csv"
    chart.write_text("606410;Fournitures\n", encoding="utf-8")
    import_accounts(admin, reunion, chart)  # the dossier has its own chart now
    wrong = good.replace('"6064"', '"6064999"') + '\n[[exception]]\namount_above = 100\naccount = "6999999"\n'
    report = import_toml(admin, reunion, wrong, "regles.toml")
    assert [key for key, _why in report.invalid] == ["supplier.F001", "exception[1]"]
    assert all("pas dans le plan comptable" in why for _key, why in report.invalid)
    assert list_rules(admin, reunion) == []


def test_a_documents_rate_refusal_lists_the_dossiers_rates_first(admin: Workspace,
                                                                 reunion: str) -> None:
    from books.inbox.typed import typed_vat_rate

    assert typed_vat_rate("8,5", "overseas") == "8.50"
    assert typed_vat_rate("20", "overseas") == "20.00"  # a supply made elsewhere in France
    with pytest.raises(InvalidInput) as refused:
        typed_vat_rate("7", "overseas")
    assert refused.value.message.startswith(
        "taux de TVA (vat_rate) : 7 % n'est pas un taux de TVA appliqué en France (ceux du "
        "dossier, DOM : Guadeloupe, Martinique, La Réunion : 8,5 ; 2,1 ; 1,75 ; 1,05 ; 0 % ; "
        "en France : 20, 10")


def test_the_demos_reunion_dossier_is_overseas_with_its_rates(
        admin: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from books.demo import data as demo_data
    from books.demo.seed import seed_demo
    from books.inbox.documents import list_documents

    set_language("fr")
    from books.demo import inbox_mix

    monkeypatch.setattr(demo_data, "DOSSIERS", (("Les Jardins d'Éole", "agriculture", 20, 30),))
    monkeypatch.setattr(inbox_mix, "MIXED_DOSSIERS", ())  # the third demo dossier gets no mix
    seed_demo(admin)
    slug = "les-jardins-d-eole"
    dossier = get_dossier(admin, slug)
    assert (dossier.postcode, dossier.vat_territory) == ("97410", "overseas")
    rates = {r.sets["vat_rate"]["value"] for r in list_rules(admin, slug) if "vat_rate" in r.sets}
    assert rates == {"2.1", "8.5"}  # the goods' reduced rate and the dossier's default
    read = {(d.fields.get("vat_rate") or {}).get("value") for d in list_documents(admin, slug)
            if not d.original_name.startswith("plateforme")}  # the firm folder's: from Paris
    assert read - {None} and read - {None} <= {"8.5", "8.50", "2.1", "2.10"}


def test_a_rate_reads_with_the_languages_decimal_mark() -> None:
    from books.rules.explain import show_value

    set_language("fr")
    assert show_value("vat_rate", "8.5") == "8,5 %"
    set_language("en")
    assert show_value("vat_rate", "8.5") == "8.5 %"
    set_language("fr")


def test_a_corsican_dossiers_rules_take_corsicas_rates(admin: Workspace) -> None:
    set_language("fr")
    create_dossier(admin, DossierDraft(name="Station Ajaccio", postcode="20090"))
    add_party(admin, "station-ajaccio", "supplier", {"code": "F001", "name": "Carburants Corses"})
    assert get_dossier(admin, "station-ajaccio").vat_territory == "corsica"
    ids = get_party_ids(admin, "station-ajaccio", "supplier", ["F001"])
    commit(admin, plan_party_rules(admin, "station-ajaccio", "supplier", ids, {"vat_rate": "13"}))
    assert list_rules(admin, "station-ajaccio")[0].sets["vat_rate"]["value"] == "13"
    create_dossier(admin, DossierDraft(name="Station Dijon", postcode="21000"))
    add_party(admin, "station-dijon", "supplier", {"code": "F001", "name": "Carburants"})
    ids = get_party_ids(admin, "station-dijon", "supplier", ["F001"])
    with pytest.raises(InvalidInput, match="13"):
        plan_party_rules(admin, "station-dijon", "supplier", ids, {"vat_rate": "13"})
