"""Keys reach the widget that has the focus when they are typed, in order.

Textual forwards a key to the focused widget's message queue and runs the
bindings that are not ``priority`` (``tab`` → next field, ``shift+tab``,
``enter`` → next step, a screen's ``/``) only when the key has bubbled back
up to the app, several queues later. Keys that arrive together (an SSH link
delivers bursts; fast typing on a busy machine does the same) are all
forwarded before the first ``tab`` has moved the focus, so ``CX1⇥Nom`` typed
in one go ends in the first field. The same happens to keys typed while a
screen is being pushed (they reach the new screen before it has a focused
widget) or while it reads its first data (its keys are disabled until then).

:class:`KeyOrder` holds each key until the one before it has been handled:
a small :class:`KeyHandled` message follows the key through the same queues,
and when it reaches the app (after the key's bindings ran there), the next
held key is delivered. A screen can also hold the keys until its first data
is on screen (:func:`hold_keys_until_loaded`, :func:`keys_ready`). Keys typed
one at a time never wait: a key is held only while the previous one is
still on its way, which takes a fraction of a millisecond when nothing else
is going on.

This is the one module that relies on how Textual delivers key events (the
order of its queues, ``Message.is_forwarded``, ``message_queue_size``);
``tests/tui/test_keys.py`` fails loudly if an upgrade changes it.
"""

from __future__ import annotations

import time
import weakref
from collections import deque
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, ScreenStackError
from textual.message import Message

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen
    from textual.timer import Timer

HOLD_LIMIT_SECONDS = 3.0
"""Never hold keys longer than this (a screen that failed to load, a lost marker)."""
SETTLE_ROUNDS = 8
"""How many times a key's widgets may post new messages (``Input.Submitted`` → next field)
before the next key goes anyway."""


class KeyHandled(Message, bubble=True):
    """Follows a key up the widgets it travels through; at the app, the key was handled."""

    def __init__(self, serial: int, last_lap: bool = False) -> None:
        super().__init__()
        self.serial = serial
        self.last_lap = last_lap
        """Sent once more through the app's own queue, behind what the key's bindings
        scheduled there (``Widget.focus()`` moves the focus from the app's queue)."""


class ScreenSettled(Message, bubble=True):
    """Sent to a new screen; at the app, the screen is mounted and has its focus."""

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.screen = screen


def hold_keys_until_loaded(screen: Screen[object]) -> None:
    """Call in a screen's ``__init__``: its keys wait until :func:`keys_ready`."""
    screen.keys_loading = True  # type: ignore[attr-defined]


def keys_ready(screen: Screen[object]) -> None:
    """The screen shows its data: deliver the keys typed meanwhile."""
    if getattr(screen, "keys_loading", False):
        screen.keys_loading = False  # type: ignore[attr-defined]
        order = getattr(screen.app, "key_order", None)
        if order is not None:
            screen.app.call_later(order.release)


def _chain(node: DOMNode | None) -> list[DOMNode]:
    """``node`` and its ancestors up to (and with) its screen."""
    nodes: list[DOMNode] = []
    while node is not None and not isinstance(node, App):
        nodes.append(node)
        node = node.parent  # type: ignore[assignment]
    return nodes


