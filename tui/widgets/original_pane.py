"""The original of a document beside its fields: a page's text laid out as on the
page, or an e-invoice written as a readable invoice."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import ScrollableContainer, Vertical
from textual.widgets import Static

from books.i18n import t
from books.inbox.original import OriginalPage


class OriginalPane(Vertical):
    """A title line (name, page) and the page's lines, scrolled when longer than the pane."""

    DEFAULT_CSS = """
    OriginalPane {
        border-left: vkey $panel-lighten-2;
        padding: 0 0 0 1;
    }
    OriginalPane #original-title {
        height: 1;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    OriginalPane #original-note {
        height: auto;
        color: $text-muted;
    }
    OriginalPane #original-scroll {
        height: 1fr;
        scrollbar-size-vertical: 1;
        scrollbar-size-horizontal: 1;
    }
    OriginalPane #original-body {
        text-wrap: nowrap;
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.page: OriginalPage | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="original-title")
        yield Static(id="original-note")
        with ScrollableContainer(id="original-scroll", can_focus=False):
            yield Static(id="original-body")

    def loading_page(self, name: str) -> None:
        """The page is being laid out (the fields are already shown)."""
        self.page = None
        self.query_one("#original-title", Static).update(t("view.original.title", name=name))
        self.query_one("#original-note", Static).update(t("view.original.loading"))
        self.query_one("#original-body", Static).update("")

    def clear(self) -> None:
        """Nothing shown (as when composed): the document view is opened again."""
        self.page = None
        self.clear_image()
        for part in ("#original-title", "#original-note", "#original-body"):
            self.query_one(part, Static).update("")

    def show_page(self, name: str, page: OriginalPage) -> None:
        """Draw one page (as text; :meth:`show_image` may follow)."""
        self.page = page
        self.clear_image()
        title = Text(t("view.original.title", name=name), style="bold")
        if page.pages > 1:
            title.append("  " + t("view.original.page", page=page.page + 1, pages=page.pages),
                         style="dim")
        self.query_one("#original-title", Static).update(title)
        note = page.note or {"invoice": t("view.original.invoice"),
                             "image": t("view.original.image")}.get(page.kind, "")
        if page.kind == "pdf" and not page.lines:
            note = t("view.original.empty")
        self.query_one("#original-note", Static).update(Text(note, style="bold red" if
                                                             page.kind == "error" else ""))
        body = self.query_one("#original-body", Static)
        # Sized here: measuring a page of text would mean rendering it twice.
        body.styles.width = max((cell_len(line) for line in page.lines), default=1)
        body.styles.height = max(len(page.lines), 1)
        body.update(Text("\n".join(page.lines)))
        self.query_one("#original-scroll", ScrollableContainer).scroll_home(animate=False)

    def show_image(self, png: bytes, protocol: str) -> None:
        """Show the page as an image (its text stays, hidden, for the ``i`` toggle)."""
        from tui.widgets.original_image import image_widget

        self.clear_image()
        picture = image_widget(png, protocol, id="original-image")
        picture.styles.width = "100%"
        picture.styles.height = "auto"
        self.query_one("#original-body").display = False
        self.query_one("#original-scroll", ScrollableContainer).mount(picture)
        self.query_one("#original-note", Static).update("")

    def clear_image(self) -> None:
        """Back to the page's text."""
        for picture in self.query("#original-image"):
            picture.remove()
        self.query_one("#original-body").display = True

    @property
    def has_image(self) -> bool:
        """Whether the page shows as an image."""
        return bool(self.query("#original-image"))

    def scroll_page(self, step: int) -> bool:
        """Scroll the page by a screenful; False when already at that end (then the
        caller turns the page)."""
        scroll = self.query_one("#original-scroll", ScrollableContainer)
        if step > 0 and scroll.scroll_y < scroll.max_scroll_y:
            scroll.scroll_page_down(animate=False)
            return True
        if step < 0 and scroll.scroll_y > 0:
            scroll.scroll_page_up(animate=False)
            return True
        return False

    def scroll_across(self, step: int) -> None:
        """Scroll a page wider than the pane left or right (by a third of the pane)."""
        scroll = self.query_one("#original-scroll", ScrollableContainer)
        scroll.scroll_relative(x=step * max(10, scroll.size.width // 3), animate=False)
