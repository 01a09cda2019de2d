"""Hansard citations: ``HC Deb 08 July 2002 vol 388 cc741-2W``, built from their parts."""

from __future__ import annotations

import datetime as dt


def column_range(first: int, last: int) -> str:
    """``741, 742`` → ``cc741-2``; ``1278, 1291`` → ``cc1278-91``; ``977, 977`` → ``c977``."""
    if last == first:
        return f"c{first}"
    a, b = str(first), str(last)
    if len(a) == len(b):
        keep = next((i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y), len(b))
        b = b[keep:]
    return f"cc{a}-{b}"


def format_citation(
    house: str,
    date: dt.date,
    volume: int | None,
    first: int | None,
    last: int | None,
    series: str,
) -> str:
    """The citation from its parts; a part not known (None) is left out."""
    parts = [f"{'HC' if house == 'Commons' else 'HL'} Deb {date.day:02d} {date:%B %Y}"]
    if volume is not None:
        parts.append(f"vol {volume}")
    if first is not None:
        parts.append(f"{column_range(first, last if last is not None else first)}{series}")
    return " ".join(parts)
