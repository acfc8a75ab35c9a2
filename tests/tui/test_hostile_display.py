"""No control character in data reaches the terminal from the app (issue 14 item 10)."""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import ControlType, Segment
from textual.color import Color
from textual.geometry import Region

from books.context import Workspace
from books.parties.changes import add_party
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.controls import ControlStripper
from tui.screens.dossier import DossierScreen
from tui.screens.parties.listing import PartiesScreen

SLUG = "boulangerie-dupre"
HOSTILE = "Evil\x1b]0;PWNED\x07 \u202eNUAJ\x9b31m"


def _store_hostile_name(ws: Workspace) -> None:
    """A party whose name was stored before input refused controls (written below the books)."""
    from sqlalchemy import update

    from store.models import Party

    party = add_party(ws, SLUG, "customer", {"code": "EVIL", "name": "Evil"})
    with ws.transaction() as session:
        session.execute(update(Party).where(Party.id == party.id).values(name=HOSTILE))


def test_the_filter_removes_controls_and_keeps_the_width() -> None:
    segments = [Segment("ok "), Segment(HOSTILE), Segment("\x1b[2J", None, [(ControlType.HOME,)])]
    out = ControlStripper().apply(segments, Color(0, 0, 0))
    assert out[0] is segments[0]
    assert out[1].text == "Evil]0;PWNED NUAJ31m"
    assert out[1].cell_length == segments[1].cell_length
    assert out[2] is segments[2]  # a control segment is Textual's own, left alone


async def test_party_list_draws_no_escape_sequence(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    _store_hostile_name(seeded["alice"])
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        await pilot.press("v")
        await wait_for(lambda: isinstance(app.screen, PartiesScreen))
        screen = app.screen
        await wait_for(lambda: screen.total == 1 and screen.table.current is not None)
        table = screen.table
        strips = table.render_lines(Region(0, 0, table.size.width, table.size.height))
        text = "".join(segment.text for strip in strips for segment in strip)
        assert "Evil]0;PWNED" in text
        assert not any(char in text for char in "\x1b\x07\x9b\u202e")
        # The record screen (plain widgets, drawn through Textual's styles cache) likewise.
        await pilot.press("enter")
        await wait_for(lambda: app.screen is not screen)
        await pilot.pause()
        drawn = []
        for widget in app.screen.walk_children():
            if widget.size.area:
                lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
                drawn.append("".join(s.text for strip in lines for s in strip))
        everything = "".join(drawn)
        assert "Evil]0;PWNED" in everything
        assert not any(char in everything for char in "\x1b\x07\x9b\u202e")


def test_a_named_pipe_among_the_themes_is_skipped_not_waited_for(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from tui.themes import load_themes

    os.mkfifo(tmp_path / "pipe.toml")
    (tmp_path / "cabinet.toml").write_text('name = "cabinet"\nprimary = "#336699"\n', encoding="utf-8")
    themes, problems = load_themes(tmp_path)
    assert "cabinet" in {theme.name for theme in themes}
    assert [(p.path.name, p.reason) for p in problems] == [
        ("pipe.toml", "ce n'est pas un fichier ordinaire")]  # in the interface's language


def test_a_broken_theme_is_skipped_with_its_reason_in_french(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tui.themes import load_themes

    (tmp_path / "a.toml").write_text('name = "a"\nprimary = \n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('name = "b"\nprimary = "pourpre"\n', encoding="utf-8")
    (tmp_path / "c.toml").write_text('primary = "#336699"\n', encoding="utf-8")
    (tmp_path / "d.toml").write_text('name = "d"\nprimary = "#336699"\nshade = 1\n', encoding="utf-8")
    _themes, problems = load_themes(tmp_path)
    assert [(p.path.name, p.reason) for p in problems] == [
        ("a.toml", "ligne 2, colonne 11"),
        ("b.toml", "primary : « pourpre » n'est pas une couleur (#1e1e2e, red…)"),
        ("c.toml", "la clé « name » manque"),
        ("d.toml", "clés inconnues : shade")]