class KeyOrder:
    """The app's key gate: one key on its way at a time, the others held in order."""

    def __init__(self, app: App[object]) -> None:
        self.app = app
        self.held: deque[events.Key] = deque()
        """Keys typed while the previous one was still being handled, oldest first."""
        self.serial = 0
        """The marker being waited for (0: none)."""
        self.target: DOMNode | None = None
        """Where the key on its way was sent."""
        self.rounds = 0
        """Laps the marker made behind messages the key's handlers posted."""
        self.since = 0.0
        """When holding started (``time.monotonic``)."""
        self.timer: Timer | None = None
        self.settled: weakref.WeakSet[Screen[object]] = weakref.WeakSet()
        """Screens that have processed their mounting and focus: keys may go to them."""

    def screen_changed(self, screen: Screen[object]) -> None:
        """A screen was pushed (or uncovered): its keys wait until it has its focus."""
        if screen not in self.settled and not screen.post_message(ScreenSettled(screen)):
            self.settled.add(screen)

    async def screen_settled(self, message: ScreenSettled) -> None:
        """The screen is ready for keys."""
        self.settled.add(message.screen)
        await self.release()

    # ------------------------------------------------------------- arriving

    def busy(self) -> bool:
        """True while a key is on its way or the screen is still loading its data."""
        return bool(self.serial) or self._screen_loading()

    def _screen_loading(self) -> bool:
        try:
            screen = self.app.screen
        except ScreenStackError:  # no screen at all yet: keys wait for the first one
            return True
        # "_default" is Textual's blank screen, on show until the app pushes its first one.
        if screen.id == "_default" or screen not in self.settled:
            return True
        return bool(getattr(screen, "keys_loading", False))

    def hold(self, event: events.Key) -> bool:
        """Keep ``event`` for later if a key is on its way (or keys are held already)."""
        if not (self.held or self.busy()):
            return False
        if not self.held:
            self.since = time.monotonic()
            self._watch()
        self.held.append(event)
        return True

    def sent(self, event: events.Key) -> None:
        """``event`` was delivered; if it went to a widget, follow it there."""
        if not event.is_forwarded:
            return  # a priority binding handled it at once
        self.target = self.app.focused or self.app.screen
        self._follow(self.target)

    def _follow(self, node: DOMNode) -> None:
        self.serial += 1
        if not node.post_message(KeyHandled(self.serial)):
            self.serial = 0

    # -------------------------------------------------------------- leaving

    def handled(self, message: KeyHandled) -> bool:
        """The marker reached the app: True when the next key may go."""
        if message.serial != self.serial:
            return False
        if not message.last_lap:
            self.app.post_message(KeyHandled(self.serial, last_lap=True))
            return False
        pending = self._pending()
        if pending is not None and self.rounds < SETTLE_ROUNDS:
            self.rounds += 1
            self._follow(pending)
            return False
        self.serial, self.target, self.rounds = 0, None, 0
        return True

    def _pending(self) -> DOMNode | None:
        """The deepest widget on the key's way (or the focus's) that still has messages."""
        try:
            focused = self.app.focused
        except ScreenStackError:  # the app is closing: no screen left, nothing to wait for
            return None
        nodes = _chain(self.target) + _chain(focused)
        return next((n for n in nodes if n.message_queue_size and n.is_attached), None)

    async def release(self) -> None:
        """Deliver held keys until one has to be followed again."""
        while self.held and not self.busy():
            event = self.held.popleft()
            self.since = time.monotonic()
            try:
                await self.app._deliver_key(event)  # type: ignore[attr-defined]
            except ScreenStackError:  # the app closed meanwhile: nothing to type into
                self.held.clear()
        if not self.held:
            self._unwatch()

    # ------------------------------------------------------------ safety net

    def _watch(self) -> None:
        if self.timer is None:
            self.timer = self.app.set_interval(0.1, self._check, name="key-order")

    def _unwatch(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

    async def _check(self) -> None:
        """Deliver keys once their screen is there; release those whose marker was lost
        (its screen closed) or that waited too long."""
        if not self.held:
            self._unwatch()
            return
        lost = self.serial and (self.target is None or not self.target.is_attached)
        if lost or time.monotonic() - self.since > HOLD_LIMIT_SECONDS:
            self.serial, self.target, self.rounds = 0, None, 0
            try:
                screen = self.app.screen
            except ScreenStackError:  # the app is closing
                self.held.clear()
                self._unwatch()
                return
            if screen.id != "_default":
                self.settled.add(screen)
                screen.keys_loading = False  # type: ignore[attr-defined]
        await self.release()
