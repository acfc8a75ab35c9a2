"""``saisie documents review|publish|move --unassigned`` and ``saisie dossier edit
--publishers`` (issue 17's review workflow)."""

from __future__ import annotations

import json

from books.context import Workspace
from books.dossiers.service import get_dossier
from books.inbox.documents import get_document
from tests.books.test_review_flow import SLUG, shop
from tests.cli.conftest import Run

__all__ = ["shop"]  # the fixture: a leads-only dossier with five documents


def test_who_publishes_is_set_and_shown(cli: Run, shop: dict[str, Workspace]) -> None:
    done = cli("dossier", "edit", SLUG, "--publishers", "all")
    assert done.exit_code == 0, done.stderr
    assert get_dossier(shop["alice"], SLUG).publishers == "all"
    assert cli("dossier", "edit", SLUG, "--publishers", "some").exit_code == 2
    refused = cli("dossier", "edit", SLUG, "--publishers", "leads", user="carol")
    assert refused.exit_code == 1 and "refusé" in refused.stderr
    cli("dossier", "edit", SLUG, "--publishers", "leads")
    shown = cli("dossier", "show", SLUG)
    assert "Qui publie" in shown.stdout and "les chefs d'équipe et les administrateurs" in shown.stdout
    assert json.loads(cli("dossier", "show", SLUG, "--json").stdout)["publishers"] == "leads"


def test_a_collaborator_reviews_a_lead_publishes(cli: Run, shop: dict[str, Workspace]) -> None:
    refused = cli("documents", "publish", "1", user="carol")
    assert refused.exit_code == 1 and "seuls les chefs d'équipe" in refused.stderr
    done = cli("documents", "review", "1", "2", "5", user="carol")
    assert done.exit_code == 1  # the fifth's party is unknown: named, exit 1
    assert "2 pièce(s) marquée(s) vérifiée(s)" in done.stdout and "tiers inconnu" in done.stderr
    listed = cli("documents", "list", "--dossier", SLUG, "--state", "reviewed", "--json")
    assert sorted(json.loads(line)["id"] for line in listed.stdout.splitlines()) == [1, 2]
    published = cli("documents", "publish", "1", "2", "--json", user="bob")
    assert published.exit_code == 0 and json.loads(published.stdout)["published"] == [1, 2]


def test_move_back_to_file(cli: Run, shop: dict[str, Workspace]) -> None:
    done = cli("documents", "move", "3", "--unassigned", "--json", user="carol")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["dossier"] is None
    assert get_document(shop["alice"], 3).flags == ["unassigned"]
    assert cli("documents", "move", "3").exit_code == 2  # neither target
    assert cli("documents", "move", "3", "--dossier", SLUG, "--unassigned").exit_code == 2
    assert cli("documents", "move", "3", "--dossier", SLUG).exit_code == 0
    assert get_document(shop["alice"], 3).dossier_slug == SLUG
