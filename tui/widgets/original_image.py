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
    from textual_image.widget import SixelImage, TGPImage

    picture = PILImage.open(io.BytesIO(png))
    picture.load()
    kind = SixelImage if protocol == "sixel" else TGPImage
    return kind(picture, **kwargs)
