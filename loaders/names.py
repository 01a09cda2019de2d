"""Telling a speaker's name from the words of a speech.

Historic Hansard prints a speaker's name on its own line, glues it to the speech
(``§ Beverley HughesWe set out…``), follows it with a colon, or breaks it across lines
(``Lord Alton`` / ``of Liverpool asked Her Majesty's Government:``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "baroness", "baron",
    "earl", "viscount", "countess", "marquess", "duke", "bishop", "the", "rt", "hon", "rev",
    "professor", "prof",
}  # fmt: skip
CONNECTORS = {"of", "and", "de", "la", "le", "du", "van", "von", "den", "der", "st", "st."}
_PREFIXES_INSIDE_NAMES = ("Mc", "Mac", "Fitz", "De", "Di", "Le", "La", "Van", "O'", "D'")

QUESTION_OPENERS = re.compile(
    r"(?:To ask\b|asked (?:Her|His) Majesty's Government|asked the\b|asked Her\b|asked His\b)",
)
_WORD = re.compile(r"^[A-Z][\w'’\-]*\.?$|^[A-Z]\.$")
_NOT_NAMES = {
    "alert me about debates like this",
    "hide full answer",
    "show full answer",
    "link to this",
    "share",
    "email me",
    "tweet",
}


def name_like(line: str) -> bool:
    """Whether a short line reads as a speaker's name (``Mr. Spring``, ``Baroness Scotland of``)."""
    text = line.strip().rstrip(":").strip()
    if not text or len(text) > 70 or any(ch.isdigit() for ch in text):
        return False
    if text.lower() in _NOT_NAMES or text.endswith((",", ";")):
        return False
    if text.endswith(".") and not _ends_with_title(text):
        return False
    words = text.split()
    if len(words) > 8:
        return False
    capitals = 0
    for word in words:
        bare = word.strip("()")
        if bare.lower().rstrip(".") in CONNECTORS:
            continue
        if not _WORD.match(bare):
            return False
        capitals += 1
    return capitals >= 1


def continues_name(line: str) -> bool:
    """A line that carries on a name broken across lines: ``of Liverpool``, ``Asthal``."""
    text = line.strip().rstrip(":").strip()
    if not text or len(text) > 40 or any(ch.isdigit() for ch in text):
        return False
    words = text.split()
    if len(words) > 4:
        return False
    return all(w.lower() in CONNECTORS or _WORD.match(w) for w in words)


def _ends_with_title(text: str) -> bool:
    last = text.split()[-1].rstrip(".").lower()
    return last in TITLES or len(last) == 1


_OFFICE_AND_NAME = re.compile(
    r"^(?P<office>The [A-Z][^()\n]{2,120}?)\s*\((?P<name>[^()\n]{3,60})\)\s*:?\s*"
)


def office_and_name(text: str) -> tuple[str, str, str] | None:
    """``The Minister of State, Home Office (Mr. Tim Renton)…`` → name, office, the rest."""
    match = _OFFICE_AND_NAME.match(text.strip())
    if not match or not name_like(match.group("name")):
        return None
    rest = text.strip()[match.end() :]
    if not any(c.islower() for c in match.group("name")) or rest[:1].islower():
        # "The … Centre (UKHTC) currently has …": an acronym in a sentence, not an office's
        # holder; a name has lower-case letters, and a speech does not start in lower case.
        return None
    return match.group("name").strip(), match.group("office").strip().rstrip(","), rest


def split_glued(text: str, known: Iterable[str] = ()) -> tuple[str | None, str]:
    """Split ``Beverley HughesWe set out…`` into the name and the speech.

    A known name (from the registry) that starts the text wins. Otherwise the name ends where a
    question opener starts (``To ask``, ``asked``), at a colon after a short name, or where a
    lower-case letter runs into a capital (``Hughes|We``), except inside ``McDonald`` or
    ``MacShane``. Returns ``(None, text)`` when no name can be told apart.
    """
    stripped = text.lstrip()
    office = office_and_name(stripped)
    if office:
        return office[0], office[2]
    for name in sorted(known, key=len, reverse=True):
        if stripped.startswith(name) and (
            len(stripped) == len(name) or not stripped[len(name)].islower()
        ):
            return name, stripped[len(name) :].lstrip(" :")
    opener = QUESTION_OPENERS.search(stripped[:90])
    if opener and opener.start() > 0:
        name = stripped[: opener.start()].strip().rstrip(":").strip()
        if name and name_like(name):
            return name, stripped[opener.start() :]
    colon = stripped.find(":")
    if 0 < colon <= 70 and name_like(stripped[:colon]):
        return stripped[:colon].strip(), stripped[colon + 1 :].lstrip()
    for match in re.finditer(r"[a-z.](?=[A-Z\[(“\"'‘])", stripped[:80]):
        cut = match.end()
        name = stripped[:cut].strip()
        if _inside_name(stripped, cut):
            continue
        if name_like(name):
            return name, stripped[cut:]
        break
    return None, stripped


def _inside_name(text: str, cut: int) -> bool:
    """Whether a lower→upper join at ``cut`` is inside one name (``McDonald``, ``MacShane``)."""
    word_start = max(text.rfind(" ", 0, cut) + 1, 0)
    fragment = text[word_start:cut]
    return fragment in _PREFIXES_INSIDE_NAMES


_PHOTO = re.compile(r"^Photo of (?P<rest>.+)$")


def read_photo_caption(line: str) -> tuple[str, str] | None:
    """``Photo of Lord Patten Lord Patten Conservative`` → ``("Lord Patten", "Conservative")``.

    TheyWorkForYou repeats the name after the photo's caption; the name is the longest prefix
    that is repeated, and what follows is the member's party or office.
    """
    match = _PHOTO.match(line.strip())
    if not match:
        return None
    rest = match.group("rest")
    words = rest.split()
    for size in range(len(words) // 2, 0, -1):
        if words[:size] == words[size : 2 * size]:
            return " ".join(words[:size]), " ".join(words[2 * size :])
    return None
