"""HTML answer text (as the Written Questions API gives it) to plain paragraphs.

Paragraphs and list items become paragraphs (an item keeps its mark: ``• `` in a bulleted list,
``1. ``, ``2. ``… in a numbered one), a table row becomes one line of cells separated by `` | ``,
links keep their text, entities are decoded and nothing is executed or fetched.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "table",
    "ul",
    "ol",
}
_SKIP = {"script", "style"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.cells: list[str] | None = None
        self.skip = 0
        self.lists: list[list[int]] = []
        """For each open list, innermost last: ``[]`` bulleted, ``[n]`` numbered at item n."""
        self.mark = ""
        """The mark of the list item whose text comes next."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self._flush()
        elif tag == "tr":
            self._flush()
            self.cells = []
        elif tag in {"td", "th"} and self.cells is not None:
            self._flush_cell()
        elif tag in _BLOCKS:
            self._flush()
            if tag in {"ul", "ol"}:
                self.lists.append([0] if tag == "ol" else [])
            elif tag == "li":
                self.mark = self._item_mark()

    def _item_mark(self) -> str:
        if not self.lists or not self.lists[-1]:
            return "• "
        self.lists[-1][0] += 1
        return f"{self.lists[-1][0]}. "

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(self.skip - 1, 0)
        elif tag in {"td", "th"} and self.cells is not None:
            self._flush_cell()
        elif tag == "tr" and self.cells is not None:
            self._flush_cell()
            row = " | ".join(cell for cell in self.cells)
            if row.strip(" |"):
                self.paragraphs.append(row)
            self.cells = None
        elif tag in _BLOCKS:
            self._flush()
            if tag in {"ul", "ol"} and self.lists:
                self.lists.pop()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data)

    def _flush_cell(self) -> None:
        text = _squash("".join(self.current))
        self.current = []
        if self.cells is not None and (text or self.cells):
            self.cells.append(text)

    def _flush(self) -> None:
        if self.cells is not None:
            return
        text = _squash("".join(self.current))
        self.current = []
        if text:
            self.paragraphs.append(self.mark + text)
            self.mark = ""

    def close(self) -> None:
        super().close()
        if self.cells is not None:
            self._flush_cell()
            self.paragraphs.append(" | ".join(self.cells))
            self.cells = None
        self._flush()


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def html_paragraphs(html: str) -> list[str]:
    """The paragraphs of an HTML fragment, as plain text."""
    collector = _Collector()
    collector.feed(html or "")
    collector.close()
    return collector.paragraphs
