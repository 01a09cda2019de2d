"""Loaders: written answers from a page's text, TheyWorkForYou XML and Written Questions API JSON.

Layered as parse → clean → extract, each a pure function:

- ``parse_hansard_text`` (a page's text in any rendering: those since 2014 are read by
  ``modern_pages.parse_modern_page``), ``parse_twfy_xml``, ``parse_wq_json``: raw input to
  cleaned ``ParsedAnswer`` objects (metadata, answer text, column breaks, flags);
- ``extract_candidates``: an answer with its candidate figures and commitments, tagged by a
  ``Tagger`` made from the validated registry (``Tagger.of(registry)``);
- ``load_answers``: all of it for one input, its format detected;
- ``build_drafts`` / ``write_drafts``: draft answer and record YAML for chosen candidates;
- ``review``: the Add answers page's workflow, from a pasted answer to checked drafts;
- ``cli``: ``python -m loaders`` (parse, ingest, quality: ``quality`` against the bundled
  records, ``evaluation`` against hand labels of real pages).
"""

from .drafts import DraftError, build_drafts, write_drafts
from .extract import extract_candidates
from .hansard_text import parse_hansard_text
from .model import Candidate, ColumnBreak, Columns, Extent, Flag, ParsedAnswer, Span
from .pipeline import detect_format, load_answers
from .tagging import Tagger
from .twfy_xml import UnsafeXMLError, parse_twfy_xml
from .wq_json import parse_wq_json

__all__ = [
    "Candidate",
    "ColumnBreak",
    "Columns",
    "DraftError",
    "Extent",
    "Flag",
    "ParsedAnswer",
    "Span",
    "Tagger",
    "UnsafeXMLError",
    "build_drafts",
    "detect_format",
    "extract_candidates",
    "load_answers",
    "parse_hansard_text",
    "parse_twfy_xml",
    "parse_wq_json",
    "write_drafts",
]
