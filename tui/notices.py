"""A notice that replaces its previous one (a key pressed again says the new state
once, instead of stacking a toast per press).

Textual has no public way to withdraw one notification; this module is the one
place that uses its private ``App._notifications`` / ``App._unnotify``, and
``tests/tui/test_app_themes.py`` fails loudly if an upgrade changes them.
"""

from __future__ import annotations

from textual.app import App
from textual.notifications import Notification, Notify


def replace_notice(app: App[object], previous: Notification | None, message: str) -> Notification:
    """Show ``message``, withdrawing ``previous`` if it is still on screen; returns the new one."""
    if previous is not None and previous in app._notifications:
        app._unnotify(previous, refresh=False)
    notice = Notification(message, "", "information", app.NOTIFICATION_TIMEOUT)
    app.post_message(Notify(notice))
    return notice
