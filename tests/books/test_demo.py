"""``saisie demo``: a realistic firm, valid identities, filled idempotently."""

from __future__ import annotations

from pathlib import Path

import pytest
from stdnum import iban
from stdnum.fr import siren, siret

from books.access.users import list_users
from books.context import Workspace
from books.demo import data as demo_data
from books.demo.seed import make_iban, make_siren, make_siret, seed_demo
from books.dossiers.service import dossier_details, list_dossiers
from books.parties.listing import count, list_query, page


def test_generated_identities_are_valid() -> None:
    for seed in range(1, 500, 7):
        number = make_siren(seed)
        assert siren.is_valid(number) and siret.is_valid(make_siret(number))
        assert iban.is_valid(make_iban(seed))


def test_the_inbox_strangers_identities_are_valid() -> None:
    """The suppliers no list knows are added from the document view's form prefilled with
    what their invoices print: their SIREN and VAT number must pass its checks (their
    VAT keys were wrong, so the demo's 'add this party' stopped on the VAT number)."""
    from stdnum.eu import vat

    from books.demo.inbox_mix import ELSEWHERE, STRANGERS

    for party in (*STRANGERS, ELSEWHERE):
        assert siren.is_valid(party.siren) and vat.is_valid(party.vat_id), party.name


def test_demo_fills_and_is_idempotent(admin: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_data, "DOSSIERS", (("Boulangerie Dupré", "commerce", 40, 30),
                                                ("Transports Girard", "transport", 25, 20)))
    assert seed_demo(admin) == ["boulangerie-dupre", "transports-girard"]
    assert seed_demo(admin) == []
    logins = {u.login: u.role for u in list_users(admin)}
    assert {"admin", "team_lead", "collaborator"} <= set(logins.values())
    entries = list_dossiers(admin)
    assert [e.row.slug for e in entries] == ["boulangerie-dupre", "transports-girard"]
    details = dossier_details(admin, "boulangerie-dupre")
    assert details["siren"] and details["vat_id"].endswith(details["siren"])
    assert details["counts"]["customer"] == 40 and details["counts"]["supplier"] == 30
    assert details["counts"]["published"] >= 8 and details["counts"]["review"] >= 6
    # The invoices awaiting review were dropped in the inbox folder and taken in by the
    # pipeline: the originals moved to traités/, one sent twice is a duplicate record,
    # the unreadable scan is a failed document kept with its reason.
    assert entries[0].waiting == details["counts"]["review"]
    assert not any(Path(details["inbox"]).glob("*.xml"))
    assert any((Path(details["inbox"]) / "traités").rglob("facture-*.xml"))
    from books.inbox.documents import list_documents

    states = [d.status for d in list_documents(admin, "boulangerie-dupre")]
    assert states.count("duplicate") == 1 and states.count("failed") == 1
    reviewed = list_documents(admin, "boulangerie-dupre", ("review",))
    # matched by SIREN, except the suppliers no list knows (books.demo.inbox_mix)
    assert reviewed and all(d.party_code for d in reviewed if "party_unknown" not in d.flags)
    from books.demo.inbox_mix import STRANGERS

    unknown = sorted(d.party_name_detected or "" for d in reviewed if "party_unknown" in d.flags)
    assert unknown == sorted(s.name for s in STRANGERS)
    # the mix makes the list worth looking at: purchases and sales, and each kind of flag
    flags = {f for d in reviewed for f in d.flags}
    assert {"party_unknown", "totals", "possible_duplicate", "not_addressed"} <= flags
    assert {d.direction for d in reviewed} == {"purchase", "sale"}
    # a few suppliers send text PDFs: read, matched and filled like the e-invoices
    pdfs = [d for d in reviewed if d.format == "pdf"]
    assert len(pdfs) == 3 and all(d.party_code and d.number and d.gross for d in pdfs)
    assert all(d.gross == d.net + d.tax for d in pdfs)
    dossier_id = entries[0].row.id
    rows = page(admin, list_query(dossier_id, "customer"), 0, 100)
    assert any(r.groups for r in rows) and all(r.city for r in rows)
    assert count(admin, list_query(dossier_id, "customer", rows[0].name.split()[0])) >= 1
