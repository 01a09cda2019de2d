"""Historic Hansard text in its three renderings: metadata, flags and clean answer text.

The nine fixtures are real answers (copied into tests/fixtures/hansard). Layout variants (names
broken across lines, several pairs on a page, grouped questions, a splice at a column marker) are
assembled in code from those real answers' own lines, to exercise the layout only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from commitments.record.model import Registry
from loaders.hansard_text import detect_rendering, parse_hansard_text
from loaders.model import Extent
from loaders.tagging import Tagger

FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
TAGGER = Tagger.of(
    Registry.model_validate(
        {
            "ministers": [
                {"name": "Beverley Hughes", "department": "Home Office"},
                {"name": "Caroline Flint", "department": "Home Office"},
                {"name": "Baroness Scotland of Asthal", "department": "Home Office"},
            ]
        }
    )
)
URLS = {
    "2003-03-05_HC_99443.txt": "https://api.parliament.uk/historic-hansard/written_answers/2003/mar/05/human-trafficking",
    "2003-09-19_HC_127787.txt": "https://api.parliament.uk/historic-hansard/written_answers/2003/sep/19/people-trafficking",
    "2004-05-04_HL_uk-frontiers.txt": "https://www.theyworkforyou.com/wrans/?id=2004-05-04a.107.3",
}


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def parse_one(name: str, **options):
    answers = parse_hansard_text(
        (FIXTURES / name).read_bytes(), url=URLS.get(name), tagger=TAGGER, **options
    )
    assert len(answers) == 1, [a.id for a in answers]
    return answers[0]


# The shared collection's README table: what each real answer's metadata is.
EXPECTED = [
    (
        "2002-07-04_HC_66152.txt",
        "header",
        "HC Deb 04 July 2002 vol 388 cc533-4W",
        "2002-07-04",
        "Commons",
        ["66152"],
        "Mr. Steen",
        "Beverley Hughes",
        {"holding_answer", "missing_heading"},
    ),
    (
        "2002-07-08_HC_65708.txt",
        "header",
        "HC Deb 08 July 2002 vol 388 cc741-2W",
        "2002-07-08",
        "Commons",
        ["65708"],
        "Mr. Spring",
        "Beverley Hughes",
        {"spliced_fragment", "missing_heading"},
    ),
    (
        "2002-07-22_HC_70287.txt",
        "header",
        "HC Deb 22 July 2002 vol 389 cc833-4W",
        "2002-07-22",
        "Commons",
        ["70287"],
        "Mr. Cox",
        "Beverley Hughes",
        {"missing_heading"},
    ),
    (
        "2002-11-04_HC_77555.txt",
        "header",
        "HC Deb 04 November 2002 vol 392 cc108-9W",
        "2002-11-04",
        "Commons",
        ["77555"],
        "Mr. Prisk",
        "Beverley Hughes",
        {"missing_heading"},
    ),
    # § pages print no citation, date or volume: the page address gives the date; the column
    # marker inside the text gives the columns.
    (
        "2003-03-05_HC_99443.txt",
        "section",
        "HC Deb 05 March 2003 cc1075-6W",
        "2003-03-05",
        "Commons",
        ["99443"],
        "Andrew Mackinlay",
        "Beverley Hughes",
        set(),
    ),
    (
        "2003-09-19_HC_127787.txt",
        "section",
        "HC Deb 19 September 2003 cc993-4W",
        "2003-09-19",
        "Commons",
        ["127787"],
        "Linda Perham",
        "Beverley Hughes",
        {"transferred"},
    ),
    (
        "2003-11-05_HC_134356.txt",
        "header",
        "HC Deb 05 November 2003 vol 412 cc718-9W",
        "2003-11-05",
        "Commons",
        ["134356"],
        "Mr. Reed",
        "Caroline Flint",
        {"missing_heading"},
    ),
    (
        "2004-01-19_HC_144611.txt",
        "header",
        "HC Deb 19 January 2004 vol 416 c977W",
        "2004-01-19",
        "Commons",
        ["144611"],
        "Mrs. Lawrence",
        "Beverley Hughes",
        {"missing_heading"},
    ),
    # No question number printed; the column comes from the TheyWorkForYou id.
    (
        "2004-05-04_HL_uk-frontiers.txt",
        "twfy",
        "HL Deb 04 May 2004 c107WA",
        "2004-05-04",
        "Lords",
        [],
        "Lord Patten",
        "Baroness Scotland of Asthal",
        {"missing_uin"},
    ),
]


@pytest.mark.parametrize(
    ("name", "rendering", "citation", "date", "house", "uins", "asker", "minister", "flags"),
    EXPECTED,
    ids=[row[0] for row in EXPECTED],
)
def test_each_real_answer_parses_with_its_metadata_and_flags(
    name, rendering, citation, date, house, uins, asker, minister, flags
):
    answer = parse_one(name)
    assert detect_rendering(read(name)) == rendering
    assert answer.citation == citation
    assert answer.date == dt.date.fromisoformat(date)
    assert answer.house == house
    assert list(answer.uins) == uins
    assert answer.asker == asker
    assert answer.minister == minister
    assert answer.department == "Home Office"
    assert set(answer.flag_kinds()) == flags
    assert answer.question.startswith(("To ask", "asked Her Majesty's Government"))
    assert answer.answer and not answer.answer.startswith(("§", "[", minister))


def test_every_fixture_is_covered():
    assert sorted(p.name for p in FIXTURES.glob("*.txt")) == sorted(row[0] for row in EXPECTED)


def test_ids_follow_the_data_format():
    assert parse_one("2003-03-05_HC_99443.txt").id == "hc-2003-03-05-99443"
    assert parse_one("2004-05-04_HL_uk-frontiers.txt").id == "hl-2004-05-04-107wa"


def test_mid_sentence_column_marker_leaves_the_text_and_becomes_a_column_break():
    answer = parse_one("2003-03-05_HC_99443.txt")
    assert "1076W" not in answer.answer
    assert "In the last six months alone, Reflex has had 27 operations" in answer.answer
    (column_break,) = answer.column_breaks
    assert column_break.column == 1076
    assert answer.answer[column_break.offset :].startswith("months alone")
    assert (answer.columns.first, answer.columns.last) == (1075, 1076)
    assert answer.columns.inferred == ("first_column",)
    assert answer.columns.volume is None  # not printed on a § page: never guessed


def test_column_marker_glued_to_a_paragraph():
    answer = parse_one("2003-09-19_HC_127787.txt")
    assert "994W" not in answer.answer
    (column_break,) = answer.column_breaks
    assert answer.answer[column_break.offset :].startswith("The Nationality, Immigration")


def test_spliced_fragment_is_set_aside_flagged_and_the_sentence_rejoined():
    answer = parse_one("2002-07-08_HC_65708.txt")
    (flag,) = [f for f in answer.flags if f.kind == "spliced_fragment"]
    assert "Prison Service" not in answer.answer
    assert "Hilary Benn" not in answer.answer
    assert "[66434]" in flag.text and "Hilary Benn" in flag.text
    assert flag.text.startswith("(b) left the Prison Service")
    assert flag.text.rstrip().endswith("another Prison Service grade.")
    assert "66434" in flag.detail and "Hilary Benn" in flag.detail
    assert "assist the anti-trafficking and EU STOP teams in Bosnia" in answer.answer
    assert answer.answer[flag.offset :].startswith("EU STOP teams")
    # What follows the fragment is still the answer.
    assert answer.answer.rstrip().endswith("in the second half of this year.")
    assert "SECI" in answer.answer


def test_holding_answer_marker_is_a_flag_not_answer_text():
    answer = parse_one("2002-07-04_HC_66152.txt")
    (flag,) = [f for f in answer.flags if f.kind == "holding_answer"]
    assert flag.detail == "holding answer 3 July 2002"
    assert answer.answer.startswith("Forming an accurate estimate")
    assert "[holding answer" not in answer.answer


def test_transferred_question_is_flagged_with_the_office_it_was_put_to():
    answer = parse_one("2003-09-19_HC_127787.txt")
    (flag,) = [f for f in answer.flags if f.kind == "transferred"]
    assert flag.detail == "Question put to the Minister for Women"


def test_theyworkforyou_page_furniture_is_dropped():
    answer = parse_one("2004-05-04_HL_uk-frontiers.txt")
    for furniture in ("Alert me", "Photo of", "written question", "Conservative"):
        assert furniture not in answer.answer
        assert furniture not in answer.question
    assert (
        answer.heading == "UK Frontiers: Security against Organised Crime and Illegal Immigration"
    )
    assert answer.answer.startswith("The Government's strategy for tackling")
    assert answer.columns.inferred == ("first_column", "last_column")


def test_section_page_without_an_address_flags_the_missing_date_and_never_guesses():
    answer = parse_hansard_text(read("2003-03-05_HC_99443.txt"))[0]
    assert answer.date is None
    assert answer.id is None and answer.citation is None
    assert "missing_date" in answer.flag_kinds()


def test_options_supply_date_and_house_only_where_the_text_prints_none():
    section = parse_hansard_text(read("2003-03-05_HC_99443.txt"), date=dt.date(2003, 3, 5))[0]
    assert section.date == dt.date(2003, 3, 5)
    header = parse_hansard_text(
        read("2002-07-04_HC_66152.txt"), date=dt.date(1999, 1, 1), house="lords"
    )[0]
    assert header.date == dt.date(2002, 7, 4)
    assert header.house == "Commons"


def test_excerpts_are_marked_when_told():
    assert parse_one("2002-07-22_HC_70287.txt", extent=Extent.EXCERPT).complete is False
    assert parse_one("2002-07-04_HC_66152.txt").complete is True
    assert parse_one("2002-07-04_HC_66152.txt", extent=Extent.COMPLETE).complete is True


def test_an_answer_ending_mid_sentence_is_an_excerpt_unless_told_it_is_whole():
    text = read("2002-07-22_HC_70287.txt").rstrip().rstrip(".") + " and the"
    (cut,) = parse_hansard_text(text)
    assert cut.complete is False  # Extent.UNKNOWN: the words stop mid-sentence
    (told,) = parse_hansard_text(text, extent=Extent.COMPLETE)
    assert told.complete is True


def test_missing_asker_and_minister_are_flags_when_only_the_answer_is_pasted():
    body = read("2002-11-04_HC_77555.txt").split("Beverley Hughes\n", 1)[1]
    (answer,) = parse_hansard_text(body, date=dt.date(2002, 11, 4), house="commons")
    assert {"missing_asker", "missing_minister", "missing_uin"} <= set(answer.flag_kinds())
    assert answer.asker is None and answer.minister is None
    assert answer.answer.startswith("We set out a comprehensive approach")


def test_minister_name_broken_across_lines():
    text = read("2002-07-22_HC_70287.txt").replace("\nBeverley Hughes\n", "\nBeverley\nHughes\n")
    answer = parse_hansard_text(text)[0]
    assert answer.minister == "Beverley Hughes"
    assert answer.answer.startswith("As set out in chapter 5")


def test_lords_name_broken_before_asked_her_majestys_government():
    # Historic Hansard prints "Lord Alton" / "of Liverpool asked Her Majesty's Government:".
    question = read("2004-05-04_HL_uk-frontiers.txt").split("asked Her Majesty's Government:\n\n")[
        1
    ]
    question = question.split("\n")[0]
    answer = read("2004-05-04_HL_uk-frontiers.txt").split(
        "Criminal Justice and Offender Management)\n\n"
    )[1]
    text = (
        "HL Deb 04 May 2004 c107WA\nBaroness Scotland\n\nof Asthal asked Her "
        "Majesty's Government:\n\n"
        f"{question} [HL2528]\n\nBaroness Scotland of Asthal\n\n{answer}"
    )
    (parsed,) = parse_hansard_text(text)
    assert parsed.asker == "Baroness Scotland of Asthal"
    assert parsed.house == "Lords" and parsed.uins == ("HL2528",)
    assert parsed.minister == "Baroness Scotland of Asthal"
    assert parsed.citation == "HL Deb 04 May 2004 c107WA"


def test_section_name_broken_across_lines_and_glued_to_the_speech():
    text = read("2003-03-05_HC_99443.txt").replace(
        "§ Beverley HughesWe set out", "§ Beverley\nHughesWe set out"
    )
    answer = parse_hansard_text(text, date=dt.date(2003, 3, 5))[0]
    assert answer.minister == "Beverley Hughes"
    assert answer.answer.startswith("We set out a comprehensive approach")


def test_several_question_and_answer_pairs_on_one_page():
    first = read("2002-07-04_HC_66152.txt")
    second = read("2004-01-19_HC_144611.txt").split("\n", 1)[1]  # without its citation line
    answers = parse_hansard_text(first + "\n" + second)
    assert [a.uins for a in answers] == [("66152",), ("144611",)]
    assert [a.asker for a in answers] == ["Mr. Steen", "Mrs. Lawrence"]
    assert answers[0].answer.endswith("British Transport police.")
    assert answers[1].answer.startswith("Forming an accurate estimate")
    assert all(a.citation == "HC Deb 04 July 2002 vol 388 cc533-4W" for a in answers)


def test_grouped_questions_answered_together():
    one = read("2002-07-04_HC_66152.txt").split("\n\nBeverley Hughes\n\n")[0]
    other = read("2004-01-19_HC_144611.txt").split("\n", 1)[1].split("\n\nBeverley Hughes\n\n")
    text = f"{one}\n\n{other[0]}\n\nBeverley Hughes\n\n{other[1]}"
    (answer,) = parse_hansard_text(text)
    assert answer.uins == ("66152", "144611")
    assert answer.asker == "Mr. Steen, Mrs. Lawrence"
    assert answer.id == "hc-2002-07-04-66152"
    assert "[66152]" not in answer.question and "[144611]" not in answer.question


def test_splice_at_a_column_marker_in_section_style():
    # The 8 July 2002 splice, laid out as a § page with the column marker where it broke.
    text = read("2002-07-08_HC_65708.txt").split("\n\nBeverley Hughes\n\n")[1]
    before, rest = text.split("UK and EU experts assist the anti-trafficking and ")
    fragment, after = rest.split("\n\nHilary Benn\n\n")
    benn, resumed = after.split("\n\nEU STOP teams")
    page = (
        "§ Mr. SpringTo ask the Secretary of State for the Home Department what measures the "
        "Government are taking to prevent the trafficking of women in the Balkans. [65708]\n"
        f"§ Beverley Hughes{before}UK and EU experts assist the "
        f"anti-trafficking and 742W {fragment}\n"
        f"§ Hilary Benn{benn}\nEU STOP teams{resumed}"
    )
    (answer,) = parse_hansard_text(page, date=dt.date(2002, 7, 8))
    (flag,) = [f for f in answer.flags if f.kind == "spliced_fragment"]
    assert "Prison Service" not in answer.answer and "Hilary Benn" not in answer.answer
    assert "742W" not in answer.answer and "742W" not in flag.text
    assert "assist the anti-trafficking and EU STOP teams in Bosnia" in answer.answer
    assert answer.columns.last == 742


def test_labels_that_look_like_column_numbers_are_kept():
    answer = parse_one("2004-01-19_HC_144611.txt")
    assert "Police Research Series 125" in answer.answer
    assert answer.column_breaks == ()


def test_bytes_in_windows_encoding_are_read():
    text = read("2002-07-08_HC_65708.txt").encode("cp1252")
    answer = parse_hansard_text(text)[0]
    assert "£200,000" in answer.answer


# Layouts other pages use, built here from the fixtures' own wording (constructed, not real pages).


def test_minister_printed_with_office_and_name_in_brackets():
    body = read("2004-01-19_HC_144611.txt").split("\n\nBeverley Hughes\n\n")
    section = (
        "§ Mrs. LawrenceTo ask the Secretary of State for the Home Department how many cases of "
        "human trafficking were detected in 2002. [144611]\n"
        f"§ The Minister of State, Home Office (Beverley Hughes){body[1]}"
    )
    (answer,) = parse_hansard_text(section, date=dt.date(2004, 1, 19))
    assert answer.minister == "Beverley Hughes"
    assert answer.department == "Home Office"
    assert answer.answer.startswith("Forming an accurate estimate")
    header = f"{body[0]}\n\nThe Minister of State, Home Office (Beverley Hughes): {body[1]}"
    (answer,) = parse_hansard_text(header)
    assert answer.minister == "Beverley Hughes" and answer.answer.startswith("Forming")


def test_grouped_question_numbered_one_two_in_one_speech():
    text = read("2002-07-08_HC_65708.txt").replace(
        "what measures the Government are taking to prevent the trafficking of women in the "
        "Balkans and what evaluation he has made of their success; ",
        "(1) what measures the Government are taking to prevent the trafficking of women in the "
        "Balkans; [65707]\n\n(2) ",
    )
    (answer,) = parse_hansard_text(text)
    assert answer.uins == ("65707", "65708")
    assert answer.question.count("(1)") == answer.question.count("(2)") == 1
    assert answer.answer.startswith("Alongside effective enforcement")


def test_theyworkforyou_text_without_photo_captions():
    question = read("2002-07-04_HC_66152.txt").split("\n\n")[1]
    body = read("2002-07-04_HC_66152.txt").split("\n\nBeverley Hughes\n\n")[1]
    page = (
        "People Trafficking\n\nHome Office written question – answered on 4th July 2002.\n\n"
        "Alert me about debates like this\n\nAnthony Steen\nConservative, Totnes\n\n"
        f"{question}\n\nBeverley Hughes\nMinister of State (Home Office)\n\n{body}"
    )
    (answer,) = parse_hansard_text(page)
    assert (answer.date, answer.house) == (dt.date(2002, 7, 4), "Commons")
    assert answer.asker == "Anthony Steen" and answer.minister == "Beverley Hughes"
    assert answer.department == "Home Office" and answer.heading == "People Trafficking"
    assert answer.uins == ("66152",)
    assert "Conservative" not in answer.answer and "Minister of State" not in answer.answer


def test_a_cited_column_is_not_a_column_break():
    text = read("2004-01-19_HC_144611.txt").replace(
        "Forming an accurate estimate",
        "As I said on 4 July, Official Report, column 534W, forming an accurate estimate",
    )
    (answer,) = parse_hansard_text(text)
    assert "Official Report, column 534W" in answer.answer
    assert answer.column_breaks == ()


def test_holding_answer_marker_followed_by_a_colon():
    text = read("2002-07-04_HC_66152.txt").replace(
        "[holding answer 3 July 2002]Forming", "[holding answer 3 July 2002]: Forming"
    )
    (answer,) = parse_hansard_text(text)
    assert answer.answer.startswith("Forming an accurate estimate")
    assert "holding_answer" in answer.flag_kinds()


def test_questions_and_answers_printed_without_names():
    # Some copies print only the questions and the answers: the names are flags.
    question = read("2004-01-19_HC_144611.txt").split("\n\n")[1]
    body = read("2004-01-19_HC_144611.txt").split("\n\nBeverley Hughes\n\n")[1]
    (answer,) = parse_hansard_text(f"{question}\n{body}", date=dt.date(2004, 1, 19))
    assert answer.uins == ("144611",) and answer.house == "Commons"
    assert {"missing_asker", "missing_minister"} <= set(answer.flag_kinds())
    assert answer.answer.startswith("Forming an accurate estimate")


def test_splice_with_no_question_number_or_speaker_found_at_its_column_marker():
    # The 8 July 2002 splice without its question number and speaker: only the column marker
    # where the sentence breaks off, and the sentence resuming after the fragment, show it.
    text = read("2002-07-08_HC_65708.txt")
    text = text.replace(" [66434]\n\nHilary Benn\n\n", "\n\n").replace(
        "anti-trafficking and (b) left", "anti-trafficking and 742W (b) left"
    )
    (answer,) = parse_hansard_text(text)
    (flag,) = [f for f in answer.flags if f.kind == "spliced_fragment"]
    assert "Prison Service" not in answer.answer and "Prison Service" in flag.text
    assert "assist the anti-trafficking and EU STOP teams in Bosnia" in answer.answer
    assert answer.answer[flag.offset :].startswith("EU STOP teams")
    assert answer.columns.last == 742


def test_a_column_marker_inside_a_sentence_that_carries_on_is_no_splice():
    answer = parse_one("2003-03-05_HC_99443.txt")
    assert "spliced_fragment" not in answer.flag_kinds()
    text = read("2004-01-19_HC_144611.txt").replace(
        "the Government set up", "the 977W Government set up"
    )
    (answer,) = parse_hansard_text(text)
    assert "spliced_fragment" not in answer.flag_kinds()
    assert "the Government set up a multi-agency taskforce" in answer.answer
