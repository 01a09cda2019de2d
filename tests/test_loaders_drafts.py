"""Draft YAML from parsed answers, the command line, and the validator's view of the drafts."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from commitments.folder.writing import yaml_bytes
from commitments.record.model import UNCLASSIFIED_METRIC, FlagKind, Registry
from commitments.record.status import DRAFT_STATUS
from loaders import cli
from loaders.drafts import DraftError, build_drafts, write_drafts
from loaders.hansard import main
from loaders.pipeline import load_answers
from loaders.tagging import Tagger

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
SECTION_URL = (
    "https://api.parliament.uk/historic-hansard/written_answers/2003/mar/05/human-trafficking"
)
REGISTRY_DATA = {
    "programmes": [{"name": "Reflex", "aliases": ["Project Reflex"]}],
    "agencies": [{"name": "Europol"}, {"name": "National Crime Squad", "aliases": ["NCS"]}],
    "ministers": [{"name": "Beverley Hughes", "department": "Home Office"}],
    "departments": [{"name": "Home Office"}],
    "metrics": [
        {
            "id": "reflex-operations-arrest-phase",
            "label": "Reflex: operations reaching the arrest phase",
            "counts": "Reflex operations that reached the arrest phase",
            "unit": "count",
            "programme": "Reflex",
        }
    ],
}
TAGGER = Tagger.of(Registry.model_validate(REGISTRY_DATA))


def load(name: str, **options):
    raw = (FIXTURES / name).read_bytes()
    return load_answers(raw, filename=name, tagger=TAGGER, **options)


def yaml_of(text: str):
    return yaml.load(text, Loader=yaml.CSafeLoader)


@pytest.fixture(scope="module")
def balkans():
    (answer,) = load("2002-07-08_HC_65708.txt")
    return answer


def test_drafts_hold_the_answer_and_one_record_per_candidate(balkans):
    files = build_drafts(balkans)
    assert "answers/hc-2002-07-08-65708.yaml" in files
    records = [yaml_of(text) for path, text in files.items() if path.startswith("records/")]
    assert len(records) == len(balkans.candidates)
    for path, text in files.items():
        data = yaml_of(text)
        assert path == f"{path.split('/')[0]}/{data['id']}.yaml"
        assert "&id" not in text and "*id" not in text and "!!" not in text


def test_draft_answer_follows_the_data_format(balkans):
    answer = yaml_of(build_drafts(balkans, selected=[])["answers/hc-2002-07-08-65708.yaml"])
    assert list(answer) == [
        "id", "house", "date", "citation", "citation_parts", "uins", "asker", "minister",
        "department", "heading", "question", "answer", "column_breaks", "url", "complete", "flags",
    ]  # fmt: skip
    assert answer["date"] == dt.date(2002, 7, 8)
    assert answer["citation_parts"] == {
        "volume": 388, "first_column": 741, "last_column": 742, "series": "W", "inferred": [],
    }  # fmt: skip
    assert answer["uins"] == ["65708"]
    assert [f["kind"] for f in answer["flags"]] == ["spliced_fragment", "missing_heading"]
    flag = answer["flags"][0]
    assert "[66434]" in flag["text"]
    assert answer["answer"][flag["offset"] :].startswith("EU STOP teams")


def test_draft_records_are_needs_review_dated_the_answer_with_it_as_source(balkans):
    files = build_drafts(balkans)
    records = [yaml_of(t) for p, t in files.items() if p.startswith("records/")]
    for record in records:
        (event,) = record["history"]
        assert event["status"] == "needs_review"
        assert event["date"] == dt.date(2002, 7, 8)
        assert event["source"] == record["source"] == "hc-2002-07-08-65708"
        assert " ".join(record["quote"].split()) in " ".join(balkans.answer.split())
    arrests = next(r for r in records if r["kind"] == "figure" and r["value"] == 67)
    assert arrests["metric"] == "unclassified"  # no programme named in its sentence
    assert arrests["period"] == {
        "words": "Since April 2001",
        "start": dt.date(2001, 4, 1),
        "end": dt.date(2002, 7, 8),
    }
    assert arrests["basis"] == "cumulative"
    danish = next(r for r in records if r["kind"] == "commitment" and "Danish" in r["quote"])
    assert danish["due"] == {
        "words": "in the second half of this year",
        "start": dt.date(2002, 7, 1),
        "end": dt.date(2002, 12, 31),
    }
    assert danish["responsible"] == "Home Office"


def test_a_figure_takes_the_registry_metric_its_programme_and_words_fit():
    (answer,) = load("2003-03-05_HC_99443.txt", url=SECTION_URL)
    records = [yaml_of(t) for p, t in build_drafts(answer).items() if p.startswith("records/")]
    by_value = {r["value"]: r for r in records if r["kind"] == "figure"}
    assert by_value[27]["metric"] == "reflex-operations-arrest-phase"
    assert by_value[27]["programmes"] == ["Reflex"]
    assert by_value[27]["period"]["words"] == "In the last six months"
    assert by_value[16]["metric"] == "unclassified"
    assert by_value[60]["lower_bound"] is True


def test_drafts_speak_the_vocabularies_and_the_data_folder_yaml(balkans):
    files = build_drafts(balkans)
    answer = yaml_of(files["answers/hc-2002-07-08-65708.yaml"])
    assert answer["house"] == "Commons"
    assert {flag["kind"] for flag in answer["flags"]} <= {kind.value for kind in FlagKind}
    records = [yaml_of(t) for p, t in files.items() if p.startswith("records/")]
    assert {r["history"][0]["status"] for r in records} == {DRAFT_STATUS}
    assert UNCLASSIFIED_METRIC in {r.get("metric") for r in records}
    for text in files.values():  # written by the one dumper the data folder's files are
        assert text.encode("utf-8") == yaml_bytes(yaml_of(text))


def test_selection_and_edits(balkans):
    arrests = next(i for i, c in enumerate(balkans.candidates) if c.value == 67)
    files = build_drafts(
        balkans,
        selected=[arrests],
        edits={
            arrests: {"id": "reflex-arrests-2002", "title": "Reflex arrests", "tags": ["arrests"]}
        },
    )
    assert sorted(files) == ["answers/hc-2002-07-08-65708.yaml", "records/reflex-arrests-2002.yaml"]
    record = yaml_of(files["records/reflex-arrests-2002.yaml"])
    assert (record["title"], record["tags"]) == ("Reflex arrests", ["arrests"])
    with pytest.raises(ValueError, match="cannot edit"):
        build_drafts(balkans, selected=[arrests], edits={arrests: {"value": 68}})
    with pytest.raises(IndexError):
        build_drafts(balkans, selected=[999])


def test_an_answer_without_a_date_cannot_be_drafted():
    (answer,) = load("2003-03-05_HC_99443.txt")
    with pytest.raises(DraftError, match="date"):
        build_drafts(answer)


def test_write_never_overwrites_and_leaves_no_temporary_files(tmp_path, balkans):
    files = build_drafts(balkans)
    existing = tmp_path / "answers" / "hc-2002-07-08-65708.yaml"
    existing.parent.mkdir(parents=True)
    existing.write_text("kept as it was\n", encoding="utf-8")
    written, skipped = write_drafts(files, tmp_path)
    assert skipped == [existing]
    assert existing.read_text(encoding="utf-8") == "kept as it was\n"
    assert len(written) == len(files) - 1
    written_again, skipped_again = write_drafts(files, tmp_path)
    assert written_again == [] and len(skipped_again) == len(files)
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        [existing, *written]
    )  # no temporary file left behind


def test_write_keeps_a_link_in_the_way_and_never_writes_through_it(tmp_path, balkans):
    files = build_drafts(balkans, selected=[])
    elsewhere = tmp_path / "elsewhere.yaml"
    link = tmp_path / "answers" / "hc-2002-07-08-65708.yaml"
    link.parent.mkdir()
    link.symlink_to(elsewhere)  # dangling: the path "does not exist", yet a file is in the way
    written, skipped = write_drafts(files, tmp_path)
    assert (written, skipped) == ([], [link])
    assert link.is_symlink() and not elsewhere.exists()


def test_cli_parse_prints_json_with_every_documented_field(capsys):
    code = main(
        ["parse", str(FIXTURES / "2003-03-05_HC_99443.txt"), "--url", SECTION_URL, "--json"]
    )
    assert code == 0
    (answer,) = json.loads(capsys.readouterr().out)["answers"]
    for key in ("citation", "house", "date", "uins", "asker", "minister", "department", "question",
                "answer", "columns", "complete", "flags", "candidates"):  # fmt: skip
        assert key in answer
    assert answer["date"] == "2003-03-05" and answer["citation"] == "HC Deb 05 March 2003 cc1075-6W"
    for candidate in answer["candidates"]:
        for key in (
            "kind",
            "quote",
            "value",
            "value_high",
            "unit",
            "period",
            "due",
            "programmes",
            "agencies",
        ):
            assert key in candidate
    assert {c["kind"] for c in answer["candidates"]} == {"figure", "commitment"}


def test_cli_parse_takes_date_and_house_for_a_section_page(capsys):
    code = main(
        [
            "parse",
            str(FIXTURES / "2003-09-19_HC_127787.txt"),
            "--date",
            "2003-09-19",
            "--house",
            "commons",
            "--json",
        ]
    )
    assert code == 0
    (answer,) = json.loads(capsys.readouterr().out)["answers"]
    assert (answer["date"], answer["house"], answer["citation"]) == (
        "2003-09-19",
        "Commons",
        "HC Deb 19 September 2003 cc993-4W",
    )


def test_cli_reports_an_unreadable_file(capsys, tmp_path):
    assert main(["parse", str(tmp_path / "missing.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err


def write_registry(folder: Path) -> None:
    registry = dict(REGISTRY_DATA)
    (folder / "registry.yaml").write_text(
        yaml.safe_dump(registry, sort_keys=False), encoding="utf-8"
    )


def test_ingested_drafts_pass_the_validator(tmp_path):
    write_registry(tmp_path)
    registry = str(tmp_path / "registry.yaml")
    for name, extra in [
        ("2002-07-08_HC_65708.txt", []),
        ("2003-03-05_HC_99443.txt", ["--url", SECTION_URL]),
        (
            "2004-05-04_HL_uk-frontiers.txt",
            ["--url", "https://www.theyworkforyou.com/wrans/?id=2004-05-04a.107.3", "--excerpt"],
        ),
        ("parlparse_wrans_2009-10-29_excerpt.xml", []),
    ]:
        assert (
            main(
                [
                    "ingest",
                    str(FIXTURES / name),
                    "--out",
                    str(tmp_path),
                    "--registry",
                    registry,
                    *extra,
                ]
            )
            == 0
        )
    assert len(list((tmp_path / "answers").glob("*.yaml"))) == 9
    assert len(list((tmp_path / "records").glob("*.yaml"))) > 30
    result = subprocess.run(
        [sys.executable, "-m", "commitments", "validate", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout + result.stderr


def test_ingest_twice_keeps_the_first_files(tmp_path, capsys):
    args = [
        "ingest",
        str(FIXTURES / "2002-07-04_HC_66152.txt"),
        "--out",
        str(tmp_path),
        "--registry",
        str(tmp_path / "none.yaml"),
    ]
    write_registry(tmp_path)
    args[-1] = str(tmp_path / "registry.yaml")
    assert main(args) == 0
    first = {p: p.read_bytes() for p in tmp_path.rglob("*.yaml")}
    capsys.readouterr()
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "wrote" not in out and "not overwritten" in out
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.yaml")} == first


@pytest.mark.parametrize("module", ["loaders", "loaders.hansard"])
def test_command_runs_as_a_module(module):
    result = subprocess.run(
        [sys.executable, "-m", module, "parse", str(FIXTURES / "2004-01-19_HC_144611.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "hc-2004-01-19-144611  HC Deb 19 January 2004 vol 416 c977W" in result.stdout


def test_both_commands_parse_alike_with_the_data_folder_named_either_way(tmp_path, capsys):
    write_registry(tmp_path)
    parse = ["parse", str(FIXTURES / "2003-03-05_HC_99443.txt"), "--url", SECTION_URL, "--json"]
    printed = []
    for run, folder in (
        (cli.main, ["--data", str(tmp_path)]),
        (main, ["--data", str(tmp_path)]),
        (main, ["--registry", str(tmp_path / "registry.yaml")]),  # the older way to name it
    ):
        assert run([*parse, *folder]) == 0
        printed.append(capsys.readouterr().out)
    assert printed[0] == printed[1] == printed[2]
    assert '"metric": "reflex-operations-arrest-phase"' in printed[0]


def test_a_registry_the_validator_rejects_is_reported_and_never_used(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "registry.yaml").write_text(
        "programmes:\n- name: Reflex\n  alias: [Project Reflex]\n", encoding="utf-8"
    )
    out = tmp_path / "drafts"
    ingest = ["ingest", str(FIXTURES / "2002-07-04_HC_66152.txt"), "--out", str(out)]
    assert cli.main([*ingest, "--data", str(data)]) == 2
    err = capsys.readouterr().err
    # where, what, and how to fix it, as the validator says it
    assert f"{data / 'registry.yaml'}:3: registry: unknown key 'programmes.0.alias'" in err
    assert "(hint: did you mean 'aliases'?)" in err
    assert "cannot be used" in err
    assert not out.exists()  # nothing drafted from a broken registry


def test_a_data_folder_named_must_hold_a_registry(tmp_path, capsys):
    parse = ["parse", str(FIXTURES / "2004-01-19_HC_144611.txt")]
    assert cli.main([*parse, "--data", str(tmp_path / "nowhere")]) == 2
    assert "registry.yaml is missing" in capsys.readouterr().err
    assert main([*parse, "--registry", str(tmp_path / "other.yaml")]) == 2
    assert "give that folder with --data" in capsys.readouterr().err


def test_without_a_data_folder_parse_tags_nothing_and_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no data/ here
    assert cli.main(["parse", str(FIXTURES / "2003-03-05_HC_99443.txt"), "--json"]) == 0
    captured = capsys.readouterr()
    assert "registry.yaml not found" in captured.err and "--data" in captured.err
    (answer,) = json.loads(captured.out)["answers"]
    assert {c["metric"] for c in answer["candidates"]} == {None}
    assert not any(c["programmes"] for c in answer["candidates"])


def test_answers_of_one_page_without_numbers_each_get_their_own_file(tmp_path):
    # three answers with no question number, column or heading of their own: one id would
    # have written the first and silently kept the others out
    page = FIXTURES / "answers-2002-2010" / "2010-01-14_HC_national-referral-mechanism.txt"
    address = (
        "https://hansard.parliament.uk/Commons/2010-01-14/debates/10011462000100/HumanTrafficking"
    )
    answers = load_answers(page.read_bytes(), url=address)
    assert [a.id for a in answers] == ["hc-2010-01-14", "hc-2010-01-14-2", "hc-2010-01-14-3"]
    for answer in answers:
        written, skipped = write_drafts(build_drafts(answer), tmp_path)
        # a record the page says twice ("527 referrals" in answers 1 and 3) is drafted once
        assert all(path.parent.name == "records" for path in skipped)
        sources = {
            yaml.safe_load(path.read_text())["source"]
            for path in written
            if path.parent.name == "records"
        }
        assert sources <= {answer.id}
    assert len(list((tmp_path / "answers").iterdir())) == 3
