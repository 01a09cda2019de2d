"""Splitting an answer into sentences, each a span of the text (quotes are slices of it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "vol", "col", "cols", "cc", "co", "ltd", "inc",
    "e.g", "i.e", "eg", "ie", "approx", "prof", "rt", "hon", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "para", "paras", "art", "cf", "viz", "fig",
}  # fmt: skip
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(£\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order; paragraphs never share a sentence."""
    sentences: list[Sentence] = []
    paragraph = 0
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        if not para.group(0).strip():
            continue
        base = para.start()
        body = para.group(0)
        start = 0
        for match in _END.finditer(body):
            if _abbreviation_before(body, match.start()):
                continue
            _add(sentences, text, base + start, base + match.end(), paragraph)
            start = match.end()
        _add(sentences, text, base + start, base + len(body), paragraph)
        paragraph += 1
    return sentences


def _abbreviation_before(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower()
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _add(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, paragraph))
