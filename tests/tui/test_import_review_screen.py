"""The import's review step shows the rows to create and to update with what changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from books.exchange import service
from tests.tui.conftest import wait_for
from tests.tui.test_party_import import SLUG, _open, _text
from tui.app import SaisieApp


async def test_the_review_shows_creations_and_changed_fields(
        app_as: Callable[[str], SaisieApp], seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "clients.csv"
    path.write_text("Code;Nom;Ville;N° TVA intracom\nC1;Épicerie Martin;Lyon;\n", encoding="utf-8")
    service.import_file(seeded["alice"], SLUG, "customer", path)
    path.write_text("Code;Nom;Ville;N° TVA intracom\n"
                    "C1;Épicerie Martin;Villeurbanne;FR44732829320\n"
                    "C2;Cave Neuve;Nantes;\n"
                    "C3;;Paris;\n", encoding="utf-8")
    app = app_as("alice")
    results: list[object] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, path, results)
        assert screen.current_mapping()["N° TVA intracom"] == "vat_id"
        await pilot.press("ctrl+n")
        await wait_for(lambda: screen.step == "preview")
        review = _text(screen, "#import-rejected")
        assert "Lignes rejetées (1)" in review and "ligne 4" in review
        assert "À créer (1)" in review and "C2  Cave Neuve" in review
        assert "À mettre à jour (1)" in review
        assert "Ville : Lyon → Villeurbanne" in review and "N° TVA : — → FR44732829320" in review
