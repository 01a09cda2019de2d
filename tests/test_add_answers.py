"""The Add answers page: a pasted answer becomes checked draft files.

The review functions (``loaders.review``) are tested directly on the real answers in
``tests/fixtures/hansard``;
the page is run by AppTest on data folders written under ``tmp_path``, never on ``data/``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import socket
import time
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from commitments.folder.load import load_dataset
from commitments.folder.problems import Problem
from commitments.folder.reading import read_registry
from commitments.serving.snapshot import load_snapshot
from loaders import fetch, review
from tests.baseline import fresh, write_dataset
from tests.dashboard_data import write_dashboard_data
from tests.test_fetch import serving

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "dashboard.py"
FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
TIMEOUT = 60
MARCH_2003_URL = (
    "https://api.parliament.uk/historic-hansard/written-answers/2003/mar/05/human-trafficking"
)
HOLDING = "2002-07-04_HC_66152.txt"  # header style; "[holding answer 3 July 2002]"
SPLICED = "2002-07-08_HC_65708.txt"  # a fragment of an answer on Prison Service staff inside
MARCH = "2003-03-05_HC_99443.txt"  # § style: no date or House printed; "1076W" mid-sentence


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def yaml_of(text: str):
    return yaml.load(text, Loader=yaml.CSafeLoader)


def files_in(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def baseline(tmp_path) -> Path:
    """A valid data folder holding the 8 July 2002 and 4 May 2004 answers."""
    return write_dataset(tmp_path / "data", fresh())


@pytest.fixture
def registry(baseline):
    found, problems, valid = read_registry(baseline)
    assert valid and problems == [] and found.programmes
    return found


def read(name: str, registry, **options):
    answers = review.read_answers(
        (FIXTURES / name).read_bytes(), registry, filename=name, **options
    )
    assert answers
    return answers


def all_kept(answer) -> review.Choice:
    return review.choice_of(answer, review.candidates_table(answer))


# --- The candidates table and the choices read from it ------------------------------------------


def test_the_table_lists_every_candidate_kept_with_its_words(registry):
    (answer,) = read(MARCH, registry, url=MARCH_2003_URL)
    table = review.candidates_table(answer)
    assert list(table.columns) == review.COLUMNS
    assert len(table) == len(answer.candidates) == 16
    assert table["keep"].all()
    assert list(table["quote"]) == [c.quote for c in answer.candidates]
    assert set(table["kind"]) == {"figure", "commitment"}
    figures = table[table["kind"] == "figure"].set_index("value")
    # the column marker "1076W" printed mid-sentence is not part of any quote
    assert not table["quote"].str.contains("1076W").any()
    assert figures.loc["over 60", "when"] == "currently"
    assert figures.loc["27", "when"] == "In the last six months"
    assert figures.loc["27", "programmes"] == ["Reflex"]
    assert table.loc[table["kind"] == "commitment", "metric"].isna().all()


def test_an_untouched_table_keeps_every_candidate_with_no_edits(registry):
    (answer,) = read(MARCH, registry, url=MARCH_2003_URL)
    assert all_kept(answer) == review.Choice(selected=list(range(16)), edits={})


def test_unticked_rows_are_left_out_and_only_changed_cells_are_edits(registry):
    (answer,) = read(MARCH, registry, url=MARCH_2003_URL)
    table = review.candidates_table(answer)
    figure = int(table.index[table["value"] == "27"][0])
    commitment = int(table.index[table["kind"] == "commitment"][0])
    table.loc[1, "keep"] = False
    table.loc[3, "keep"] = False
    table.at[figure, "title"] = "  Reflex operations   reaching arrest  "  # spaces folded
    table.at[figure, "tags"] = ["operations", "operations", " "]  # repeats and blanks dropped
    table.at[figure, "metric"] = "reflex-operations"
    table.at[commitment, "title"] = ""  # empty: the default title stays
    table.at[commitment, "metric"] = "reflex-arrests"  # a commitment has no metric
    table.at[commitment, "agencies"] = "Europol, NCS"  # typed text is split at commas
    choice = review.choice_of(answer, table)
    assert 1 not in choice.selected and 3 not in choice.selected
    assert len(choice.selected) == 14
    assert choice.edits == {
        figure: {
            "title": "Reflex operations reaching arrest",
            "tags": ["operations"],
            "metric": "reflex-operations",
        },
        commitment: {"agencies": ["Europol", "NCS"]},
    }


def test_drafts_follow_the_choices(registry):
    (answer,) = read(MARCH, registry, url=MARCH_2003_URL)
    table = review.candidates_table(answer)
    table["keep"] = False
    figure = int(table.index[table["value"] == "27"][0])
    table.loc[figure, "keep"] = True
    table.at[figure, "title"] = "Reflex operations reaching the arrest phase"
    table.at[figure, "tags"] = ["operations"]
    drafts = review.build([(answer, review.choice_of(answer, table))])
    record_path = "records/2003-03-05-reflex-operations-reaching-the-arrest-phase.yaml"
    assert sorted(drafts.files) == ["answers/hc-2003-03-05-99443.yaml", record_path]
    assert drafts.failures == []
    record = yaml_of(drafts.files[record_path])
    assert record["title"] == "Reflex operations reaching the arrest phase"
    assert (record["value"], record["tags"], record["source"]) == (
        27,
        ["operations"],
        "hc-2003-03-05-99443",
    )
    assert record["history"][0]["status"] == "needs_review"
    assert drafts.labels[record_path] == "Figure: Reflex operations reaching the arrest phase"


def test_record_ids_stay_unique_across_answers(registry):
    (answer,) = read(MARCH, registry, url=MARCH_2003_URL)
    twin = dataclasses.replace(answer, uins=("99444",))  # another answer, same day and words
    table = review.candidates_table(answer)
    table["keep"] = False
    table.loc[0, "keep"] = True
    table.at[0, "title"] = "UN Trafficking Protocol"
    choice = review.choice_of(answer, table)
    drafts = review.build([(answer, choice), (twin, choice)])
    assert sorted(drafts.records) == [
        "records/2003-03-05-un-trafficking-protocol-2.yaml",
        "records/2003-03-05-un-trafficking-protocol.yaml",
    ]
    sources = {yaml_of(drafts.files[p])["source"] for p in drafts.records}
    assert sources == {"hc-2003-03-05-99443", "hc-2003-03-05-99444"}
    # the same answer twice is drafted once, and the page says so
    again = review.build([(answer, choice), (answer, choice)])
    assert len(again.files) == 2
    assert again.failures == [
        "HC Deb 05 March 2003 cc1075-6W: left out: an answer with the id hc-2003-03-05-99443 "
        "is drafted above already"
    ]


@pytest.mark.parametrize(
    ("name", "options", "missing", "hint"),
    [
        # § style: no date printed (the House follows from the question's number)
        (MARCH, {}, ["date"], "give the page's address, or the date and House"),
    ],
)
def test_an_answer_missing_what_a_draft_needs_says_how_to_give_it(
    registry, name, options, missing, hint
):
    answer = read(name, registry, **options)[0]
    assert review.missing_for_drafts(answer) == missing
    assert hint in review.missing_hint(answer)
    drafts = review.build([(answer, all_kept(answer))])
    assert drafts.files == {}
    assert len(drafts.failures) == 1 and hint in drafts.failures[0]


def test_an_uploaded_service_answer_is_drafted_cited_as_the_service_cites_it(registry, baseline):
    # written questions since 2014 have no Hansard column: their UINs and dates cite them
    answer = read("written_questions_api_sample.json", registry)[0]
    assert review.missing_for_drafts(answer) == [] and review.missing_hint(answer) == ""
    drafts = review.build([(answer, all_kept(answer))])
    assert drafts.failures == []
    drafted = yaml_of(drafts.files["answers/hc-2024-01-10-7926.yaml"])
    assert drafted["citation"] == "UIN 7926, tabled 5 January 2024, answered 10 January 2024"
    assert "citation_parts" not in drafted and drafted["written_question"]["api_id"] == 1679416
    assert review.check(drafts.files, baseline).problems == []


def test_the_date_and_house_given_make_the_answer_draftable(registry):
    import datetime as dt

    (answer,) = read(MARCH, registry, date=dt.date(2003, 3, 5), house="Commons")
    assert review.missing_for_drafts(answer) == []
    assert answer.id == "hc-2003-03-05-99443"


def test_flags_and_set_aside_text(registry):
    (answer,) = read(SPLICED, registry)
    flags = review.flags_table(answer)
    assert "Spliced fragment" in set(flags["Flag"])
    ((detail, text),) = review.set_aside(answer)
    assert "[66434]" in detail and "Prison Service" in text
    quotes = " ".join(review.candidates_table(answer)["quote"])
    assert "Prison Service" not in quotes
    (holding,) = read(HOLDING, registry)
    assert "Holding answer" in set(review.flags_table(holding)["Flag"])
    facts = review.facts(holding).set_index("Field")["Value"]
    assert facts["Citation"] == "HC Deb 04 July 2002 vol 388 cc533-4W"
    assert facts["Asked by"] == "Mr. Steen"
    assert facts["Columns"] == "533–534"


# --- Checking the drafts against the data folder ------------------------------------------------


def test_drafts_of_a_new_answer_check_clean_and_leave_the_data_folder_alone(baseline, registry):
    before = files_in(baseline)
    (answer,) = read(MARCH, registry, url=MARCH_2003_URL)
    drafts = review.build([(answer, all_kept(answer))])
    assert len(drafts.files) == 17
    result = review.check(drafts.files, baseline)
    assert result.problems == [] and result.existing == []
    assert files_in(baseline) == before


def test_an_unknown_name_is_an_error_located_in_the_draft(baseline, registry):
    (answer,) = read(MARCH, registry, url=MARCH_2003_URL)
    table = review.candidates_table(answer)
    table["keep"] = False
    table.loc[0, "keep"] = True
    table.at[0, "programmes"] = ["Project Nowhere"]
    drafts = review.build([(answer, review.choice_of(answer, table))])
    (record_path,) = drafts.records
    result = review.check(drafts.files, baseline)
    (problem,) = result.errors
    text = yaml_of(drafts.files[record_path])
    assert problem.path == record_path
    assert problem.record == text["id"]
    assert "Project Nowhere" in problem.message
    line = drafts.files[record_path].splitlines()[problem.line - 1]
    assert "Project Nowhere" in line or line.startswith("programmes")
    assert str(problem).startswith(f"{record_path}:{problem.line}: {text['id']}: ")


def test_only_problems_of_the_drafts_are_reported(baseline, registry):
    broken = baseline / "records" / "not-a-draft.yaml"
    broken.write_text("id: not-a-draft\nkind: figure\n", encoding="utf-8")
    assert any(p.record == "not-a-draft" for p in load_dataset(baseline).problems)
    (answer,) = read(HOLDING, registry)
    result = review.check(review.build([(answer, all_kept(answer))]).files, baseline)
    assert result.problems == []


def test_records_are_checked_against_the_answer_already_in_the_data_folder(baseline, registry):
    # the baseline holds the 8 July 2002 answer in part: quotes from the rest are not in it
    (answer,) = read(SPLICED, registry)
    drafts = review.build([(answer, all_kept(answer))])
    result = review.check(drafts.files, baseline)
    assert result.existing == result.differing == ["answers/hc-2002-07-08-65708.yaml"]
    assert result.errors
    assert {p.path for p in result.errors} <= set(drafts.records)
    assert all("quote not found" in p.message for p in result.errors)


CONFLICTING = (  # the 8 July 2002 answer in the baseline gives 67 arrests for the same period
    "HC Deb 08 July 2002 vol 388 c745W\n"
    "Mr. Spring\n"
    "To ask the Secretary of State for the Home Department how many arrests Reflex has led to. "
    "[65999]\n"
    "Beverley Hughes\n"
    "Since April 2001 Reflex co-operation has resulted in 70 arrests.\n"
)


def test_a_figure_at_odds_with_a_recorded_one_is_a_warning(baseline, registry):
    (answer,) = review.read_answers(CONFLICTING, registry)
    files = review.build([(answer, all_kept(answer))]).files
    records = load_snapshot(baseline, use_cache=False).tables.records
    neighbours = review.same_metric(files, records)
    assert neighbours == ["reflex-arrests-since-april-2001"]
    result = review.check(files, baseline, neighbours)
    (warning,) = result.problems
    assert not warning.is_error and warning.path.startswith("records/2002-07-08-reflex-70-")
    assert "different value in reflex-arrests-since-april-2001" in warning.message
    assert review.check(files, baseline).problems == []  # without its neighbour: unseen


# --- Zip, save and the switch that allows saving ------------------------------------------------


def test_the_zip_holds_exactly_the_drafts_and_unzips_into_a_valid_folder(tmp_path, registry):
    (answer,) = read(HOLDING, registry)
    files = review.build([(answer, all_kept(answer))]).files
    data = review.zip_bytes(files)
    assert data == review.zip_bytes(dict(reversed(files.items())))  # the same bytes each time
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == sorted(files)
        assert {n: archive.read(n).decode("utf-8") for n in archive.namelist()} == files
        target = write_dataset(tmp_path / "unzipped", fresh())
        archive.extractall(target)
    dataset = load_dataset(target)
    assert dataset.errors == []
    assert "hc-2002-07-04-66152" in dataset.answers
    assert review.zip_name(files) == "drafts-hc-2002-07-04-66152.zip"
    assert review.zip_name({"answers/a.yaml": "", "answers/b.yaml": ""}) == ("drafts-2-answers.zip")


def test_save_writes_new_files_and_keeps_existing_ones(baseline, registry):
    (answer,) = read(HOLDING, registry)
    files = review.build([(answer, all_kept(answer))]).files
    written, kept = review.save(files, baseline)
    assert sorted(written) == sorted(files) and kept == []
    assert (baseline / "answers" / "hc-2002-07-04-66152.yaml").read_text("utf-8") == files[
        "answers/hc-2002-07-04-66152.yaml"
    ]
    written, kept = review.save(files, baseline)
    assert written == [] and sorted(kept) == sorted(files)
    assert load_dataset(baseline).errors == []


@pytest.mark.parametrize(
    ("environ", "allowed"),
    [({}, False), ({"TRACKER_ALLOW_SAVE": "1"}, True), ({"TRACKER_ALLOW_SAVE": "0"}, False),
     ({"TRACKER_ALLOW_SAVE": "yes"}, False), ({"TRACKER_ALLOW_SAVE": " 1 "}, True)],
)  # fmt: skip
def test_saving_is_off_unless_switched_on(environ, allowed):
    assert review.save_allowed(environ) is allowed


def test_a_missing_or_broken_registry_is_said_not_raised(tmp_path):
    _registry, problems, _valid = read_registry(tmp_path)
    assert "registry.yaml is missing" in review.registry_warning(problems)
    (tmp_path / "registry.yaml").write_text("programmes: [\n", encoding="utf-8")
    _registry, problems, _valid = read_registry(tmp_path)
    assert review.registry_warning(problems).startswith("registry.yaml: ")
    record = Problem("records/x.yaml", 1, "x", "unknown key 'note'")  # not the registry's
    assert review.registry_warning([record]) is None


def test_a_registry_the_validator_rejects_tags_nothing_and_the_page_says_so(tmp_path, monkeypatch):
    data_dir = write_dataset(tmp_path / "data", fresh())
    registry = data_dir / "registry.yaml"
    text = registry.read_text("utf-8").replace("aliases:", "alias:", 1)  # a misspelt key
    registry.write_text(text, "utf-8")
    at = open_page(data_dir, monkeypatch)
    paste(at, fixture_text(HOLDING))
    assert any("unknown key" in m and "will be recognised" in m for m in messages(at, "warning"))
    (editor,) = at.data_editor
    assert not any(editor.value["programmes"].map(len))  # "Reflex" is in the text, untagged


# --- The page, run by AppTest -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("COMMITMENTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TRACKER_ALLOW_SAVE", raising=False)
    return tmp_path / "cache"


def open_page(data_dir: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("TRACKER_DATA", str(data_dir))
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.query_params["view"] = "add-answers"
    return ran(at)


def ran(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table(at: AppTest, *columns: str) -> pd.DataFrame:
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def messages(at: AppTest, kind: str) -> list[str]:
    return [str(e.value) for e in getattr(at, kind)]


def download(at: AppTest):
    (button,) = [b for b in at.get("download_button") if b.proto.id.endswith("-add_download")]
    return button


def paste(at: AppTest, text: str, url: str = "") -> AppTest:
    at.text_area(key="add_text").set_value(text)
    at.text_input(key="add_url").set_value(url)
    return ran(at)


def test_the_page_opens_on_its_tab_asking_for_an_answer(tmp_path, monkeypatch):
    at = open_page(write_dashboard_data(tmp_path / "data"), monkeypatch)
    assert [t.label for t in at.tabs if t.children] == ["Add answers"]
    assert any("Paste an answer" in m for m in messages(at, "info"))
    assert not at.data_editor
    assert at.query_params["view"] == "add-answers"


def test_paste_untick_edit_and_take_checked_drafts(tmp_path, monkeypatch):
    data_dir = write_dashboard_data(tmp_path / "data")
    before = files_in(data_dir)
    at = open_page(data_dir, monkeypatch)
    started = time.perf_counter()
    paste(at, fixture_text(HOLDING))
    elapsed = time.perf_counter() - started

    # the parsed answer, its flags, and its candidates
    assert at.subheader[0].value == r"HC Deb 04 July 2002 vol 388 cc533\-4W"
    assert "Holding answer" in set(table(at, "Flag", "Detail")["Flag"])
    (editor,) = at.data_editor
    candidates = editor.value
    assert list(candidates.columns) == review.COLUMNS
    assert list(candidates["kind"]) == ["figure", "commitment"]
    assert candidates.loc[0, "value"] == "140–1,400 per year"
    assert candidates.loc[1, "programmes"] == ["Reflex"]
    assert candidates["keep"].all()
    drafts = table(at, "File", "Draft", "In the data folder")
    assert len(drafts) == 3 and set(drafts["In the data folder"]) == {"new"}
    assert any("pass every check" in m for m in messages(at, "success"))
    assert not download(at).disabled
    assert elapsed < 10, elapsed

    # untick the commitment, retitle and tag the figure
    at.session_state[editor.key] = {
        "edited_rows": {
            0: {"title": "Women trafficked into the UK a year", "tags": ["victims"]},
            1: {"keep": False},
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    ran(at)
    drafts = table(at, "File", "Draft", "In the data folder")
    record = "records/2002-07-04-women-trafficked-into-the-uk-a-year.yaml"
    assert list(drafts["File"]) == ["answers/hc-2002-07-04-66152.yaml", record]
    assert list(drafts["Draft"])[1] == "Figure: Women trafficked into the UK a year"
    assert any(
        "The 2 draft files (1 record) pass every check" in m for m in messages(at, "success")
    )
    assert not download(at).disabled
    assert any(c.value.startswith("unzip -n drafts-hc-2002-07-04-66152.zip") for c in at.code)
    assert "add_save" not in [b.key for b in at.button]  # saving is off by default

    # the file shown is the file zipped: the same choices through the same functions
    at.selectbox(key="add_preview").select(record)
    ran(at)
    shown = next(c.value for c in at.code if c.value.startswith("id: 2002-07-04-"))
    registry, _problems, _valid = read_registry(data_dir)
    (answer,) = review.read_answers(fixture_text(HOLDING), registry)
    page_table = review.candidates_table(answer)
    page_table.loc[1, "keep"] = False
    page_table.at[0, "title"] = "Women trafficked into the UK a year"
    page_table.at[0, "tags"] = ["victims"]
    files = review.build([(answer, review.choice_of(answer, page_table))]).files
    with zipfile.ZipFile(io.BytesIO(review.zip_bytes(files))) as archive:
        assert sorted(archive.namelist()) == sorted(drafts["File"])
        assert archive.read(record).decode("utf-8").rstrip("\n") == shown.rstrip("\n")
    figure = yaml_of(shown)
    assert (figure["title"], figure["tags"], figure["value"], figure["value_high"]) == (
        "Women trafficked into the UK a year",
        ["victims"],
        140,
        1400,
    )
    assert files_in(data_dir) == before  # the page never wrote into the data folder


def test_errors_hold_back_the_drafts_until_fixed(tmp_path, monkeypatch):
    at = open_page(write_dashboard_data(tmp_path / "data"), monkeypatch)
    paste(at, fixture_text(HOLDING))
    (editor,) = at.data_editor
    at.session_state[editor.key] = {
        "edited_rows": {1: {"programmes": ["Project Nowhere"]}},
        "added_rows": [],
        "deleted_rows": [],
    }
    ran(at)
    assert any("1 error in the drafts" in m for m in messages(at, "error"))
    (listing,) = [c.value for c in at.code if "Project Nowhere" in c.value]
    assert listing.startswith("records/2002-07-04-")
    assert download(at).disabled


def test_a_section_page_needs_its_address_then_is_checked_against_the_data(tmp_path, monkeypatch):
    # the dashboard data holds the 5 March 2003 answer in part, so its quotes are not all there
    at = open_page(write_dashboard_data(tmp_path / "data"), monkeypatch)
    paste(at, fixture_text(MARCH))
    assert any("date is not known" in m.replace("\\", "") for m in messages(at, "warning"))
    assert any("cannot be drafted" in m.replace("\\", "") for m in messages(at, "error"))
    assert not at.get("download_button")

    paste(at, fixture_text(MARCH), MARCH_2003_URL)
    assert len(at.data_editor[0].value) == 16
    drafts = table(at, "File", "Draft", "In the data folder").set_index("File")
    assert drafts.loc["answers/hc-2003-03-05-99443.yaml", "In the data folder"] == (
        "there already, with other text: kept as it is"
    )
    assert any("quote not found" in c.value for c in at.code)
    assert download(at).disabled


def test_spliced_text_is_shown_set_aside(tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    (data_dir / "answers").mkdir(parents=True)
    (data_dir / "registry.yaml").write_text(yaml.safe_dump(fresh()["registry"]), "utf-8")
    at = open_page(data_dir, monkeypatch)
    paste(at, fixture_text(SPLICED))
    assert "Spliced fragment" in set(table(at, "Flag", "Detail")["Flag"])
    assert any("Set aside" in m for m in messages(at, "caption"))
    (set_aside,) = [t.value for t in at.text if "[66434]" in t.value]
    assert "Prison Service" in set_aside
    quotes = " ".join(at.data_editor[0].value["quote"])
    assert "[66434]" not in quotes and "Prison Service" not in quotes
    assert not download(at).disabled


def test_an_uploaded_xml_file_gives_every_answer_in_it(tmp_path, monkeypatch):
    at = open_page(write_dataset(tmp_path / "data", fresh()), monkeypatch)
    name = "parlparse_wrans_2009-10-29_excerpt.xml"
    at.file_uploader(key="add_file").upload(name, (FIXTURES / name).read_bytes(), "text/xml")
    ran(at)
    headings = [h.value for h in at.subheader if h.value.startswith("HC Deb")]
    assert len(headings) == 6
    assert len(at.data_editor) == 5  # one answer has no candidate: only it is drafted
    files = table(at, "File", "Draft", "In the data folder")["File"]
    assert sum(f.startswith("answers/") for f in files) == 6
    assert any(c.value.startswith("unzip -n drafts-6-answers.zip") for c in at.code)
    assert not download(at).disabled


def test_an_unreadable_file_is_said_not_raised(tmp_path, monkeypatch):
    at = open_page(write_dataset(tmp_path / "data", fresh()), monkeypatch)
    name = "parlparse_wrans_2009-10-29_excerpt.xml"
    cut = (FIXTURES / name).read_bytes()[:2000]  # a download that stopped part way
    at.file_uploader(key="add_file").upload(name, cut, "text/xml")
    ran(at)
    assert any("not well formed" in m for m in messages(at, "error"))
    assert not at.data_editor


def test_saving_into_the_data_folder_when_allowed(tmp_path, monkeypatch):
    data_dir = write_dataset(tmp_path / "data", fresh())
    monkeypatch.setenv("TRACKER_ALLOW_SAVE", "1")
    at = open_page(data_dir, monkeypatch)
    paste(at, fixture_text(HOLDING))
    (save,) = [b for b in at.button if b.key == "add_save"]
    save.click()
    ran(at)
    assert any("Wrote 3 files; kept 0" in m for m in messages(at, "success"))
    assert (data_dir / "answers" / "hc-2002-07-04-66152.yaml").is_file()
    assert len(list((data_dir / "records").glob("2002-07-04-*.yaml"))) == 2
    assert load_dataset(data_dir).errors == []
    # the next run sees them in the data folder and would keep them
    ran(at)
    there = table(at, "File", "Draft", "In the data folder")["In the data folder"]
    assert set(there) == {"there already: kept as it is"}


HOSTILE = (
    "HC Deb 08 July 2002 vol 388 cc741-2W\n"
    "Mr. Spring\n"
    "To ask the Secretary of State for the Home Department what steps <b>he</b> is taking "
    "[official report](https://evil.example/q) on trafficking. [65708]\n"
    "Beverley Hughes\n"
    "We will publish the toolkit [click here](javascript:alert(1)) <script>x()</script> shortly. "
    "Reflex ![seal](https://evil.example/seal.png) has had 27 operations :red[urgent] $x^2$.\n"
)
UNESCAPED = re.compile(r"(?<!\\)[\[<]")


def test_pasted_text_never_reaches_markdown_unescaped(tmp_path, monkeypatch):
    at = open_page(write_dataset(tmp_path / "data", fresh()), monkeypatch)
    paste(at, HOSTILE)
    assert at.data_editor, "the hostile answer was read"
    words = " ".join(at.data_editor[0].value["quote"])
    assert "[click here](javascript:alert(1))" in words  # kept verbatim, shown as a table cell
    for kind in ("markdown", "caption", "subheader", "info", "warning", "error", "success"):
        for element in getattr(at, kind):
            assert not UNESCAPED.search(str(element.value)), (kind, element.value)


def test_the_page_warns_of_a_figure_at_odds_with_a_recorded_one(tmp_path, monkeypatch):
    at = open_page(write_dataset(tmp_path / "data", fresh()), monkeypatch)
    paste(at, CONFLICTING)
    assert any("with 1 warning to read" in m for m in messages(at, "warning"))
    (listing,) = [c.value for c in at.code if "different value" in c.value]
    assert listing.startswith("records/2002-07-08-reflex-70-arrests-since-april-2001.yaml:")
    assert not download(at).disabled  # a warning is for the analyst to read, not a block


def test_the_text_and_edits_survive_a_look_at_another_tab(tmp_path, monkeypatch):
    at = open_page(write_dashboard_data(tmp_path / "data"), monkeypatch)
    paste(at, fixture_text(HOLDING))
    (editor,) = at.data_editor
    at.session_state[editor.key] = {
        "edited_rows": {0: {"title": "Women trafficked into the UK a year"}, 1: {"keep": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    ran(at)
    before = list(table(at, "File", "Draft", "In the data folder")["File"])
    assert before == [
        "answers/hc-2002-07-04-66152.yaml",
        "records/2002-07-04-women-trafficked-into-the-uk-a-year.yaml",
    ]
    at.session_state["view"] = "Overview"
    ran(at)
    assert not at.data_editor
    at.session_state["view"] = "Add answers"
    ran(at)
    assert at.text_area(key="add_text").value == fixture_text(HOLDING)
    assert list(table(at, "File", "Draft", "In the data folder")["File"]) == before
    (editor,) = at.data_editor
    assert list(editor.value["keep"]) == [True, False]  # the editor shows the kept edits


# --- Fetching an answer from the Written Questions service ---------------------------------------

SERVICE_SAMPLE = FIXTURES / "written_questions_api_sample.json"
SERVICE_PATH = "/api/writtenquestions/questions"
WHOLE = json.loads(SERVICE_SAMPLE.read_bytes())["detail_response"]["value"]
UIN_7926 = "UIN 7926, tabled 5 January 2024, answered 10 January 2024"


def listed(record: dict) -> dict:
    """The record as the service's list gives it: its answer cut short at 255 characters."""
    return {**record, "answerText": record["answerText"][:255] + "..."}


