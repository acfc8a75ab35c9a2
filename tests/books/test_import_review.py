"""The import recognises the app's own labels and its review names what will change."""

from __future__ import annotations

from pathlib import Path

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier
from books.exchange import mapping as mappings
from books.exchange import service
from books.exchange.review import Change


def test_the_apps_own_labels_are_recognised() -> None:
    header = ["Code", "Raison sociale", "N° TVA intracom", "N° TVA intracom.", "Pays (FR, BE…)",
              "Limite de crédit", "Commentaires"]
    proposed = mappings.propose(header)
    assert proposed["N° TVA intracom"] == "vat_id" and proposed["N° TVA intracom."] == "ignore"  # once
    assert (proposed["Pays (FR, BE…)"], proposed["Limite de crédit"], proposed["Commentaires"]) == (
        "country", "credit_limit", "comments")
    assert mappings.propose(["N° client", "Nom", "N° TVA intracom."])["N° TVA intracom."] == "vat_id"


def test_the_review_lists_creations_and_the_fields_each_update_changes(
        admin: Workspace, tmp_path: Path) -> None:
    create_dossier(admin, DossierDraft(name="Cave Leroy"))
    path = tmp_path / "clients.csv"
    path.write_text("Code;Nom;Ville;Délai de paiement;Groupes\n"
                    "C1;Épicerie Martin;Lyon;30;\n"
                    "C2;Boucherie Roux;Paris;45;\n", encoding="utf-8")
    service.import_file(admin, "cave-leroy", "customer", path)
    path.write_text("Code;Nom;Ville;Délai de paiement;Groupes\n"
                    "C1;Épicerie Martin & Fils;Villeurbanne;30;\n"
                    "C2;Boucherie Roux;Paris;45;Export\n"
                    "C3;Cave Neuve;Nantes;60;\n", encoding="utf-8")
    prepared = service.open_file(admin, "cave-leroy", "customer", path)
    preview = service.check_import(admin, prepared, prepared.mapping)
    assert (preview.created, preview.updated, preview.unchanged) == (1, 2, 0)
    review = preview.review
    assert [(r.code, r.name) for r in review.creates] == [("C3", "Cave Neuve")]
    by_code = {r.code: r for r in review.updates}
    assert by_code["C1"].name == "Épicerie Martin & Fils"
    assert set(by_code["C1"].changes) == {Change("name", "Épicerie Martin", "Épicerie Martin & Fils"),
                                          Change("city", "Lyon", "Villeurbanne")}
    assert by_code["C2"].changes == (Change("groups", None, "Export"),)


def test_managed_fields_are_not_in_the_review(admin: Workspace, tmp_path: Path) -> None:
    create_dossier(admin, DossierDraft(name="Cave Leroy"))
    path = tmp_path / "clients.csv"
    path.write_text("Code;Nom;Limite de crédit\nC1;Un;1000\n", encoding="utf-8")
    service.import_file(admin, "cave-leroy", "customer", path)
    path.write_text("Code;Nom;Limite de crédit\nC1;Un;2000\n", encoding="utf-8")
    prepared = service.open_file(admin, "cave-leroy", "customer", path)
    preview = service.check_import(admin, prepared, prepared.mapping)
    assert preview.updated == 0 and preview.review.updates == ()
