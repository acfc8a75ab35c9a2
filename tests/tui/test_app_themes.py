"""F3 cycles through Saisie's own themes (and the user's), with one notice at a time."""

from __future__ import annotations

from collections.abc import Callable

from books.paths import user_themes_dir
from tests.tui.conftest import wait_for
from tui.app import SaisieApp


async def test_f3_cycles_saisie_and_user_themes_only(app_as: Callable[[str], SaisieApp]) -> None:
    folder = user_themes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cabinet.toml").write_text('name = "cabinet"\nprimary = "#336699"\n', encoding="utf-8")
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        expected = {"saisie-dark", "saisie-light", "high-contrast", "cabinet"}
        assert set(app.saisie_themes) == expected
        seen = []
        for _ in range(len(expected) * 2):
            await pilot.press("f3")
            seen.append(app.theme)
        assert set(seen) == expected  # never Textual's own (nord, gruvbox, textual-dark…)
        assert seen[:len(expected)] == seen[len(expected):]  # a cycle
        await pilot.pause()
        themed = [n for n in app._notifications if "Thème" in n.message or "Theme" in n.message]
        assert len(themed) == 1 and app.theme in themed[0].message


async def test_the_private_notification_api_replace_notice_relies_on() -> None:
    """tui.notices uses App._notifications and App._unnotify: fail loudly if Textual changes them."""
    from textual.app import App

    from tui.notices import replace_notice

    app: App[None] = App()
    async with app.run_test() as pilot:
        first = replace_notice(app, None, "un")
        await wait_for(lambda: first in app._notifications)
        second = replace_notice(app, first, "deux")
        await wait_for(lambda: second in app._notifications)
        await pilot.pause()
        assert first not in app._notifications and [n.message for n in app._notifications] == ["deux"]
