"""``kkrdesk survey`` end to end: JSON figures, PNG charts, and bad input met with Danish messages."""

import json
import struct

import pytest

from tests.survey_exports import READSX_LAYOUTS, READSX_MAPPING, write_export
from tools.make_sample_survey import write_sample_survey


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory):
    return write_sample_survey(tmp_path_factory.mktemp("sample"))[0]


def _refused(result, *phrases):
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "uventet fejl" not in result.stderr
    for phrase in phrases:
        assert phrase in result.stderr


def test_summarize_json_prints_the_published_figures(cli, sample_export):
    result = cli("survey", "summarize", sample_export, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["respondents"] == 118
    sjaelland = next(row for row in data["response"] if row["group"] == "KKR Sjælland")
    assert (sjaelland["members"], sjaelland["answers"], sjaelland["rate"]) == (31, 22, 71)
    assert sjaelland["roles"]["Øvrigt medlem"] == {"members": 14, "answers": 8, "rate": 57}
    assert data["response"][-1]["group"] == "I alt" and data["response"][-1]["rate"] == 68
    assert data["keywords"]["i_dag"]["counts"]["Samarbejde"] == 87
    assert data["keywords"]["fremadrettet"]["counts"]["Beslutsom"] == 50
    first = data["statements"][0]
    assert first["id"] == "2.1" and first["n"] == 118 and round(first["mean"], 1) == 3.7
    assert first["mean"] != round(first["mean"], 1)          # full precision, not rounded
    assert first["baseline"]["2017"] == {"label": "2017", "n": 56, "mean": 3.9}
    assert data["problems"] == []


def test_summarize_as_text_is_danish(cli, sample_export):
    result = cli("survey", "summarize", sample_export)
    assert result.returncode == 0, result.stderr
    assert "SYNTETISKE DATA" in result.stdout
    assert "KKR Sjælland            31    22         71 %" in result.stdout
    assert "gennemsnit 3,7 (n = 118), 2017: 3,9" in result.stdout


@pytest.mark.slow
def test_every_layout_of_the_real_export_prints_the_same_json(cli, shared, tmp_path):
    mapping = tmp_path / "readsx.survey.toml"
    mapping.write_text(READSX_MAPPING, encoding="utf-8")
    outputs = []
    for name in READSX_LAYOUTS:
        result = cli("survey", "summarize", shared / "corpus" / "surveyxact-readSX" / name,
                     "--mapping", mapping, "--json")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        del data["source"], data["layout"]
        outputs.append(data)
    assert all(output == outputs[0] for output in outputs)


def test_chart_writes_a_png_of_the_requested_width(cli, sample_export, tmp_path):
    target = tmp_path / "x.png"
    result = cli("survey", "chart", sample_export, "--chart", "keywords", "--group", "KKR Sjælland",
                 "-o", target, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["file"] == str(target)
    assert data["series"][0]["values"][0] == 16.0                 # Samarbejde, i dag, Sjælland
    head = target.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    assert width == 1600 and height > 800
    assert target.stat().st_size > 20_000


@pytest.mark.slow
def test_chart_compare_needs_a_known_item(cli, sample_export, tmp_path):
    ok = cli("survey", "chart", sample_export, "--chart", "compare", "--item", "2.7", "-o", tmp_path / "c.png")
    assert ok.returncode == 0, ok.stderr
    bad = cli("survey", "chart", sample_export, "--chart", "compare", "--item", "Pizza", "-o", tmp_path / "d.png")
    assert bad.returncode == 2 and "hverken et udsagn eller et nøgleord" in bad.stderr
    assert not (tmp_path / "d.png").exists()


def test_svg_is_refused(cli, sample_export, tmp_path):
    result = cli("survey", "chart", sample_export, "--chart", "keywords", "-o", tmp_path / "x.svg")
    assert result.returncode == 2 and "PNG" in result.stderr


def test_a_pdf_is_not_an_export(cli, tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    _refused(cli("survey", "summarize", tmp_path / "x.pdf"), "ikke en SurveyXact-eksport")


def test_the_full_sheet_of_issue_174_is_refused_without_blowing_up(cli, shared):
    _refused(cli("survey", "summarize", shared / "corpus" / "calamine" / "issue_174.xlsx", "--json"),
             "ikke en SurveyXact-eksport")


def test_a_mapping_naming_a_missing_question(cli, tmp_path):
    from tests.survey_exports import MAPPING

    export = write_export(tmp_path, "comma", mapping=MAPPING.replace('question = "q1"', 'question = "q7"'))
    result = cli("survey", "summarize", export, "--json")
    _refused(result, 'spørgsmålet "q7" findes ikke', "keywords.i_dag.question")
    assert json.loads(result.stdout)["error"]["problems"][0]["field"] == "keywords.i_dag.question"


def test_codes_missing_from_labels(cli, tmp_path):
    from tests.survey_exports import LABELS

    labels = [row for row in LABELS if row[0] != "rolle"] + [["rolle", 5, "Formand"]]
    _refused(cli("survey", "summarize", write_export(tmp_path, "tab", labels=labels)),
             "ingen af koderne for rolle i Dataset")


def test_an_empty_survey(cli, tmp_path):
    _refused(cli("survey", "summarize", write_export(tmp_path, "semicolon", rows=[])), "ingen besvarelser")


def test_rule_breaking_rows_are_listed_and_do_not_fail_the_command(cli, tmp_path):
    result = cli("survey", "summarize", write_export(tmp_path, "xlsx"))
    assert result.returncode == 0, result.stderr
    assert "4 rækker bryder undersøgelsens regler:" in result.stdout
    assert "række 6 (B1): 3 markeringer i »I dag«, hvor højst 2 er tilladt." in result.stdout


def test_survey_without_a_subcommand_explains_itself(cli):
    result = cli("survey")
    assert result.returncode == 2 and "summarize, chart eller compare" in result.stderr


def test_a_population_smaller_than_the_answers_is_a_warning(cli, tmp_path):
    from tests.survey_exports import MAPPING

    mapping = MAPPING.replace('[population."KKR Sjælland"]\nBorgmester = 8',
                              '[population."KKR Sjælland"]\nBorgmester = 0')
    result = cli("survey", "summarize", write_export(tmp_path, "xlsx", mapping=mapping))
    assert result.returncode == 0, result.stderr
    assert ("Advarsel: KKR Sjælland, Borgmester: 1 besvarelse, men opsætningen siger 0 medlemmer. "
            "Ret antallet") in result.stdout


@pytest.mark.slow
def test_compare_two_rounds(cli, tmp_path):
    from tests.survey_exports import MAPPING

    first = write_export(tmp_path / "a", "xlsx")
    second = write_export(tmp_path / "b", "tab", mapping=MAPPING.replace('"Miniundersøgelse"', '"Runde 2"'))
    result = cli("survey", "compare", first, second)
    assert result.returncode == 0, result.stderr
    assert "Miniundersøgelse og Runde 2" in result.stdout and "pct.-point" in result.stdout
    data = json.loads(cli("survey", "compare", first, second, "--group", "KKR Sjælland", "--json").stdout)
    assert data["group"] == "KKR Sjælland" and data["statements"][0]["change"] == 0
    refused = cli("survey", "compare", first, second, "--group", "KKR Fyn")
    assert refused.returncode == 2 and "KKR Fyn" in refused.stderr     # like chart --group
