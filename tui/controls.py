"""The app's last guard against control characters in data: a line filter.

Names and texts are refused at input when they hold control characters
(:mod:`books.safetext`), but a database written before that rule, or a value
read from a file on screen (an import's preview), may still hold some. Textual
itself removes only BEL, BS, VT, FF and CR, so ``ESC ] 0 ; … BEL`` would reach
the terminal as ``ESC ] 0 ; …``. This filter removes every C0 and C1 control and
bidi control from every line the app draws, just before it is written. They are
all zero cells wide, so a line keeps its width (``ESC]0;X`` shows as ``]0;X``).
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from books.safetext import BIDI_CONTROLS

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")


class ControlStripper(LineFilter):
    """Removes control characters from the text of every segment (not from control segments)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The segments, with any control character in their text removed."""
        if all(segment.text.isprintable() for segment in segments):
            return segments
        return [segment if segment.control or segment.text.isprintable()
                else Segment(_CONTROLS.sub("", segment.text), segment.style)
                for segment in segments]
