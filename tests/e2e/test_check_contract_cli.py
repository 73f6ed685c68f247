"""kkrdesk check-contract from a shell: JSON shape, exit codes, the note, and bad inputs without tracebacks."""

import json

import docx
import pytest

from tests.contract_factory import CLEAN_SPECS, write_pdf
from tools.make_sample_contract import write_sample_contract


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return write_sample_contract(tmp_path_factory.mktemp("sample"))


def test_the_sample_contract_as_json(cli, sample):
    contract, results = sample
    run = cli("check-contract", contract, "--results", results, "--json")
    assert run.returncode == 1, run.stderr
    data = json.loads(run.stdout)
    parties = data["contract"]["parties"]
    assert (parties["kkr"], parties["house"]) == ("KKR Sjælland", "Erhvervshus Sjælland")
    assert data["contract"]["year"] == 2025
    goals = {goal["goal"]: goal for goal in data["contract"]["goals"]}
    assert sorted(goals) == [1, 2, 3, 4, 5, 6]
    (nps,) = goals[3]["targets"]
    assert (nps["value"], nps["unit"]) == (70, "NPS") and nps["measure"] and nps["source"]
    assert len(data["contract"]["local_goals"]) == 2
    assert {s["role"] for s in data["contract"]["signatures"]} == {"kkr-chair", "house-chair"}
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert [(f["code"], f["goal"], f["section"]) for f in errors] == [
        ("target-below-national", 2, "8.1")]
    assert set(errors[0]) >= {"code", "severity", "goal", "message", "location", "section"}
    assert "55" in errors[0]["message"] and errors[0]["location"].startswith("afsnit")
    statuses = {(r["goal"], r["key"]): r["status"] for r in data["results"]}
    assert statuses[(1, "vejledte-iværksættere")] == "not-met"
    assert statuses[(3, "nps")] == "met"


@pytest.mark.slow
def test_the_sample_in_plain_danish_with_a_note(cli, sample, tmp_path):
    note = tmp_path / "notat.docx"
    run = cli("check-contract", sample[0], "--note", note)
    assert run.returncode == 1
    assert "fejl [target-below-national] Mål 2 (Kendskab)" in run.stdout
    assert "rammeaftalen afsnit 8.1" in run.stdout
    assert "1 fejl" in run.stdout and "Kontrakten har fejl." in run.stdout
    assert "Notat: gennemgang af resultatkontrakt" in [p.text for p in docx.Document(note).paragraphs]


@pytest.mark.slow
def test_a_clean_pdf_contract_exits_0(cli, tmp_path):
    contract = write_pdf(CLEAN_SPECS["mixed"], tmp_path / "kontrakt.pdf")
    run = cli("check-contract", contract, "--agreement", "rammeaftale-2024-2027", "--json")
    assert run.returncode == 0, run.stdout
    data = json.loads(run.stdout)
    assert data["ok"] is True
    assert {f["code"] for f in data["findings"]} == {"local-goal"}
    assert data["agreement"]["id"] == "rammeaftale-2024-2027"


@pytest.mark.parametrize(("make", "words"), [
    (lambda tmp, shared: shared / "corpus/apache-poi/bug53475-password-is-pass.docx",
     "adgangskode"),
    (lambda tmp, shared: shared / "corpus/apache-poi/truncated62886.docx", "afkortet"),
    (lambda tmp, shared: shared / "corpus/mammoth/tables.docx", "ligner ikke en resultatkontrakt"),
    (lambda tmp, shared: _empty(tmp), "tom"),
    (lambda tmp, shared: tmp / "findes-ikke.docx", "findes ikke"),
])
@pytest.mark.slow
def test_bad_inputs_exit_1_with_a_danish_message(cli, tmp_path, shared, make, words):
    path = make(tmp_path, shared)
    run = cli("check-contract", path)
    assert run.returncode == 1
    assert words in run.stderr and str(path) in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    as_json = cli("check-contract", path, "--json")
    assert json.loads(as_json.stdout)["ok"] is False and as_json.returncode == 1


@pytest.mark.slow
def test_an_unknown_agreement_and_a_bad_results_file(cli, sample, tmp_path):
    run = cli("check-contract", sample[0], "--agreement", "rammeaftale-1999")
    assert run.returncode == 1 and "rammeaftale-2024-2027" in run.stderr
    broken = tmp_path / "r.csv"
    broken.write_text("navn;tal\nx;1\n", encoding="utf-8")
    run = cli("check-contract", sample[0], "--results", broken)
    assert run.returncode == 1 and "opnået" in run.stderr and "Traceback" not in run.stderr


def test_without_a_file_the_command_is_wrong(cli):
    run = cli("check-contract")
    assert run.returncode == 2 and "mangler" in run.stderr


def _empty(folder):
    path = folder / "tom.docx"
    path.write_bytes(b"")
    return path


def test_a_prose_contract_with_titles_in_another_order_passes(cli, tmp_path):
    """Issue 13: goals led in by their titles, not numbered, gave six false "goal missing"."""
    from tests.contract_corpus import Case, write_cases

    case = Case("titles", "prose-titles", "ooxml", order=(6, 4, 2, 5, 3, 1))
    path = write_cases([case], tmp_path)[case.name]
    run = cli("check-contract", path, "--json")
    assert run.returncode == 0, run.stdout
    data = json.loads(run.stdout)
    assert not [f for f in data["findings"] if f["severity"] == "error"]
    goals = {goal["goal"]: goal for goal in data["contract"]["goals"]}
    assert sorted(goals) == [1, 2, 3, 4, 5, 6]
    assert {goal["found_by"] for goal in goals.values()} == {"titel"}
    (nps,) = goals[3]["targets"]
    assert nps["passage"] == "Husets Net Promoter Score i drifts- og vækstsegmentet er mindst 70."
    text = cli("check-contract", path)
    assert "Kontrakten lever op til rammeaftalens krav." in text.stdout
