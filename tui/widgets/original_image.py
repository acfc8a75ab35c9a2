"""The original's page as an image, where the terminal can show one (Sixel, or the
Kitty graphics protocol), through textual-image.

Asking a terminal what it can show means writing a query and reading its answer
on standard input, which only works before Textual starts reading it, and can
swallow a key typed at that moment. So it is asked only when the environment
says a graphics terminal is there (Kitty, WezTerm, foot, Konsole, iTerm2…),
never inside tmux or screen (they drop or mangle images), and never when
``SAISIE_IMAGES=off``. Everywhere else the page's text is shown instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import IO, Any

SIXEL_TERMS = ("foot", "foot-extra", "mlterm", "yaft-256color", "contour")
PROTOCOL: str | None = None
"""``sixel`` or ``tgp`` once :func:`prepare` found the terminal shows images; None otherwise."""


def protocol_from_env(env: Mapping[str, str]) -> str | None:
    """The image protocol the environment suggests (None: show text). ``SAISIE_IMAGES``
    (``off``, ``sixel``, ``kitty``) decides when set; a multiplexer means no images."""
    forced = env.get("SAISIE_IMAGES", "").strip().lower()
    if forced in ("off", "no", "0", "text", "false"):
        return None
    if env.get("TMUX") or env.get("STY") or env.get("TERM", "").startswith(("screen", "tmux")):
        return None
    if forced in ("sixel", "kitty", "tgp"):
        return "sixel" if forced == "sixel" else "tgp"
    if env.get("KITTY_WINDOW_ID") or env.get("TERM") == "xterm-kitty":
        return "tgp"
    if env.get("TERM_PROGRAM") in ("WezTerm", "iTerm.app") or env.get("KONSOLE_VERSION") \
            or env.get("TERM") in SIXEL_TERMS:
        return "sixel"
    if env.get("XTERM_VERSION"):
        return "sixel"  # xterm shows Sixel only as a VT340 (-ti vt340): asked, it answers
    return None


def prepare(env: Mapping[str, str], stdout: IO[str] | None) -> str | None:
    """Before Textual starts: when the environment suggests a graphics terminal, let
    textual-image ask it (and measure its cells); set :data:`PROTOCOL` to what it can show."""
    global PROTOCOL
    PROTOCOL = None
    wanted = protocol_from_env(env)
    if wanted is None or stdout is None or not stdout.isatty():
        return None
    try:
        import textual_image.renderable as found  # asks the terminal, now, before Textual reads stdin
        import textual_image.widget  # noqa: F401 - measures the cells while it still can
        from textual_image.renderable.sixel import Image as Sixel
        from textual_image.renderable.tgp import Image as Tgp
    except Exception:  # noqa: BLE001 - a terminal that answers oddly gets text
        return None
    PROTOCOL = "sixel" if found.Image is Sixel else "tgp" if found.Image is Tgp else None
    return PROTOCOL


def image_widget(png: bytes, protocol: str, **kwargs: Any) -> Any:
    """A widget showing a PNG with ``protocol``."""
    import io

    from PIL import Image as PILImage
    from textual_image.widget import TGPImage

    picture = PILImage.open(io.BytesIO(png))
    picture.load()
    if protocol == "sixel":
        return _sixel_image_class()(picture, **kwargs)
    return TGPImage(picture, **kwargs)


@cache
def _sixel_image_class() -> type:
    """textual-image's Sixel widget, leaving the cursor where the rest of its last line goes.

    After the sixel data, textual-image moved the cursor to the image's
    ``visible_region.bottom``: the row *below* the image, where Textual then wrote
    the rest of the image's last line (the pane's scrollbar). For the original pane
    that row is the key bar, the terminal's last; written up to its last column,
    the terminal scrolled the whole screen up a line (seen in xterm -ti vt340 at
    120x40 after PageDown in the image: the header gone, the key bar twice), and
    Textual, drawing only what changed, never put it back. The cursor now goes to
    the end of the image's last row, where Textual's strip for that row ends."""
    from rich.control import Control
    from rich.segment import ControlType, Segment
    from rich.style import Style
    from textual_image.widget.sixel import Image as SixelImage
    from textual_image.widget.sixel import _ImageSixelImpl, _NoopRenderable

    plain = Style()

    class _Impl(_ImageSixelImpl):  # type: ignore[misc]
        def _get_sixel_segments(self, sixel_data: str) -> list[Segment]:
            region = self.screen.find_widget(self).visible_region
            return [
                Segment(Control.move_to(region.x, region.y).segment.text, style=plain),
                Segment(sixel_data, style=plain, control=((ControlType.CURSOR_FORWARD, 0),)),
                Segment(Control.move_to(region.right, region.bottom - 1).segment.text, style=plain),
            ]

    class OriginalSixelImage(SixelImage, Renderable=_NoopRenderable):  # type: ignore[misc]
        def compose(self) -> Any:
            yield _Impl(self.image, self._sixel_options)

    return OriginalSixelImage
