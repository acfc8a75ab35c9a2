"""``saisie rules``: set (one party, bulk), list, delete, health, export and import (TOML
round trip, each kind of invalid entry named by its key), undo, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Run, lines

SLUG = "garage"


@pytest.fixture
def dossier(cli: Run) -> Run:
    """A dossier with three suppliers, two customers and a group; bob is a team lead."""
    assert cli("user", "add", "bob", "--role", "team_lead", "--name", "Bob").exit_code == 0
    assert cli("dossier", "create", "Garage", "--access", "bob").exit_code == 0
    for code, name in (("F1", "Adobe"), ("F2", "Google Ireland"), ("F3", "Uber BV")):
        assert cli("parties", "add", "--dossier", SLUG, "--kind", "supplier", "--code", code,
                   "--name", name, *(("--group", "Transport") if code == "F3" else ())
                   ).exit_code == 0
    for code, name in (("C1", "Boulangerie Dupré"), ("C2", "Hôtel du Port")):
        assert cli("parties", "add", "--dossier", SLUG, "--kind", "customer", "--code", code,
                   "--name", name).exit_code == 0
    return cli


def rules_of(cli: Run) -> list[dict]:
    return lines(cli("rules", "list", "--dossier", SLUG, "--json"))


def test_set_list_delete_and_undo(dossier: Run) -> None:
    result = dossier("rules", "set", "--dossier", SLUG, "--kind", "supplier", "--party", "F1",
                     "--party", "F2", "--account", "6064", "--vat-rate", "20",
                     "--only-if-blank", "vat_rate", "--due-end-of-month", "10", "--json")
    assert result.exit_code == 0, result.stderr
    assert lines(result)[0]["rules"] == 2
    found = rules_of(dossier)
    assert [(r["party_code"], r["sets"]["account"]["value"]) for r in found] == [
        ("F1", "6064"), ("F2", "6064")]
    assert found[0]["sets"]["vat_rate"] == {"value": "20", "mode": "only_if_blank"}
    assert found[0]["sets"]["due_end_of_month"]["value"] == 10
    result = dossier("rules", "delete", "--dossier", SLUG, "--kind", "supplier", "--party", "F1")
    assert result.exit_code == 0, result.stderr
    assert [r["party_code"] for r in rules_of(dossier)] == ["F2"]
    assert dossier("undo", "--dossier", SLUG, "--yes").exit_code == 0
    assert [r["party_code"] for r in rules_of(dossier)] == ["F1", "F2"]


def test_a_bulk_rule_by_filter_and_group(dossier: Run) -> None:
    result = dossier("rules", "set", "--dossier", SLUG, "--kind", "supplier", "--filter", "goo",
                     "--paid", "yes")
    assert result.exit_code == 0, result.stderr
    assert {r["party_code"] for r in rules_of(dossier)} == {"F2"}
    result = dossier("rules", "set", "--dossier", SLUG, "--kind", "supplier", "--group",
                     "Transport", "--account", "6251")
    assert result.exit_code == 0, result.stderr
    assert {r["party_code"] for r in rules_of(dossier)} == {"F2", "F3"}
    result = dossier("rules", "set", "--dossier", SLUG, "--kind", "supplier", "--group", "Nope",
                     "--account", "6251")
    assert result.exit_code == 1 and "Nope" in result.stderr


def test_non_party_rules(dossier: Run) -> None:
    assert dossier("rules", "set", "--dossier", SLUG, "--kind", "payment_method", "--when", "CB",
                   "--paid", "yes").exit_code == 0
    assert dossier("rules", "set", "--dossier", SLUG, "--kind", "exception",
                   "--amount-above", "1000").exit_code == 0
    assert dossier("rules", "set", "--dossier", SLUG, "--kind", "payment_method", "--when",
                   "carte", "--account", "6251").exit_code == 0  # the same rule, changed
    kinds = [(r["kind"], r["condition"]) for r in rules_of(dossier)]
    assert kinds == [("exception", {"amount_above": "1000"}),
                     ("payment_method", {"payment_method": "carte"})]


def test_each_wrong_field_is_named(dossier: Run) -> None:
    result = dossier("rules", "set", "--dossier", SLUG, "--kind", "customer", "--party", "C1",
                     "--account", "6064", "--vat-rate", "7", "--due-days", "-1")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "saisie: Compte : 6064 n'est pas un compte de vente (classe 7 du PCG)",
        "saisie: Taux de TVA : « 7 » n'est pas un taux du dossier "
        "(Métropole (hors Corse) : 20 ; 10 ; 5,5 ; 2,1 ; 0)",
        "saisie: Échéance (jours) : -1 jours, il en faut entre 0 et 366"]
    result = dossier("rules", "set", "--dossier", SLUG, "--kind", "customer", "--party", "C1",
                     "--note", "Rappel")
    assert "réservée aux règles fournisseur" in result.stderr
    result = dossier("rules", "set", "--dossier", SLUG, "--kind", "supplier", "--party", "F9",
                     "--account", "6064")
    assert result.exit_code == 1 and "F9" in result.stderr
    assert rules_of(dossier) == []


def test_only_admins_change_rules(dossier: Run) -> None:
    assert dossier("rules", "set", "--dossier", SLUG, "--kind", "supplier", "--party", "F1",
                   "--account", "6064").exit_code == 0
    for args in (("set", "--dossier", SLUG, "--kind", "supplier", "--party", "F1", "--account",
                  "6061"),
                 ("delete", "--dossier", SLUG, "--kind", "supplier", "--party", "F1")):
        result = dossier("rules", *args, user="bob")
        assert result.exit_code == 1
        assert "rôle" in result.stderr and "règle" in result.stderr
    assert len(lines(dossier("rules", "list", "--dossier", SLUG, "--json", user="bob"))) == 1


def test_toml_round_trip(dossier: Run, tmp_path: Path) -> None:
    for args in (("--kind", "supplier", "--party", "F1", "--account", "6064", "--vat-rate", "20",
                  "--only-if-blank", "vat_rate", "--note", "Toujours le n° de facture"),
                 ("--kind", "customer", "--party", "C1", "--account", "706", "--due-days", "30",
                  "--auto-publish", "no"),
                 ("--kind", "payment_method", "--when", "carte", "--paid", "yes"),
                 ("--kind", "user", "--when", "bob", "--description", "Notes de frais"),
                 ("--kind", "exception", "--vat-missing", "--flag", "totals"),
                 ("--kind", "defaults", "--account", "6000")):
        result = dossier("rules", "set", "--dossier", SLUG, *args)
        assert result.exit_code == 0, result.stderr
    exported = dossier("rules", "export", "--dossier", SLUG).stdout
    assert 'only_if_blank = [\n    "vat_rate",\n]' in exported
    path = tmp_path / "rules.toml"
    path.write_text(exported, encoding="utf-8")
    assert dossier("dossier", "create", "Autre").exit_code == 0
    for kind, code in (("supplier", "F1"), ("customer", "C1")):
        dossier("parties", "add", "--dossier", "autre", "--kind", kind, "--code", code,
                "--name", f"Tiers {code}")
    dry = dossier("rules", "import", str(path), "--dossier", "autre", "--dry-run", "--json")
    assert lines(dry)[0] | {"invalid": []} == {"entries": 6, "rules": 6, "documents": 0,
                                                "dry_run": True, "applied": False, "invalid": []}
    assert lines(dossier("rules", "list", "--dossier", "autre", "--json")) == []
    done = dossier("rules", "import", str(path), "--dossier", "autre")
    assert done.exit_code == 0, done.stderr
    again = dossier("rules", "export", "--dossier", "autre").stdout
    assert again.replace("autre", SLUG) == exported
    twice = dossier("rules", "import", str(path), "--dossier", "autre", "--json")
    assert lines(twice)[0]["entries"] == 6


def test_import_names_each_invalid_entry_by_key(dossier: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("""
[supplier.F1]
account = "7061"

