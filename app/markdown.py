"""Record text as Markdown that shows exactly the words: nothing is read as markup or HTML.

Streamlit renders ``st.markdown`` text as Markdown (links, images, emphasis, ``:icons:``, maths),
so every punctuation character that could start any of these is escaped with a backslash.
Pure functions, tested without a page.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=&\"'^%])")
_SPACE = re.compile(r"\s+")
_ZWSP = "\u200b"  # an invisible break: ends Markdown's bare links and :icon: names
_BARE_LINK = re.compile(r":(?=\S)|(?<![\w.])(?i:www)(?=\.)")


def escape(text: object) -> str:
    """``text`` as Markdown that shows it verbatim."""
    if text is None:
        return ""
    text = _BARE_LINK.sub(lambda m: m.group(0) + _ZWSP, str(text))
    return _SPECIAL.sub(r"\\\1", text)


def link(label: str, url: str | None) -> str:
    """A Markdown link whose label is shown verbatim; just the label when there is no address."""
    if not url or not re.match(r"^https?://", url):
        return escape(label)
    return f"[{escape(label)}]({quote(url, safe=':/?&=#%~+,;@!$')})"


def find_quote(text: str, quote_text: str) -> tuple[int, int] | None:
    """Where ``quote_text`` stands in ``text``, whitespace aside (as the checks match quotes)."""
    words = quote_text.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(word) for word in words)
    found = re.search(pattern, text)
    return (found.start(), found.end()) if found else None


_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: never in an answer's text


def highlighted(text: str, quote_text: str, colour: str = "orange") -> tuple[str, bool]:
    """The answer's text as Markdown paragraphs with the quote highlighted; whether it was found.

    Paragraphs stay paragraphs (whitespace inside one is folded, so nothing reads as a code
    block); the quote is wrapped in Streamlit's ``:colour-background[**…**]``, closed and reopened
    at paragraph breaks, which a highlight cannot span.
    """
    span = find_quote(text, quote_text)
    if span is not None:
        start, end = span
        text = text[:start] + _OPEN + text[start:end] + _CLOSE + text[end:]
    out, inside = [], False
    for paragraph in re.split(r"\n\s*\n", text):
        words = escape(" ".join(paragraph.split()))
        if not words:
            continue
        if inside:
            words = _OPEN + words
        inside = words.rfind(_OPEN) > words.rfind(_CLOSE)  # the quote runs on past this paragraph
        if inside:
            words += _CLOSE
        out.append(words)
    markdown = "\n\n".join(out)
    markdown = markdown.replace(_OPEN, f":{colour}-background[**").replace(_CLOSE, "**]")
    return markdown, span is not None
