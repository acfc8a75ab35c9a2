"""Control characters in text from people and files: refused at input, escaped at display.

A terminal obeys the control characters it is sent: ``ESC ] 0 ; … BEL`` retitles
the window, OSC 52 writes the clipboard, a bidi override (U+202E) shows a name
backwards. Names and other text therefore never hold them: forms, the command
line and import rows refuse them (:func:`check_text`, :func:`first_control`),
text read from invoices loses them (:func:`strip_controls`), and whatever is
shown is escaped first (:func:`visible`) for data stored before this rule.

Tab, line feed and carriage return are white space, not refused: single-line
fields fold them into spaces, comments keep line breaks; display escapes the
carriage return (it rewrites the line) and, on one-line output, the others.
"""

from __future__ import annotations

import re

from books.errors import InvalidInput

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Characters that reorder the text shown after them (embeddings, overrides, isolates, marks)."""

_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")
"""What input refuses: C0 controls but tab and line ends, DEL, C1 controls, bidi controls."""

_ESCAPED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")
"""What display escapes when line breaks are kept (tab and line feed stay)."""

_ESCAPED_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")
"""What display escapes on a single line (tab and line feed too)."""

_STRIPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")


def codepoint(char: str) -> str:
    """``U+001B`` for a character, as messages name it."""
    return f"U+{ord(char):04X}"


def first_control(text: str) -> str | None:
    """The first refused character in ``text`` (see :data:`_REFUSED`), or None."""
    if text.isprintable():  # one C scan answers for almost every value
        return None
    found = _REFUSED.search(text)
    return found.group() if found else None


def check_text(field: str, value: object) -> None:
    """Refuse a value holding a control character or a bidi control.

    Raises:
        InvalidInput: naming the field and the character (``U+001B``).
    """
    if not isinstance(value, str):
        return
    char = first_control(value)
    if char is not None:
        from books.i18n import t

        raise InvalidInput(t("safe.control_char", field=field, char=codepoint(char)))


def _escape(found: re.Match[str]) -> str:
    number = ord(found.group())
    return f"\\x{number:02x}" if number < 0x100 else f"\\u{number:04x}"


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` safe to print on a terminal: every control as ``\\x1b``, ``\\u202e``.

    Args:
        lines: keep line feeds and tabs (multi-line output such as a summary).
    """
    if text.isprintable():
        return text
    return (_ESCAPED if lines else _ESCAPED_ONE_LINE).sub(_escape, text)


def strip_controls(text: str) -> str:
    """``text`` without control characters and bidi controls (tabs and line ends kept)."""
    if text.isprintable():
        return text
    return _STRIPPED.sub("", text)