[supplier.F404]
account = "6064"

[customer.C1]
vat_rate = "19.6"
colour = "blue"

[supplier.F2]
account = "6064"
only_if_blank = "account"

[[payment_method]]
when = "bitcoin"
paid = true

[[user]]
paid = "peut-être"

[[exception]]
account = "6064"

[[defaults]]
due_days = 30
only_if_blank = ["due_days"]

[budget]
x = 1
""", encoding="utf-8")
    result = dossier("rules", "import", str(path), "--dossier", SLUG, "--json")
    assert result.exit_code == 1
    report = lines(result)[0]
    assert report["applied"] is False
    assert [e["key"] for e in report["invalid"]] == [
        "supplier.F1", "supplier.F404", "supplier.F2", "customer.C1", "payment_method[1]",
        "user[1]", "exception[1]", "budget"]
    assert rules_of(dossier) == []
    broken = tmp_path / "broken.toml"
    broken.write_text("[supplier.F1\naccount = 6064", encoding="utf-8")
    result = dossier("rules", "import", str(broken), "--dossier", SLUG)
    assert result.exit_code == 1 and "broken.toml" in result.stderr


def test_health(dossier: Run) -> None:
    dossier("rules", "set", "--dossier", SLUG, "--kind", "supplier", "--party", "F1",
            "--account", "6064")
    (line,) = lines(dossier("rules", "health", "--dossier", SLUG, "--json"))
    assert (line["type"], line["party_code"], line["fired"], line["state"]) == (
        "rule", "F1", 0, "never")
    assert dossier("rules", "health", "--dossier", SLUG).exit_code == 0


def test_yes_and_no_in_french_too(dossier: Run) -> None:
    result = dossier("rules", "set", "--dossier", SLUG, "--kind", "supplier", "--party", "F1",
                     "--paid", "oui", "--auto-publish", "NON", "--apply-to-inbox", "non")
    assert result.exit_code == 0, result.stderr
    (rule,) = rules_of(dossier)
    assert rule["sets"]["paid"]["value"] is True and rule["sets"]["auto_publish"]["value"] is False
    result = dossier("rules", "set", "--dossier", SLUG, "--kind", "supplier", "--party", "F1",
                     "--paid", "peut-être")
    assert result.exit_code == 2 and "'--paid'" in result.stderr