class Questions:
    """A local Written Questions service serving the real recorded 7926 answer: its list
    filtered by ``uIN`` and ``tabledWhenFrom``/``To``, cut as the list cuts it; its detail
    whole. A status queued in ``refuse`` answers every request instead."""

    def __init__(self) -> None:
        self.records = [WHOLE]
        self.asked: list[str] = []
        self.refuse: int | None = None
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.api = f"http://127.0.0.1:{self.server.server_address[1]}{SERVICE_PATH}"

    def answer(self, target: str) -> tuple[int, object]:
        self.asked.append(target)
        if self.refuse:
            return self.refuse, {"message": "refused"}
        url = urlsplit(target)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        if url.path == SERVICE_PATH:
            found = [
                r
                for r in self.records
                if r["uin"] == query.get("uIN")
                and query.get("tabledWhenFrom", "") <= r["dateTabled"][:10]
                and r["dateTabled"][:10] <= query.get("tabledWhenTo", "9999")
            ]
            return 200, {
                "totalResults": len(found),
                "results": [{"value": listed(r)} for r in found],
            }
        by_id = {f"{SERVICE_PATH}/{r['id']}": r for r in self.records}
        if url.path in by_id:
            return 200, {"value": by_id[url.path]}
        return 404, {"message": "not found"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        questions = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body = questions.answer(self.path)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        return Handler


@pytest.fixture
def questions() -> Iterator[Questions]:
    served = Questions()
    with serving(served.server):
        yield served


QUICK = fetch.Policy(timeout=2.0, tries=2, backoff=0.01, max_wait=0.1, sleep=lambda _: None)


def nothing_listens() -> str:
    """The service's address on a port nothing listens on: every connection refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}{SERVICE_PATH}"


@pytest.mark.parametrize(
    "uin, tabled, address, asked",
    [
        ("7926", dt.date(2024, 1, 5), "", ("7926", dt.date(2024, 1, 5))),
        (" hl5475 ", dt.date(2016, 1, 20), None, ("HL5475", dt.date(2016, 1, 20))),
        # the address wins over the fields, and gives the date tabled, never the date answered
        (
            "1",
            None,
            "https://questions-statements.parliament.uk/written-questions/detail/2024-01-05/7926/",
            ("7926", dt.date(2024, 1, 5)),
        ),
    ],
)
def test_the_question_asked_is_its_uin_and_date_tabled(uin, tabled, address, asked):
    assert review.question_asked(uin, tabled, address) == asked


@pytest.mark.parametrize(
    "uin, tabled, address, hint",
    [
        ("", dt.date(2024, 1, 5), "", "give the question's UIN"),
        ("7926", None, "", "give the date UIN 7926 was tabled"),
        ("79x26", dt.date(2024, 1, 5), "", "give the question's UIN"),
        # a Hansard page is not the service's page of one answer
        ("7926", dt.date(2024, 1, 5), MARCH_2003_URL, "not the service's address of one answer"),
    ],
)
def test_a_question_not_fully_asked_says_what_to_give(uin, tabled, address, hint):
    with pytest.raises(review.FetchProblem, match=re.escape(hint)):
        review.question_asked(uin, tabled, address)


def test_a_fetched_answer_is_whole_and_cited_as_the_service_cites_it(questions, tmp_path, registry):
    got = review.fetch_answer(
        "7926", dt.date(2024, 1, 5), api=questions.api, cache_dir=tmp_path / "c", policy=QUICK
    )
    # the list, filtered by UIN and date tabled, then the detail for the text the list cut
    assert [urlsplit(t).path for t in questions.asked] == [SERVICE_PATH, f"{SERVICE_PATH}/1679416"]
    query = parse_qs(urlsplit(questions.asked[0]).query)
    assert query["uIN"] == ["7926"]
    assert query["tabledWhenFrom"] == query["tabledWhenTo"] == ["2024-01-05"]
    (answer,) = review.read_answers(got.document, registry, filename=got.filename)
    assert answer.citation == UIN_7926
    assert answer.uins == ("7926",) and answer.complete
    assert not answer.answer.rstrip().endswith("...")
    assert len(answer.answer) > 300  # the detail's whole text, not the list's 255 characters
    drafts = review.build([(answer, all_kept(answer))])
    assert drafts.failures == [] and "answers/hc-2024-01-10-7926.yaml" in drafts.files


def test_the_service_address_comes_from_the_setting(questions, tmp_path, monkeypatch):
    monkeypatch.setenv("WRITTEN_QUESTIONS_API", questions.api)
    got = review.fetch_answer("7926", dt.date(2024, 1, 5), cache_dir=tmp_path, policy=QUICK)
    assert got.address == questions.api and questions.asked


@pytest.mark.parametrize(
    "uin, tabled",
    [("7927", dt.date(2024, 1, 5)), ("7926", dt.date(2024, 1, 6))],  # another UIN; another day
)
def test_a_question_the_service_does_not_hold_is_said_not_found(questions, tmp_path, uin, tabled):
    with pytest.raises(review.FetchProblem, match=f"holds no question UIN {uin} tabled on"):
        review.fetch_answer(uin, tabled, api=questions.api, cache_dir=tmp_path, policy=QUICK)
    assert list(tmp_path.iterdir()) != []  # the empty list is cached; nothing else was asked


def test_an_unreachable_service_says_so_and_suggests_uploading_its_json(tmp_path):
    with pytest.raises(review.FetchProblem) as raised:
        review.fetch_answer(
            "7926", dt.date(2024, 1, 5), api=nothing_listens(), cache_dir=tmp_path, policy=QUICK
        )
    message = str(raised.value)
    assert "could not be reached" in message and "cannot connect" in message
    assert "Upload the service's JSON" in message
    assert list(tmp_path.iterdir()) == []  # nothing cached


def test_a_refused_request_says_so_and_suggests_uploading_its_json(questions, tmp_path):
    questions.refuse = 403
    with pytest.raises(review.FetchProblem, match=r"refused: HTTP 403.*Upload the service's JSON"):
        review.fetch_answer(
            "7926", dt.date(2024, 1, 5), api=questions.api, cache_dir=tmp_path, policy=QUICK
        )


def fetch_on_page(at: AppTest, uin: str, tabled: dt.date) -> AppTest:
    at.text_input(key="add_uin").set_value(uin)
    at.date_input(key="add_tabled").set_value(tabled)
    ran(at)
    (button,) = [b for b in at.button if b.key == "add_fetch"]
    button.click()
    return ran(at)


def test_the_page_fetches_an_answer_by_uin_and_drafts_it(questions, tmp_path, monkeypatch):
    monkeypatch.setenv("WRITTEN_QUESTIONS_API", questions.api)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    at = open_page(write_dataset(tmp_path / "data", fresh()), monkeypatch)
    fetch_on_page(at, "7926", dt.date(2024, 1, 5))
    # the page's messages are escaped Markdown ("written\\-question\\-…")
    assert any(m.startswith("Fetched written") and "7926" in m for m in messages(at, "success"))
    assert len(questions.asked) == 2  # the list, then the detail
    assert [s.value for s in at.subheader][:1] == [UIN_7926]
    files = table(at, "File", "Draft", "In the data folder")["File"]
    assert "answers/hc-2024-01-10-7926.yaml" in list(files)


def test_the_page_says_when_the_service_cannot_be_reached(tmp_path, monkeypatch):
    monkeypatch.setenv("WRITTEN_QUESTIONS_API", nothing_listens())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(review, "FETCH_POLICY", QUICK)
    at = open_page(write_dataset(tmp_path / "data", fresh()), monkeypatch)
    fetch_on_page(at, "7926", dt.date(2024, 1, 5))
    (error,) = messages(at, "error")
    assert "could not be reached" in error and "Upload the service" in error
    assert any("Paste an answer" in m for m in messages(at, "info"))  # the page carries on
