"""``saisie parties match|aliases|duplicates``: the stable contract scripts use."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Run, lines

KEYS = {"query", "decision", "code", "name", "score", "reason", "candidates"}


@pytest.fixture
def listed(cli: Run) -> Run:
    assert cli("dossier", "create", "Garage Central").exit_code == 0
    for code, name, siren in (("F1", "Dupont Plomberie SARL", "443061841"),
                              ("F2", "Dupond Plomberie SARL", None),
                              ("F3", "Imprimerie Rousseau", None)):
        args = ["parties", "add", "--dossier", "garage-central", "--kind", "supplier",
                "--code", code, "--name", name]
        assert cli(*args, *(["--siren", siren] if siren else [])).exit_code == 0
    return cli


def match(cli: Run, *args: str, input: str | None = None):
    return cli("parties", "match", "--dossier", "garage-central", "--kind", "supplier", *args,
               input=input)


def test_json_lines_per_name(listed: Run) -> None:
    result = match(listed, "--json", "DUPONT PLOMBERIE", "Dupons Plomberie", "Transports Giraud")
    assert result.exit_code == 0, result.stderr
    rows = lines(result)
    assert [set(r) for r in rows] == [KEYS] * 3
    assert [(r["decision"], r["code"]) for r in rows] == [
        ("auto", "F1"), ("suggest", rows[1]["code"]), ("none", None)]
    assert rows[1]["code"] in ("F1", "F2") and rows[1]["candidates"]
    assert set(rows[1]["candidates"][0]) == {"code", "name", "score"}


def test_names_from_standard_input_and_identifiers(listed: Run) -> None:
    rows = lines(match(listed, "--json", input="imprimerie rousseau\n\nDupont Plomberie\n"))
    assert [r["code"] for r in rows] == ["F3", "F1"]
    by_siren = lines(match(listed, "--json", "--siren", "443 061 841 00015"))
    assert by_siren[0]["decision"] == "auto" and by_siren[0]["reason"] == "SIREN 443 061 841"


def test_people_get_a_table(listed: Run) -> None:
    result = match(listed, "Dupont Plomberie")
    assert result.exit_code == 0 and "automatique" in result.stdout and "F1" in result.stdout


def test_bad_input_is_none_or_one_line(listed: Run) -> None:
    rows = lines(match(listed, "--json", "x" * 10_000, " ", "\x1b]0;PWNED\x07"))
    assert all(r["decision"] == "none" for r in rows)
    assert "\x1b" not in match(listed, "\x1b]0;PWNED\x07").stdout
    garbage = listed("parties", "match", "--dossier", "garage-central", "--kind", "supplier",
                     input=b"ok\n\xff\xfe\x00 binary\n")
    assert garbage.exit_code == 1 and "ligne 2" in garbage.stderr
    assert len(garbage.stderr.strip().splitlines()) == 1


def test_aliases_and_duplicates(listed: Run) -> None:
    added = listed("parties", "aliases", "F1", "--dossier", "garage-central", "--kind", "supplier",
                   "--add", "SOCOGEP Dupont", "--json")
    assert added.exit_code == 0 and lines(added)[0]["name"] == "SOCOGEP Dupont"
    rows = lines(match(listed, "--json", "socogep dupont"))
    assert rows[0]["decision"] == "auto" and "confirmé" in rows[0]["reason"]
    pairs = lines(listed("parties", "duplicates", "--dossier", "garage-central", "--kind",
                         "supplier", "--json"))
    assert pairs and pairs[0]["codes"] == ["F1", "F2"] and pairs[0]["evidence"] == "close"
    gone = listed("parties", "aliases", "F1", "--dossier", "garage-central", "--kind", "supplier",
                  "--remove", str(lines(added)[0]["id"]))
    assert gone.exit_code == 0 and "aucun nom confirmé" in gone.stdout
