"""``saisie rules delete``: a party without a rule is told so by its code, and --id with
--kind/--party is bad usage (it deleted rule --id whatever the kind said)."""

from __future__ import annotations

from tests.cli.conftest import Run, lines
from tests.cli.test_rules_cli import SLUG, dossier, rules_of  # noqa: F401  (fixture)


def test_delete_names_what_is_wrong(dossier: Run) -> None:  # noqa: F811
    assert dossier("rules", "set", "--dossier", SLUG, "--kind", "defaults",
                   "--account", "6000").exit_code == 0
    (rule,) = rules_of(dossier)
    result = dossier("rules", "delete", "--dossier", SLUG, "--kind", "supplier", "--party", "F1")
    assert result.exit_code == 1
    assert result.stderr.strip() == "saisie: F1 n'a pas de règle fournisseur dans ce dossier"
    both = dossier("rules", "delete", "--dossier", SLUG, "--id", str(rule["id"]),
                   "--kind", "supplier", "--party", "F1")
    assert both.exit_code == 2
    assert "--id ou bien --kind et --party, pas les deux" in both.stderr
    assert [r["id"] for r in rules_of(dossier)] == [rule["id"]]  # nothing deleted
    gone = dossier("rules", "delete", "--dossier", SLUG, "--id", str(rule["id"]), "--json")
    assert gone.exit_code == 0 and lines(gone)[0]["rules"] == 1
    assert rules_of(dossier) == []
