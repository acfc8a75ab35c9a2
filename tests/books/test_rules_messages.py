"""A rule's wrong fields are named all at once: the condition's with the settings'."""

from __future__ import annotations

import pytest

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier
from books.errors import InvalidFields
from books.i18n import set_language
from books.rules.service import list_rules, plan_rule


def test_a_payment_method_rule_names_its_condition_and_settings_together(
        admin: Workspace) -> None:
    set_language("fr")
    create_dossier(admin, DossierDraft(name="Garage"))
    with pytest.raises(InvalidFields) as refused:
        plan_rule(admin, "garage", "payment_method", {"account": "abc", "due_days": "-1"},
                  condition={"payment_method": "bitcoin"})
    assert [e.field for e in refused.value.errors] == ["when", "account", "due_days"]
    assert refused.value.message.splitlines()[0].startswith(
        "Moyen de paiement : « bitcoin » n'est pas un mode de règlement")
    with pytest.raises(InvalidFields) as refused:
        plan_rule(admin, "garage", "exception", {"vat_rate": "7"},
                  condition={"amount_above": "-5"})
    assert [e.field for e in refused.value.errors] == ["amount_above", "vat_rate"]
    assert list_rules(admin, "garage") == []


def test_an_exceptions_wrong_conditions_are_named_together(admin: Workspace) -> None:
    set_language("fr")
    create_dossier(admin, DossierDraft(name="Garage"))
    with pytest.raises(InvalidFields) as refused:
        plan_rule(admin, "garage", "exception", {"due_days": "x"},
                  condition={"amount_above": "-3", "flags": "bogus"})
    assert [e.field for e in refused.value.errors] == ["amount_above", "flags", "due_days"]
