"""The catalog: every string the code looks up exists in French and English."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from books.access.permissions import ALLOWED, ROLES
from books.dossiers.service import SECTORS
from books.i18n import _load, keys, set_language, t

ROOT = Path(__file__).resolve().parents[1]
LITERAL = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")


def test_every_literal_key_exists() -> None:
    known = keys()
    missing = []
    for path in [*ROOT.glob("books/**/*.py"), *ROOT.glob("tui/**/*.py")]:
        for key in LITERAL.findall(path.read_text(encoding="utf-8")):
            if key not in known:
                missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert missing == []


def test_computed_keys_exist() -> None:
    known = keys()
    computed = [f"sector.{s}" for s in SECTORS] + [f"role.{r}" for r in ROLES]
    computed += [f"perm.action.{a}" for a in ALLOWED]
    assert [k for k in computed if k not in known] == []


def test_binding_descriptions_are_catalog_keys() -> None:
    """Every key of every screen and widget of ours is described in the catalog."""
    import importlib
    import inspect
    import pkgutil

    import tui.screens
    import tui.widgets
    from tui.app import SaisieApp

    known = keys()
    classes: list[type] = [SaisieApp]
    for package in (tui.screens, tui.widgets):
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
            module = importlib.import_module(info.name)
            classes += [c for _n, c in inspect.getmembers(module, inspect.isclass)
                        if c.__module__ == module.__name__ and "BINDINGS" in c.__dict__]
    assert len(classes) > 10
    for cls in classes:
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding), cls
            assert binding.description in known, (cls.__name__, binding.description)


def test_both_languages_are_filled_and_formats_match() -> None:
    for key, (french, english) in _load().items():
        assert french.strip() and english.strip(), key
        assert set(re.findall(r"{(\w+)}", french)) == set(re.findall(r"{(\w+)}", english)), key


def test_switching_language() -> None:
    set_language("en")
    assert t("role.admin") == "Admin"
    set_language("fr")
    assert t("role.admin") == "Administrateur"


def test_counts_are_grouped_as_each_language_writes_them() -> None:
    from books.i18n import set_language, t

    try:
        set_language("fr")
        assert t("list.archived_done", count=2528).startswith("2\u202f528 ")
        set_language("en")
        assert t("list.archived_done", count=2528).startswith("2,528 ")
        assert t("list.archived_done", count=12).startswith("12 ")
    finally:
        set_language("fr")


def test_system_errors_are_said_in_the_users_language(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from books.i18n import get_language, os_reason, set_language

    before = get_language()
    try:
        set_language("fr")
        try:
            (tmp_path / "absent.csv").read_text()
        except OSError as exc:
            assert os_reason(exc) == "fichier ou dossier introuvable"
        try:
            tmp_path.read_text()
        except OSError as exc:
            assert os_reason(exc) == "c'est un dossier, pas un fichier"
        set_language("en")
        assert os_reason(OSError(13, "Permission denied")) == "permission denied"
        assert os_reason(OSError(5, "Input/output error")) == "Input/output error"
    finally:
        set_language(before)


def test_every_audited_action_and_entity_reads_as_words() -> None:
    """The audit log shows codes a person can read: every literal action and entity
    the books services write has its label in the catalog (the dossier screen's
    "Activité récente" showed ``inbox_in`` and ``publish`` as they are)."""
    import re
    from pathlib import Path

    from books.i18n import known

    root = Path(__file__).resolve().parents[1] / "books"
    unknown = set()
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for kind, code in re.findall(r"\b(action|entity)=\"([a-z_]+)\"", source):
            if not known(f"audit.{kind}.{code}"):
                unknown.add(f"{path.relative_to(root)}: audit.{kind}.{code}")
        for code in re.findall(r"_audit\(session, ws, document, \"([a-z_]+)\"", source):
            if not known(f"audit.action.{code}"):
                unknown.add(f"{path.relative_to(root)}: audit.action.{code}")
    assert not unknown, sorted(unknown)
